/**
 * The scheduled check (`ceyuan plan scan --date`, `POST /api/plan/scan`): every target evaluated on a
 * date; a status worse than the one last seen and every value past its due day alert the responsible
 * department. One function, idempotent (dedupe keys; the last-seen status moves forward only), so a
 * job queue can run it daily and retry it freely. Audited as `plan.scan`.
 */
import type { IsoDate } from '../../core/dates.ts';
import { isIsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import { type Alert, recordStatuses, sendOverdue } from './alerts.ts';
import { defaultSources } from './derived.ts';
import { evaluateTargets } from './evaluate.ts';
import type { PlanDeps } from './ports.ts';

export interface ScanResult {
  date: IsoDate;
  evaluated: number;
  statuses: Record<string, number>;
  alerts: Alert[];
  /** Alerts actually delivered now (the others were sent by an earlier scan). */
  sent: number;
}

export async function scanPlan(deps: PlanDeps, input: { date: IsoDate; actor: string }): Promise<ScanResult> {
  if (!isIsoDate(input.date)) {
    throw new InputError([
      { path: 'date', rule: 'iso_date', zh: '日期格式应为 YYYY-MM-DD', en: 'date must be YYYY-MM-DD' },
    ]);
  }
  return deps.db.transaction().execute(async (tx) => {
    const sources = defaultSources(tx, deps.sources);
    const repo = new PlanRepository(tx);
    // Sorted, as every batch write takes them: two lockers never wait on each other in a circle.
    for (const id of deps.plan.targets.map((t) => t.id).sort()) await repo.lockTarget(id);
    const evaluations = await evaluateTargets(tx, deps.plan, sources, input.date);
    const alerts = [
      ...(await recordStatuses(tx, deps, evaluations, input.date)),
      ...(await sendOverdue(tx, deps, evaluations)),
    ];
    const statuses: Record<string, number> = {};
    for (const e of evaluations) statuses[e.progress.status] = (statuses[e.progress.status] ?? 0) + 1;
    const sent = alerts.filter((a) => a.sent).length;
    await deps.audit.append(tx, {
      actor: input.actor,
      action: 'plan.scan',
      subject: `plan:${deps.plan.document.code}`,
      detail: {
        date: input.date,
        evaluated: evaluations.length,
        statuses,
        alertsSent: sent,
        alerts: alerts
          .filter((a) => a.sent)
          .map((a) => ({ kind: a.kind, target: a.targetId, period: a.period ?? null })),
      },
    });
    return { date: input.date, evaluated: evaluations.length, statuses, alerts, sent };
  });
}
