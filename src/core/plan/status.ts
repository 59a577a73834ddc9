/**
 * Progress statuses, their wording, colour signal and severity.
 *
 * The categories and thresholds are Open SDG's progress measure (the method Statistics Canada built
 * for the SDGs, in Open SDG since 2.x): R = d × observed growth / |required growth|, and
 *   target achieved · R ≥ 0.95 on track · 0.6 ≤ R < 0.95 acceleration needed ·
 *   0 ≤ R < 0.6 limited progress · R < 0 deterioration.
 * Sources: open-sdg/open-sdg docs/progress-methodology.md ("Indicators with quantitative targets") and
 * open-sdg/sdg-build sdg/ProgressMeasure.py (`get_progress_thresholds`: high 0.95, med 0.6, low 0;
 * `get_progress_status`). See docs/plan.md for how each kind of 003's targets uses them.
 */
import type { Text } from '../text.ts';

export const STATUSES = [
  'target_achieved',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
  'in_band',
  'out_of_band',
  'not_available',
  'not_assessed',
  'no_data_source',
] as const;
export type Status = (typeof STATUSES)[number];

/** What an officer may record for a qualitative target (Open SDG's categories, judged by a person). */
export const ASSESSMENTS = [
  'target_achieved',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

/** The colour a card shows: green on track, amber needs acceleration, red at risk, grey unknown. */
export type Signal = 'green' | 'amber' | 'red' | 'grey';

export const THRESHOLDS = { onTrack: 0.95, acceleration: 0.6, limited: 0 } as const;

export const STATUS_LABELS: Record<Status, Text> = {
  target_achieved: { zh: '已达成', en: 'target achieved' },
  on_track: { zh: '符合进度', en: 'on track' },
  acceleration_needed: { zh: '需加快', en: 'acceleration needed' },
  limited_progress: { zh: '进展有限', en: 'limited progress' },
  deterioration: { zh: '倒退', en: 'deterioration' },
  in_band: { zh: '保持在区间内', en: 'within the band' },
  out_of_band: { zh: '偏离区间', en: 'outside the band' },
  not_available: { zh: '暂无法判断', en: 'not available' },
  not_assessed: { zh: '待评估', en: 'not assessed' },
  no_data_source: { zh: '数据源尚未接入', en: 'data source not yet available' },
};

export const SIGNAL_LABELS: Record<Signal, Text> = {
  green: { zh: '正常', en: 'on track' },
  amber: { zh: '需关注', en: 'needs attention' },
  red: { zh: '存在风险', en: 'at risk' },
  grey: { zh: '无数据', en: 'no data' },
};

const SIGNAL: Record<Status, Signal> = {
  target_achieved: 'green',
  on_track: 'green',
  in_band: 'green',
  acceleration_needed: 'amber',
  limited_progress: 'red',
  deterioration: 'red',
  out_of_band: 'red',
  not_available: 'grey',
  not_assessed: 'grey',
  no_data_source: 'grey',
};

/** Higher is worse; null where nothing is known (no comparison, no alert). */
const SEVERITY: Record<Status, number | null> = {
  target_achieved: 0,
  on_track: 0,
  in_band: 0,
  acceleration_needed: 1,
  limited_progress: 2,
  out_of_band: 2,
  deterioration: 3,
  not_available: null,
  not_assessed: null,
  no_data_source: null,
};

export function signalOf(status: Status): Signal {
  return SIGNAL[status];
}

export function severityOf(status: Status): number | null {
  return SEVERITY[status];
}

/** A status worsened when both are known and the new one is more severe. */
export function worsened(previous: Status, next: Status): boolean {
  const a = SEVERITY[previous];
  const b = SEVERITY[next];
  return a !== null && b !== null && b > a;
}

/** Open SDG's category for a ratio R of observed to required progress. */
export function statusForRatio(ratio: number): Status {
  if (ratio >= THRESHOLDS.onTrack) return 'on_track';
  if (ratio >= THRESHOLDS.acceleration) return 'acceleration_needed';
  if (ratio >= THRESHOLDS.limited) return 'limited_progress';
  return 'deterioration';
}
