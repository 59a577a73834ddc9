/**
 * 揭榜 bids, their versions, the judging panel, declarations and score sheets (migration 0013). Sealed
 * reading is the service's rule; this file only answers what it is asked.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../schema.ts';
import type {
  BidRow,
  ChallengeBidsTable,
  ChallengeJudgesTable,
  JudgeRow,
  ScoreRow,
} from '../../tables/challenges.ts';
import { isUuid } from '../organisations.ts';
import { written } from './written.ts';

export type BidPatch = Omit<Updateable<ChallengeBidsTable>, 'id' | 'version' | 'created_at'>;
export type BidWithOrg = BidRow & { organisation_name: string };

export class ChallengeBidRepository {
  constructor(private readonly db: Executor) {}

  private bids() {
    return this.db
      .selectFrom('challenge_bids as b')
      .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
      .selectAll('b')
      .select('o.name as organisation_name');
  }

  async insertBid(row: Insertable<ChallengeBidsTable>): Promise<void> {
    await this.db.insertInto('challenge_bids').values(row).execute();
  }

  async getBid(id: string): Promise<BidWithOrg | undefined> {
    if (!isUuid(id)) return undefined;
    return this.bids().where('b.id', '=', id).executeTakeFirst();
  }

  async lockBid(id: string): Promise<BidRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('challenge_bids')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateBid(id: string, version: number, patch: BidPatch): Promise<BidRow> {
    return this.db
      .updateTable('challenge_bids')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst()
      .then(written);
  }

  async bidsOf(problemId: string, states?: readonly string[]): Promise<BidWithOrg[]> {
    let q = this.bids().where('b.problem_id', '=', problemId);
    if (states?.length) q = q.where('b.state', 'in', [...states]);
    return q.orderBy('b.submitted_at').orderBy('b.id').execute();
  }

  async liveBidOf(problemId: string, organisationId: string): Promise<BidRow | undefined> {
    return this.db
      .selectFrom('challenge_bids')
      .selectAll()
      .where('problem_id', '=', problemId)
      .where('organisation_id', '=', organisationId)
      .where('state', '<>', 'withdrawn')
      .executeTakeFirst();
  }

  async bidsByOrganisation(organisationId: string): Promise<BidWithOrg[]> {
    return this.bids()
      .where('b.organisation_id', '=', organisationId)
      .orderBy('b.created_at', 'desc')
      .execute();
  }

  /** Bids per problem of a list (its chart; counts only, never contents). */
  async bidCounts(listId: string): Promise<{ problem_id: string; n: number }[]> {
    return this.db
      .selectFrom('challenge_bids as b')
      .innerJoin('challenge_problems as p', 'p.id', 'b.problem_id')
      .select(['b.problem_id', sql<number>`count(*)::int`.as('n')])
      .where('p.list_id', '=', listId)
      .where('b.state', '<>', 'withdrawn')
      .groupBy('b.problem_id')
      .execute();
  }

  async insertVersion(row: {
    bid_id: string;
    organisation_id: string;
    version: number;
    snapshot: string;
    saved_at: Date;
  }): Promise<void> {
    await this.db.insertInto('challenge_bid_versions').values(row).execute();
  }

  async versions(bidId: string) {
    return this.db
      .selectFrom('challenge_bid_versions')
      .selectAll()
      .where('bid_id', '=', bidId)
      .orderBy('version')
      .execute();
  }

  // ——— judging ———

  async upsertJudge(row: Insertable<ChallengeJudgesTable>): Promise<void> {
    await this.db
      .insertInto('challenge_judges')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['problem_id', 'user_id']).doUpdateSet({
          blocked: row.blocked ?? false,
          conflicts: row.conflicts ?? '[]',
        }),
      )
      .execute();
  }

  async judges(problemId: string): Promise<(JudgeRow & { username: string; display_name: string })[]> {
    return this.db
      .selectFrom('challenge_judges as j')
      .innerJoin('users as u', 'u.id', 'j.user_id')
      .selectAll('j')
      .select(['u.username', 'u.display_name'])
      .where('j.problem_id', '=', problemId)
      .orderBy('j.appointed_at')
      .orderBy('u.username')
      .execute();
  }

  async judgeOf(problemId: string, userId: string): Promise<JudgeRow | undefined> {
    if (!isUuid(userId)) return undefined;
    return this.db
      .selectFrom('challenge_judges')
      .selectAll()
      .where('problem_id', '=', problemId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The panels a user sits on (blocked or not), oldest appointment first. */
  async panelsOf(userId: string): Promise<JudgeRow[]> {
    if (!isUuid(userId)) return [];
    return this.db
      .selectFrom('challenge_judges')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('appointed_at')
      .orderBy('problem_id')
      .execute();
  }

  async declarations(userId: string) {
    return this.db.selectFrom('challenge_declarations').selectAll().where('user_id', '=', userId).execute();
  }

  async declare(row: {
    user_id: string;
    organisation_id: string;
    note: string;
    declared_at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('challenge_declarations')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ note: row.note }))
      .execute();
  }

  /** One sheet per judge and bid: a retry or a correction replaces it (idempotent). */
  async upsertScore(row: {
    bid_id: string;
    judge_id: string;
    problem_id: string;
    scores: string;
    comment: string | null;
    scored_at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('challenge_scores')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['bid_id', 'judge_id'])
          .doUpdateSet({ scores: row.scores, comment: row.comment, scored_at: row.scored_at }),
      )
      .execute();
  }

  async scores(problemId: string): Promise<ScoreRow[]> {
    return this.db
      .selectFrom('challenge_scores')
      .selectAll()
      .where('problem_id', '=', problemId)
      .orderBy('bid_id')
      .orderBy('judge_id')
      .execute();
  }
}
