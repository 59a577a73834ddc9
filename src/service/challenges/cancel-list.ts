/**
 * 撤销榜单: an officer cancels a draft or published list with the reason (core/challenges/states.ts:
 * draft | published → cancelled). Every problem still open on it (listed, being judged) is cancelled
 * (撤题) with the list's reason and its live bids are void (a cancelled problem voids its bids); each
 * bidder and poser is told through the inbox. Problems already decided stay as they were: one where
 * nobody won keeps its verdict; a list with an awarded problem (awarded, or 赛马 racing) is refused —
 * the award became an application with money committed and a 公示 behind it, which only that
 * workflow can undo; cancel the list's other problems one by one (撤题) instead. A published list stays
 * public as cancelled, with the reason; a draft never was public and stays hidden. All in one
 * transaction, audited with the list's clause.
 */
import { nextState, PROBLEM_MACHINE, type ProblemState } from '../../core/challenges/states.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, requireOfficer } from './context.ts';
import { cancelSchema } from './schemas.ts';
import { stepList, stepLockedProblem } from './steps.ts';
import { type ListView, toListView } from './views.ts';
import { voidLiveBids } from './withdraw-problem.ts';

/** Problems whose award cannot be undone by cancelling the list. */
const AWARDED: readonly string[] = ['awarded', 'racing'];

export async function cancelList(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ListView> {
  requireOfficer(user);
  const body = parseOrThrow(cancelSchema, raw);
  const reason = body.reason.trim();
  // Filled in by the work below; stepList writes it into the list's audit entry after the work.
  const detail: Record<string, unknown> = {};
  const row = await stepList(
    ctx,
    user,
    id,
    'cancel',
    { by: 'officer', reason, version: body.version, detail },
    async (tx, list) => {
      const repo = new ChallengeListRepository(tx);
      const problems = await repo.lockProblemsOn(list.id);
      const awarded = problems.filter((p) => AWARDED.includes(p.state));
      if (awarded.length > 0)
        throw conflict('has_awards', {
          zh: `榜单上已有${awarded.length}个题目确定揭榜单位（${awarded.map((p) => p.title).join('、')}），不能撤销榜单；可对其余题目逐一撤题`,
          en: `${awarded.length} problem(s) on the list have been awarded (${awarded.map((p) => p.title).join(', ')}): the list cannot be cancelled; cancel its other problems one by one`,
        });
      const cancelled: string[] = [];
      let voided = 0;
      for (const p of problems) {
        // Decided (no_award) or already ended (cancelled, withdrawn): left as it is.
        const step = nextState(PROBLEM_MACHINE, p.state as ProblemState, 'cancel', 'officer', reason);
        if (!step.ok && step.rule === 'not_allowed_in_state') continue;
        await stepLockedProblem(ctx, tx, user, p, 'cancel', {
          by: 'officer',
          reason,
          detail: { listId: list.id, byListCancel: true },
        });
        cancelled.push(p.id);
        voided += await voidLiveBids(ctx, tx, user, p.id, reason, (bid) => ({
          to: { organisationId: bid.organisation_id },
          kind: 'challenges.list_cancelled',
          subject: {
            zh: `榜单“${list.title}”已撤销，您对“${p.title}”的揭榜方案已作废`,
            en: `The list "${list.title}" was cancelled; your bid on "${p.title}" is void`,
          },
          body: { zh: `原因：${reason}`, en: `Reason: ${reason}` },
          link: `/challenges/lists/${list.id}`,
          ref: `challenge_bid:${bid.id}`,
          dedupeKey: `challenges.list_cancelled:${bid.id}`,
        }));
        await ctx.notify(tx, {
          to: { organisationId: p.organisation_id },
          kind: 'challenges.list_cancelled',
          subject: {
            zh: `榜单“${list.title}”已撤销，您的题目“${p.title}”随之撤题`,
            en: `The list "${list.title}" was cancelled, and with it your problem "${p.title}"`,
          },
          body: { zh: `原因：${reason}`, en: `Reason: ${reason}` },
          link: `/challenges/problems/${p.id}`,
          ref: `challenge_problem:${p.id}`,
          dedupeKey: `challenges.list_cancelled:${p.id}`,
        });
      }
      const at = ctx.clock.now();
      if (list.state === 'published')
        await repo.insertListVersion({
          list_id: list.id,
          version: list.version + 1,
          note: reason,
          snapshot: JSON.stringify({ cancelled: true, reason, problems: cancelled }),
          changed_by: user.username,
          changed_at: at,
        });
      Object.assign(detail, { problems: cancelled, bidsVoided: voided });
      return { cancel_reason: reason, cancelled_at: at };
    },
  );
  return toListView(row, ctx.policy, ctx.today());
}
