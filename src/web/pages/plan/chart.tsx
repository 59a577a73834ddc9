/**
 * The drill-down chart of one target: the baseline (when the text gives one), the observed values,
 * the required path to 2030 (with the band's edges for 左右) and the forecast from the observed trend.
 * ECharts through the kit's Chart (loaded on first draw); the figures are in a table below it too.
 */
import { useMemo } from 'react';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { useI18n } from '../../i18n/index.ts';
import { CHART_COLOURS as C, formatValue, type PublicDetail } from './shared.tsx';

type Series = PublicDetail['series'];
type Unit = PublicDetail['unit'];

/** t is time in years, the end of year Y being Y (docs/plan.md): the axis reads "2027 年末". */
function yearEnd(t: number, lang: 'zh' | 'en'): string {
  const y = Math.round(t);
  return Math.abs(t - y) < 1e-6 ? (lang === 'zh' ? `${y}年末` : `end ${y}`) : t.toFixed(2);
}

export function TargetChart({ series, unit, title }: { series: Series; unit: Unit; title: string }) {
  const { t, lang } = useI18n('plan');
  const option = useMemo(() => {
    const u = unit ? unit[lang] || unit.zh : '';
    const ts = [
      ...series.observed.map((p) => p.t),
      ...series.required.map((p) => p.t),
      ...(series.forecast?.line.map((p) => p.t) ?? []),
      ...(series.baseline ? [series.baseline.t] : []),
    ];
    const band = series.required.some((p) => p.lower !== undefined);
    const fmt = (v: number) => formatValue(v, unit, lang);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; value: [number, number] }) =>
          `${p.seriesName}<br/>${yearEnd(p.value[0], lang)}：${fmt(p.value[1])}`,
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
      xAxis: {
        type: 'value',
        min: ts.length ? Math.floor(Math.min(...ts)) : undefined,
        max: ts.length ? Math.ceil(Math.max(...ts)) : undefined,
        interval: 1,
        axisLabel: { formatter: (v: number) => yearEnd(v, lang) },
      },
      yAxis: { type: 'value', name: u, scale: true },
      series: [
        {
          name: t('plan.seriesRequired'),
          type: 'line',
          data: series.required.map((p) => [p.t, p.value]),
          symbol: 'emptyCircle',
          lineStyle: { type: 'dashed', color: C.required },
          itemStyle: { color: C.required },
        },
        ...(band
          ? (['lower', 'upper'] as const).map((edge) => ({
              name: t('plan.seriesBand'),
              type: 'line',
              data: series.required.map((p) => [p.t, p[edge] ?? null]),
              symbol: 'none',
              lineStyle: { type: 'dotted', color: C.band },
              itemStyle: { color: C.band },
            }))
          : []),
        ...(series.baseline
          ? [
              {
                name: t('plan.baseline'),
                type: 'line',
                data: [[series.baseline.t, series.baseline.value]],
                symbol: 'diamond',
                symbolSize: 12,
                itemStyle: { color: '#262626' },
              },
            ]
          : []),
        {
          name: t('plan.seriesObserved'),
          type: 'line',
          data: series.observed.map((p) => [p.t, p.value]),
          symbol: 'circle',
          symbolSize: 7,
          lineStyle: { width: 2, color: C.observed },
          itemStyle: { color: C.observed },
        },
        ...(series.forecast
          ? [
              {
                name: t('plan.seriesForecast'),
                type: 'line',
                data: series.forecast.line.map((p) => [p.t, p.value]),
                symbol: 'triangle',
                lineStyle: { type: 'dotted', width: 2, color: C.forecast },
                itemStyle: { color: C.forecast },
              },
            ]
          : []),
      ],
    };
  }, [series, unit, lang, t]);

  // The same figures for screen readers, print and exact values: the path and the forecast by year end.
  const rows = series.required.map((p) => ({
    key: String(p.t),
    when: yearEnd(p.t, lang),
    required: formatValue(p.value, unit, lang),
    band:
      p.lower !== undefined && p.upper !== undefined
        ? `${formatValue(p.lower, unit, lang)} ~ ${formatValue(p.upper, unit, lang)}`
        : null,
    observed: series.observed
      .filter((o) => Math.abs(o.t - p.t) < 1e-6)
      .map((o) => formatValue(o.value, unit, lang))
      .join('、'),
  }));
  const hasBand = rows.some((r) => r.band);

  if (series.observed.length === 0 && series.required.length === 0) return null;
  return (
    <>
      <Chart option={option} height={340} label={title} testId="plan-chart" />
      <DataTable<(typeof rows)[number]>
        rows={rows}
        rowKey={(r) => r.key}
        testId="plan-path"
        caption={t('plan.pathTable')}
        columns={[
          { key: 'when', title: t('plan.when'), card: 'title', render: (r) => r.when },
          { key: 'required', title: t('plan.seriesRequired'), align: 'right', render: (r) => r.required },
          ...(hasBand
            ? [{ key: 'band', title: t('plan.seriesBand'), render: (r: (typeof rows)[number]) => r.band }]
            : []),
          {
            key: 'observed',
            title: t('plan.seriesObserved'),
            align: 'right',
            render: (r) => r.observed || '—',
          },
        ]}
      />
      {series.forecast ? (
        <p className="small" data-testid="plan-forecast">
          {t('plan.forecastLine', {
            year: series.forecast.year,
            value: formatValue(series.forecast.value, unit, lang),
            points: series.forecast.points,
          })}{' '}
          {series.forecast.meetsTarget === true
            ? t('plan.forecastMeets')
            : series.forecast.meetsTarget === false
              ? t('plan.forecastMisses')
              : ''}
        </p>
      ) : null}
    </>
  );
}
