/**
 * Evaluates targets as of a date: reads the current observations and the officers' settings, derives
 * what the platform computes itself, and runs the pure progress maths (src/core/plan/progress.ts).
 * Every read model of the plan (dashboard, detail, public view, report, scan) starts here.
 */
import type { IsoDate } from '../../core/dates.ts';
import { parsePeriod, periodT } from '../../core/plan/periods.ts';
import {
  assessTarget,
  type ObservationInput,
  overduePeriods,
  type Progress,
  unavailable,
} from '../../core/plan/progress.ts';
import type { Assessment } from '../../core/plan/status.ts';
import type { Plan, PlanTarget } from '../../core/plan/types.ts';
import type { Text } from '../../core/text.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Executor } from '../../storage/schema.ts';
import type { PlanObservationRow, PlanSettingsRow } from '../../storage/tables/plan.ts';
import { type DerivedSeries, deriveSeries } from './derived.ts';
import type { PlanSources } from './ports.ts';

/** The demo's source label: every demo observation says so, in the UI and the report. */
export const DEMO_SOURCE = '演示数据';

export interface ObservationView {
  targetId: string;
  period: string;
  value: number | null;
  assessment: Assessment | null;
  source: string;
  /** Internal: never in the public view. */
  comment: string;
  channel: 'manual' | 'import' | 'api' | 'demo';
  isDemo: boolean;
  revision: number;
  withdrawn: boolean;
  reason: string | null;
  importFile: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface TargetSettings {
  department: string;
  departmentSource: 'file' | 'setting';
  /** Band (左右) targets: the width in force, and where it comes from (null: not set anywhere). */
  tolerance: number | null;
  toleranceSource: 'file' | 'setting' | null;
}

export interface Evaluation {
  target: PlanTarget;
  settings: TargetSettings;
  progress: Progress;
  overdue: { period: string; due: IsoDate }[];
  /** Current observations, oldest period first (derived targets: none — their values are computed). */
  observations: ObservationView[];
  derived: { source: string; label: Text; available: boolean; reason: Text | null } | null;
  /** Some value behind the status is demo data. */
  demo: boolean;
}

export function toObservationView(row: PlanObservationRow): ObservationView {
  return {
    targetId: row.target_id,
    period: row.period,
    value: row.value === null ? null : Number(row.value),
    assessment: row.assessment as Assessment | null,
    source: row.source,
    comment: row.comment,
    channel: row.channel,
    isDemo: row.is_demo,
    revision: row.revision,
    withdrawn: row.withdrawn,
    reason: row.reason,
    importFile: row.import_file,
    recordedBy: row.recorded_by_name,
    recordedAt: row.recorded_at.toISOString(),
  };
}

function byPeriod(a: ObservationView, b: ObservationView): number {
  return (
    periodT(parsePeriod(a.period)!) - periodT(parsePeriod(b.period)!) || a.period.localeCompare(b.period)
  );
}

export function settingsOf(target: PlanTarget, row: PlanSettingsRow | undefined): TargetSettings {
  const setTolerance = row?.band_tolerance == null ? null : Number(row.band_tolerance);
  const fileTolerance = target.band?.tolerance ?? null;
  return {
    department: row?.department ?? target.department,
    departmentSource: row?.department ? 'setting' : 'file',
    tolerance: target.kind === 'band' ? (setTolerance ?? fileTolerance) : null,
    toleranceSource:
      target.kind !== 'band'
        ? null
        : setTolerance !== null
          ? 'setting'
          : fileTolerance !== null
            ? 'file'
            : null,
  };
}

export function planWindow(plan: Plan) {
  return { planFrom: plan.document.planPeriod.from, targetYear: plan.document.targetYear };
}

/** Evaluates the given targets (default: all) on `asOf`, through `db` (the database or a transaction). */
export async function evaluateTargets(
  db: Executor,
  plan: Plan,
  sources: PlanSources,
  asOf: IsoDate,
  targetIds?: readonly string[],
): Promise<Evaluation[]> {
  const targets = targetIds ? plan.targets.filter((t) => targetIds.includes(t.id)) : plan.targets;
  const repo = new PlanRepository(db);
  const [rows, settingRows] = await Promise.all([
    repo.currentObservations(targets.map((t) => t.id)),
    repo.settings(),
  ]);
  const settingsBy = new Map(settingRows.map((r) => [r.target_id, r]));
  const window = planWindow(plan);
  const out: Evaluation[] = [];
  for (const target of targets) {
    const settings = settingsOf(target, settingsBy.get(target.id));
    const observations = rows
      .filter((r) => r.target_id === target.id)
      .map(toObservationView)
      .sort(byPeriod);
    let series: DerivedSeries | null = null;
    let inputs: ObservationInput[] = observations.map((o) => ({
      period: o.period,
      value: o.value,
      assessment: o.assessment,
    }));
    if (target.derived) {
      series = await deriveSeries(target.derived, sources, window.planFrom, asOf);
      inputs = series.available ? series.points : [];
    }
    const progress =
      series && !series.available
        ? unavailable(series.reason)
        : assessTarget(target, inputs, {
            asOf,
            ...window,
            ...(target.kind === 'band' && { tolerance: settings.tolerance }),
          });
    out.push({
      target,
      settings,
      progress,
      overdue: overduePeriods(target, observations, asOf, window),
      observations: target.derived ? [] : observations,
      derived: target.derived
        ? {
            source: target.derived.source,
            label: target.derived.label,
            available: series?.available ?? false,
            reason: series && !series.available ? series.reason : null,
          }
        : null,
      demo: !target.derived && observations.some((o) => o.isDemo),
    });
  }
  return out;
}
