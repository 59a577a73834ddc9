/**
 * What every page runs inside: Ant Design's theme and locale (zh_CN / en_US, following the language),
 * its App context (message, modal), the session, the API's paths and the catalogue.
 */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { setApiLang } from '../api.ts';
import { CatalogueProvider } from '../catalogue-data.tsx';
import { useI18n } from '../i18n/index.ts';
import { SessionProvider } from '../session.tsx';
import { ApiPathsProvider } from './api-paths.tsx';
import { theme } from './theme.ts';

export function Providers({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  // The API words some results (reasons, formulas) in the caller's language.
  setApiLang(lang);
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp component={false}>
        <SessionProvider>
          <ApiPathsProvider>
            <CatalogueProvider>{children}</CatalogueProvider>
          </ApiPathsProvider>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
