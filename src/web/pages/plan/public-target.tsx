/**
 * 目标详情（公开）: one target for anyone — its sentence, status and reason, the chart (baseline,
 * values, required path, forecast) and the values with their source; no internal comment, no name of
 * who entered a value, no money. GET /api/public/plan/targets/:id.
 */
import { Card, Space, Typography } from 'antd';
import { useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { TargetChart } from './chart.tsx';
import { DemoTag, formatTarget, formatValue, type PublicDetail, StatusTag } from './shared.tsx';
import './plan.css';

type Value = PublicDetail['observations'][number];

export default function PublicPlanTarget() {
  const { id = '' } = useParams();
  const { t, pick, lang } = useI18n('plan');
  const detail = useApi<PublicDetail>(`/api/public/plan/targets/${encodeURIComponent(id)}`);
  const d = detail.data;
  const back = { to: '/plan/public', label: t('plan.publicTitle') };
  if (!d)
    return (
      <>
        <PageHeader title={t('plan.detailTitle')} back={back} />
        {detail.loading ? <Loading /> : null}
        {detail.error ? <ErrorBox error={detail.error} onRetry={detail.reload} /> : null}
      </>
    );
  return (
    <>
      <PageHeader
        title={pick(d.title)}
        subtitle={
          <Space wrap>
            <StatusTag card={d} testId="detail-status" />
            <span>{pick(d.kindLabel)}</span>
            {d.demo ? <DemoTag /> : null}
          </Space>
        }
        back={back}
      />
      <Card className="section-card">
        <blockquote className="plan-quote">
          {d.quote}
          <footer className="small">— {d.section}</footer>
        </blockquote>
        <p>
          {t('plan.target', { year: d.targetYear })}：
          {d.kind === 'qualitative' ? t('plan.qualitative') : formatTarget(d, lang)} · {t('plan.baseline')}：
          {pick(d.baseline.label)}
        </p>
        <Typography.Paragraph className="plan-reason">{pick(d.reason)}</Typography.Paragraph>
      </Card>
      {d.kind !== 'qualitative' ? (
        <Card title={<h2 className="card-h2">{t('plan.chartTitle')}</h2>} className="section-card">
          <TargetChart
            series={d.series}
            unit={d.unit}
            title={t('plan.chartLabel', { title: pick(d.title) })}
          />
        </Card>
      ) : null}
      <Card title={<h2 className="card-h2">{t('plan.observations')}</h2>} className="section-card">
        <DataTable<Value>
          rows={d.observations}
          rowKey={(o) => o.period}
          testId="public-observations"
          caption={t('plan.observations')}
          empty={t('plan.noValue')}
          columns={[
            { key: 'period', title: t('plan.period'), card: 'title', render: (o) => o.period },
            {
              key: 'value',
              title: t('plan.value'),
              align: 'right',
              render: (o) =>
                o.assessment
                  ? t(`plan.st.${o.assessment}` as 'plan.st.on_track')
                  : formatValue(o.value, d.unit, lang),
            },
            {
              key: 'source',
              title: t('plan.source'),
              render: (o) => (
                <span>
                  {o.source} {o.isDemo ? <DemoTag /> : null}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <Typography.Paragraph className="small plan-method">
        <strong>{t('plan.method')}</strong>：{pick(d.method)}
      </Typography.Paragraph>
    </>
  );
}
