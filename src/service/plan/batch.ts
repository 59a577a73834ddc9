/**
 * Writing many observations in one transaction (an import file, an API push, the demo): each row
 * created or revised (the same content again is "unchanged"), the targets locked in a fixed order,
 * re-evaluated once at the end, and the department alerted where a status worsened.
 */
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Tx } from '../../storage/schema.ts';
import type { ObservationChannel } from '../../storage/tables/plan.ts';
import { type Alert, reassess } from './alerts.ts';
import { type ObservationInput, writeObservation } from './observations.ts';
import type { PlanDeps } from './ports.ts';
import { type StatusView, statusView } from './views.ts';

export interface BatchRow {
  targetId: string;
  input: ObservationInput;
  reason?: string;
  /** Where the row came from, for the report (an import's row number, a push's item index). */
  at: number;
}

export interface BatchResult {
  created: number;
  revised: number;
  unchanged: number;
  results: {
    at: number;
    targetId: string;
    period: string;
    outcome: 'created' | 'revised' | 'unchanged';
    revision: number;
  }[];
  progress: ({ targetId: string } & StatusView)[];
  alerts: Alert[];
}

export async function writeBatch(
  deps: PlanDeps,
  who: { id: string | null; name: string },
  rows: readonly BatchRow[],
  how: { channel: ObservationChannel; importFile?: string; demo?: boolean; today: string },
  audit: (tx: Tx, result: BatchResult) => Promise<void>,
): Promise<BatchResult> {
  return deps.db.transaction().execute(async (tx) => {
    const repo = new PlanRepository(tx);
    const targetIds = [...new Set(rows.map((r) => r.targetId))].sort();
    for (const id of targetIds) await repo.lockTarget(id);
    const result: BatchResult = {
      created: 0,
      revised: 0,
      unchanged: 0,
      results: [],
      progress: [],
      alerts: [],
    };
    for (const row of rows) {
      const written = await writeObservation(tx, deps, who, row.targetId, row.input, {
        mode: 'upsert',
        channel: how.channel,
        ...(row.reason && { reason: row.reason }),
        ...(how.importFile && { importFile: how.importFile }),
        ...(how.demo && { demo: true }),
      });
      result[written.outcome] += 1;
      result.results.push({
        at: row.at,
        targetId: row.targetId,
        period: row.input.period,
        outcome: written.outcome,
        revision: written.observation.revision,
      });
    }
    const { evaluations, alerts } = await reassess(tx, deps, targetIds, how.today);
    result.progress = evaluations.map((e) => ({ targetId: e.target.id, ...statusView(e.progress) }));
    result.alerts = alerts;
    await audit(tx, result);
    return result;
  });
}
