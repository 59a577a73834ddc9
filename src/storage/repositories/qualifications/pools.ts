/**
 * Cultivation pools: their definitions, members (with their service officer), the services given,
 * and the pool rule as SQL over the registry, the ledger and the yearly figure windows (migration
 * 0020). `poolCandidates` selects candidates with the figures the core ranks them by (the in-memory
 * reference, and the export of all); `rankedCandidates` ranks them in the database with the core's
 * closeness compiled to SQL (`closenessSql`, equal to closenessTo) and applies `maxUnmet` there. Metric
 * tests are exact integer comparisons (R&D × 10000 against rate × revenue), as the core compares ratios.
 */
import { type RawBuilder, sql } from 'kysely';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import type { ClosenessTerm } from '../../../core/qualifications/criteria.ts';
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
    /** Only these organisations (a page of candidates). */
    organisationIds?: readonly string[];
    status?: MemberStatus;
    officerId?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: MemberRow[]; total: number }> {
  const where = [
    q.poolId ? sql`m.pool_id = ${q.poolId}` : null,
    q.organisationId ? sql`m.organisation_id = ${q.organisationId}` : null,
    q.organisationIds ? sql`m.organisation_id = any(${[...q.organisationIds]}::uuid[])` : null,
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

const held = (
  day: IsoDate,
  codes: readonly string[],
  id = sql`o.id`,
) => sql`exists (select 1 from qualification_spans s
   where s.organisation_id = ${id} and s.code = any(${[...codes]}::text[]) and s.level = ''
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
    case 'rdRatio3y':
      // 近三个会计年度: the sums over the years of the three that report both (organisation_figure_windows).
      return sql`coalesce(${fig(0, 'revenue')} is not null and fy.rd3_revenue > 0
        and fy.rd3_rd * 10000 ${o} ${v} * fy.rd3_revenue, false)`;
    default:
      // No data source for this metric: never true.
      return sql`false`;
  }
}

/**
 * The rule's candidates (every condition but maxUnmet) as a FROM and a WHERE, the candidate's id as
 * `id` and its figure window (organisation_figure_windows, migration 0020) as `fy`. The organisation's
 * row is `o`, joined only when the caller or the rule needs it (`organisations`).
 */
function candidateSource(
  q: { rule: PoolRule; target: string; day: IsoDate; year: number },
  organisations: boolean,
) {
  const r = q.rule;
  // With holdsAny the query starts from the spans of those kinds in those cities (below); without it,
  // from the organisations.
  const drive = Boolean(r.holdsAny?.length);
  const needsOrg = organisations || !drive || Boolean(r.orgKinds?.length || r.sectors?.length);
  const id = drive ? sql`c.id` : sql`o.id`;
  const where: RawBuilder<unknown>[] = [];
  if (r.orgKinds?.length) where.push(sql`o.kind = any(${r.orgKinds}::text[])`);
  if (r.cities?.length && !drive) where.push(sql`o.city = any(${r.cities}::text[])`);
  if (r.sectors?.length) where.push(sql`o.sectors && ${r.sectors}::text[]`);
  if (r.holdsNone?.length) where.push(sql`not ${held(q.day, r.holdsNone, id)}`);
  for (const m of r.metrics ?? []) where.push(metricSql(m.metric, m.op, m.value));
  if (r.expiringWithinDays !== undefined) {
    // Holds the target now, and no holding of it valid today runs past the window.
    const until = addDays(q.day, r.expiringWithinDays);
    where.push(held(q.day, [q.target], id));
    where.push(sql`not exists (select 1 from organisation_qualifications q
       where q.organisation_id = ${id} and q.code = ${q.target}
         and q.valid_from <= ${q.day}::date and (q.valid_to is null or q.valid_to > ${until}::date))`);
  }
  const cond = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  // holdsAny drives from the spans of those kinds on the day (the index holds kind, end, start and
  // city), not from every organisation; the rule's other conditions filter what it finds. An
  // organisation's spans of one kind are disjoint, so one kind needs no distinct.
  const from = drive
    ? sql`(select ${r.holdsAny!.length > 1 ? sql`distinct` : sql``} s.organisation_id as id from qualification_spans s
            where s.code = any(${r.holdsAny!}::text[]) and s.level = ''
              and s.valid_to >= ${q.day}::date and s.valid_from <= ${q.day}::date
              ${r.cities?.length ? sql`and s.city = any(${r.cities}::text[])` : sql``}) c
        ${needsOrg ? sql`join organisations o on o.id = c.id` : sql``}`
    : sql`organisations o`;
  // The three years' figures in one probe (no window: no figures of the reference year, nothing measured).
  const figures = sql`left join organisation_figure_windows fy on fy.organisation_id = ${id} and fy.year = ${q.year}`;
  return { id, from: sql`${from} ${figures}`, cond };
}

/**
 * Runs a pool query with JIT off (compiling costs more than it saves here: ≈0.3 s of 1.3 s at 100,000
 * organisations) and with the cost of a random page read close to a sequential one, as it is when the
 * tables are in memory: otherwise the planner reads a whole table of figure windows (millions of rows)
 * to hash-join the tens of thousands of candidates it could probe by key.
 */
async function poolQuery<T>(ex: Executor, query: RawBuilder<T>): Promise<T[]> {
  const run = async (tx: Executor) => {
    await sql`set local jit = off`.execute(tx);
    await sql`set local random_page_cost = 1.1`.execute(tx);
    return (await query.execute(tx)).rows;
  };
  return ex.isTransaction ? run(ex) : ex.transaction().execute(run);
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
  const { from, cond } = candidateSource(q, true);
  const limit = q.limit ? sql`limit ${q.limit}` : sql``;
  return poolQuery(
    ex,
    sql<CandidateRow>`
    select o.id, o.uscc, o.name, o.city,
           fy.y0_revenue, fy.y0_rd, fy.y0_employees, fy.y1_revenue, fy.y1_rd, fy.y2_revenue, fy.y2_rd
      from ${from}
      ${cond}
     order by o.id ${limit}`,
  );
}

// ── Closeness in SQL ───────────────────────────────────────────────────────────────────────────────

/**
 * A metric as metricsOf (core/qualifications/metrics.ts) measures it from the row `fy`: `present`
 * where metricsOf sets it, and either a number or an exact ratio num/den (den > 0). Null: no data
 * source, never present.
 */
type SqlMetric =
  | { kind: 'number'; present: RawBuilder<unknown>; value: RawBuilder<unknown> }
  | { kind: 'ratio'; present: RawBuilder<unknown>; num: RawBuilder<unknown>; den: RawBuilder<unknown> };

function sqlMetric(metric: MetricCode): SqlMetric | null {
  const number = (col: 'revenue' | 'rd' | 'employees'): SqlMetric => ({
    kind: 'number',
    present: sql`(${fig(0, col)} is not null)`,
    value: sql`${fig(0, col)}::numeric`,
  });
  switch (metric) {
    case 'revenue':
      return number('revenue');
    case 'rdExpense':
      return number('rd');
    case 'employees':
      return number('employees');
    case 'rdRatio':
      return {
        kind: 'ratio',
        present: sql`coalesce(${fig(0, 'rd')} is not null and ${fig(0, 'revenue')} > 0, false)`,
        num: sql`${fig(0, 'rd')}::numeric`,
        den: sql`${fig(0, 'revenue')}::numeric`,
      };
    case 'revenueGrowth':
      return {
        kind: 'ratio',
        present: sql`coalesce(${fig(0, 'revenue')} is not null and ${fig(1, 'revenue')} > 0, false)`,
        num: sql`(${fig(0, 'revenue')} - ${fig(1, 'revenue')})::numeric`,
        den: sql`${fig(1, 'revenue')}::numeric`,
      };
    case 'rdRatio3y':
      // 近三个会计年度: the sums over the years of the three that report both (organisation_figure_windows).
      return {
        kind: 'ratio',
        present: sql`coalesce(${fig(0, 'revenue')} is not null and fy.rd3_revenue > 0, false)`,
        num: sql`fy.rd3_rd`,
        den: sql`fy.rd3_revenue`,
      };
    default:
      return null;
  }
}

/** metricNumber: a number as it is, a ratio in basis points rounded towards minus infinity (den > 0). */
function sqlActual(m: SqlMetric): RawBuilder<unknown> {
  if (m.kind === 'number') return m.value;
  const n = sql`(${m.num} * 10000)`;
  return sql`(div(${n}, ${m.den}) - case when ${n} < 0 and mod(${n}, ${m.den}) <> 0 then 1 else 0 end)`;
}

/** compareMetric(measured, value) `op` 0, exactly (ratios by cross-multiplying, as compareRatio does). */
function sqlMeets(m: SqlMetric, op: string, value: RawBuilder<unknown>): RawBuilder<unknown> {
  const o = sql.raw(OPS[op]!);
  return m.kind === 'number'
    ? sql`(${m.value} ${o} ${value})`
    : sql`(${m.num} * 10000 ${o} ${value} * ${m.den})`;
}

/**
 * closenessTo (core/qualifications/criteria.ts) as two SQL expressions over `fy`: the number of unmet
 * terms, and the sum of their relative shortfalls min(1, |value − actual| ÷ |value|) in float8, added
 * in the terms' order from 0 as the core adds its doubles — IEEE division and addition round the same
 * in both, so the two are equal, not just close (pools.test.ts holds them equal on random figures).
 */
export function closenessSql(terms: readonly ClosenessTerm[]): {
  unmet: RawBuilder<number>;
  relative: RawBuilder<number>;
} {
  let unmet = sql<number>`0`;
  let relative = sql<number>`0::float8`;
  for (const t of terms) {
    const m = sqlMetric(t.metric);
    // No data source: never measured, so never unmet (closenessTo skips it).
    if (!m) continue;
    let value: RawBuilder<unknown>;
    let known: RawBuilder<unknown> = sql`true`;
    if ('by' in t) {
      // bandOf: the first band whose upTo the measured value does not exceed, or the open one.
      const by = sqlMetric(t.by);
      if (!by) continue;
      const amount = sqlActual(by);
      const open = t.bands.findIndex((b) => b.upTo === null);
      const bands = open < 0 ? t.bands : t.bands.slice(0, open);
      const last = open < 0 ? sql`null` : sql`${t.bands[open]!.value}::numeric`;
      value = bands.length
        ? sql`(case ${sql.join(
            bands.map((b) => sql`when ${amount} <= ${b.upTo}::numeric then ${b.value}::numeric`),
            sql` `,
          )} else ${last} end)`
        : last;
      known = sql`(${by.present} and ${value} is not null)`;
    } else value = sql`${t.value}::numeric`;
    const isUnmet = sql`(${m.present} and ${known} and not ${sqlMeets(m, t.op, value)})`;
    unmet = sql<number>`${unmet} + case when ${isUnmet} then 1 else 0 end`;
    relative = sql<number>`(${relative} + case when ${isUnmet} then
        case when ${value} = 0 then 1::float8
             else least(1::float8, abs(${value} - ${sqlActual(m)})::float8 / abs(${value})::float8) end
      else 0::float8 end)`;
  }
  return { unmet, relative };
}

/** A candidate of the ranked page's key groups: its key (unmet, relative) as closenessTo gives it. */
export interface RankedRow {
  id: string;
  name: string;
  unmet: number;
  relative: number;
}

/**
 * A pool's candidates ranked in the database by closeness (unmet, relative): how many there are
 * (after maxUnmet), how many per number of unmet criteria, how many the `unmet` filter leaves, and
 * the candidates of every key group that reaches into the page [offset, offset + limit) of that
 * filtered list, with `before` — how many rank ahead of the first group returned. Ties within a
 * key are broken by the caller (by the name in Chinese collation, then the id, which SQL cannot
 * reproduce exactly), so the caller sorts the groups returned and slices offset − before.
 */
export async function rankedCandidates(
  ex: Executor,
  q: {
    rule: PoolRule;
    target: string;
    day: IsoDate;
    year: number;
    terms: readonly ClosenessTerm[];
    unmet?: number;
    offset: number;
    limit: number;
  },
): Promise<{
  candidates: number;
  byUnmet: Record<string, number>;
  total: number;
  before: number;
  rows: RankedRow[];
}> {
  const { id, from, cond } = candidateSource(q, false);
  const key = closenessSql(q.terms);
  const max = q.rule.maxUnmet;
  // c: every candidate's id and key (no organisation row unless the rule reads one); k: how many per
  // key; f: the keys the unmet filter keeps, with the position of each one's first candidate; p: the
  // keys that reach into the page. Only p's candidates are joined to their names and sent back, as
  // plain rows (cheaper than JSON for tens of thousands of ties), after one row of counts (id null).
  type Row = RankedRow & {
    summary: { groups: [number, number][] | null; total: number | null; before: number | null } | null;
  };
  const rows = await poolQuery(
    ex,
    sql<Row>`
    with c as materialized (
      select * from (
        select ${id} as id, ${key.unmet} as unmet, ${key.relative} as relative
          from ${from}
          ${cond}) x
       ${max === undefined ? sql`` : sql`where x.unmet <= ${max}`}),
    k as (select unmet, relative, count(*)::int as n from c group by unmet, relative),
    f as (select unmet, relative, n, (sum(n) over (order by unmet, relative rows unbounded preceding) - n)::int as start
            from k ${q.unmet === undefined ? sql`` : sql`where unmet = ${q.unmet}`}),
    p as (select * from f where start < ${q.offset + q.limit} and start + n > ${q.offset})
    select null::uuid as id, null::text as name, null::int as unmet, null::float8 as relative,
           json_build_object(
             'groups', (select json_agg(json_build_array(unmet, n)) from (select unmet, sum(n)::int as n from k group by unmet) u),
             'total', (select sum(n)::int from f),
             'before', (select min(start) from p)) as summary
    union all
    select c.id, o.name, c.unmet, c.relative, null
      from c join p on p.unmet = c.unmet and p.relative = c.relative
      join organisations o on o.id = c.id`,
  );
  const head = rows.find((r) => r.id === null)?.summary;
  const byUnmet: Record<string, number> = {};
  let candidates = 0;
  for (const [u, n] of (head?.groups ?? []).sort((a, b) => a[0] - b[0])) {
    byUnmet[u] = n;
    candidates += n;
  }
  return {
    candidates,
    byUnmet,
    total: head?.total ?? 0,
    before: head?.before ?? 0,
    rows: rows.filter((r) => r.id !== null),
  };
}

/**
 * The organisations a page shows, with their figure windows of `year` (null figures where there is
 * none), as poolCandidates returns them.
 */
export async function candidateRows(
  ex: Executor,
  q: { ids: readonly string[]; year: number },
): Promise<CandidateRow[]> {
  if (q.ids.length === 0) return [];
  return (
    await sql<CandidateRow>`
    select o.id, o.uscc, o.name, o.city,
           fy.y0_revenue, fy.y0_rd, fy.y0_employees, fy.y1_revenue, fy.y1_rd, fy.y2_revenue, fy.y2_rd
      from organisations o
      left join organisation_figure_windows fy on fy.organisation_id = o.id and fy.year = ${q.year}
     where o.id = any(${[...q.ids]}::uuid[])`.execute(ex)
  ).rows;
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
