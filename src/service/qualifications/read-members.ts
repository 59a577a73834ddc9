/**
 * A pool's members: each firm with its service officer, status, outcome, services given and its
 * distance to the pool's target today (so the page shows who is closest to the next tier), and the
 * officers one may assign.
 */
import type { IsoDate } from '../../core/dates.ts';
import { closeness, distanceTo } from '../../core/qualifications/criteria.ts';
import { heldOn } from '../../core/qualifications/ledger.ts';
import { metricsOf, referenceYear, type YearFigures } from '../../core/qualifications/metrics.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import { recordsOf } from '../../storage/repositories/qualifications/ledger.ts';
import { getPool, listMembers } from '../../storage/repositories/qualifications/pools.ts';
import type { Executor } from '../../storage/schema.ts';
import type { MemberStatus } from '../../storage/tables/qualifications.ts';
import type { SessionUser } from '../auth/types.ts';
import { OFFICER_ROLES, type QualificationContext, requireReader } from './context.ts';
import { poolOrThrow } from './find-candidates.ts';

/** Yearly figures of these organisations, by organisation. */
export async function figuresOf(ex: Executor, ids: readonly string[]): Promise<Map<string, YearFigures[]>> {
  const out = new Map<string, YearFigures[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ex
    .selectFrom('organisation_figures')
    .selectAll()
    .where('organisation_id', 'in', [...ids])
    .execute();
  for (const r of rows)
    out
      .get(r.organisation_id)
      ?.push({ year: r.year, revenue: r.revenue, rdExpense: r.rd_expense, employees: r.employees });
  return out;
}

export async function readMembers(
  ctx: QualificationContext,
  user: SessionUser,
  poolId: string,
  q: { status?: MemberStatus; officerId?: string; date?: IsoDate; limit?: number; offset?: number },
) {
  requireReader(user);
  const pool = poolOrThrow(isUuid(poolId) ? await getPool(ctx.db, poolId) : undefined);
  const date = q.date ?? ctx.today();
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = Math.max(q.offset ?? 0, 0);
  const { rows, total } = await listMembers(ctx.db, {
    poolId,
    status: q.status,
    officerId: q.officerId,
    limit,
    offset,
  });
  const ids = rows.map((r) => r.organisation_id);
  const [figures, records, params] = await Promise.all([
    figuresOf(ctx.db, ids),
    recordsOf(ctx.db, ids),
    ctx.parameters(),
  ]);
  const target = ctx.policy.byCode.get(pool.target_kind)!;
  const year = referenceYear(date);
  return {
    pool: { id: pool.id, name: pool.name, target: { kind: pool.target_kind, grade: pool.target_grade } },
    date,
    total,
    limit,
    offset,
    items: rows.map((m) => {
      const distance = distanceTo(
        ctx.policy,
        target,
        metricsOf(figures.get(m.organisation_id) ?? [], year),
        params,
      );
      return {
        organisationId: m.organisation_id,
        uscc: m.uscc,
        name: m.name,
        city: m.city,
        status: m.status,
        enrolledOn: m.enrolled_on,
        enrolledBy: m.enrolled_by,
        leftOn: m.left_on,
        outcome: m.outcome,
        note: m.note,
        officer: m.officer_id
          ? { id: m.officer_id, name: m.officer_name, department: m.officer_department }
          : null,
        services: m.services,
        lastServiceOn: m.last_service_on,
        targetHeld: heldOn(records.get(m.organisation_id) ?? [], date, pool.target_kind).length > 0,
        unmet: closeness(distance)[0],
        distance,
      };
    }),
  };
}

/** Accounts that can be service officers: active reviewers, approvers and admins, by department. */
export async function listOfficers(ctx: QualificationContext, user: SessionUser) {
  requireReader(user);
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'department'])
    .where('role', 'in', [...OFFICER_ROLES])
    .where('disabled', '=', false)
    .orderBy('department')
    .orderBy('display_name')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      name: r.display_name,
      role: r.role,
      department: r.department,
    })),
  };
}
