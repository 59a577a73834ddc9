/**
 * The head of every page: its <h1>, a line under it, actions on the right, an optional link back; and
 * the browser tab's title ("审核工作台 · 策源"), so a tab names the page it shows.
 */
import { Flex, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/index.ts';

export function usePageTitle(title: string | null | undefined): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : `${t('app.name')} · ${t('app.tagline')}`;
  }, [title, t]);
}

export function PageHeader({
  title,
  tabTitle,
  subtitle,
  extra,
  back,
}: {
  title: ReactNode;
  /** The tab's title when `title` is not plain text. */
  tabTitle?: string;
  subtitle?: ReactNode;
  extra?: ReactNode;
  back?: { to: string; label: string };
}) {
  usePageTitle(tabTitle ?? (typeof title === 'string' ? title : null));
  return (
    <div className="page-head">
      {back ? (
        <p className="no-print back-link">
          <Link to={back.to}>← {back.label}</Link>
        </p>
      ) : null}
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div className="page-head-text">
          <Typography.Title level={1}>{title}</Typography.Title>
          {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
        </div>
        {extra ? <div className="page-extra no-print">{extra}</div> : null}
      </Flex>
    </div>
  );
}
