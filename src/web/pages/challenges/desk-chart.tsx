/**
 * A list's chart (GET /api/challenges/lists/:id → chart), on the officer's desk and the public list page
 * alike: how many problems it carries, the bids on each (counts only: bids are sealed) and the money
 * awarded against the budget the problems offer (the sum of their 揭榜额 ceilings), in 万元. ECharts for
 * the eye, the exact figures in a table beside it (the accessible alternative). What the API withholds
 * from the public (bid counts while the window is open, money before an award) is not drawn: the table
 * says when it will be published.
 */
import { useMemo } from 'react';
import { wanForChart } from '../../../core/money.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { ListDetail } from './shared.tsx';

type Figures = ListDetail['chart'];
type Row = { key: string; label: string; value: React.ReactNode };

const short = (s: string) => (s.length > 10 ? `${s.slice(0, 10)}…` : s);

export function ListChart({ chart }: { chart: Figures }) {
  const { t } = useI18n('challengeDesk');
  const counted = chart.bidsPerProblem.every((p) => p.bids !== null);
  const awarded = chart.awarded;
  const bidsOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 90 },
      xAxis: {
        type: 'category',
        data: chart.bidsPerProblem.map((p) => short(p.title)),
        axisLabel: { rotate: 35, interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('challengeDesk.bids'),
          itemStyle: { color: '#0b5cad' },
          data: chart.bidsPerProblem.map((p) => p.bids),
        },
      ],
    }),
    [chart, t],
  );
  const moneyOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 16, top: 24, bottom: 40 },
      xAxis: {
        type: 'category',
        data: [t('challengeDesk.budgetOffered'), t('challengeDesk.awarded')],
      },
      yAxis: { type: 'value', name: t('challengeDesk.wan') },
      series: [
        {
          type: 'bar',
          barMaxWidth: 64,
          data: [
            { value: wanForChart(chart.budgetOffered), itemStyle: { color: '#7a8ba3' } },
            { value: wanForChart(awarded ?? 0), itemStyle: { color: '#237804' } },
          ],
        },
      ],
    }),
    [chart, awarded, t],
  );
  const rows: Row[] = [
    { key: 'problems', label: t('challengeDesk.problemsOnList'), value: chart.problems },
    ...chart.bidsPerProblem.map((p) => ({
      key: p.problemId,
      label: t('challengeDesk.bidsOn', { title: p.title }),
      value: p.bids ?? t('challengeDesk.bidsAfterDeadline'),
    })),
    {
      key: 'budget',
      label: t('challengeDesk.budgetOffered'),
      value: <Money fen={chart.budgetOffered} exact />,
    },
    {
      key: 'awarded',
      label: t('challengeDesk.awarded'),
      value: awarded === null ? t('challengeDesk.awardedLater') : <Money fen={awarded} exact />,
    },
  ];
  const columns: Column<Row>[] = [
    { key: 'label', title: t('challengeDesk.figure'), card: 'title', render: (r) => r.label },
    {
      key: 'value',
      title: t('challengeDesk.value'),
      align: 'right',
      render: (r) => <span data-figure={r.key}>{r.value}</span>,
    },
  ];
  return (
    <div className="challenge-chart" data-testid="list-chart">
      {counted || awarded !== null ? (
        <div className="chart-pair">
          {counted ? (
            <Chart
              option={bidsOption}
              height={300}
              label={t('challengeDesk.bidsChart', {
                figures: chart.bidsPerProblem.map((p) => `${p.title} ${p.bids}`).join('，'),
              })}
              testId="chart-bids"
            />
          ) : null}
          {awarded !== null ? (
            <Chart
              option={moneyOption}
              height={300}
              label={t('challengeDesk.moneyChart')}
              testId="chart-money"
            />
          ) : null}
        </div>
      ) : null}
      <DataTable
        rows={rows}
        columns={columns}
        rowKey={(r) => r.key}
        testId="list-figures"
        caption={t('challengeDesk.chartTitle')}
        pageSize={100}
      />
    </div>
  );
}
