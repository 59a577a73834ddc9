/**
 * Reading lists and problems. Published lists and the problems on them are public (公示): anyone can
 * browse and search without signing in, see each list's version history and its chart (problems, bids
 * per problem, money awarded against the budget offered). Drafts, submitted problems and review notes
 * are for their organisation and the officers.
 */
import { PUBLIC_PROBLEM_STATES } from '../../core/challenges/states.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, isStaff, notFound } from './context.ts';
import { type ListView, type ProblemView, toListView, toProblemView } from './views.ts';

export interface ListDetail extends ListView {
  versions: { version: number; note: string | null; changedAt: string }[];
  /**
   * The list's chart (issue 11·7). To the public, bids per problem are counted only once the window has
   * closed (null before: even how many compete stays sealed while bidding is open), and the money
   * awarded only once something is awarded (null before); officers and auditors always see both.
   */
  chart: {
    problems: number;
    bidsPerProblem: { problemId: string; title: string; bids: number | null }[];
    budgetOffered: number;
    awarded: number | null;
  };
}

/** Public: a published list, or one cancelled after it was published (shown as cancelled, with the reason). */
const wasPublic = (row: { state: string; published_at: Date | string | null }) =>
  row.state === 'published' || (row.state === 'cancelled' && row.published_at !== null);

export async function browseLists(ctx: ChallengeContext, user: SessionUser | null): Promise<ListView[]> {
  const staff = isStaff(user);
  const rows = await new ChallengeListRepository(ctx.db).lists(
    staff ? undefined : ['published', 'cancelled'],
  );
  return rows.filter((r) => staff || wasPublic(r)).map((r) => toListView(r, ctx.policy, ctx.today()));
}

export async function getList(
  ctx: ChallengeContext,
  user: SessionUser | null,
  id: string,
): Promise<ListDetail> {
  const repo = new ChallengeListRepository(ctx.db);
  const row = await repo.getList(id);
  if (!row || (!wasPublic(row) && !isStaff(user))) throw notFound('list');
  const { items } = await repo.findProblems({
    listId: id,
    // A cancelled list still shows what was on it (each problem cancelled with it).
    states: row.state === 'cancelled' ? [...PUBLIC_PROBLEM_STATES, 'cancelled'] : PUBLIC_PROBLEM_STATES,
    limit: 500,
    offset: 0,
  });
  const counts = new Map(
    (await new ChallengeBidRepository(ctx.db).bidCounts(id)).map((c) => [c.problem_id, c.n]),
  );
  const versions = await repo.listVersions(id);
  const staff = isStaff(user);
  const counted = staff || ctx.today() > row.closes_on;
  const awarded = await new ChallengeProjectRepository(ctx.db).awardedOn(id);
  return {
    ...toListView(row, ctx.policy, ctx.today()),
    versions: versions.map((v) => ({
      version: v.version,
      note: v.note,
      changedAt: new Date(v.changed_at).toISOString(),
    })),
    chart: {
      problems: items.length,
      bidsPerProblem: items.map((p) => ({
        problemId: p.id,
        title: p.title,
        bids: counted ? (counts.get(p.id) ?? 0) : null,
      })),
      budgetOffered: items.reduce((a, p) => a + p.budget_max, 0),
      awarded: staff || awarded > 0 ? awarded : null,
    },
  };
}

/**
 * Problems: public ones (on a published list) for anyone, searchable by text and sector; with `mine`,
 * the caller's organisation's in any state; officers and auditors may ask for any state.
 */
export async function findProblems(
  ctx: ChallengeContext,
  user: SessionUser | null,
  q: {
    listId?: string;
    q?: string;
    sector?: string;
    states?: string[];
    mine?: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ items: ProblemView[]; total: number }> {
  const repo = new ChallengeListRepository(ctx.db);
  const mine = q.mine && user?.organisationId ? user.organisationId : undefined;
  const staff = isStaff(user);
  let states = q.states?.length ? q.states : undefined;
  // A list cancelled after publication still shows, on its own page, what was on it (cancelled with it).
  const cancelledList =
    !mine && !staff && q.listId
      ? await repo.getList(q.listId).then((l) => (l?.state === 'cancelled' && wasPublic(l) ? l : null))
      : null;
  const shown: readonly string[] = cancelledList
    ? [...PUBLIC_PROBLEM_STATES, 'cancelled']
    : PUBLIC_PROBLEM_STATES;
  if (!mine && !staff) states = (states ?? shown).filter((s) => shown.includes(s));
  const { items, total } = await repo.findProblems({
    listId: q.listId,
    organisationId: mine,
    states,
    q: q.q,
    sector: q.sector,
    publishedOnly: !mine && !staff && !cancelledList,
    limit: q.limit,
    offset: q.offset,
  });
  const actor = staff && user?.role !== 'auditor' ? 'officer' : mine ? 'poser' : null;
  return { items: items.map((p) => toProblemView(p, actor)), total };
}

export async function getProblem(
  ctx: ChallengeContext,
  user: SessionUser | null,
  id: string,
): Promise<ProblemView> {
  const repo = new ChallengeListRepository(ctx.db);
  const row = await repo.getProblem(id);
  if (!row) throw notFound('problem');
  const own = user?.role === 'enterprise' && user.organisationId === row.organisation_id;
  if (own) return toProblemView(row, 'poser');
  if (isStaff(user)) return toProblemView(row, user?.role === 'auditor' ? null : 'officer');
  const list = row.list_id ? await repo.getList(row.list_id) : undefined;
  const visible =
    list?.state === 'published'
      ? PUBLIC_PROBLEM_STATES.includes(row.state as never)
      : !!list &&
        wasPublic(list) &&
        (row.state === 'cancelled' || PUBLIC_PROBLEM_STATES.includes(row.state as never));
  if (!visible) throw notFound('problem');
  return toProblemView(row, null);
}
