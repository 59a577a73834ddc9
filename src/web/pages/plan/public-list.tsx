/**
 * 规划目标（公开）: anyone reads every target of 003 with its progress — value, target, status,
 * sparkline over the required path — and the 十四五 figures; never an internal comment, a name, a
 * department's settings or money (the public API does not send them). GET /api/public/plan.
 */
import { Alert, Typography } from 'antd';
import { useApi } from '../../api.ts';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { CardSections } from './cards.tsx';
import type { PublicView } from './shared.tsx';
import './plan.css';

export default function PublicPlan() {
  const { t, pick } = useI18n('plan');
  const view = useApi<PublicView>('/api/public/plan');
  const v = view.data;
  return (
    <>
      <PageHeader
        title={t('plan.publicTitle')}
        subtitle={
          v ? `${pick(v.document.title)}（${v.document.number}）· ${t('plan.asOf', { date: v.asOf })}` : null
        }
      />
      {view.loading && !v ? <Loading /> : null}
      {view.error ? <ErrorBox error={view.error} onRetry={view.reload} /> : null}
      {v ? (
        <>
          <Typography.Paragraph>{t('plan.publicIntro')}</Typography.Paragraph>
          {v.summary.demo ? <Alert type="warning" showIcon title={t('plan.demoNote')} /> : null}
          <CardSections cards={v.targets} to={(id) => `/plan/public/${id}`} />
          <Typography.Paragraph className="small plan-method">
            <strong>{t('plan.method')}</strong>：{pick(v.method)}
          </Typography.Paragraph>
        </>
      ) : null}
    </>
  );
}
