/**
 * First-time reward notices as the firm and the officers see them: the amount and the clause, or the
 * explanation why it does not pay; whether the policy is simulated; the application a confirmed one
 * became. A notice's id is its (organisation, measure) pair, encoded (base64url) for a path.
 */
import { NotFoundError } from '../../core/errors.ts';
import { formatYuan } from '../../core/money.ts';
import type { Text } from '../../core/text.ts';
import { getReward, listRewards, type RewardRow } from '../../storage/repositories/qualifications/rewards.ts';
import type { RewardStatus } from '../../storage/tables/qualifications.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, readableOrganisation, requireReader } from './context.ts';
import { labels } from './views.ts';

export const REWARD_STATUS_LABELS: Readonly<Record<RewardStatus, Text>> = {
  new: { zh: '待确认', en: 'to confirm' },
  read: { zh: '已读', en: 'read' },
  confirmed: { zh: '已确认（已生成申请）', en: 'confirmed (application created)' },
  dismissed: { zh: '已忽略', en: 'dismissed' },
  explained: { zh: '不予奖励（已说明原因）', en: 'not payable (explained)' },
};

export function rewardId(organisationId: string, measureId: string): string {
  return Buffer.from(`${organisationId}\n${measureId}`, 'utf8').toString('base64url');
}

export function parseRewardId(id: string): { organisationId: string; measureId: string } {
  const decoded = /^[A-Za-z0-9_-]{1,400}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const at = decoded.indexOf('\n');
  if (at <= 0 || at === decoded.length - 1) throw noReward();
  return { organisationId: decoded.slice(0, at), measureId: decoded.slice(at + 1) };
}

export function noReward(): NotFoundError {
  return new NotFoundError({ zh: '未找到该奖励通知', en: 'no such reward notice' });
}

export function rewardView(ctx: QualificationContext, r: RewardRow & { uscc?: string; name?: string }) {
  const measure = ctx.engine.catalogue.byId.get(r.measure_id);
  const amount =
    r.amount_max !== null ? { min: Number(r.amount_min ?? r.amount_max), max: Number(r.amount_max) } : null;
  return {
    id: rewardId(r.organisation_id, r.measure_id),
    organisationId: r.organisation_id,
    ...(r.name !== undefined && { organisationName: r.name, uscc: r.uscc }),
    measureId: r.measure_id,
    title: measure?.title ?? { zh: r.measure_id, en: r.measure_id },
    kind: r.code,
    kindLabel: labels(ctx.policy).kindLabel(r.code),
    reachedOn: r.reached_on,
    status: r.status,
    statusLabel: REWARD_STATUS_LABELS[r.status],
    amount,
    amountText: amount ? formatYuan(amount.max) : null,
    clause: measure
      ? { quote: measure.quote, citation: measure.document.number ?? measure.document.title.zh }
      : null,
    reasons: r.reasons,
    simulated: Object.keys(r.adopt ?? {}).length > 0,
    adopt: r.adopt ?? {},
    applicationId: r.application_id,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export type RewardView = ReturnType<typeof rewardView>;

/** An enterprise user's own notices; officers and auditors any firm's, or all, filtered by status. */
export async function readRewards(
  ctx: QualificationContext,
  user: SessionUser,
  q: { organisationId?: string; status?: RewardStatus; limit?: number; offset?: number },
) {
  const organisationId =
    user.role === 'enterprise' || q.organisationId ? readableOrganisation(user, q.organisationId) : undefined;
  if (!organisationId) requireReader(user);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = Math.max(q.offset ?? 0, 0);
  const { rows, total } = await listRewards(ctx.db, { organisationId, status: q.status, limit, offset });
  return { items: rows.map((r) => rewardView(ctx, r)), total, limit, offset };
}

/** One notice the caller may read (another firm's is 404). */
export async function readReward(ctx: QualificationContext, user: SessionUser, id: string) {
  const { organisationId, measureId } = parseRewardId(id);
  if (user.role === 'enterprise' && user.organisationId !== organisationId) throw noReward();
  if (user.role !== 'enterprise') requireReader(user);
  const row = await getReward(ctx.db, organisationId, measureId);
  if (!row) throw noReward();
  return rewardView(ctx, row);
}
