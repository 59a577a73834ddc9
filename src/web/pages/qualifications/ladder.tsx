/**
 * 梯度漏斗 (officers, auditors): for a ladder (高成长企业梯度, 科技企业梯度, 专精特新梯度), the firms on each
 * step at every year end — stacked bars, a funnel over time — and the year-to-year moves (entered, up,
 * stayed, down, left) as a Sankey; each chart with its exact figures in a table beside it; the same
 * figures export to .xlsx or CSV (audited). GET /api/qualifications/ladder, /ladder/export.
 */
import { Card, Form, InputNumber } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ExportButtons, type Ladder } from './shared.tsx';
import './qualifications.css';

const COLOURS = ['#7a8ba3', '#0b5cad', '#13a8a8', '#d46b08', '#237804', '#722ed1'];
const MOVES = ['entered', 'up', 'same', 'down', 'left'] as const;
const MOVE_COLOURS: Record<string, string> = {
  entered: '#13a8a8',
  up: '#237804',
  same: '#7a8ba3',
  down: '#d46b08',
  left: '#cf1322',
};

type FunnelRow = Ladder['funnel'][number];
type MoveRow = Ladder['transitions'][number];

export default function LadderPage() {
  const { t, pick } = useI18n('qualifications');
  const f = useUrlFilters();
  const ladderId = f.get('ladder');
  const fromYear = Number(f.get('fromYear')) || null;
  const query = new URLSearchParams({
    ...(ladderId ? { ladder: ladderId } : {}),
    ...(fromYear ? { fromYear: String(fromYear) } : {}),
  });
  const data = useApi<Ladder>(`/api/qualifications/ladder?${query}`);
  const d = data.data;
  const [sankeyReady, setSankeyReady] = useState(false);
  useEffect(() => {
    void import('./sankey-chart.ts').then(() => setSankeyReady(true));
  }, []);
  const stepLabel = (i: number) => (d ? pick(d.steps[i]?.label) : '');
  const year = (date: string) => (date.endsWith('-12-31') ? date.slice(0, 4) : date);

  // What each chart shows, in words: ECharts' own description (aria) would read the node ids.
  const funnelLabel = d
    ? t('qual.funnelChart', {
        figures: d.funnel
          .map((p) => `${year(p.date)}: ${p.counts.map((c, i) => `${stepLabel(i)} ${c}`).join('，')}`)
          .join('；'),
      })
    : '';
  const sankeyLabel = d
    ? t('qual.sankeyChart', {
        figures: d.transitions
          .map(
            (m) =>
              `${year(m.from)}→${year(m.to)}: ${MOVES.map((mv) => `${pick(d.movementLabels[mv])} ${m.totals[mv]}`).join('，')}`,
          )
          .join('；'),
      })
    : '';

  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels change with the language
  const barOption = useMemo(() => {
    if (!d) return null;
    return {
      aria: { enabled: true, label: { description: funnelLabel } },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: d.funnel.map((p) => year(p.date)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: d.steps.map((s, i) => ({
        type: 'bar',
        stack: 'ladder',
        name: pick(s.label),
        itemStyle: { color: COLOURS[i % COLOURS.length] },
        data: d.funnel.map((p) => p.counts[i] ?? 0),
      })),
    };
  }, [d, funnelLabel]);

  const sankeyOption = useMemo(() => {
    if (!d) return null;
    const names = new Map<string, string>();
    const positions = new Map<string, number>();
    // Each year end is a column, also for "off the ladder" nodes that only send firms onward.
    const columns = new Map<string, number>();
    const dates = d.funnel.map((p) => p.date);
    for (const tr of d.transitions)
      for (const n of tr.nodes) {
        names.set(n.id, pick(n.label));
        positions.set(n.id, n.position);
        columns.set(n.id, Math.max(0, dates.indexOf(n.date)));
      }
    const links = d.transitions.flatMap((tr) =>
      tr.links
        .filter((l) => l.value > 0)
        .map((l) => ({
          source: l.source,
          target: l.target,
          value: l.value,
          lineStyle: { color: MOVE_COLOURS[l.movement] ?? '#7a8ba3', opacity: 0.35 },
        })),
    );
    const used = new Set(links.flatMap((l) => [l.source, l.target]));
    return {
      aria: { enabled: true, label: { description: sankeyLabel } },
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 130,
          top: 16,
          bottom: 16,
          nodeGap: 10,
          nodeAlign: 'left',
          // Keep each column in ladder order (off the ladder first), as the data lists them.
          layoutIterations: 0,
          emphasis: { focus: 'adjacency' },
          label: { color: '#1f1f1f', formatter: (p: { name: string }) => names.get(p.name) ?? p.name },
          tooltip: { valueFormatter: (v: number) => String(v) },
          data: [...used].sort().map((id) => {
            const position = positions.get(id) ?? -1;
            return {
              name: id,
              itemStyle: { color: position < 0 ? '#bfbfbf' : COLOURS[position % COLOURS.length] },
            };
          }),
          links,
        },
      ],
    };
  }, [d, pick, sankeyLabel]);

  const funnelColumns: Column<FunnelRow>[] = d
    ? [
        { key: 'date', title: t('qual.yearEnd'), card: 'title', render: (p) => p.date },
        ...d.steps.map(
          (s, i): Column<FunnelRow> => ({
            key: s.key,
            title: pick(s.label),
            align: 'right',
            render: (p) => p.counts[i] ?? 0,
          }),
        ),
        { key: 'total', title: t('qual.total'), align: 'right', render: (p) => p.total },
      ]
    : [];
  const moveColumns: Column<MoveRow>[] = d
    ? [
        {
          key: 'period',
          title: t('qual.period'),
          card: 'title',
          render: (m) => `${year(m.from)} → ${year(m.to)}`,
        },
        ...MOVES.map(
          (mv): Column<MoveRow> => ({
            key: mv,
            title: pick(d.movementLabels[mv]),
            align: 'right',
            render: (m) => <span data-move={mv}>{m.totals[mv]}</span>,
          }),
        ),
      ]
    : [];

  return (
    <>
      <PageHeader
        title={t('qual.ladderTitle')}
        subtitle={
          d ? `${pick(d.ladder.label)} · ${t('qual.asOfDate', { date: d.date })}` : t('qual.ladderIntro')
        }
        extra={<ExportButtons path="/api/qualifications/ladder/export" query={query} />}
      />
      <FilterBar>
        <FilterSelect
          id="q-ladder"
          label={t('qual.ladder')}
          value={ladderId || d?.ladder.id || ''}
          noAll
          onChange={(v) => f.set('ladder', v)}
          options={(d?.ladders ?? []).map((l) => ({ value: l.id, label: pick(l.label) }))}
          testId="filter-ladder"
        />
        <Form.Item label={t('qual.fromYear')} htmlFor="q-from">
          <InputNumber
            id="q-from"
            min={2000}
            max={2100}
            value={fromYear ?? undefined}
            placeholder={d?.funnel[0]?.date.slice(0, 4)}
            onChange={(v) => f.set('fromYear', v ? String(v) : '')}
          />
        </Form.Item>
      </FilterBar>
      {d?.ladder.citation ? (
        <p className="small qual-quote">
          “{d.ladder.citation.quote}”（{d.ladder.citation.source}）
        </p>
      ) : null}
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      {!d ? (
        data.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.funnelTitle')}</h2>}>
            <div className="chart-pair">
              {barOption ? (
                <Chart option={barOption} height={320} testId="chart-funnel" label={funnelLabel} />
              ) : null}
              <DataTable<FunnelRow>
                rows={d.funnel}
                rowKey={(p) => p.date}
                columns={funnelColumns}
                testId="funnel-table"
                caption={t('qual.funnelTitle')}
              />
            </div>
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.sankeyTitle')}</h2>}>
            <p className="small">
              {t('qual.sankeyHelp')}{' '}
              {t('qual.sankeyColumns', { years: d.funnel.map((p) => year(p.date)).join('、') })}
            </p>
            <div>
              {sankeyReady && sankeyOption ? (
                <Chart option={sankeyOption} height={420} testId="chart-sankey" label={sankeyLabel} />
              ) : null}
              <DataTable<MoveRow>
                rows={d.transitions}
                rowKey={(m) => m.from}
                columns={moveColumns}
                testId="moves-table"
                caption={t('qual.sankeyTitle')}
              />
            </div>
          </Card>
        </>
      )}
    </>
  );
}
