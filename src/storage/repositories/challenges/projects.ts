/** 揭榜 projects and their milestones (验收, tranches) (migration 0013). */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../schema.ts';
import type {
  ChallengeMilestonesTable,
  ChallengeProjectsTable,
  MilestoneRow,
  ProjectRow,
} from '../../tables/challenges.ts';
import { isUuid } from '../organisations.ts';
import { written } from './written.ts';

export type ProjectPatch = Omit<Updateable<ChallengeProjectsTable>, 'id' | 'version' | 'created_at'>;
export type MilestonePatch = Omit<Updateable<ChallengeMilestonesTable>, 'project_id' | 'seq' | 'version'>;

export class ChallengeProjectRepository {
  constructor(private readonly db: Executor) {}

  async insertProject(row: Insertable<ChallengeProjectsTable>): Promise<void> {
    await this.db.insertInto('challenge_projects').values(row).execute();
  }

  async insertMilestones(rows: Insertable<ChallengeMilestonesTable>[]): Promise<void> {
    if (rows.length) await this.db.insertInto('challenge_milestones').values(rows).execute();
  }

  async getProject(id: string): Promise<ProjectRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('challenge_projects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lockProject(id: string): Promise<ProjectRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('challenge_projects')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async projectOfBid(bidId: string): Promise<ProjectRow | undefined> {
    return this.db
      .selectFrom('challenge_projects')
      .selectAll()
      .where('bid_id', '=', bidId)
      .executeTakeFirst();
  }

  async projectsOf(filter: {
    problemId?: string;
    organisationId?: string;
    listId?: string;
  }): Promise<ProjectRow[]> {
    let q = this.db.selectFrom('challenge_projects as j').selectAll('j');
    if (filter.problemId) q = q.where('j.problem_id', '=', filter.problemId);
    if (filter.organisationId) q = q.where('j.organisation_id', '=', filter.organisationId);
    if (filter.listId)
      q = q.where('j.problem_id', 'in', (eb) =>
        eb.selectFrom('challenge_problems').select('id').where('list_id', '=', filter.listId!),
      );
    return q.orderBy('j.created_at').orderBy('j.id').execute();
  }

  async updateProject(id: string, version: number, patch: ProjectPatch): Promise<ProjectRow> {
    return this.db
      .updateTable('challenge_projects')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst()
      .then(written);
  }

  async milestones(projectId: string): Promise<MilestoneRow[]> {
    return this.db
      .selectFrom('challenge_milestones')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('seq')
      .execute();
  }

  async updateMilestone(
    projectId: string,
    seq: number,
    version: number,
    patch: MilestonePatch,
  ): Promise<MilestoneRow> {
    return this.db
      .updateTable('challenge_milestones')
      .set({ ...patch, version: version + 1 })
      .where('project_id', '=', projectId)
      .where('seq', '=', seq)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst()
      .then(written);
  }

  /** Money awarded (approved or bid) per list: the list's chart. */
  async awardedOn(listId: string): Promise<number> {
    const row = await this.db
      .selectFrom('challenge_projects as j')
      .innerJoin('challenge_problems as p', 'p.id', 'j.problem_id')
      .select(sql<number>`coalesce(sum(j.amount), 0)::bigint`.as('n'))
      .where('p.list_id', '=', listId)
      .where('j.state', '<>', 'dropped')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
