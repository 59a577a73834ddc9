/**
 * 揭榜挂帅 lists and problems (migration 0013_challenges): the only code that writes SQL for them.
 * Services pass validated values; JSON columns are written as JSON text.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../schema.ts';
import type {
  ChallengeListsTable,
  ChallengeProblemsTable,
  ListRow,
  ProblemRow,
} from '../../tables/challenges.ts';
import { isUuid } from '../organisations.ts';
import { written } from './written.ts';

export type ListPatch = Omit<Updateable<ChallengeListsTable>, 'id' | 'version' | 'created_at'>;
export type ProblemPatch = Omit<Updateable<ChallengeProblemsTable>, 'id' | 'version' | 'created_at'>;
export type ProblemWithOrg = ProblemRow & { organisation_name: string };

export interface ProblemFilter {
  listId?: string;
  organisationId?: string;
  states?: readonly string[];
  q?: string;
  sector?: string;
  /** Only problems on a published list (the public view). */
  publishedOnly?: boolean;
  limit: number;
  offset: number;
}

export class ChallengeListRepository {
  constructor(private readonly db: Executor) {}

  async insertList(row: Insertable<ChallengeListsTable>): Promise<void> {
    await this.db.insertInto('challenge_lists').values(row).execute();
  }

  async getList(id: string): Promise<ListRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('challenge_lists').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lockList(id: string): Promise<ListRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('challenge_lists')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Writes a change if the version is the one read; bumps the version. */
  async updateList(id: string, version: number, patch: ListPatch): Promise<ListRow> {
    return this.db
      .updateTable('challenge_lists')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst()
      .then(written);
  }

  async lists(states?: readonly string[]): Promise<ListRow[]> {
    let q = this.db.selectFrom('challenge_lists').selectAll();
    if (states?.length) q = q.where('state', 'in', [...states]);
    return q.orderBy('opens_on', 'desc').orderBy('id').execute();
  }

  async insertListVersion(row: {
    list_id: string;
    version: number;
    note: string | null;
    snapshot: string;
    changed_by: string;
    changed_at: Date;
  }): Promise<void> {
    await this.db.insertInto('challenge_list_versions').values(row).execute();
  }

  async listVersions(listId: string) {
    return this.db
      .selectFrom('challenge_list_versions')
      .selectAll()
      .where('list_id', '=', listId)
      .orderBy('version')
      .execute();
  }

  // ——— problems ———

  async insertProblem(row: Insertable<ChallengeProblemsTable>): Promise<void> {
    await this.db.insertInto('challenge_problems').values(row).execute();
  }

  private problems() {
    return this.db
      .selectFrom('challenge_problems as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .selectAll('p')
      .select('o.name as organisation_name');
  }

  async getProblem(id: string): Promise<ProblemWithOrg | undefined> {
    if (!isUuid(id)) return undefined;
    return this.problems().where('p.id', '=', id).executeTakeFirst();
  }

  async lockProblem(id: string): Promise<ProblemRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('challenge_problems')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateProblem(id: string, version: number, patch: ProblemPatch): Promise<ProblemRow> {
    return this.db
      .updateTable('challenge_problems')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst()
      .then(written);
  }

  async findProblems(f: ProblemFilter): Promise<{ items: ProblemWithOrg[]; total: number }> {
    let q = this.problems();
    if (f.listId) q = q.where('p.list_id', '=', f.listId);
    if (f.organisationId) q = q.where('p.organisation_id', '=', f.organisationId);
    if (f.states?.length) q = q.where('p.state', 'in', [...f.states]);
    if (f.sector) q = q.where('p.sector', '=', f.sector);
    if (f.publishedOnly)
      q = q.where('p.list_id', 'in', (eb) =>
        eb.selectFrom('challenge_lists').select('id').where('state', '=', 'published'),
      );
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('p.title', 'ilike', like), eb('p.need', 'ilike', like)]));
    }
    const total = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const items = await q
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total: total.n };
  }

  /** Every problem on a list, in any state, locked (a list's cancellation changes them all at once). */
  async lockProblemsOn(listId: string): Promise<ProblemRow[]> {
    return this.db
      .selectFrom('challenge_problems')
      .selectAll()
      .where('list_id', '=', listId)
      .orderBy('created_at')
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  /** Problems per list and state (the list's chart). */
  async problemCounts(listId: string): Promise<{ state: string; n: number }[]> {
    return this.db
      .selectFrom('challenge_problems')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .where('list_id', '=', listId)
      .groupBy('state')
      .execute();
  }
}
