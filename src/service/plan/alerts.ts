/**
 * Alerts to the responsible department's inbox (站内消息, `to: { department }`):
 * - `plan.status_worsened` when a target's status is more severe than the one last seen
 *   (status.ts `worsened`: both known, severity up — e.g. on track → limited progress);
 * - `plan.overdue` when an expected value is past its due day.
 * Sent inside the caller's transaction with a dedupe key, so a retried or concurrent evaluation
 * notifies once, and a rolled-back change notifies nobody.
 */
import type { IsoDate } from '../../core/dates.ts';
import { STATUS_LABELS, type Status, worsened } from '../../core/plan/status.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Tx } from '../../storage/schema.ts';
import type { Clock } from '../clock.ts';
import { defaultSources } from './derived.ts';
import { type Evaluation, evaluateTargets } from './evaluate.ts';
import type { PlanDeps } from './ports.ts';

export interface Alert {
  kind: 'plan.status_worsened' | 'plan.overdue';
  targetId: string;
  department: string;
  from?: Status;
  to?: Status;
  period?: string;
  due?: IsoDate;
  /** false: the same alert was sent before (dedupe key). */
  sent: boolean;
}

const link = (id: string) => `/plan/targets/${encodeURIComponent(id)}`;

/**
 * Compares each evaluation with the status last seen, sends an alert where it worsened, and stores
 * the new status. A date earlier than the last evaluation changes nothing (looking back in time is
 * not news). The caller holds each target's lock.
 */
export async function recordStatuses(
  tx: Tx,
  deps: Pick<PlanDeps, 'messages'> & { clock: Clock },
  evaluations: readonly Evaluation[],
  asOf: IsoDate,
): Promise<Alert[]> {
  const repo = new PlanRepository(tx);
  const alerts: Alert[] = [];
  for (const e of evaluations) {
    const { target, progress } = e;
    const previous = await repo.state(target.id);
    if (previous && previous.as_of > asOf) continue;
    const before = previous?.status as Status | undefined;
    if (before && worsened(before, progress.status)) {
      const latest = progress.latest ? `${progress.latest.period}=${progress.latest.value}` : '-';
      const { created } = await deps.messages.send(tx, {
        to: { department: e.settings.department },
        kind: 'plan.status_worsened',
        subject: {
          zh: `规划目标“${target.title.zh}”进度转差：${STATUS_LABELS[before].zh} → ${STATUS_LABELS[progress.status].zh}`,
          en: `Plan target "${target.title.en}" worsened: ${STATUS_LABELS[before].en} → ${STATUS_LABELS[progress.status].en}`,
        },
        body: {
          zh: `${progress.reason.zh}\n原文：${target.quote}`,
          en: `${progress.reason.en}\nText: ${target.quote}`,
        },
        link: link(target.id),
        ref: `plan_target:${target.id}`,
        dedupeKey: `plan.worsened:${target.id}:${before}>${progress.status}:${latest}`,
      });
      alerts.push({
        kind: 'plan.status_worsened',
        targetId: target.id,
        department: e.settings.department,
        from: before,
        to: progress.status,
        sent: created,
      });
    }
    await repo.saveState({
      target_id: target.id,
      status: progress.status,
      as_of: asOf,
      latest_period: progress.latest?.period ?? null,
      updated_at: deps.clock.now(),
    });
  }
  return alerts;
}

/** One alert per target and period past its due day without a value (sent once ever per period). */
export async function sendOverdue(
  tx: Tx,
  deps: Pick<PlanDeps, 'messages'>,
  evaluations: readonly Evaluation[],
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const e of evaluations) {
    for (const o of e.overdue) {
      const { created } = await deps.messages.send(tx, {
        to: { department: e.settings.department },
        kind: 'plan.overdue',
        subject: {
          zh: `规划指标“${e.target.title.zh}” ${o.period} 数据逾期未报（应于 ${o.due} 前报送）`,
          en: `Plan indicator "${e.target.title.en}": ${o.period} value overdue (due ${o.due})`,
        },
        body: {
          zh: `请录入或导入 ${o.period} 的数据及其来源。原文：${e.target.quote}`,
          en: `Please record or import the ${o.period} value with its source. Text: ${e.target.quote}`,
        },
        link: link(e.target.id),
        ref: `plan_target:${e.target.id}`,
        dedupeKey: `plan.overdue:${e.target.id}:${o.period}`,
      });
      alerts.push({
        kind: 'plan.overdue',
        targetId: e.target.id,
        department: e.settings.department,
        period: o.period,
        due: o.due,
        sent: created,
      });
    }
  }
  return alerts;
}

/**
 * After a write: re-evaluates the targets it touched, on today's date, inside the same transaction,
 * and alerts where a status worsened. Returns the fresh evaluations.
 */
export async function reassess(
  tx: Tx,
  deps: PlanDeps,
  targetIds: readonly string[],
  asOf: IsoDate,
): Promise<{ evaluations: Evaluation[]; alerts: Alert[] }> {
  const evaluations = await evaluateTargets(tx, deps.plan, defaultSources(tx, deps.sources), asOf, targetIds);
  const alerts = await recordStatuses(tx, deps, evaluations, asOf);
  return { evaluations, alerts };
}
