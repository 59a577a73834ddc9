/**
 * A run's money for the officer (GET /api/screening/runs/:id/summary, summed by the database over the
 * stored run): how many pairs are 免申即享 and 快申快享; per special fund the run's ceilings against the
 * year's budget, committed, paid and available (the fund ledger); per measure the ranges and the text's
 * caps where no amount could be worked out. Each chart has its exact table beside it.
 */
import { Alert, Card, Flex, Statistic, Tag } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { wanForChart } from '../../../core/money.ts';
import type { RunSummary, SummaryFund, SummaryMeasure } from '../../../screening/summary.ts';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Money, MoneyRange } from '../../components/money.tsx';
import { ErrorBox } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';

const GREEN = '#237804';
const BLUE = '#0b5cad';

export function RunMoney({ runId }: { runId: string }) {
  const { t, pick } = useI18n('screening');
  const summary = useApi<RunSummary>(`/api/screening/runs/${encodeURIComponent(runId)}/summary`);
  const s = summary.data;

  const fundOption = useMemo(() => {
    const funds = s?.funds ?? [];
    const bar = (name: string, color: string, value: (f: SummaryFund) => number) => ({
      name,
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color },
      data: funds.map((f) => wanForChart(value(f))),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 24, right: 24, bottom: 8, top: 56, containLabel: true },
      yAxis: { type: 'category', data: funds.map((f) => `${f.fund}（${f.year}）`), inverse: true },
      xAxis: { type: 'value', name: t('sum.wan') },
      series: [
        bar(t('sum.budget'), '#595959', (f) => f.budget ?? 0),
        bar(t('sum.committed'), '#ad4e00', (f) => f.committed),
        bar(t('sum.paid'), '#874d00', (f) => f.paid),
        bar(t('sum.available'), '#006d75', (f) => f.available),
        bar(t('sum.automaticMax'), GREEN, (f) => f.automaticMax),
        bar(t('sum.invitationMax'), BLUE, (f) => f.amountMax - f.automaticMax),
      ],
    };
  }, [s, t]);

  const priced = useMemo(() => (s?.measures ?? []).filter((m) => m.amountMax > 0), [s]);
  const measureOption = useMemo(() => {
    const name = (m: SummaryMeasure) => `${m.measureId} ${pick(m.title).slice(0, 14)}`;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 24, right: 24, bottom: 8, top: 32, containLabel: true },
      yAxis: { type: 'category', data: priced.map(name), inverse: true },
      xAxis: { type: 'value', name: t('sum.wan') },
      series: [
        {
          name: t('sum.automatic'),
          type: 'bar',
          stack: 'max',
          barMaxWidth: 22,
          itemStyle: { color: GREEN },
          data: priced.map((m) => wanForChart(m.automaticMax)),
        },
        {
          name: t('sum.invitation'),
          type: 'bar',
          stack: 'max',
          barMaxWidth: 22,
          itemStyle: { color: BLUE },
          data: priced.map((m) => wanForChart(m.amountMax - m.automaticMax)),
        },
      ],
    };
  }, [priced, t, pick]);

  if (summary.error) return <ErrorBox error={summary.error} onRetry={summary.reload} />;
  if (!s) return null;
  const total = (k: 'automatic' | 'invitation' | 'exhausted') => s.measures.reduce((a, m) => a + m[k], 0);
  const year = s.funds[0]?.year ?? Number(s.date.slice(0, 4));
  const measureLink = (m: SummaryMeasure) => (
    <span>
      <Link to={`/catalogue/${encodeURIComponent(m.measureId)}`} className="mono">
        {m.measureId}
      </Link>{' '}
      {pick(m.title)}
    </span>
  );

  return (
    <Card
      title={<h2 className="card-h2">{t('sum.title')}</h2>}
      className="section-card"
      data-testid="run-summary"
    >
      <p className="muted">{t('sum.intro', { year })}</p>
      <Flex gap={32} wrap data-testid="summary-modes" className="actions">
        <Statistic title={t('sum.automatic')} value={total('automatic')} data-mode="automatic" />
        <Statistic title={t('sum.invitation')} value={total('invitation')} data-mode="invitation" />
        <Statistic title={t('sum.exhausted')} value={total('exhausted')} data-mode="exhausted" />
      </Flex>

      <h3 className="card-h3">{t('sum.byFund')}</h3>
      <Chart
        option={fundOption}
        label={t('sum.fundChart')}
        testId="chart-summary-funds"
        height={Math.max(200, 90 + s.funds.length * 120)}
      />
      <DataTable<SummaryFund>
        rows={s.funds}
        rowKey={(f) => `${f.fund}|${f.year}`}
        testId="summary-funds"
        caption={t('sum.byFund')}
        rowProps={(f) => ({ 'data-fund': f.fund })}
        columns={[
          { key: 'fund', title: t('sum.fund'), card: 'title', render: (f) => `${f.fund}（${f.year}）` },
          {
            key: 'budget',
            nowrap: true,
            title: t('sum.budget'),
            align: 'right',
            render: (f) => (f.budget === null ? t('sum.noBudget') : <Money fen={f.budget} />),
          },
          {
            key: 'committed',
            nowrap: true,
            title: t('sum.committed'),
            align: 'right',
            render: (f) => <Money fen={f.committed} />,
          },
          {
            key: 'paid',
            nowrap: true,
            title: t('sum.paid'),
            align: 'right',
            render: (f) => <Money fen={f.paid} />,
          },
          {
            key: 'available',
            nowrap: true,
            title: t('sum.available'),
            align: 'right',
            render: (f) => <Money fen={f.available} />,
          },
          {
            key: 'automaticMax',
            title: t('sum.automaticMax'),
            align: 'right',
            render: (f) => (
              <span data-testid="fund-automatic-max">
                <Money fen={f.automaticMax} />
              </span>
            ),
          },
          {
            key: 'range',
            title: t('sum.range'),
            align: 'right',
            render: (f) => <MoneyRange range={{ min: f.amountMin, max: f.amountMax }} />,
          },
          {
            key: 'caps',
            title: t('sum.capTotal'),
            align: 'right',
            render: (f) => <Money fen={f.capTotal} />,
          },
          {
            key: 'over',
            title: t('sum.budgetCheck'),
            render: (f) =>
              f.automaticOverBudget ? (
                <Tag color="error">{t('sum.overBudget')}</Tag>
              ) : (
                <Tag color="success">{t('sum.withinBudget')}</Tag>
              ),
          },
        ]}
      />
      {s.funds.some((f) => f.automaticOverBudget) ? (
        <Alert type="warning" showIcon title={t('sum.overBudget')} />
      ) : null}

      <h3 className="card-h3">{t('sum.byMeasure')}</h3>
      {priced.length > 0 ? (
        <Chart
          option={measureOption}
          label={t('sum.measureChart')}
          testId="chart-summary-measures"
          height={Math.max(160, 50 + priced.length * 28)}
        />
      ) : null}
      <DataTable<SummaryMeasure>
        rows={s.measures}
        rowKey={(m) => m.measureId}
        testId="summary-measures"
        caption={t('sum.byMeasure')}
        rowProps={(m) => ({ 'data-measure': m.measureId })}
        columns={[
          { key: 'measure', title: t('screen.colMeasure'), card: 'title', render: measureLink },
          { key: 'fund', title: t('sum.fund'), render: (m) => m.fund },
          {
            key: 'automatic',
            title: t('sum.automatic'),
            align: 'right',
            render: (m) => m.automatic,
            sort: (a, b) => a.automatic - b.automatic,
          },
          { key: 'invitation', title: t('sum.invitation'), align: 'right', render: (m) => m.invitation },
          { key: 'exhausted', title: t('sum.exhausted'), align: 'right', render: (m) => m.exhausted },
          {
            key: 'range',
            title: t('sum.range'),
            align: 'right',
            render: (m) =>
              m.withAmount > 0 ? <MoneyRange range={{ min: m.amountMin, max: m.amountMax }} /> : '—',
            sort: (a, b) => a.amountMax - b.amountMax,
          },
          {
            key: 'automaticMax',
            title: t('sum.automaticMax'),
            align: 'right',
            render: (m) => <Money fen={m.automaticMax} />,
          },
          {
            key: 'caps',
            title: t('sum.capTotal'),
            align: 'right',
            render: (m) => (m.withoutAmount > 0 ? <Money fen={m.capTotal} /> : '—'),
          },
        ]}
      />
    </Card>
  );
}
