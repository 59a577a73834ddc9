/**
 * First-time rewards without application (免申即享, 001·十): when the ledger shows a tier reached for
 * the first time, the reward measures for that kind are judged by the engine — the same reading the
 * self-check and the application workflow use (the first holding's start inside the document's
 * window; once per firm from the grant ledger) — under the simulated adoption set for rewards while
 * 001 is a draft. Eligible: a notice with the amount and the clause, to confirm into an application.
 * Not eligible (reached before the window, already rewarded): the firm is told why, and nothing is
 * paid. Either way the decision is kept once per (firm, measure): never a second notice.
 *
 * Nothing is decided while the measure's document is not in force at all (a draft nobody simulates),
 * nor for a tier reached after its window closed.
 */
import { type Engine, evaluateMeasure, parseCalcInput } from '../../core/engine/calculate.ts';
import type { Evaluation } from '../../core/engine/types.ts';
import { windowOn } from '../../core/engine/window.ts';
import { grantHistory } from '../../core/ledger.ts';
import { formatYuan } from '../../core/money.ts';
import { type RewardMeasure, rewardMeasures } from '../../core/qualifications/rewards.ts';
import type { Text } from '../../core/text.ts';
import { applicantProfile } from '../../storage/repositories/applications.ts';
import { organisationGrants } from '../../storage/repositories/ledger.ts';
import { getSetting, insertRewardOnce } from '../../storage/repositories/qualifications/rewards.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { QualificationContext } from './context.ts';

export const REWARD_SETTINGS = 'rewards';

export interface RewardSettings {
  /** Drafts simulated as adopted for first-time rewards: { "001": "2026-07-01" } until 001 is adopted. */
  adopt: Record<string, string>;
}

export interface RewardDecision {
  organisationId: string;
  measureId: string;
  kind: string;
  reachedOn: string;
  status: 'new' | 'explained';
  amount: { min: number; max: number } | null;
  reasons: Text[];
  /** False when a decision for this (firm, measure) existed already. */
  created: boolean;
}

const cache = new WeakMap<Engine, RewardMeasure[]>();
export function rewardMeasuresOf(engine: Engine): RewardMeasure[] {
  let list = cache.get(engine);
  if (!list) {
    list = rewardMeasures(engine.catalogue);
    cache.set(engine, list);
  }
  return list;
}

export async function rewardSettings(ex: Executor): Promise<RewardSettings> {
  return (await getSetting<RewardSettings>(ex, REWARD_SETTINGS))?.value ?? { adopt: {} };
}

/** The engine's verdict on a reward measure for a firm that first reached the kind on `reachedOn`. */
export async function judgeReward(
  ctx: QualificationContext,
  ex: Executor,
  organisationId: string,
  reward: RewardMeasure,
  reachedOn: string,
  adopt: Record<string, string>,
): Promise<Evaluation | null> {
  const window = windowOn(reward.measure.document, reachedOn, adopt);
  if (window.from === null) return null;
  if (window.to !== null && reachedOn > window.to) return null;
  // Judged on the day reached — or, for a firm that reached it before the window, on its first day,
  // where the engine's reading says why it was not reached “for the first time” inside it.
  const date = reachedOn < window.from ? window.from : reachedOn;
  const applicant = await applicantProfile(ex, organisationId);
  if (!applicant) return null;
  const history = grantHistory(await organisationGrants(ex, organisationId));
  const input = parseCalcInput(
    ctx.engine,
    { applicant, matters: [], asOf: date, history, simulate: { adopt } },
    date,
  );
  const evaluation = evaluateMeasure(ctx.engine, reward.measure, input, null);
  return evaluation.outcome === 'not_in_force' ? null : evaluation;
}

/** Judges and records every reward measure for `kind`; sends the firm its notice or explanation. */
export async function raiseRewardsFor(
  ctx: QualificationContext,
  tx: Tx,
  actor: string,
  organisationId: string,
  kind: string,
  reachedOn: string,
): Promise<RewardDecision[]> {
  const rewards = rewardMeasuresOf(ctx.engine).filter((r) => r.kind === kind);
  if (rewards.length === 0) return [];
  const { adopt } = await rewardSettings(tx);
  const out: RewardDecision[] = [];
  for (const reward of rewards) {
    const ev = await judgeReward(ctx, tx, organisationId, reward, reachedOn, adopt);
    if (!ev) continue;
    const pays = ev.eligible && ev.amount !== null && ev.amount.max > 0;
    const decision: RewardDecision = {
      organisationId,
      measureId: reward.measureId,
      kind,
      reachedOn,
      status: pays ? 'new' : 'explained',
      amount: pays ? { min: ev.amount!.min, max: ev.amount!.max } : null,
      reasons: ev.reasons,
      created: false,
    };
    const at = ctx.clock.now();
    decision.created = await insertRewardOnce(tx, {
      organisation_id: organisationId,
      measure_id: reward.measureId,
      code: kind,
      reached_on: reachedOn,
      status: decision.status,
      amount_min: decision.amount?.min ?? null,
      amount_max: decision.amount?.max ?? null,
      reasons: ev.reasons,
      adopt: ev.simulated ? adopt : {},
      application_id: null,
      created_at: at,
      updated_at: at,
    });
    if (decision.created) {
      await ctx.record(
        tx,
        actor,
        pays ? 'qualification.reward.notice' : 'qualification.reward.explained',
        `organisation:${organisationId}`,
        {
          measureId: reward.measureId,
          kind,
          reachedOn,
          amount: decision.amount,
          simulated: ev.simulated,
        },
      );
      await ctx.notify(tx, rewardMessage(ctx, decision, ev));
    }
    out.push(decision);
  }
  return out;
}

function rewardMessage(ctx: QualificationContext, d: RewardDecision, ev: Evaluation) {
  const kind = ctx.policy.byCode.get(d.kind)?.label ?? { zh: d.kind, en: d.kind };
  const sim = ev.simulated
    ? { zh: '（政策模拟施行）', en: ' (policy simulated as adopted)' }
    : { zh: '', en: '' };
  const amount = d.amount ? formatYuan(d.amount.max) : '';
  return {
    to: { organisationId: d.organisationId },
    kind: d.status === 'new' ? 'qualification.first_time_reward' : 'qualification.first_time_explained',
    subject:
      d.status === 'new'
        ? {
            zh: `首次达标${kind.zh}：可获 ${amount} 一次性奖励（免申即享）${sim.zh}`,
            en: `First time ${kind.en}: a one-off award of ${amount} without application${sim.en}`,
          }
        : {
            zh: `首次达标${kind.zh}奖励说明${sim.zh}`,
            en: `First-time ${kind.en} award: why it does not apply${sim.en}`,
          },
    body: {
      zh: `${ev.clause.citation.zh}。${ev.reasons.map((r) => r.zh).join('；')}`,
      en: `${ev.clause.citation.en}. ${ev.reasons.map((r) => r.en).join('; ')}`,
    },
    link: '/qualifications/rewards',
    ref: `qualification_reward:${d.organisationId}:${d.measureId}`,
    dedupeKey: `qualification.reward:${d.organisationId}:${d.measureId}`,
  };
}
