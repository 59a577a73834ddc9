/**
 * Plan monitoring: observations (append-only revisions), officers' settings per target, the last
 * status seen per target, and the read-only queries the plan makes of other rooms' tables (valid
 * qualifications on a date). The only code that writes SQL for these tables.
 */
import { type Insertable, sql } from 'kysely';
import type { Executor } from '../schema.ts';
import type {
  PlanObservationRow,
  PlanObservationsTable,
  PlanSettingsRow,
  PlanStateRow,
} from '../tables/plan.ts';

export class PlanRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Serialises writes and evaluations of one target until the transaction ends (revisions are
   * numbered, and the last-seen status compared, one at a time). Works on PGlite too.
   */
  async lockTarget(targetId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`plan:${targetId}`}))`.execute(this.db);
  }

  async insertObservation(row: Insertable<PlanObservationsTable>): Promise<void> {
    await this.db.insertInto('plan_observations').values(row).execute();
  }

  /** The latest revision of one period (withdrawn or not), or undefined. */
  async latestRevision(targetId: string, period: string): Promise<PlanObservationRow | undefined> {
    return this.db
      .selectFrom('plan_observations')
      .selectAll()
      .where('target_id', '=', targetId)
      .where('period', '=', period)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The current value of every period (its latest revision, withdrawn ones excluded). */
  async currentObservations(targetIds?: readonly string[]): Promise<PlanObservationRow[]> {
    if (targetIds && targetIds.length === 0) return [];
    let q = this.db
      .selectFrom('plan_observations')
      .selectAll()
      .distinctOn(['target_id', 'period'])
      .orderBy('target_id')
      .orderBy('period')
      .orderBy('revision', 'desc');
    if (targetIds) q = q.where('target_id', 'in', targetIds);
    const rows = await q.execute();
    return rows.filter((r) => !r.withdrawn);
  }

  /** Every revision of one period, newest first. */
  async history(targetId: string, period: string): Promise<PlanObservationRow[]> {
    return this.db
      .selectFrom('plan_observations')
      .selectAll()
      .where('target_id', '=', targetId)
      .where('period', '=', period)
      .orderBy('revision', 'desc')
      .execute();
  }

  async hasDemoObservations(): Promise<boolean> {
    const row = await this.db
      .selectFrom('plan_observations')
      .select('id')
      .where('channel', '=', 'demo')
      .limit(1)
      .executeTakeFirst();
    return Boolean(row);
  }

  async settings(): Promise<PlanSettingsRow[]> {
    return this.db.selectFrom('plan_target_settings').selectAll().orderBy('target_id').execute();
  }

  async upsertSettings(row: {
    target_id: string;
    department: string | null;
    band_tolerance: number | null;
    updated_by: string;
    updated_at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('plan_target_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('target_id').doUpdateSet({
          department: row.department,
          band_tolerance: row.band_tolerance,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async state(targetId: string): Promise<PlanStateRow | undefined> {
    return this.db
      .selectFrom('plan_target_state')
      .selectAll()
      .where('target_id', '=', targetId)
      .executeTakeFirst();
  }

  async saveState(row: PlanStateRow): Promise<void> {
    await this.db
      .insertInto('plan_target_state')
      .values(row)
      .onConflict((oc) =>
        oc.column('target_id').doUpdateSet({
          status: row.status,
          as_of: row.as_of,
          latest_period: row.latest_period,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  /**
   * Organisations holding any of `codes` on the day `on` (valid_from ≤ on ≤ valid_to, open-ended when
   * valid_to is null), optionally only those in `city`. Each organisation counts once.
   */
  async countValidQualifications(q: {
    codes: readonly string[];
    city: string | null;
    on: string;
  }): Promise<number> {
    if (q.codes.length === 0) return 0;
    let query = this.db
      .selectFrom('organisation_qualifications as q')
      .innerJoin('organisations as o', 'o.id', 'q.organisation_id')
      .select(sql<number>`count(distinct q.organisation_id)::int`.as('n'))
      .where('q.code', 'in', q.codes)
      .where('q.valid_from', '<=', q.on)
      .where((eb) => eb.or([eb('q.valid_to', 'is', null), eb('q.valid_to', '>=', q.on)]));
    if (q.city) query = query.where('o.city', '=', q.city);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
