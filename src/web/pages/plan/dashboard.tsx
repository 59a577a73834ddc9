/**
 * 规划监测看板 (officers, auditors): every target of 003 as a card — latest value, the 2030 target,
 * status in Open SDG's categories with its signal, a sparkline over the required path, money
 * committed and paid under the target's linked measures — grouped by the plan's own sections
 * (GET /api/plan). Demo values say so on the card. Filters (signal, department) live in the URL.
 */
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { CardSections } from './cards.tsx';
import { type Dashboard, type Funding, MeasureLink, SIGNAL_COLOUR } from './shared.tsx';
import './plan.css';

const SIGNALS = ['green', 'amber', 'red', 'grey'] as const;

function FundingTable({ funding }: { funding: Funding }) {
  const { t, pick } = useI18n('plan');
  const rows = funding.measures;
  return (
    <Card title={<h2 className="card-h2">{t('plan.fundingTitle')}</h2>} className="section-card">
      <p className="small">{pick(funding.note)}</p>
      <DataTable<(typeof rows)[number]>
        rows={rows}
        rowKey={(m) => m.measureId}
        testId="plan-funding"
        caption={t('plan.fundingTitle')}
        columns={[
          {
            key: 'measure',
            title: t('plan.measure'),
            card: 'title',
            render: (m) => <MeasureLink id={m.measureId} title={m.title} />,
          },
          {
            key: 'targets',
            title: t('plan.servesTargets'),
            render: (m) =>
              m.targets
                .map((id) => pick(funding.targets.find((x) => x.targetId === id)?.title) || id)
                .join('、'),
          },
          {
            key: 'committed',
            title: t('plan.committed'),
            align: 'right',
            render: (m) => <Money fen={m.committed} />,
            sort: (a, b) => a.committed - b.committed,
          },
          {
            key: 'paid',
            title: t('plan.paid'),
            align: 'right',
            render: (m) => <Money fen={m.paid} />,
            sort: (a, b) => a.paid - b.paid,
          },
        ]}
      />
    </Card>
  );
}

export default function PlanDashboard() {
  const { t, pick } = useI18n('plan');
  const { user } = useSession();
  const navigate = useNavigate();
  const filters = useUrlFilters();
  const signal = filters.get('signal');
  const department = filters.get('department');
  const board = useApi<Dashboard>('/api/plan');
  const funding = useApi<Funding>('/api/plan/funding');
  const data = board.data;
  const canWrite = user?.role === 'reviewer' || user?.role === 'approver' || user?.role === 'admin';
  const cards = (data?.cards ?? []).filter(
    (c) => (!signal || c.signal === signal) && (!department || c.department === department),
  );
  const departments = [...new Set((data?.cards ?? []).map((c) => c.department))];

  return (
    <>
      <PageHeader
        title={t('plan.title')}
        subtitle={
          data
            ? `${pick(data.document.title)}（${data.document.number}）· ${t('plan.asOf', { date: data.asOf })}`
            : null
        }
        extra={
          <Space wrap>
            {canWrite ? (
              <Button onClick={() => navigate('/plan/import')}>{t('plan.importTitle')}</Button>
            ) : null}
            <Button onClick={() => navigate('/plan/report')}>{t('plan.reportTitle')}</Button>
          </Space>
        }
      />
      {board.loading && !data ? <Loading /> : null}
      {board.error ? <ErrorBox error={board.error} onRetry={board.reload} /> : null}
      {data ? (
        <>
          {data.summary.demo ? (
            <Alert type="warning" showIcon className="plan-demo-note" title={t('plan.demoNote')} />
          ) : null}
          <p className="plan-summary" data-testid="plan-summary">
            {SIGNALS.map((s) => (
              <Tag key={s} color={SIGNAL_COLOUR[s]}>
                {pick(data.legend.find((l) => l.signal === s)?.signalLabel)} {data.summary.bySignal[s]}
              </Tag>
            ))}
            <span className="small">
              {t('plan.summaryLine', {
                targets: data.summary.targets,
                quantified: data.summary.quantified,
                derived: data.summary.derived,
                overdue: data.summary.overdue,
              })}
            </span>
          </p>
          <FilterBar className="no-print">
            <FilterSelect
              id="q-signal"
              label={t('plan.filterSignal')}
              value={signal}
              onChange={(v) => filters.set('signal', v)}
              options={SIGNALS.map((s) => ({
                value: s,
                label: pick(data.legend.find((l) => l.signal === s)?.signalLabel),
              }))}
            />
            <FilterSelect
              id="q-department"
              label={t('plan.department')}
              value={department}
              onChange={(v) => filters.set('department', v)}
              options={departments.map((d) => ({ value: d, label: d }))}
            />
          </FilterBar>
          <CardSections cards={cards} to={(id) => `/plan/targets/${id}`} />
          {cards.length === 0 ? <Alert type="info" title={t('plan.noMatch')} /> : null}
          {funding.data ? <FundingTable funding={funding.data} /> : null}
          <Typography.Paragraph className="small plan-method">
            <strong>{t('plan.method')}</strong>：{pick(data.method)}
          </Typography.Paragraph>
        </>
      ) : null}
    </>
  );
}
