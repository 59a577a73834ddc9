/**
 * What every page runs inside: Ant Design's theme and locale (zh_CN / en_US, following the language),
 * its App context (message, modal), the session, the API's paths and the catalogue.
 */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useMemo, useSyncExternalStore } from 'react';
import { setApiLang } from '../api.ts';
import { CatalogueProvider } from '../catalogue-data.tsx';
import { useI18n } from '../i18n/index.ts';
import { SessionProvider } from '../session.tsx';
import { ApiPathsProvider } from './api-paths.tsx';
import { theme } from './theme.ts';

const REDUCE = '(prefers-reduced-motion: reduce)';
function subscribeMotion(listener: () => void): () => void {
  const query = window.matchMedia(REDUCE);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
const prefersReducedMotion = () => window.matchMedia(REDUCE).matches;

/**
 * A user who asks the system for less motion (WCAG 2.3.3) gets none: no zoom, fade or slide of menus,
 * dialogs and pop-ups, and no click ripple. Browser tests ask for it too, so a click never lands on a
 * pop-up still growing into place.
 */
function useMotion(): boolean {
  return !useSyncExternalStore(subscribeMotion, prefersReducedMotion, () => false);
}

export function Providers({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const motion = useMotion();
  const themed = useMemo(() => (motion ? theme : { ...theme, token: { ...theme.token, motion } }), [motion]);
  // The API words some results (reasons, formulas) in the caller's language.
  setApiLang(lang);
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={themed}
      wave={{ disabled: !motion }}
      button={{ autoInsertSpace: false }}
    >
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
