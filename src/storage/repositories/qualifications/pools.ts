/**
 * Cultivation pools: their definitions, members (with their service officer), the services given,
 * and the pool rule as SQL over the registry, the ledger and the yearly figures. The SQL selects
 * candidates and hands back the figures the distance is computed from (src/core/qualifications);
 * `maxUnmet`, which needs the distance, is applied by the caller. Metric tests are exact integer
 * comparisons (R&D × 10000 against rate × revenue), as the core compares ratios.
 */
import { type RawBuilder, sql } from 'kysely';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import type { MetricCode } from '../../../core/qualifications/metrics.ts';
import type { PoolRule } from '../../../core/qualifications/pools.ts';
import type { Executor } from '../../schema.ts';
import type { MemberStatus, ServiceKind } from '../../tables/qualifications.ts';

export interface PoolRow {
  id: string;
  name: string;
  description: string;
  target_kind: string;
  target_grade: string | null;
  rule: PoolRule;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export async function listPools(ex: Executor, activeOnly = false): Promise<PoolRow[]> {
  let q = ex.selectFrom('qualification_pools').selectAll();
  if (activeOnly) q = q.where('active', '=', true);
  return (await q.orderBy('created_at').orderBy('name').execute()) as unknown as PoolRow[];
}

export async function getPool(ex: Executor, id: string): Promise<PoolRow | undefined> {
  return (await ex
    .selectFrom('qualification_pools')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as unknown as PoolRow | undefined;
}

export async function poolByName(ex: Executor, name: string): Promise<PoolRow | undefined> {
  return (await ex
    .selectFrom('qualification_pools')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst()) as unknown as PoolRow | undefined;
}

export async function insertPool(ex: Executor, row: Omit<PoolRow, 'version'>): Promise<void> {
  await ex
    .insertInto('qualification_pools')
    .values({ ...row, rule: JSON.stringify(row.rule), version: 1 })
    .execute();
}

export async function updatePool(
  ex: Executor,
  id: string,
  patch: Partial<Pick<PoolRow, 'name' | 'description' | 'target_kind' | 'target_grade' | 'rule' | 'active'>>,
  at: Date,
): Promise<void> {
  await ex
    .updateTable('qualification_pools')
    .set((eb) => {
      const { rule, ...rest } = patch;
      return {
        ...rest,
        ...(rule && { rule: JSON.stringify(rule) }),
        version: eb('version', '+', 1),
        updated_at: at,
      };
    })
    .where('id', '=', id)
    .execute();
}

export interface MemberRow {
  organisation_id: string;
  pool_id: string;
  pool_name: string;
  officer_id: string | null;
  officer_name: string | null;
  officer_department: string | null;
  status: MemberStatus;
  enrolled_on: string;
  enrolled_by: string;
  left_on: string | null;
  outcome: string | null;
  note: string | null;
  uscc: string;
  name: string;
  city: string;
  services: number;
  last_service_on: string | null;
}

export async function listMembers(
  ex: Executor,
  q: {
    poolId?: string;
    organisationId?: string;
    status?: MemberStatus;
    officerId?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: MemberRow[]; total: number }> {
  const where = [
    q.poolId ? sql`m.pool_id = ${q.poolId}` : null,
    q.organisationId ? sql`m.organisation_id = ${q.organisationId}` : null,
    q.status ? sql`m.status = ${q.status}` : null,
    q.officerId ? sql`m.officer_id = ${q.officerId}` : null,
  ].filter((x): x is RawBuilder<unknown> => x !== null);
  const cond = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const [rows, count] = await Promise.all([
    sql<MemberRow>`
      select m.organisation_id, m.pool_id, p.name as pool_name, m.officer_id, u.display_name as officer_name, u.department as officer_department,
             m.status, m.enrolled_on, m.enrolled_by, m.left_on, m.outcome, m.note, o.uscc, o.name, o.city,
             (select count(*)::int from qualification_services s
               where s.organisation_id = m.organisation_id and s.pool_id = m.pool_id) as services,
             (select max(s.on_date) from qualification_services s
               where s.organisation_id = m.organisation_id and s.pool_id = m.pool_id) as last_service_on
        from qualification_pool_members m
        join organisations o on o.id = m.organisation_id
        join qualification_pools p on p.id = m.pool_id
        left join users u on u.id = m.officer_id
        ${cond}
       order by o.name, m.organisation_id, m.pool_id limit ${q.limit} offset ${q.offset}`.execute(ex),
    sql<{ n: number }>`select count(*)::int as n from qualification_pool_members m ${cond}`.execute(ex),
  ]);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

export async function getMember(ex: Executor, poolId: string, organisationId: string) {
  return ex
    .selectFrom('qualification_pool_members')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function upsertMember(
  ex: Executor,
  row: {
    organisation_id: string;
    pool_id: string;
    officer_id: string | null;
    status: MemberStatus;
    enrolled_on: string;
    enrolled_by: string;
    left_on: string | null;
    outcome: string | null;
    note: string | null;
    updated_at: Date;
  },
): Promise<void> {
  await ex
    .insertInto('qualification_pool_members')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'pool_id']).doUpdateSet({
        officer_id: row.officer_id,
        status: row.status,
        left_on: row.left_on,
        outcome: row.outcome,
        note: row.note,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function memberCounts(ex: Executor): Promise<Map<string, Record<MemberStatus, number>>> {
  const rows = await ex
    .selectFrom('qualification_pool_members')
    .select(['pool_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['pool_id', 'status'])
    .execute();
  const out = new Map<string, Record<MemberStatus, number>>();
  for (const r of rows) {
    const c = out.get(r.pool_id) ?? { active: 0, graduated: 0, left: 0 };
    c[r.status] = Number(r.n);
    out.set(r.pool_id, c);
  }
  return out;
}

export interface ServiceRow {
  organisation_id: string;
  id: string;
  pool_id: string | null;
  service: ServiceKind;
  on_date: string;
  officer: string;
  note: string;
  outcome: string | null;
  recorded_at: Date;
}

export async function insertService(ex: Executor, row: ServiceRow): Promise<void> {
  await ex.insertInto('qualification_services').values(row).execute();
}

export async function listServices(
  ex: Executor,
  q: { organisationId?: string; poolId?: string; limit: number },
): Promise<ServiceRow[]> {
  let query = ex.selectFrom('qualification_services').selectAll();
  if (q.organisationId) query = query.where('organisation_id', '=', q.organisationId);
  if (q.poolId) query = query.where('pool_id', '=', q.poolId);
  return (await query
    .orderBy('on_date', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(q.limit)
    .execute()) as ServiceRow[];
}

// ── The rule as SQL ────────────────────────────────────────────────────────────────────────────────

/** Figures of the three years a date reads (reference year and the two before), per candidate. */
export interface CandidateRow {
  id: string;
  uscc: string;
  name: string;
  city: string;
  y0_revenue: number | null;
  y0_rd: number | null;
  y0_employees: number | null;
  y1_revenue: number | null;
  y1_rd: number | null;
  y2_revenue: number | null;
  y2_rd: number | null;
}

const held = (day: IsoDate, codes: readonly string[]) => sql`exists (select 1 from qualification_spans s
   where s.organisation_id = o.id and s.code = any(${[...codes]}::text[]) and s.level = ''
     and s.valid_to >= ${day}::date and s.valid_from <= ${day}::date)`;

const OPS: Record<string, string> = { gte: '>=', gt: '>', lte: '<=', lt: '<' };

/** A year's figure in the candidate's row: y0 is the reference year, y1 and y2 the two before. */
const fig = (y: 0 | 1 | 2, col: 'revenue' | 'rd' | 'employees') => sql.raw(`fy.y${y}_${col}`);

/** A metric test as SQL, false where the metric has no value (as the reference evaluator reads it). */
function metricSql(metric: MetricCode, op: string, value: number): RawBuilder<unknown> {
  const o = sql.raw(OPS[op]!);
  const v = sql`${value}::numeric`;
  switch (metric) {
    case 'revenue':
      return sql`coalesce(${fig(0, 'revenue')}::numeric ${o} ${v}, false)`;
    case 'rdExpense':
      return sql`coalesce(${fig(0, 'rd')}::numeric ${o} ${v}, false)`;
    case 'employees':
      return sql`coalesce(${fig(0, 'employees')}::numeric ${o} ${v}, false)`;
    case 'rdRatio':
      return sql`coalesce(${fig(0, 'revenue')} > 0 and ${fig(0, 'rd')}::numeric * 10000 ${o} ${v} * ${fig(0, 'revenue')}, false)`;
    case 'revenueGrowth':
      return sql`coalesce(${fig(1, 'revenue')} > 0 and ${fig(0, 'revenue')} is not null
        and (${fig(0, 'revenue')} - ${fig(1, 'revenue')})::numeric * 10000 ${o} ${v} * ${fig(1, 'revenue')}, false)`;
    case 'rdRatio3y': {
      const both = (y: 0 | 1 | 2) => sql`(${fig(y, 'rd')} is not null and ${fig(y, 'revenue')} is not null)`;
      const sum = (col: 'revenue' | 'rd') =>
        sql`(case when ${both(0)} then ${fig(0, col)} else 0 end + case when ${both(1)} then ${fig(1, col)} else 0 end
          + case when ${both(2)} then ${fig(2, col)} else 0 end)::numeric`;
      return sql`coalesce(${fig(0, 'revenue')} is not null and ${sum('revenue')} > 0
        and ${sum('rd')} * 10000 ${o} ${v} * ${sum('revenue')}, false)`;
    }
    default:
      // No data source for this metric: never true.
      return sql`false`;
  }
}

/**
 * Candidates of a pool on `day`: organisations the rule admits (every condition but maxUnmet), with
 * the figures of the reference year and the two before, ordered by id. Whether and until when each
 * holds the target is `targetOn`, asked for the candidates a page shows.
 */
export async function poolCandidates(
  ex: Executor,
  q: { rule: PoolRule; target: string; day: IsoDate; year: number; limit?: number },
): Promise<CandidateRow[]> {
  const r = q.rule;
  const where: RawBuilder<unknown>[] = [];
  if (r.orgKinds?.length) where.push(sql`o.kind = any(${r.orgKinds}::text[])`);
  // With holdsAny the query starts from the spans of those kinds in those cities (below); without it,
  // from the organisations.
  const drive = Boolean(r.holdsAny?.length);
  if (r.cities?.length && !drive) where.push(sql`o.city = any(${r.cities}::text[])`);
  if (r.sectors?.length) where.push(sql`o.sectors && ${r.sectors}::text[]`);
  if (r.holdsNone?.length) where.push(sql`not ${held(q.day, r.holdsNone)}`);
  for (const m of r.metrics ?? []) where.push(metricSql(m.metric, m.op, m.value));
  if (r.expiringWithinDays !== undefined) {
    // Holds the target now, and no holding of it valid today runs past the window.
    const until = addDays(q.day, r.expiringWithinDays);
    where.push(held(q.day, [q.target]));
    where.push(sql`not exists (select 1 from organisation_qualifications q
       where q.organisation_id = o.id and q.code = ${q.target}
         and q.valid_from <= ${q.day}::date and (q.valid_to is null or q.valid_to > ${until}::date))`);
  }
  const cond = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const limit = q.limit ? sql`limit ${q.limit}` : sql``;
  // holdsAny drives from the spans of those kinds on the day (the index holds kind, end, start and
  // city), not from every organisation; the rule's other conditions filter what it finds. An
  // organisation's spans of one kind are disjoint, so one kind needs no distinct.
  const from = drive
    ? sql`(select ${r.holdsAny!.length > 1 ? sql`distinct` : sql``} s.organisation_id as id from qualification_spans s
            where s.code = any(${r.holdsAny!}::text[]) and s.level = ''
              and s.valid_to >= ${q.day}::date and s.valid_from <= ${q.day}::date
              ${r.cities?.length ? sql`and s.city = any(${r.cities}::text[])` : sql``}) c
        join organisations o on o.id = c.id`
    : sql`organisations o`;
  // The three years' figures in one index range per organisation (at most one row a year: the key).
  const query = sql<CandidateRow>`
    select o.id, o.uscc, o.name, o.city,
           fy.y0_revenue, fy.y0_rd, fy.y0_employees, fy.y1_revenue, fy.y1_rd, fy.y2_revenue, fy.y2_rd
      from ${from}
      cross join lateral (
        select max(f.revenue) filter (where f.year = ${q.year}) as y0_revenue,
               max(f.rd_expense) filter (where f.year = ${q.year}) as y0_rd,
               max(f.employees) filter (where f.year = ${q.year}) as y0_employees,
               max(f.revenue) filter (where f.year = ${q.year - 1}) as y1_revenue,
               max(f.rd_expense) filter (where f.year = ${q.year - 1}) as y1_rd,
               max(f.revenue) filter (where f.year = ${q.year - 2}) as y2_revenue,
               max(f.rd_expense) filter (where f.year = ${q.year - 2}) as y2_rd
          from organisation_figures f
         where f.organisation_id = o.id and f.year between ${q.year - 2} and ${q.year}) fy
      ${cond}
     order by o.id ${limit}`;
  // JIT compilation costs more than it saves on this query (≈0.3 s of 1.3 s at 100,000 organisations).
  const run = async (tx: Executor) => {
    await sql`set local jit = off`.execute(tx);
    return (await query.execute(tx)).rows;
  };
  return ex.isTransaction ? run(ex) : ex.transaction().execute(run);
}

/**
 * Whether each organisation holds `target` on `day`, and the latest last day of its holdings of it
 * valid that day (open-ended ones left out, null when there is none).
 */
export async function targetOn(
  ex: Executor,
  q: { ids: readonly string[]; target: string; day: IsoDate },
): Promise<Map<string, { held: boolean; last: string | null }>> {
  if (q.ids.length === 0) return new Map();
  const r = await sql<{ id: string; held: boolean; last: string | null }>`
    select o.id, ${held(q.day, [q.target])} as held,
           (select max(q.valid_to) from organisation_qualifications q
             where q.organisation_id = o.id and q.code = ${q.target}
               and q.valid_from <= ${q.day}::date and (q.valid_to is null or q.valid_to >= ${q.day}::date)) as last
      from unnest(${[...q.ids]}::uuid[]) as o(id)`.execute(ex);
  return new Map(r.rows.map((x) => [x.id, { held: x.held, last: x.last }]));
}
