/** The firm marks a reward notice read, or dismisses it (a confirmed one has its application and stays). */
import { ConflictError } from '../../core/errors.ts';
import { getReward, setRewardStatus } from '../../storage/repositories/qualifications/rewards.ts';
import type { RewardStatus } from '../../storage/tables/qualifications.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, type QualificationContext } from './context.ts';
import { noReward, parseRewardId, rewardView } from './read-rewards.ts';

export async function markReward(
  ctx: QualificationContext,
  user: SessionUser,
  id: string,
  to: 'read' | 'dismissed',
) {
  if (user.role !== 'enterprise' || !user.organisationId)
    throw forbidden('只有企业用户可以处理本单位的通知', 'only an enterprise user handles its notices');
  const { organisationId, measureId } = parseRewardId(id);
  if (organisationId !== user.organisationId) throw noReward();
  const row = await getReward(ctx.db, organisationId, measureId);
  if (!row) throw noReward();
  const from: RewardStatus[] = to === 'read' ? ['new'] : ['new', 'read'];
  if (row.status === 'confirmed' && to === 'dismissed')
    throw new ConflictError({ zh: '已确认的通知不能忽略', en: 'a confirmed notice cannot be dismissed' });
  if (from.includes(row.status))
    await ctx.db.transaction().execute(async (tx) => {
      await setRewardStatus(tx, organisationId, measureId, to, ctx.clock.now());
      await ctx.record(
        tx,
        user.username,
        `qualification.reward.${to === 'read' ? 'read' : 'dismiss'}`,
        `organisation:${organisationId}`,
        {
          measureId,
          from: row.status,
        },
      );
    });
  return rewardView(ctx, (await getReward(ctx.db, organisationId, measureId))!);
}
