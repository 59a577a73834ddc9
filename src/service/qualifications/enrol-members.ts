/**
 * Officers take firms into a pool (入库) and assign each a service officer (a reviewer, approver or
 * admin account); a firm already in the pool gets the new officer. Up to 1000 at once, all or nothing,
 * audited. The service officer receives the firm's expiry reminders.
 */
import { InputError, NotFoundError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import { getMember, getPool, upsertMember } from '../../storage/repositories/qualifications/pools.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { OFFICER_ROLES, type QualificationContext, requireOfficer } from './context.ts';
import { poolOrThrow } from './find-candidates.ts';
import { enrolInputSchema } from './schemas.ts';

export { enrolInputSchema };

/** The account must be an active officer's (reviewer, approver, admin). */
export async function officerOrThrow(
  ex: Executor,
  id: string | null | undefined,
  path = 'officerId',
): Promise<void> {
  if (!id) return;
  const u = await ex.selectFrom('users').select(['role', 'disabled']).where('id', '=', id).executeTakeFirst();
  if (!u || u.disabled || !(OFFICER_ROLES as readonly string[]).includes(u.role))
    throw new InputError([
      {
        path,
        rule: 'not_an_officer',
        zh: '服务专员须为在职的经办人员账号',
        en: 'the service officer must be an active officer account',
      },
    ]);
}

export async function enrolMembers(
  ctx: QualificationContext,
  user: SessionUser,
  poolId: string,
  body: unknown,
) {
  requireOfficer(user);
  const input = parseOrThrow(enrolInputSchema, body);
  const ids = [...new Set(input.organisationIds)];
  const today = ctx.today();
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    poolOrThrow(isUuid(poolId) ? await getPool(tx, poolId) : undefined);
    await officerOrThrow(tx, input.officerId);
    const found = await tx.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length) {
      const have = new Set(found.map((f) => f.id));
      throw new InputError(
        ids.flatMap((id) =>
          have.has(id)
            ? []
            : [
                {
                  path: `organisationIds.${input.organisationIds.indexOf(id)}`,
                  rule: 'unknown_organisation',
                  zh: '未找到该单位',
                  en: 'no such organisation',
                },
              ],
        ),
      );
    }
    let enrolled = 0;
    let updated = 0;
    for (const id of ids) {
      const was = await getMember(tx, poolId, id);
      await upsertMember(tx, {
        organisation_id: id,
        pool_id: poolId,
        officer_id: input.officerId === undefined ? (was?.officer_id ?? null) : input.officerId,
        status: 'active',
        enrolled_on: was?.status === 'active' ? was.enrolled_on : today,
        enrolled_by: was?.status === 'active' ? was.enrolled_by : user.username,
        left_on: null,
        outcome: was?.status === 'active' ? was.outcome : null,
        note: was?.note ?? null,
        updated_at: at,
      });
      if (was?.status === 'active') updated += 1;
      else enrolled += 1;
    }
    await ctx.record(tx, user.username, 'qualification.pool.enrol', `pool:${poolId}`, {
      organisations: ids.length,
      enrolled,
      updated,
      officerId: input.officerId ?? null,
    });
    return { enrolled, updated };
  });
}

export function memberNotFound(): NotFoundError {
  return new NotFoundError({ zh: '该单位不在此培育库中', en: 'the organisation is not in this pool' });
}
