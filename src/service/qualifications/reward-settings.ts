/**
 * Which drafts are simulated as adopted for first-time rewards (001 until it is adopted): an admin
 * sets `{ adopt: { "001": "2026-07-01" } }`; notices raised under it say so and carry it into their
 * applications. Only draft documents may be simulated. Audited.
 */
import { InputError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { getSetting, putSetting } from '../../storage/repositories/qualifications/rewards.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, type QualificationContext, requireReader } from './context.ts';
import { REWARD_SETTINGS, type RewardSettings } from './raise-rewards.ts';
import { rewardSettingsSchema } from './schemas.ts';

export { rewardSettingsSchema };

export async function readRewardSettings(ctx: QualificationContext, user: SessionUser) {
  requireReader(user);
  const s = await getSetting<RewardSettings>(ctx.db, REWARD_SETTINGS);
  return {
    adopt: s?.value.adopt ?? {},
    updatedBy: s?.updatedBy ?? null,
    updatedAt: s?.updatedAt.toISOString() ?? null,
  };
}

export async function setRewardSettings(ctx: QualificationContext, user: SessionUser, body: unknown) {
  if (user.role !== 'admin')
    throw forbidden('只有管理员可以设定模拟施行', 'only an admin sets simulated adoptions');
  const input = parseOrThrow(rewardSettingsSchema, body);
  const drafts = new Set(
    ctx.engine.catalogue.documents.filter((d) => d.status === 'draft').map((d) => d.code),
  );
  const bad = Object.keys(input.adopt).filter((c) => !drafts.has(c));
  if (bad.length)
    throw new InputError(
      bad.map((c) => ({
        path: `adopt.${c}`,
        rule: 'not_a_draft',
        zh: `文件 ${c} 不是征求意见稿，不能模拟施行`,
        en: `document ${c} is not a draft`,
      })),
    );
  await ctx.db.transaction().execute(async (tx) => {
    await putSetting(tx, REWARD_SETTINGS, input, user.username, ctx.clock.now());
    await ctx.record(tx, user.username, 'qualification.settings', 'setting:rewards', input);
  });
  return readRewardSettings(ctx, user);
}
