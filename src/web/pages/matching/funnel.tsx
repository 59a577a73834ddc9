/**
 * 对接漏斗: listings → matches → contacts → contracts → funded projects over a date range, by month
 * (quarter, year) and optionally by city (GET /api/matching/funnel; the filters in the URL). A funnel
 * of the whole range and bars per period or city for the eye — ECharts, the platform's one chart
 * library, loaded with this page — and the exact figures in a table beside them, with the contracts'
 * amounts in 万元 and each stage's conversion. Officers export the same figures to xlsx (audited).
 */
import { Button, Checkbox, Form, Segmented, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { isIsoDate } from '../../../core/dates.ts';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { FilterBar, useUrlFilters } from '../../components/filters.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useServerToday } from '../../today.ts';
import { type Funnel, useLabels, useMatchingReference } from './shared.tsx';

type Row = Funnel['rows'][number];
const STAGES = ['listings', 'matches', 'contacts', 'contracts', 'funded'] as const;
const COLOURS = ['#7a8ba3', '#0b5cad', '#13a8a8', '#d46b08', '#237804'];

function yearAgo(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const month = m === 12 ? 1 : m + 1;
  const year = m === 12 ? y : y - 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);

export default function FunnelPage() {
  const { t, pick } = useI18n('matching');
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const f = useUrlFilters();
  const today = useServerToday();
  const from = isIsoDate(f.get('from')) ? f.get('from') : yearAgo(today);
  const to = isIsoDate(f.get('to')) ? f.get('to') : today;
  const by = ['month', 'quarter', 'year'].includes(f.get('by')) ? f.get('by') : 'month';
  const byCity = f.get('byCity') === 'true';
  const qs = new URLSearchParams({ from, to, by, byCity: String(byCity) });
  const data = useApi<Funnel & { stages: { code: string; label: { zh: string; en: string } }[] }>(
    `/api/matching/funnel?${qs}`,
  );
  const [funnelReady, setFunnelReady] = useState(false);
  useEffect(() => {
    void import('./funnel-chart.ts').then(() => setFunnelReady(true));
  }, []);

  const stageLabel = (code: string) => {
    const s = data.data?.stages.find((x) => x.code === code);
    return s ? pick(s.label) : code;
  };
  const rowLabel = (r: Row) => (r.city ? `${r.period} · ${labels.city(r.city)}` : r.period);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels change with the data and the language
  const funnelOption = useMemo(() => {
    if (!data.data) return null;
    const total = data.data.total;
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          minSize: '8%',
          left: '4%',
          width: '56%',
          // Beside the shape, not inside it: the narrow stages leave no room for a label.
          label: { show: true, position: 'right', formatter: '{b}: {c}', color: '#1f1f1f' },
          data: STAGES.map((s, i) => ({
            name: stageLabel(s),
            value: total[s],
            itemStyle: { color: COLOURS[i] },
          })),
        },
      ],
    };
  }, [data.data, pick]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels change with the data and the language
  const barOption = useMemo(() => {
    if (!data.data) return null;
    // By city: the whole range per city; else one group of bars per period.
    const groups = new Map<string, Record<(typeof STAGES)[number], number>>();
    for (const r of data.data.rows) {
      const key = byCity ? labels.city(r.city ?? '') : r.period;
      const g = groups.get(key) ?? { listings: 0, matches: 0, contacts: 0, contracts: 0, funded: 0 };
      for (const s of STAGES) g[s] += r[s];
      groups.set(key, g);
    }
    const keys = [...groups.keys()];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: keys, axisLabel: { rotate: keys.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: STAGES.map((s, i) => ({
        type: 'bar',
        name: stageLabel(s),
        itemStyle: { color: COLOURS[i] },
        data: keys.map((k) => groups.get(k)![s]),
      })),
    };
  }, [data.data, byCity, pick, ref.data]);

  const columns: Column<Row>[] = [
    {
      key: 'period',
      title: byCity ? t('matching.periodCity') : t('matching.period'),
      card: 'title',
      render: rowLabel,
    },
    ...STAGES.map(
      (s): Column<Row> => ({
        key: s,
        title: stageLabel(s),
        align: 'right',
        render: (r) => (
          <span data-stage={s}>
            {r[s]}
            {s !== 'listings' ? <span className="hint"> ({pct(r.conversion[s])})</span> : null}
          </span>
        ),
        sort: (a, b) => a[s] - b[s],
      }),
    ),
    {
      key: 'amount',
      title: t('matching.contractAmount'),
      align: 'right',
      render: (r) => <Money fen={r.contractAmount} />,
      sort: (a, b) => a.contractAmount - b.contractAmount,
    },
  ];

  const exportHref = `/api/matching/funnel/export?${qs}&format=xlsx`;
  return (
    <>
      <PageHeader
        title={t('matching.funnelTitle')}
        subtitle={t('matching.funnelIntro')}
        extra={
          <Button href={exportHref} download data-testid="export-xlsx">
            {t('matching.exportXlsx')}
          </Button>
        }
      />
      <FilterBar>
        <Form.Item label={t('matching.from')} htmlFor="q-from">
          <DateInput id="q-from" value={from} onChange={(v) => f.set('from', v)} />
        </Form.Item>
        <Form.Item label={t('matching.to')} htmlFor="q-to">
          <DateInput id="q-to" value={to} onChange={(v) => f.set('to', v)} />
        </Form.Item>
        <Form.Item label={t('matching.by')}>
          <Segmented
            aria-label={t('matching.by')}
            value={by}
            onChange={(v) => f.set('by', String(v) === 'month' ? '' : String(v))}
            options={[
              { value: 'month', label: t('matching.byMonth') },
              { value: 'quarter', label: t('matching.byQuarter') },
              { value: 'year', label: t('matching.byYear') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('matching.city')}>
          <Checkbox
            checked={byCity}
            onChange={(e) => f.set('byCity', e.target.checked ? 'true' : '')}
            data-testid="by-city"
          >
            {t('matching.byCity')}
          </Checkbox>
        </Form.Item>
      </FilterBar>
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      {!data.data ? (
        <Loading />
      ) : (
        <>
          <Space direction="vertical" className="full-width">
            <div className="chart-pair">
              {funnelReady && funnelOption ? (
                <Chart
                  option={funnelOption}
                  height={300}
                  label={t('matching.funnelChart', {
                    figures: STAGES.map((s) => `${stageLabel(s)} ${data.data!.total[s]}`).join('，'),
                  })}
                  testId="chart-funnel"
                />
              ) : null}
              {barOption ? (
                <Chart
                  option={barOption}
                  height={320}
                  label={t(byCity ? 'matching.barsByCity' : 'matching.barsByPeriod')}
                  testId="chart-periods"
                />
              ) : null}
            </div>
          </Space>
          <DataTable
            rows={[...data.data.rows, { ...data.data.total, period: t('matching.total') }]}
            rowKey={(r) => `${r.period}-${r.city ?? ''}`}
            columns={columns}
            testId="funnel-table"
            caption={t('matching.funnelTitle')}
          />
        </>
      )}
    </>
  );
}
