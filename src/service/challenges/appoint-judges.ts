/**
 * An officer appoints the panel of a problem: 评审专家 (role expert) and scorers of the poser (出题方阅卷).
 * Each judge is checked for conflicts of interest against the poser, every live bidder and their
 * partners (core/challenges/conflicts.ts): the same organisation (users.affiliation_organisation_id),
 * the same group (registry parent/shareholder links by USCC) or a relation the judge declared. A
 * conflicted judge is recorded as blocked, with the reasons, and never sees the bids. Re-appointing is
 * idempotent and re-checks (a bid may have come in since). The officer who appoints does not judge.
 */
import { conflictsOf, type Party } from '../../core/challenges/conflicts.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import {
  type ChallengeContext,
  clauseOf,
  conflict,
  inputError,
  isStaff,
  notFound,
  requireOfficer,
} from './context.ts';
import { appointSchema } from './schemas.ts';
import { type ProblemView, toProblemView } from './views.ts';

export interface JudgeView {
  userId: string;
  username: string;
  displayName: string;
  kind: 'expert' | 'poser';
  blocked: boolean;
  conflicts: { organisationId: string; role: string; reason: string; text: { zh: string; en: string } }[];
}

async function groupKey(registry: OrganisationRepository, id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await registry.groupUsccs(id))[0] ?? null;
}

/** The parties of a problem: the poser, each live bidder and its partners, with their group keys. */
export async function partiesOf(db: Executor, problemId: string, posterId: string): Promise<Party[]> {
  const registry = new OrganisationRepository(db);
  const bids = await new ChallengeBidRepository(db).bidsOf(problemId);
  const out: Party[] = [
    { organisationId: posterId, groupKey: await groupKey(registry, posterId), role: 'poser' },
  ];
  for (const b of bids.filter((x) => x.state !== 'withdrawn')) {
    out.push({
      organisationId: b.organisation_id,
      groupKey: await groupKey(registry, b.organisation_id),
      role: 'bidder',
      name: b.organisation_name,
    });
    for (const p of b.partners)
      out.push({ organisationId: p, groupKey: await groupKey(registry, p), role: 'partner' });
  }
  return out;
}

export async function appointJudges(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
  raw: unknown,
): Promise<JudgeView[]> {
  requireOfficer(user);
  const body = parseOrThrow(appointSchema, raw);
  return ctx.db.transaction().execute(async (tx) => {
    const lists = new ChallengeListRepository(tx);
    const problem = await lists.lockProblem(problemId);
    if (!problem) throw notFound('problem');
    if (!['listed', 'judging'].includes(problem.state))
      throw conflict('not_judgeable', {
        zh: '题目不在揭榜或评审阶段',
        en: 'the problem is not open or in judging',
      });
    const list = await lists.getList(problem.list_id!);
    const users = new UserRepository(tx);
    const registry = new OrganisationRepository(tx);
    const bids = new ChallengeBidRepository(tx);
    const parties = await partiesOf(tx, problemId, problem.organisation_id);
    const wanted = [
      ...body.experts.map((id, i) => ({ id, kind: 'expert' as const, path: `experts.${i}` })),
      ...body.poserScorers.map((id, i) => ({ id, kind: 'poser' as const, path: `poserScorers.${i}` })),
    ];
    for (const w of wanted) {
      if (w.id === user.id)
        throw inputError(
          w.path,
          'separation',
          '职责分离：任命评审的工作人员不能自任评审',
          'the appointing officer may not judge',
        );
      const u = await users.byId(w.id);
      if (!u || u.disabled) throw inputError(w.path, 'not_found', '未找到该用户', 'no such user');
      if (w.kind === 'expert' && u.role !== 'expert')
        throw inputError(
          w.path,
          'not_expert',
          '须为评审专家（角色 expert）',
          'must be a user with role expert',
        );
      if (w.kind === 'poser' && u.organisation_id !== problem.organisation_id)
        throw inputError(
          w.path,
          'not_poser',
          '须为出题单位的用户',
          'must be a user of the poser organisation',
        );
      // The poser's own scorers work for the poser by design: only bidders count against them.
      const against = w.kind === 'poser' ? parties.filter((p) => p.role !== 'poser') : parties;
      const employer = w.kind === 'poser' ? u.organisation_id : u.affiliation_organisation_id;
      const declared = (await bids.declarations(u.id)).map((d) => ({
        organisationId: d.organisation_id,
        note: d.note,
      }));
      const found = conflictsOf(
        {
          userId: u.id,
          organisationId: employer,
          groupKey: await groupKey(registry, employer),
          declared,
          kind: w.kind,
        },
        against,
      );
      await bids.upsertJudge({
        problem_id: problemId,
        user_id: u.id,
        kind: w.kind,
        blocked: found.length > 0,
        conflicts: JSON.stringify(found),
        appointed_by: user.username,
        appointed_at: ctx.clock.now(),
      });
      await ctx.record(
        tx,
        user,
        found.length > 0 ? 'challenges.judge.blocked' : 'challenges.judge.appoint',
        `challenge_problem:${problemId}`,
        {
          clause: list ? clauseOf(ctx, list.basis_measure_id) : null,
          judge: u.username,
          kind: w.kind,
          ...(found.length > 0
            ? {
                conflicts: found.map((c) => ({
                  reason: c.reason,
                  organisationId: c.organisationId,
                  text: c.text.zh,
                })),
              }
            : {}),
        },
      );
    }
    return panelOf(tx, problemId);
  });
}

export async function panelOf(db: Executor, problemId: string): Promise<JudgeView[]> {
  return (await new ChallengeBidRepository(db).judges(problemId)).map((j) => ({
    userId: j.user_id,
    username: j.username,
    displayName: j.display_name,
    kind: j.kind,
    blocked: j.blocked,
    conflicts: j.conflicts,
  }));
}

/** The panel of a problem (officers and auditors; a judge sees its own entry via the scoring sheet). */
export async function readPanel(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
): Promise<JudgeView[]> {
  if (!isStaff(user)) throw notFound('problem');
  return panelOf(ctx.db, problemId);
}

/**
 * The problems a judge sits on, with their own block if any and their own submitted sheets (the
 * judge's scoring page shows a sheet read-only once sent), and the relations they declared.
 */
export async function myPanels(
  ctx: ChallengeContext,
  user: SessionUser,
): Promise<{
  items: {
    problem: ProblemView;
    blocked: boolean;
    conflicts: JudgeView['conflicts'];
    sheets: { bidId: string; scores: Record<string, number>; comment: string | null; scoredAt: string }[];
  }[];
  declarations: { organisationId: string; note: string }[];
}> {
  const bids = new ChallengeBidRepository(ctx.db);
  const rows = await bids.panelsOf(user.id);
  const lists = new ChallengeListRepository(ctx.db);
  const items = [];
  for (const r of rows) {
    const p = await lists.getProblem(r.problem_id);
    if (!p) continue;
    const sheets = (await bids.scores(p.id))
      .filter((s) => s.judge_id === user.id)
      .map((s) => ({
        bidId: s.bid_id,
        scores: s.scores,
        comment: s.comment,
        scoredAt: new Date(s.scored_at).toISOString(),
      }));
    items.push({ problem: toProblemView(p, null), blocked: r.blocked, conflicts: r.conflicts, sheets });
  }
  const declarations = (await bids.declarations(user.id)).map((d) => ({
    organisationId: d.organisation_id,
    note: d.note,
  }));
  return { items, declarations };
}
