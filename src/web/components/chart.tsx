/**
 * A chart for people who look rather than read. No animation: figures appear at their value (and
 * print and screenshots show them). ECharts loads on first use; the same figures are
 * always also given as a table next to the chart (for screen readers, printing and exact values).
 */

import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

type EChartsInstance = ReturnType<typeof import('echarts/core')['init']>;

export function Chart({
  option,
  height = 320,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, read out by screen readers. */
  label: string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup.ts').then(({ echarts }) => {
      if (disposed || !el.current) return;
      chart.current = echarts.init(el.current, undefined, { renderer: 'svg' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready && chart.current)
      chart.current.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [ready, option]);

  return (
    <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />
  );
}
