/**
 * The qualification ledger at scale (issue 13 item 7: "the 'as of' stock query and the pool computation
 * over 1,000,000 organisations with 3,000,000 ledger events take under 1 s on this machine"). Prints
 * figures, asserts nothing. `ceyuan qualifications bench --organisations N [--database pglite]`;
 * `npm run bench:qualifications` runs 100,000 and 1,000,000 on PostgreSQL and 100,000 on PGlite.
 *
 * A throwaway PostgreSQL (or an in-memory PGlite) is loaded in SQL by seedLedger (below), through the
 * migrations' triggers, so the load time includes building the spans and the stock. Then, end to end
 * through the same functions the endpoints call, each three times (min / median), with the CPU time
 * of this process and of the database server and the load average beside each (the machine is
 * shared; under load the wall time says little and the CPU time says what the work costs):
 *   - the stock on a day (the /stock endpoint), today's and an older one in one city;
 *   - the plan port's counts: one kind in Songjiang, and one kind at two levels (市级以上, distinct);
 *   - a pool: 高企培育库 (holds 科技型中小企业, not 高企, in Songjiang, 3-year R&D ratio ≥ 3%) ranked with the
 *     first page's distances (what /candidates does: ranked in the database, the page's distances by
 *     the core), a later page, the unmet filter, and every candidate's distance (an export, in memory);
 * and peak memory; then a warm inner loop (the ranking alone, in memory), labelled as such.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { table } from '../src/cli/format.ts';
import type { IsoDate } from '../src/core/dates.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { closenessTo } from '../src/core/qualifications/criteria.ts';
import { qualificationContext } from '../src/service/qualifications/context.ts';
import { candidatesOf, findCandidates } from '../src/service/qualifications/find-candidates.ts';
import { openDatabase } from '../src/storage/database.ts';
import { insertPool } from '../src/storage/repositories/qualifications/pools.ts';
import { countValid, stockOn } from '../src/storage/repositories/qualifications/queries.ts';
import type { Database } from '../src/storage/schema.ts';
import { startThrowawayPostgres } from './postgres.ts';

export interface QualificationBenchOptions {
  organisations: number;
  runs: number;
  date: string;
  database: 'postgres' | 'pglite';
}

const CITIES = [
  'songjiang',
  'songjiang',
  'songjiang',
  'songjiang',
  'jiaxing',
  'hangzhou',
  'jinhua',
  'suzhou',
  'huzhou',
  'xuancheng',
  'wuhu',
  'hefei',
];

/**
 * Loads `n` generated organisations with their figures, holdings and events (deterministic: every
 * value is arithmetic on the row number, in bigint), then VACUUM ANALYZE. About three events per
 * organisation, with the ledger's edge cases at scale:
 * * *   - 科技型中小企业 (85%): yearly listings (1 Jan – 31 Dec) in runs of one to four years from 2021–2026;
 *     each later year of a run is a renewal, a run that ended before the date has a `lapsed` event;
 *   - 高新技术企业 (30%, national): three-year certificates from 2019–2024; two in three renewed, half of
 *     those on the expiry day itself (overlapping one day), the rest the day after; one in 97 revoked
 *     (valid until the day before the revocation, with its `revoked` event);
 *   - 专精特新 (9%, municipal; a tenth national): three years from 2021–2025;
 *   - 潜力瞪羚 (4%, yearly) and 瞪羚 (2.5%, open-ended) from 2021–2026.
 */
export async function seedLedger(db: Kysely<Database>, n: number, date: IsoDate): Promise<void> {
  const cities = `array[${CITIES.map((c) => `'${c}'`).join(',')}]`;
  const run = (q: string) => sql.raw(q).execute(db);
  await run(`insert into organisations (id, uscc, name, kind, city, district, sectors, licences)
    select gen_random_uuid(), '91310117' || lpad(i::text, 10, '0'), 'bench ' || i, 'enterprise',
           (${cities})[1 + i % ${CITIES.length}], null, '{}', '{}'
      from generate_series(1, ${n}) i`);
  await run(
    'create temp table b as select id, row_number() over (order by uscc)::bigint as n from organisations',
  );
  await run(`insert into organisation_figures (organisation_id, year, revenue, rd_expense, employees)
    select b.id, y, (300 + (b.n * 7919 + y) % 60000) * 100000,
           ((300 + (b.n * 7919 + y) % 60000) * 100000 * (10 + (b.n * 31 + y) % 80)) / 1000,
           10 + (b.n * 13) % 800
      from b cross join generate_series(2023, 2025) y`);
  // One statement for every holding (the spans and the stock are built from it in one pass).
  await run(`insert into organisation_qualifications
      (organisation_id, code, valid_from, valid_to, expires_on, ended_on, end_reason, level, source)
    select b.id, 'tech_sme', make_date(y::int, 1, 1), make_date(y::int, 12, 31), make_date(y::int, 12, 31), null, null, null, 'import'
      from b cross join lateral generate_series(2021 + (b.n * 7) % 6, least(2026, 2021 + (b.n * 7) % 6 + (b.n * 13) % 4)) y
     where b.n % 100 < 85
    union all
    select b.id, 'high_tech', c.start, c.last, c.expires, c.ended, c.reason, 'national', 'import'
      from b cross join lateral (
        select make_date((2019 + b.n % 6 + 3 * k)::int, 11, 15) - (case when k > 0 and b.n % 2 = 0 then k else 0 end)::int as start,
               make_date((2022 + b.n % 6 + 3 * k)::int, 11, 14) - (case when k > 0 and b.n % 2 = 0 then k else 0 end)::int as expires,
               k from generate_series(0, 2) k) c0
      cross join lateral (
        select c0.start, case when b.n % 97 = 0 and c0.k = 0 then c0.start + 400 else c0.expires end as last,
               c0.expires, case when b.n % 97 = 0 and c0.k = 0 then c0.start + 401 end as ended,
               case when b.n % 97 = 0 and c0.k = 0 then 'revoked' end as reason) c
     where (b.n * 7) % 100 < 30 and c0.start <= '${date}'::date
       and (c0.k = 0 or (b.n % 3 <> 0 and b.n % 97 <> 0))
    union all
    select b.id, 'specialised_sme', make_date((2021 + b.n % 5)::int, 3, 1), make_date((2024 + b.n % 5)::int, 2, 28),
           make_date((2024 + b.n % 5)::int, 2, 28), null, null, case when b.n % 10 = 0 then 'national' else 'municipal' end, 'import'
      from b where (b.n * 17) % 100 < 9
    union all
    select b.id, 'potential_gazelle', make_date(y::int, 5, 15), make_date(y::int + 1, 5, 14), make_date(y::int + 1, 5, 14), null, null, null, 'import'
      from b cross join lateral generate_series(2021 + b.n % 6, least(2026, 2022 + b.n % 6)) y where (b.n * 29) % 100 < 4
    union all
    select b.id, 'gazelle', make_date((2021 + b.n % 6)::int, 5, 15), null, null, null, null, null, 'import'
      from b where (b.n * 31) % 1000 < 25`);
  // Events: granted (first or again) or renewed (starts by the day after the previous last day),
  // revoked on the day after the last valid day, lapsed the day after a last day nothing continues.
  await run(`insert into qualification_events
      (organisation_id, id, record_id, code, event, on_date, first_time, level, grade, detail, source, source_ref, actor, recorded_at)
    select organisation_id, gen_random_uuid(), id, code,
           case when prev_last is not null and valid_from <= prev_last + 1 then 'renewed' else 'granted' end,
           valid_from, prev_last is null, level, null, '{}'::jsonb, 'import', 'bench', 'bench', now()
      from (select q.*, lag(q.valid_to) over (partition by q.organisation_id, q.code order by q.valid_from) as prev_last
              from organisation_qualifications q) q
    union all
    select q.organisation_id, gen_random_uuid(), q.id, q.code, 'revoked', q.ended_on, false, q.level, null, '{}'::jsonb,
           'officer', null, 'bench', now()
      from organisation_qualifications q where q.end_reason = 'revoked'
    union all
    select q.organisation_id, gen_random_uuid(), q.id, q.code, 'lapsed', q.valid_to + 1, false, q.level, null, '{}'::jsonb,
           'scan', null, 'bench', now()
      from organisation_qualifications q
     where q.valid_to < '${date}'::date and q.ended_on is null
       and not exists (select 1 from organisation_qualifications x where x.organisation_id = q.organisation_id
                        and x.code = q.code and x.valid_from > q.valid_from and x.valid_from <= q.valid_to + 1)`);
  await run('vacuum analyze');
}

/** CPU seconds (user + system) of the PostgreSQL server: the postmaster, its live children and those it reaped. */
export function serverCpuMs(dir: string | null): number {
  if (!dir) return 0;
  try {
    const pid = readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8')
      .split('\n')[0]!
      .trim();
    const fields = (p: string) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ": state=0, ppid=1, …, utime=11, stime=12, cutime=13, cstime=14 (clock ticks).
    const own = fields(pid);
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const f = fields(p);
        if (f[1] === pid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // The process ended while we looked.
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux.
  } catch {
    return 0;
  }
}

interface Timing {
  ms: number[];
  cpu: number[];
  load: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const min = (xs: number[]) => Math.min(...xs);

/** Runs `f` `runs` times: wall time, CPU time of this process and of the server, and the 1-minute load. */
async function timed<T>(
  runs: number,
  dir: string | null,
  f: () => Promise<T>,
): Promise<Timing & { last: T }> {
  const t: Timing = { ms: [], cpu: [], load: [] };
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const s0 = serverCpuMs(dir);
    const w0 = performance.now();
    last = await f();
    t.ms.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    t.cpu.push((c.user + c.system) / 1000 + serverCpuMs(dir) - s0);
    t.load.push(loadavg()[0]!);
  }
  return { ...t, last };
}

const fmt = (t: Timing) =>
  `${Math.round(min(t.ms)).toLocaleString('en')} / ${Math.round(median(t.ms)).toLocaleString('en')} ms`;
const fmtCpu = (t: Timing) =>
  `${Math.round(min(t.cpu)).toLocaleString('en')} / ${Math.round(median(t.cpu)).toLocaleString('en')} ms`;
const fmtLoad = (t: Timing) => t.load.map((l) => l.toFixed(1)).join(' ');

export async function benchQualifications(o: QualificationBenchOptions): Promise<void> {
  const onPglite = o.database === 'pglite';
  const pg = onPglite ? null : await startThrowawayPostgres();
  const dir = pg?.dir ?? null;
  let peakServerKb = 0;
  const sample = () => {
    if (pg) peakServerKb = Math.max(peakServerKb, pg.rssKb());
  };
  const sampler = setInterval(sample, 500);
  try {
    const db = pg
      ? await openDatabase({ url: await pg.createDatabase('ceyuan_bench_qualifications'), poolSize: 4 })
      : await openDatabase({ dataDir: 'memory://' });
    const load0 = loadavg()[0]!;
    const loadCpu0 = process.cpuUsage();
    const loadServer0 = serverCpuMs(dir);
    const t0 = performance.now();
    await seedLedger(db, o.organisations, o.date);
    const loadMs = performance.now() - t0;
    const lc = process.cpuUsage(loadCpu0);
    const loadCpuMs = (lc.user + lc.system) / 1000 + serverCpuMs(dir) - loadServer0;
    const counts = await sql<{
      orgs: number;
      holdings: number;
      events: number;
      spans: number;
      deltas: number;
    }>`
      select (select count(*)::int from organisations) as orgs,
             (select count(*)::int from organisation_qualifications) as holdings,
             (select count(*)::int from qualification_events) as events,
             (select count(*)::int from qualification_spans) as spans,
             (select count(*)::int from qualification_stock_deltas) as deltas`.execute(db);
    const c = counts.rows[0]!;

    const catalogue = loadCatalogue();
    const engine = createEngine(catalogue);
    const ctx = qualificationContext({
      db,
      engine,
      clock: { now: () => new Date(`${o.date}T04:00:00Z`) },
      ids: { next: () => crypto.randomUUID() },
      audit: { append: () => Promise.reject(new Error('read only')) },
      messages: { send: () => Promise.reject(new Error('read only')) },
    });
    const pool = {
      id: crypto.randomUUID(),
      name: '高企培育库',
      description: '',
      target_kind: 'high_tech',
      target_grade: null,
      rule: {
        holdsAny: ['tech_sme'],
        holdsNone: ['high_tech'],
        cities: ['songjiang'],
        metrics: [{ metric: 'rdRatio3y' as const, op: 'gte' as const, value: 300 }],
      },
      active: true,
      created_by: 'bench',
      created_at: new Date(),
      updated_at: new Date(),
    };
    await insertPool(db, pool);
    const officer = {
      id: crypto.randomUUID(),
      username: 'bench',
      displayName: 'bench',
      role: 'reviewer' as const,
      organisationId: null,
    };

    const runs = o.runs;
    const stock = await timed(runs, dir, () => stockOn(db, { on: o.date }));
    const stockPast = await timed(runs, dir, () => stockOn(db, { on: '2022-06-30', city: 'songjiang' }));
    const count = await timed(runs, dir, () =>
      countValid(db, { codes: ['high_tech'], on: o.date, city: 'songjiang' }),
    );
    const levels = await timed(runs, dir, () =>
      countValid(db, { codes: ['specialised_sme'], on: o.date, levels: ['national', 'municipal'] }),
    );
    const page = await timed(runs, dir, () => findCandidates(ctx, officer, pool.id, { date: o.date }));
    const later = await timed(runs, dir, () =>
      findCandidates(ctx, officer, pool.id, { date: o.date, offset: 20_000, limit: 50 }),
    );
    const short = await timed(runs, dir, () =>
      findCandidates(ctx, officer, pool.id, { date: o.date, unmet: 1 }),
    );
    const all = await timed(runs, dir, async () => {
      const r = await candidatesOf(ctx, db, { ...pool, version: 1 }, o.date);
      return r.details(r.items);
    });
    // Warm inner loop: the ranking alone on candidates already in memory (no database).
    const ranked = await candidatesOf(ctx, db, { ...pool, version: 1 }, o.date);
    const params = await ctx.parameters(db);
    const target = ctx.policy.byCode.get('high_tech')!;
    const rank = await timed(runs, null, async () =>
      ranked.items.map((i) => closenessTo(target, i.metrics, params)),
    );
    sample();
    const rssMb = (kb: number) => `${Math.round(kb / 1024).toLocaleString('en')} MB`;
    const where = onPglite ? 'PGlite (in-process, memory)' : 'PostgreSQL 15 (throwaway)';
    process.stdout.write(
      `qualification ledger bench · ${where} · ${c.orgs.toLocaleString('en')} organisations, ` +
        `${c.holdings.toLocaleString('en')} holdings, ${c.events.toLocaleString('en')} events ` +
        `(${(c.events / c.orgs).toFixed(1)} per organisation) → ${c.spans.toLocaleString('en')} spans, ` +
        `${c.deltas.toLocaleString('en')} stock rows · as of ${o.date} · ${cpus().length} cores\n` +
        'End to end (min / median of 3; CPU = this process + the database server; load = 1-minute load average at each run):\n',
    );
    const rows: string[][] = [
      [
        'load: generate, insert, build spans and stock, VACUUM ANALYZE',
        `${Math.round(loadMs / 1000).toLocaleString('en')} s (once)`,
        `${Math.round(loadCpuMs / 1000).toLocaleString('en')} s`,
        load0.toFixed(1),
        '',
      ],
      [
        'stock on a day: every kind, per level (/stock)',
        fmt(stock),
        fmtCpu(stock),
        fmtLoad(stock),
        `${stock.last.length} kinds, 高企 ${stock.last.find((x) => x.code === 'high_tech')?.holders.toLocaleString('en') ?? 0}`,
      ],
      [
        'stock on 2022-06-30 in Songjiang',
        fmt(stockPast),
        fmtCpu(stockPast),
        fmtLoad(stockPast),
        `高企 ${stockPast.last.find((x) => x.code === 'high_tech')?.holders.toLocaleString('en') ?? 0}`,
      ],
      [
        '有效期内高企 in Songjiang (plan port)',
        fmt(count),
        fmtCpu(count),
        fmtLoad(count),
        count.last.toLocaleString('en'),
      ],
      [
        '市级以上专精特新 (two levels, distinct)',
        fmt(levels),
        fmtCpu(levels),
        fmtLoad(levels),
        levels.last.toLocaleString('en'),
      ],
      [
        'pool: 高企培育库 ranked, first page with distance (/candidates)',
        fmt(page),
        fmtCpu(page),
        fmtLoad(page),
        `${page.last.candidates.toLocaleString('en')} candidates`,
      ],
      [
        'pool: page 401 (offset 20,000), same ranking',
        fmt(later),
        fmtCpu(later),
        fmtLoad(later),
        `${later.last.items.length} shown`,
      ],
      [
        'pool: those one criterion short (?unmet=1), first page',
        fmt(short),
        fmtCpu(short),
        fmtLoad(short),
        `${short.last.total.toLocaleString('en')} of them`,
      ],
      [
        'pool: every candidate with its distance (as an export of all)',
        fmt(all),
        fmtCpu(all),
        fmtLoad(all),
        `${all.last.length.toLocaleString('en')} distances`,
      ],
    ];
    process.stdout.write(`${table(['what', 'wall', 'CPU', 'load', 'answer'], rows)}\n`);
    const maxRssKb = process.resourceUsage().maxRSS;
    process.stdout.write(
      `peak RSS: this process ${rssMb(maxRssKb)}${pg ? ` · database server ${rssMb(peakServerKb)} (sampled every 0.5 s)` : ' (the database runs inside it)'}\n`,
    );
    process.stdout.write(
      `Warm inner loop (candidates already in memory, no database): closeness of ${ranked.items.length.toLocaleString('en')} candidates ${fmt(rank)}\n`,
    );
    await db.destroy();
  } finally {
    clearInterval(sampler);
    pg?.stop();
  }
}
