/**
 * A pool member's service officer, status (active → graduated when it reached the target, or left)
 * and outcome note. Leaving or graduating records the day. Audited.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import { getMember, upsertMember } from '../../storage/repositories/qualifications/pools.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { memberNotFound, officerOrThrow } from './enrol-members.ts';
import { memberInputSchema } from './schemas.ts';

export { memberInputSchema };

export async function updateMember(
  ctx: QualificationContext,
  user: SessionUser,
  poolId: string,
  organisationId: string,
  body: unknown,
) {
  requireOfficer(user);
  const input = parseOrThrow(memberInputSchema, body);
  return ctx.db.transaction().execute(async (tx) => {
    const was =
      isUuid(poolId) && isUuid(organisationId) ? await getMember(tx, poolId, organisationId) : undefined;
    if (!was) throw memberNotFound();
    await officerOrThrow(tx, input.officerId);
    const status = input.status ?? was.status;
    const next = {
      ...was,
      officer_id: input.officerId === undefined ? was.officer_id : input.officerId,
      status,
      left_on: status === 'active' ? null : was.status === 'active' ? ctx.today() : was.left_on,
      outcome: input.outcome === undefined ? was.outcome : input.outcome,
      note: input.note === undefined ? was.note : input.note,
      updated_at: ctx.clock.now(),
    };
    await upsertMember(tx, next);
    await ctx.record(tx, user.username, 'qualification.pool.member', `organisation:${organisationId}`, {
      poolId,
      before: { officerId: was.officer_id, status: was.status, outcome: was.outcome },
      after: { officerId: next.officer_id, status: next.status, outcome: next.outcome },
    });
    return {
      organisationId,
      poolId,
      status: next.status,
      officerId: next.officer_id,
      leftOn: next.left_on,
      outcome: next.outcome,
      note: next.note,
    };
  });
}
