/**
 * Officers record a service given to a firm (走访 visit, 培训 training, 对接推荐 referral, 咨询辅导
 * consultation …), optionally within a pool, with its note and outcome. Audited; read back per firm
 * and per pool.
 */
import { InputError, NotFoundError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import {
  getPool,
  insertService,
  listServices,
  type ServiceRow,
} from '../../storage/repositories/qualifications/pools.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, readableOrganisation, requireOfficer, requireReader } from './context.ts';
import { organisationExists } from './read-ledger.ts';
import { SERVICE_LABELS } from './read-reference.ts';
import { serviceInputSchema } from './schemas.ts';

export { serviceInputSchema };

export function serviceView(r: ServiceRow) {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    poolId: r.pool_id,
    service: r.service,
    serviceLabel: SERVICE_LABELS[r.service],
    on: r.on_date,
    officer: r.officer,
    note: r.note,
    outcome: r.outcome,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

export async function recordService(ctx: QualificationContext, user: SessionUser, body: unknown) {
  requireOfficer(user);
  const input = parseOrThrow(serviceInputSchema, body);
  await organisationExists(ctx, input.organisationId);
  const row: ServiceRow = {
    organisation_id: input.organisationId,
    id: ctx.ids.next(),
    pool_id: input.poolId ?? null,
    service: input.service,
    on_date: input.on,
    officer: user.username,
    note: input.note,
    outcome: input.outcome ?? null,
    recorded_at: ctx.clock.now(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    if (row.pool_id && !(await getPool(tx, row.pool_id)))
      throw new NotFoundError({ zh: '未找到该培育库', en: 'no such pool' });
    await insertService(tx, row);
    await ctx.record(tx, user.username, 'qualification.service', `organisation:${row.organisation_id}`, {
      serviceId: row.id,
      poolId: row.pool_id,
      service: row.service,
      on: row.on_date,
    });
  });
  return serviceView(row);
}

/** A firm's services (officers, auditors; an enterprise its own), or a pool's. */
export async function readServices(
  ctx: QualificationContext,
  user: SessionUser,
  q: { organisationId?: string; poolId?: string; limit?: number },
) {
  const organisationId =
    user.role === 'enterprise' || q.organisationId ? readableOrganisation(user, q.organisationId) : undefined;
  if (!organisationId) {
    requireReader(user);
    if (!q.poolId || !isUuid(q.poolId))
      throw new InputError([
        {
          path: 'query.poolId',
          rule: 'required',
          zh: '请指定单位或培育库',
          en: 'name an organisation or a pool',
        },
      ]);
  }
  const rows = await listServices(ctx.db, {
    organisationId,
    poolId: q.poolId,
    limit: Math.min(Math.max(q.limit ?? 100, 1), 1000),
  });
  return { items: rows.map(serviceView) };
}
