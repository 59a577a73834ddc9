/** What the screening pages share: a run's status as a tag, the most a measure may give. */
import { Tag } from 'antd';
import type { MeasureSummary } from '../../catalogue-data.tsx';
import type { I18n } from '../../i18n/index.ts';

export function RunStatusTag({ status, t }: { status: string; t: I18n<'screening'>['t'] }) {
  const color =
    status === 'completed'
      ? 'success'
      : status === 'failed'
        ? 'error'
        : status === 'running'
          ? 'processing'
          : 'warning';
  return (
    <Tag color={color} data-status={status}>
      {t(`screen.status.${status}` as never)}
    </Tag>
  );
}

/** The text's most per organisation: the cap (or the fixed sum); null when the text gives none. */
export function mostOf(m: MeasureSummary | undefined): number | null {
  if (!m) return null;
  const b = m.benefit;
  if (b.kind === 'fixed') return b.amount ?? null;
  if (b.kind === 'rate_cap' || b.kind === 'upper_bound' || b.kind === 'tiered_pending') return b.cap ?? null;
  return null;
}
