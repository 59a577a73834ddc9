/**
 * The firm confirms its first-time reward notice (免申即享): the application is created for it,
 * prefilled (the measure needs no matter), under the simulated adoption the notice was raised with,
 * and goes on through the existing workflow — review, approval within the caps and the special fund,
 * 公示, staged payment. Money never moves here. A notice that explains why nothing is paid cannot be
 * confirmed; one already confirmed is 409; an open application for the same measure is 409 too.
 */
import { ConflictError } from '../../core/errors.ts';
import { getReward, setRewardStatus } from '../../storage/repositories/qualifications/rewards.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, type QualificationContext } from './context.ts';
import { noReward, parseRewardId, rewardView } from './read-rewards.ts';

const CLOSED = ['rejected', 'withdrawn'];

export async function confirmReward(ctx: QualificationContext, user: SessionUser, id: string) {
  if (user.role !== 'enterprise' || !user.organisationId)
    throw forbidden('只有企业用户可以确认本单位的通知', 'only an enterprise user confirms its notices');
  const { organisationId, measureId } = parseRewardId(id);
  if (organisationId !== user.organisationId) throw noReward();
  const row = await getReward(ctx.db, organisationId, measureId);
  if (!row) throw noReward();
  if (row.status === 'confirmed')
    throw new ConflictError({ zh: '该通知已确认，申请已生成', en: 'this notice is already confirmed' });
  if (row.status === 'explained')
    throw new ConflictError({
      zh: '该通知说明的是不予奖励的原因，不能确认',
      en: 'this notice explains why nothing is paid: nothing to confirm',
    });
  const open = await ctx.db
    .selectFrom('applications')
    .select(['id', 'state'])
    .where('organisation_id', '=', organisationId)
    .where('measure_id', '=', measureId)
    .where('state', 'not in', CLOSED as never[])
    .executeTakeFirst();
  if (open)
    throw new ConflictError(
      {
        zh: '本单位已有该措施的申请在办，不再重复生成',
        en: 'an application under this measure is already open',
      },
      { applicationId: open.id, state: open.state },
    );
  if (!ctx.applications) throw new Error('qualification service: no application service to confirm into');
  // Claim the notice first (row lock, conditional on its status), so two confirmations at once make
  // one application: the second finds it confirmed and is 409. A failed creation gives the claim back.
  const before = await ctx.db.transaction().execute(async (tx) => {
    const locked = await getReward(tx, organisationId, measureId, true);
    if (!locked || locked.status === 'confirmed' || locked.status === 'explained') return null;
    await setRewardStatus(tx, organisationId, measureId, 'confirmed', ctx.clock.now());
    return locked.status;
  });
  if (!before)
    throw new ConflictError({ zh: '该通知已确认，申请已生成', en: 'this notice is already confirmed' });
  const measure = ctx.engine.catalogue.byId.get(measureId);
  let application: Awaited<ReturnType<NonNullable<QualificationContext['applications']>['create']>>;
  try {
    application = await ctx.applications.create(user, {
      measureId,
      matter: null,
      title: `${measure?.title.zh ?? measureId}（免申即享）`,
      ...(Object.keys(row.adopt).length > 0 && { adopt: row.adopt }),
    } as Parameters<NonNullable<QualificationContext['applications']>['create']>[1]);
  } catch (e) {
    await setRewardStatus(ctx.db, organisationId, measureId, before, ctx.clock.now());
    throw e;
  }
  await ctx.db.transaction().execute(async (tx) => {
    await setRewardStatus(tx, organisationId, measureId, 'confirmed', ctx.clock.now(), application.id);
    await ctx.record(tx, user.username, 'qualification.reward.confirm', `organisation:${organisationId}`, {
      measureId,
      applicationId: application.id,
    });
  });
  const after = await getReward(ctx.db, organisationId, measureId);
  return { reward: rewardView(ctx, after!), application };
}
