/**
 * Questions asked of the whole ledger, answered by the database: who held what on a day (the stock,
 * the holders), what runs out soon, where firms stand on a ladder and how they moved, and the
 * figures a cohort forecast starts from. Every query tests validity the one way the ledger defines
 * it: valid_from ≤ day ≤ valid_to (open-ended when valid_to is null).
 */
import { type RawBuilder, sql } from 'kysely';
import { addDays, addYears, type IsoDate } from '../../../core/dates.ts';
import type { Step } from '../../../core/qualifications/types.ts';
import type { Executor } from '../../schema.ts';

const validOn = (day: IsoDate) =>
  sql`q.valid_from <= ${day}::date and (q.valid_to is null or q.valid_to >= ${day}::date)`;

function cityJoin(city: string | null | undefined): RawBuilder<unknown> {
  return city ? sql`join organisations o on o.id = q.organisation_id and o.city = ${city}` : sql``;
}

/**
 * Organisations holding any of `codes` on `on` (each counted once), optionally in a city and at levels.
 * One kind at one level (or any level): the stock's running sum (qualification_stock_deltas, migration
 * 0016). Several: the spans, where an organisation has at most one span per kind and level on a day,
 * so only an organisation holding two of them needs the distinct.
 */
export async function countValid(
  ex: Executor,
  q: { codes: readonly string[]; on: IsoDate; city?: string | null; levels?: readonly string[] | null },
): Promise<number> {
  if (q.codes.length === 0) return 0;
  const levels = q.levels?.length ? [...new Set(q.levels)] : [''];
  const codes = [...new Set(q.codes)];
  const city = q.city ? sql`and city = ${q.city}` : sql``;
  if (codes.length === 1 && levels.length === 1) {
    const r = await sql<{ n: number | null }>`
      select sum(delta)::int as n from qualification_stock_deltas
       where code = ${codes[0]} and level = ${levels[0]} ${city} and day <= ${q.on}::date`.execute(ex);
    return Number(r.rows[0]?.n ?? 0);
  }
  const r = await sql<{ n: number }>`
    select count(distinct organisation_id)::int as n from qualification_spans
     where code = any(${codes}::text[]) and level = any(${levels}::text[]) ${city}
       and valid_to >= ${q.on}::date and valid_from <= ${q.on}::date`.execute(ex);
  return Number(r.rows[0]?.n ?? 0);
}

export interface StockRow {
  code: string;
  holders: number;
  byLevel: Record<string, number>;
}

/**
 * The stock on a day: per kind, the organisations holding it (and per level). A running sum over the
 * days a span starts or ends (qualification_stock_deltas): its size is the number of distinct (kind,
 * level, city, day), not the number of organisations.
 */
export async function stockOn(ex: Executor, q: { on: IsoDate; city?: string | null }): Promise<StockRow[]> {
  const city = q.city ? sql`and city = ${q.city}` : sql``;
  const r = await sql<{ code: string; level: string; n: number }>`
    select code, level, sum(delta)::int as n from qualification_stock_deltas
     where day <= ${q.on}::date ${city}
     group by code, level having sum(delta) <> 0`.execute(ex);
  const out = new Map<string, StockRow>();
  for (const x of r.rows)
    if (x.level === '') out.set(x.code, { code: x.code, holders: Number(x.n), byLevel: {} });
  for (const x of r.rows) {
    const row = out.get(x.code);
    if (row && x.level !== '') row.byLevel[x.level] = Number(x.n);
  }
  return [...out.values()];
}

/** Folds the stock's appended changes per (kind, level, city, day); the daily scan calls it. */
export async function rollUpStock(ex: Executor): Promise<void> {
  await sql`select qualification_stock_rollup()`.execute(ex);
}

export interface HolderRow {
  organisation_id: string;
  uscc: string;
  name: string;
  city: string;
  record_id: string;
  valid_from: string;
  valid_to: string | null;
  expires_on: string | null;
  level: string | null;
  grade: string | null;
  certificate_no: string | null;
  issuer: string | null;
  first_reached: string;
}

/** Who held `code` on `on`: one row per organisation (its holding that runs longest), by name. */
export async function holdersOn(
  ex: Executor,
  q: {
    code: string;
    on: IsoDate;
    city?: string | null;
    level?: string | null;
    search?: string | null;
    limit: number;
    offset: number;
  },
): Promise<{ rows: HolderRow[]; total: number }> {
  const level = q.level ? sql`and q.level = ${q.level}` : sql``;
  const city = q.city ? sql`and o.city = ${q.city}` : sql``;
  const literal = q.search ? q.search.replace(/[\\%_]/g, (c) => `\\${c}`) : null;
  const search = literal
    ? sql`and (o.name like ${`%${literal}%`} or o.uscc like ${`${literal.toUpperCase()}%`})`
    : sql``;
  const base = sql`
    from organisation_qualifications q join organisations o on o.id = q.organisation_id
   where q.code = ${q.code} and ${validOn(q.on)} ${level} ${city} ${search}`;
  const [rows, count] = await Promise.all([
    sql<HolderRow>`
      select * from (
        select distinct on (q.organisation_id)
               q.organisation_id, o.uscc, o.name, o.city, q.id as record_id, q.valid_from, q.valid_to, q.expires_on,
               q.level, q.grade, q.certificate_no, q.issuer,
               (select min(f.valid_from) from organisation_qualifications f
                 where f.organisation_id = q.organisation_id and f.code = q.code) as first_reached
          ${base}
         order by q.organisation_id, q.valid_to desc nulls first) h
       order by h.name, h.organisation_id limit ${q.limit} offset ${q.offset}`.execute(ex),
    sql<{ n: number }>`select count(distinct q.organisation_id)::int as n ${base}`.execute(ex),
  ]);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

export interface ExpiringRow {
  organisation_id: string;
  uscc: string;
  name: string;
  city: string;
  record_id: string;
  code: string;
  level: string | null;
  grade: string | null;
  certificate_no: string | null;
  valid_from: string;
  valid_to: string;
  renewed: boolean;
  officers: { id: string; name: string; department: string | null }[] | null;
}

/** A later holding continues this one (granted by the day after its last day). */
const continued = sql`exists (select 1 from organisation_qualifications n
   where n.organisation_id = q.organisation_id and n.code = q.code and n.id <> q.id
     and n.valid_from > q.valid_from and n.valid_from <= q.valid_to + 1)`;

/** Service officers of an organisation: those assigned in its active pool memberships. */
const officersOf = sql`(select json_agg(distinct jsonb_build_object('id', u.id, 'name', u.display_name, 'department', u.department))
   from qualification_pool_members m join users u on u.id = m.officer_id
  where m.organisation_id = q.organisation_id and m.status = 'active')`;

/** Holdings valid on `date` whose last day is within `days` days, soonest first. */
export async function expiringWithin(
  ex: Executor,
  q: {
    date: IsoDate;
    days: number;
    codes?: readonly string[] | null;
    city?: string | null;
    officerId?: string | null;
    includeRenewed: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ rows: ExpiringRow[]; total: number }> {
  const until = addDays(q.date, q.days);
  const codes = q.codes?.length ? sql`and q.code = any(${[...q.codes]}::text[])` : sql``;
  const city = q.city ? sql`and o.city = ${q.city}` : sql``;
  const renewed = q.includeRenewed ? sql`` : sql`and not ${continued}`;
  const officer = q.officerId
    ? sql`and exists (select 1 from qualification_pool_members m where m.organisation_id = q.organisation_id
                        and m.officer_id = ${q.officerId} and m.status = 'active')`
    : sql``;
  const base = sql`
    from organisation_qualifications q join organisations o on o.id = q.organisation_id
   where q.valid_from <= ${q.date}::date and q.valid_to >= ${q.date}::date and q.valid_to <= ${until}::date
         ${codes} ${city} ${renewed} ${officer}`;
  const [rows, count] = await Promise.all([
    sql<ExpiringRow>`
      select q.organisation_id, o.uscc, o.name, o.city, q.id as record_id, q.code, q.level, q.grade, q.certificate_no,
             q.valid_from, q.valid_to, ${continued} as renewed, ${officersOf} as officers
      ${base}
      order by q.valid_to, o.name, q.id limit ${q.limit} offset ${q.offset}`.execute(ex),
    sql<{ n: number }>`select count(*)::int as n ${base}`.execute(ex),
  ]);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

/** The highest step a holding matches, as a CASE over the steps from the top down. */
function stepCase(steps: readonly Step[]): RawBuilder<number> {
  const whens = steps
    .map((s, i) => ({ s, i }))
    .reverse()
    .map(({ s, i }) => {
      const grade = s.grade ? sql` and q.grade = ${s.grade}` : sql``;
      const level = s.level ? sql` and q.level = ${s.level}` : sql``;
      return sql`when q.code = ${s.kind}${grade}${level} then ${i}::int`;
    });
  return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

function positionsOn(steps: readonly Step[], day: IsoDate, city: string | null | undefined) {
  const kinds = [...new Set(steps.map((s) => s.kind))];
  return sql`select q.organisation_id, max(${stepCase(steps)}) as pos
    from organisation_qualifications q ${cityJoin(city)}
   where q.code = any(${kinds}::text[]) and ${validOn(day)}
   group by q.organisation_id`;
}

/** Organisations per ladder position on a day (position = the highest step held). */
export async function ladderCounts(
  ex: Executor,
  steps: readonly Step[],
  day: IsoDate,
  city?: string | null,
): Promise<Map<number, number>> {
  const r = await sql<{ pos: number; n: number }>`
    select p.pos, count(*)::int as n from (${positionsOn(steps, day, city)}) p where p.pos is not null group by p.pos`.execute(
    ex,
  );
  return new Map(r.rows.map((x) => [Number(x.pos), Number(x.n)]));
}

/** Firms per (position on `from`, position on `to`); −1 is off the ladder. */
export async function ladderTransitions(
  ex: Executor,
  steps: readonly Step[],
  from: IsoDate,
  to: IsoDate,
  city?: string | null,
): Promise<{ from: number; to: number; count: number }[]> {
  const r = await sql<{ a: number; b: number; n: number }>`
    select coalesce(a.pos, -1) as a, coalesce(b.pos, -1) as b, count(*)::int as n
      from (${positionsOn(steps, from, city)}) a
      full join (${positionsOn(steps, to, city)}) b on a.organisation_id = b.organisation_id
     group by 1, 2`.execute(ex);
  return r.rows.map((x) => ({ from: Number(x.a), to: Number(x.b), count: Number(x.n) }));
}

export interface CohortFigures {
  validNow: number;
  expiringByYear: Map<number, number>;
  newByYear: Map<number, number>;
  ranOut: number;
  renewed: number;
  /** Median length of a holding in whole years (observed), or null when there is none. */
  observedYears: number | null;
}

/**
 * What a cohort forecast starts from, for `codes` on `on`: holders now and the year their cover runs
 * out (a renewal already recorded carries it on), new holdings per year (a holding that continues
 * none before it), and how many holdings that ran out in the look-back window were renewed.
 */
export async function cohortFigures(
  ex: Executor,
  q: {
    codes: readonly string[];
    on: IsoDate;
    city?: string | null;
    levels?: readonly string[] | null;
    lookBackYears: number;
  },
): Promise<CohortFigures> {
  const codes = [...q.codes];
  const levels = q.levels?.length ? sql`and q.level = any(${[...q.levels]}::text[])` : sql``;
  const since = addYears(q.on, -q.lookBackYears);
  const firstYear = Number(q.on.slice(0, 4)) - q.lookBackYears;
  const [now, expiring, fresh, ran, observed] = await Promise.all([
    countValid(ex, { codes, on: q.on, city: q.city ?? null, levels: q.levels ?? null }),
    sql<{ y: number; n: number }>`
      with cur as (
        select q.organisation_id, bool_or(q.valid_to is null) as open, max(q.valid_to) as last
          from organisation_qualifications q ${cityJoin(q.city)}
         where q.code = any(${codes}::text[]) and ${validOn(q.on)} ${levels}
         group by q.organisation_id),
      cover as (
        select c.organisation_id,
               greatest(c.last, (select max(q.valid_to) from organisation_qualifications q
                                  where q.organisation_id = c.organisation_id and q.code = any(${codes}::text[])
                                    and q.valid_from > ${q.on}::date and q.valid_from <= c.last + 1 ${levels})) as last
          from cur c where not c.open)
      select extract(year from last)::int as y, count(*)::int as n from cover group by 1`.execute(ex),
    sql<{ y: number; n: number }>`
      select extract(year from q.valid_from)::int as y, count(distinct q.organisation_id)::int as n
        from organisation_qualifications q ${cityJoin(q.city)}
       where q.code = any(${codes}::text[]) ${levels}
         and q.valid_from >= ${`${firstYear}-01-01`}::date and q.valid_from <= ${q.on}::date
         and not exists (select 1 from organisation_qualifications p
                          where p.organisation_id = q.organisation_id and p.code = q.code and p.id <> q.id
                            and p.valid_from < q.valid_from and (p.valid_to is null or p.valid_to >= q.valid_from - 1))
       group by 1`.execute(ex),
    sql<{ ran: number; renewed: number }>`
      select count(*)::int as ran, count(*) filter (where ${continued})::int as renewed
        from organisation_qualifications q ${cityJoin(q.city)}
       where q.code = any(${codes}::text[]) ${levels} and q.ended_on is null
         and q.valid_to >= ${since}::date and q.valid_to < ${q.on}::date`.execute(ex),
    sql<{ days: number | null }>`
      select percentile_disc(0.5) within group (order by (q.valid_to - q.valid_from + 1)) as days
        from organisation_qualifications q
       where q.code = any(${codes}::text[]) and q.valid_to is not null and q.ended_on is null ${levels}`.execute(
      ex,
    ),
  ]);
  const days = observed.rows[0]?.days;
  return {
    validNow: now,
    expiringByYear: new Map(expiring.rows.map((r) => [Number(r.y), Number(r.n)])),
    newByYear: new Map(fresh.rows.map((r) => [Number(r.y), Number(r.n)])),
    ranOut: Number(ran.rows[0]?.ran ?? 0),
    renewed: Number(ran.rows[0]?.renewed ?? 0),
    observedYears: days ? Math.max(1, Math.round(Number(days) / 365.25)) : null,
  };
}
