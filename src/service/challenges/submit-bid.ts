/**
 * 揭榜 (答题): an organisation (alone, or leading a consortium of registry partners) bids on a listed
 * problem while its list's window is open: technical plan, team, milestones with dates and planned
 * input, the 揭榜额 asked (≤ the problem's budget), attachments by hash — each one a file the bidder uploaded
 * to its folder in the attachment store (attachment-subjects.ts), named and sized as stored. Bidding again revises the live
 * bid: a new version, every earlier version kept. A bidder the basis measure does not cover (000·二:
 * 九城市各类机构) is refused with the engine's reasons. Bids are sealed (read-bids.ts).
 */

import type { BidEntitlement } from '../../core/challenges/grant.ts';
import { InputError } from '../../core/errors.ts';
import { formatWan } from '../../core/money.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { Tx } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { entitlementFor, openProblem } from './bid-steps.ts';
import {
  type ChallengeContext,
  checkVersion,
  clauseOf,
  conflict,
  inputError,
  requireOrganisation,
} from './context.ts';
import { bidFolderId } from './read-bids.ts';
import { type BidInput, bidInputSchema } from './schemas.ts';
import { storedFiles } from './stored-files.ts';
import { type BidView, toBidView } from './views.ts';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function submitBid(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
  raw: unknown,
): Promise<{ bid: BidView; entitlement: BidEntitlement; revised: boolean }> {
  const organisationId = requireOrganisation(user);
  const input = parseOrThrow(bidInputSchema, raw);
  const { problem, list } = await openProblem(ctx, ctx.db, problemId);
  if (problem.organisation_id === organisationId)
    throw conflict('own_problem', {
      zh: '出题单位不能揭自己的榜',
      en: 'the poser cannot bid on its own problem',
    });
  if (input.amount > problem.budget_max)
    throw inputError(
      'amount',
      'above_budget',
      `揭榜额不得超过题目的揭榜额上限（${formatWan(problem.budget_max)}）`,
      `the amount asked may not exceed the problem's budget (${formatWan(problem.budget_max)})`,
    );
  await checkPartners(ctx, organisationId, input.partners);
  input.attachments = await storedFiles(
    ctx.db,
    {
      subjectType: 'challenge_bid',
      subjectId: bidFolderId(problemId, organisationId),
      field: 'attachments',
      label: { zh: '本单位的揭榜材料', en: "your bid's files" },
    },
    input.attachments,
  );
  const entitlement = await entitlementFor(ctx, ctx.db, organisationId, list, input.amount);
  if (entitlement.outcome === 'ineligible')
    throw new InputError([
      {
        path: 'organisation',
        rule: 'not_eligible',
        zh: `不符合${entitlement.measureId}的揭榜条件：${entitlement.reasons.map((r) => r.zh).join('；')}`,
        en: `not eligible under ${entitlement.measureId}: ${entitlement.reasons.map((r) => r.en).join('; ')}`,
      },
    ]);
  const write = () =>
    ctx.db.transaction().execute(async (tx) => {
      const repo = new ChallengeBidRepository(tx);
      // Re-checked inside: the window may have closed while the request waited.
      await openProblem(ctx, tx, problemId);
      const live = await repo.liveBidOf(problemId, organisationId);
      const at = ctx.clock.now();
      let id: string;
      let version: number;
      if (live) {
        if (live.state !== 'submitted')
          throw conflict('bid_decided', { zh: '该揭榜方案已评定，不能修改', en: 'the bid has been decided' });
        checkVersion(input.version, live.version);
        const lockedBid = await repo.lockBid(live.id);
        const updated = await repo.updateBid(live.id, lockedBid!.version, {
          ...columns(input),
          submitted_at: at,
          updated_at: at,
        });
        id = updated.id;
        version = updated.version;
      } else {
        id = ctx.ids.next();
        version = 1;
        await repo.insertBid({
          id,
          problem_id: problemId,
          organisation_id: organisationId,
          state: 'submitted',
          ...columns(input),
          submitted_at: at,
          created_by: user.id,
          created_at: at,
          updated_at: at,
        });
      }
      await repo.insertVersion({
        bid_id: id,
        organisation_id: organisationId,
        version,
        snapshot: JSON.stringify(input),
        saved_at: at,
      });
      await audit(ctx, tx, user, id, live ? 'revise' : 'submit', {
        clause: clauseOf(ctx, list.basis_measure_id),
        problemId,
        organisationId,
        version,
        amount: input.amount,
      });
      return { bid: (await repo.getBid(id))!, revised: !!live };
    });
  let result: Awaited<ReturnType<typeof write>>;
  try {
    result = await write();
  } catch (error) {
    // Two first bids at once: the unique index let one in; the other becomes its revision.
    if (!isUniqueViolation(error)) throw error;
    result = await write();
  }
  return { bid: toBidView(result.bid), entitlement, revised: result.revised };
}

function columns(input: BidInput) {
  return {
    amount: input.amount,
    plan: input.plan,
    team: input.team,
    partners: [...new Set(input.partners)],
    milestones: JSON.stringify(input.milestones),
    attachments: JSON.stringify(input.attachments),
  };
}

async function checkPartners(ctx: ChallengeContext, lead: string, partners: string[]): Promise<void> {
  const registry = new OrganisationRepository(ctx.db);
  for (const [i, id] of partners.entries()) {
    if (id === lead)
      throw inputError(
        `partners.${i}`,
        'is_lead',
        '牵头单位不必列为联合体成员',
        'the lead is not its own partner',
      );
    if (!(await registry.get(id)))
      throw inputError(
        `partners.${i}`,
        'not_in_registry',
        '联合体成员不在名录中',
        'the partner is not in the registry',
      );
  }
}

async function audit(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser,
  bidId: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await ctx.record(tx, user, `challenges.bid.${action}`, `challenge_bid:${bidId}`, detail);
}
