/**
 * What the plan pages share: the API's view types (taken from the service, not copied), a target's
 * value in its unit, the status tag in the signal's colour, the "演示数据" label, and the sparkline
 * (observed values over the required path, with the band's edges for 左右).
 */
import { Tag } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { PlanReader } from '../../../service/plan/read-plan.ts';
import { Chart } from '../../components/chart.tsx';
import { useI18n } from '../../i18n/index.ts';

type Answer<K extends keyof PlanReader> = Awaited<ReturnType<PlanReader[K]>>;
export type Dashboard = Answer<'dashboard'>;
export type TargetCard = Dashboard['cards'][number];
export type TargetDetail = Answer<'target'>;
export type PublicView = Answer<'publicView'>;
export type PublicCard = PublicView['targets'][number];
export type PublicDetail = Answer<'publicTarget'>;
export type Report = Answer<'report'>;
export type Funding = Answer<'funding'>;
export type History = Answer<'history'>;
export type Observation = TargetDetail['observations'][number];
export type Figures = Answer<'figures'>;

type Unit = TargetCard['unit'];
type Signal = TargetCard['signal'];

/** The colour of a signal, as the tag shows it (the text always says it too). */
export const SIGNAL_COLOUR: Record<Signal, string> = {
  green: 'success',
  amber: 'warning',
  red: 'error',
  grey: 'default',
};

const CHART = { observed: '#0b5cad', required: '#7a8ba3', forecast: '#874d00', band: '#b7c4d6' };

export { CHART as CHART_COLOURS };

export function formatValue(value: number | null | undefined, unit: Unit, lang: 'zh' | 'en'): string {
  if (value === null || value === undefined) return '—';
  const n = value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', {
    maximumFractionDigits: unit?.decimals ?? 2,
  });
  if (!unit) return n;
  const u = unit[lang] || unit.zh;
  return u === '%' ? `${n}%` : `${n} ${u}`;
}

const COMPARISON_SIGN = { at_least: '≥', more_than: '>', at_most: '≤', less_than: '<', about: '≈' } as const;

/** "≥ 6.4%": the target as a figure with its comparison. */
export function formatTarget(
  c: { target: TargetCard['target']; unit: Unit; band?: { tolerance: number | null } | null },
  lang: 'zh' | 'en',
): string {
  if (!c.target) return '—';
  const sign = COMPARISON_SIGN[c.target.comparison];
  const band =
    c.target.comparison === 'about' && c.band?.tolerance != null
      ? ` ± ${formatValue(c.band.tolerance, c.unit, lang)}`
      : '';
  return `${sign} ${formatValue(c.target.value, c.unit, lang)}${band}`;
}

export function StatusTag({
  card,
  testId,
}: {
  card: Pick<TargetCard, 'signal' | 'signalLabel' | 'statusLabel'>;
  testId?: string;
}) {
  const { pick } = useI18n();
  return (
    <Tag color={SIGNAL_COLOUR[card.signal]} data-testid={testId} data-signal={card.signal}>
      {pick(card.signalLabel)} · {pick(card.statusLabel)}
    </Tag>
  );
}

/** Made-up values are never mistaken for statistics: every demo value says so. */
export function DemoTag() {
  const { t } = useI18n('plan');
  return (
    <Tag color="warning" className="plan-demo">
      {t('plan.demo')}
    </Tag>
  );
}

/** The observed values over the required path (and the band), small, for a card. */
export function Sparkline({ card, label }: { card: Pick<TargetCard, 'spark'>; label: string }) {
  const option = useMemo(() => {
    const { observed, required } = card.spark;
    const ts = [...observed.map((p) => p.t), ...required.map((p) => p.t)];
    const hasBand = required.some((p) => p.lower !== undefined);
    return {
      grid: { left: 2, right: 2, top: 6, bottom: 2 },
      xAxis: { type: 'value', show: false, min: Math.min(...ts), max: Math.max(...ts) },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { show: false },
      series: [
        {
          type: 'line',
          data: required.map((p) => [p.t, p.value]),
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 1, color: CHART.required },
        },
        ...(hasBand
          ? (['lower', 'upper'] as const).map((edge) => ({
              type: 'line',
              data: required.map((p) => [p.t, p[edge] ?? null]),
              symbol: 'none',
              lineStyle: { type: 'dotted', width: 1, color: CHART.band },
            }))
          : []),
        {
          type: 'line',
          data: observed.map((p) => [p.t, p.value]),
          symbol: 'circle',
          symbolSize: 4,
          lineStyle: { width: 2, color: CHART.observed },
          itemStyle: { color: CHART.observed },
        },
      ],
    };
  }, [card.spark]);
  if (card.spark.observed.length === 0 && card.spark.required.length === 0) return null;
  return <Chart option={option} height={64} label={label} />;
}

/** A catalogue measure by its number (linked) and title. */
export function MeasureLink({ id, title }: { id: string; title: { zh: string; en: string } }) {
  const { pick } = useI18n();
  return (
    <span>
      <Link to={`/catalogue/${encodeURIComponent(id)}`} className="mono">
        {id}
      </Link>{' '}
      {pick(title)}
    </span>
  );
}
