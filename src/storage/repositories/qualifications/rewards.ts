/**
 * First-time reward notices (001·十), the officers' threshold parameters and the ledger's settings.
 * A reward row is keyed by (organisation, measure): inserting one that exists does nothing, so a firm
 * is told once per tier whatever raises it (a ledger write, the daily scan, a retry).
 */
import { sql } from 'kysely';
import type { Executor } from '../../schema.ts';
import type { RewardStatus } from '../../tables/qualifications.ts';

export interface RewardRow {
  organisation_id: string;
  measure_id: string;
  code: string;
  reached_on: string;
  status: RewardStatus;
  amount_min: number | null;
  amount_max: number | null;
  reasons: { zh: string; en: string }[];
  adopt: Record<string, string>;
  application_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Inserts the reward decision unless one exists for (organisation, measure); true when inserted. */
export async function insertRewardOnce(ex: Executor, row: RewardRow): Promise<boolean> {
  const r = await ex
    .insertInto('qualification_rewards')
    .values({ ...row, reasons: JSON.stringify(row.reasons), adopt: JSON.stringify(row.adopt) })
    .onConflict((oc) => oc.columns(['organisation_id', 'measure_id']).doNothing())
    .returning('measure_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function getReward(
  ex: Executor,
  organisationId: string,
  measureId: string,
  lock = false,
): Promise<RewardRow | undefined> {
  let q = ex
    .selectFrom('qualification_rewards')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('measure_id', '=', measureId);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as RewardRow | undefined;
}

export async function listRewards(
  ex: Executor,
  q: { organisationId?: string; status?: RewardStatus; limit: number; offset: number },
): Promise<{ rows: (RewardRow & { uscc: string; name: string })[]; total: number }> {
  let base = ex
    .selectFrom('qualification_rewards as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id');
  if (q.organisationId) base = base.where('r.organisation_id', '=', q.organisationId);
  if (q.status) base = base.where('r.status', '=', q.status);
  const [rows, count] = await Promise.all([
    base
      .selectAll('r')
      .select(['o.uscc', 'o.name'])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.measure_id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as (RewardRow & { uscc: string; name: string })[], total: Number(count.n) };
}

export async function setRewardStatus(
  ex: Executor,
  organisationId: string,
  measureId: string,
  status: RewardStatus,
  at: Date,
  applicationId?: string,
): Promise<void> {
  await ex
    .updateTable('qualification_rewards')
    .set({ status, updated_at: at, ...(applicationId && { application_id: applicationId }) })
    .where('organisation_id', '=', organisationId)
    .where('measure_id', '=', measureId)
    .execute();
}

/** Organisations whose first holding of `code` started in [from, to] and that have no reward row for the measure. */
export async function firstReachedWithoutReward(
  ex: Executor,
  q: { code: string; measureId: string; from: string | null; to: string; limit: number },
): Promise<{ organisation_id: string; first: string }[]> {
  const from = q.from ? sql`and f.first >= ${q.from}::date` : sql``;
  const rows = await sql<{ organisation_id: string; first: string }>`
    select f.organisation_id, f.first from (
      select q.organisation_id, min(q.valid_from) as first from organisation_qualifications q
       where q.code = ${q.code} group by q.organisation_id) f
     where f.first <= ${q.to}::date ${from}
       and not exists (select 1 from qualification_rewards r
                        where r.organisation_id = f.organisation_id and r.measure_id = ${q.measureId})
     order by f.first, f.organisation_id limit ${q.limit}`.execute(ex);
  return rows.rows;
}

// ── Officer parameters ───────────────────────────────────────────────────────────────────────────

export interface ParameterRow {
  kind: string;
  criterion: string;
  revision: number;
  value: number | null;
  source: string;
  note: string | null;
  set_by: string;
  set_at: Date;
}

/** The latest revision of every parameter (cleared ones included, with value null). */
export async function currentParameters(ex: Executor): Promise<ParameterRow[]> {
  const rows = await sql<ParameterRow>`
    select distinct on (kind, criterion) * from qualification_parameters
     order by kind, criterion, revision desc`.execute(ex);
  return rows.rows;
}

export async function parameterHistory(
  ex: Executor,
  kind: string,
  criterion: string,
): Promise<ParameterRow[]> {
  return (await ex
    .selectFrom('qualification_parameters')
    .selectAll()
    .where('kind', '=', kind)
    .where('criterion', '=', criterion)
    .orderBy('revision', 'desc')
    .execute()) as ParameterRow[];
}

export async function appendParameter(
  ex: Executor,
  row: Omit<ParameterRow, 'revision'>,
): Promise<ParameterRow> {
  const last = await ex
    .selectFrom('qualification_parameters')
    .select((eb) => eb.fn.max('revision').as('r'))
    .where('kind', '=', row.kind)
    .where('criterion', '=', row.criterion)
    .executeTakeFirst();
  const revision = Number(last?.r ?? 0) + 1;
  await ex
    .insertInto('qualification_parameters')
    .values({ ...row, revision })
    .execute();
  return { ...row, revision };
}

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function getSetting<T>(
  ex: Executor,
  key: string,
): Promise<{ value: T; updatedBy: string; updatedAt: Date } | null> {
  const row = await ex
    .selectFrom('qualification_settings')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { value: row.value as T, updatedBy: row.updated_by, updatedAt: row.updated_at } : null;
}

export async function putSetting(
  ex: Executor,
  key: string,
  value: unknown,
  by: string,
  at: Date,
): Promise<void> {
  await ex
    .insertInto('qualification_settings')
    .values({ key, value: JSON.stringify(value), updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: by, updated_at: at }),
    )
    .execute();
}
