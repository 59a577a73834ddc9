/**
 * A firm's own path to the next tier (shown in its self-check): on each ladder, where it stands
 * today, the next step, and the distance to it criterion by criterion from its latest figures —
 * with every threshold's basis, “待…设定” where an officer has not set one, and “数据待补充” where the
 * registry has no figure. Also the pools it is in and its service officer.
 */
import type { IsoDate } from '../../core/dates.ts';
import { closeness, distanceTo } from '../../core/qualifications/criteria.ts';
import { heldOn, positionOn } from '../../core/qualifications/ledger.ts';
import {
  formatMetric,
  METRICS,
  type MetricCode,
  metricNumber,
  metricsOf,
  referenceYear,
} from '../../core/qualifications/metrics.ts';
import { recordsOf } from '../../storage/repositories/qualifications/ledger.ts';
import { listMembers } from '../../storage/repositories/qualifications/pools.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, readableOrganisation } from './context.ts';
import { organisationExists } from './read-ledger.ts';
import { figuresOf } from './read-members.ts';

export async function readPath(
  ctx: QualificationContext,
  user: SessionUser,
  q: { organisationId?: string; date?: IsoDate },
) {
  const id = readableOrganisation(user, q.organisationId);
  const org = await organisationExists(ctx, id);
  const date = q.date ?? ctx.today();
  const year = referenceYear(date);
  const [records, figures, params, members] = await Promise.all([
    recordsOf(ctx.db, [id]).then((m) => m.get(id) ?? []),
    figuresOf(ctx.db, [id]).then((m) => m.get(id) ?? []),
    ctx.parameters(),
    listMembers(ctx.db, { organisationId: id, status: 'active', limit: 50, offset: 0 }),
  ]);
  const metrics = metricsOf(figures, year);
  const ladders = ctx.policy.ladders.map((ladder) => {
    const position = positionOn(records, ladder.steps, date);
    const next = ladder.steps[position + 1] ?? null;
    const distance = next ? distanceTo(ctx.policy, ctx.policy.byCode.get(next.kind)!, metrics, params) : [];
    return {
      ladder: ladder.id,
      label: ladder.label,
      steps: ladder.steps.map((s) => ({ key: s.key, label: s.label })),
      position,
      current:
        position >= 0 ? { key: ladder.steps[position]!.key, label: ladder.steps[position]!.label } : null,
      next: next
        ? { key: next.key, kind: next.kind, grade: next.grade, level: next.level, label: next.label }
        : null,
      /** Already at the top of this ladder. */
      top: position === ladder.steps.length - 1,
      unmet: closeness(distance)[0],
      distance,
    };
  });
  return {
    organisation: org,
    date,
    referenceYear: year,
    held: heldOn(records, date).map((r) => r.kind),
    metrics: (Object.keys(metrics) as MetricCode[]).map((code) => {
      const v = metricNumber(metrics[code]!);
      return {
        code,
        label: METRICS[code].label,
        unit: METRICS[code].unit,
        value: v,
        valueText: formatMetric(METRICS[code].unit, v),
      };
    }),
    ladders,
    pools: members.rows.map((m) => ({
      poolId: m.pool_id,
      poolName: m.pool_name,
      enrolledOn: m.enrolled_on,
      officer: m.officer_name ? { name: m.officer_name, department: m.officer_department } : null,
    })),
  };
}
