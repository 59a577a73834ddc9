/**
 * The qualification ledger at scale (issue 13: "the 'as of' stock query and the pool computation over
 * 1,000,000 organisations with 3,000,000 ledger events take under 1 s"). Prints figures, asserts
 * nothing. A throwaway PostgreSQL is loaded in SQL (generate_series, deterministic by row number):
 * organisations in the corridor's cities, three years of figures, yearly 科技型中小企业 listings, 高企
 * certificates renewed every three years, 专精特新 and 瞪羚 listings, and one event per holding plus a
 * `lapsed` event for each that ran out — then ANALYZE. Timed, three runs each (min and median):
 *   - stock on a day: every kind's holders and per level (stockOn, the /stock endpoint's query);
 *   - one count: 有效期内高新技术企业 in Songjiang on a day (the plan port's query);
 *   - a pool: 高企培育库 (holds 科技型中小企业, not 高企, in Songjiang, 3-year R&D ratio ≥ 3%): the SQL
 *     candidates plus the distance per criterion for each (the /candidates endpoint's work).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { table } from '../src/cli/format.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { qualificationContext } from '../src/service/qualifications/context.ts';
import { candidatesOf } from '../src/service/qualifications/find-candidates.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { PoolRow } from '../src/storage/repositories/qualifications/pools.ts';
import { countValid, stockOn } from '../src/storage/repositories/qualifications/queries.ts';
import { startThrowawayPostgres } from './postgres.ts';

export interface QualificationBenchOptions {
  organisations: number;
  runs: number;
  date: string;
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

async function timed<T>(
  runs: number,
  f: () => Promise<T>,
): Promise<{ min: number; median: number; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0]!, median: ms[Math.floor(ms.length / 2)]!, last };
}

export async function benchQualifications(o: QualificationBenchOptions): Promise<void> {
  const pg = await startThrowawayPostgres();
  try {
    const url = await pg.createDatabase('ceyuan_bench_qualifications');
    const db = await openDatabase({ url, poolSize: 4 });
    const n = o.organisations;
    const cities = `array[${CITIES.map((c) => `'${c}'`).join(',')}]`;
    const t0 = performance.now();
    await sql
      .raw(`insert into organisations (id, uscc, name, kind, city, district, sectors, licences)
      select gen_random_uuid(), '91310117' || lpad(i::text, 10, '0'), 'bench ' || i, 'enterprise',
             (${cities})[1 + i % ${CITIES.length}], null, '{}', '{}'
        from generate_series(1, ${n}) i`)
      .execute(db);
    await sql
      .raw('create temp table b as select id, row_number() over (order by uscc)::int as n from organisations')
      .execute(db);
    await sql
      .raw(`insert into organisation_figures (organisation_id, year, revenue, rd_expense, employees)
      select b.id, y, (300 + (b.n * 7919 + y) % 60000)::bigint * 100000,
             ((300 + (b.n * 7919 + y) % 60000)::bigint * 100000 * (10 + (b.n * 31 + y) % 80)) / 1000,
             10 + (b.n * 13) % 800
        from b cross join generate_series(2023, 2025) y`)
      .execute(db);
    // Holdings: tech_sme yearly; high_tech every three years; specialised_sme; gazelle.
    await sql
      .raw(`insert into organisation_qualifications (organisation_id, code, valid_from, valid_to, expires_on, level, source)
      select b.id, 'tech_sme', make_date(y, 4, 1), make_date(y, 12, 31), make_date(y, 12, 31), null, 'import'
        from b cross join generate_series(2021, 2026) y where b.n % 100 < 55 and (b.n + y) % 5 <> 0
      union all
      select b.id, 'high_tech', make_date(2019 + b.n % 4 + 3 * k, 11, 15), make_date(2022 + b.n % 4 + 3 * k, 11, 14),
             make_date(2022 + b.n % 4 + 3 * k, 11, 14), 'national', 'import'
        from b cross join generate_series(0, 2) k where b.n % 100 < 35 and (k = 0 or b.n % 4 <> 0)
      union all
      select b.id, 'specialised_sme', make_date(2021 + b.n % 5, 3, 1), make_date(2024 + b.n % 5, 2, 28), make_date(2024 + b.n % 5, 2, 28),
             case when b.n % 10 = 0 then 'national' else 'municipal' end, 'import'
        from b where b.n % 100 < 9
      union all
      select b.id, 'gazelle', make_date(2021 + b.n % 6, 5, 15), null, null, null, 'import'
        from b where b.n % 1000 < 25`)
      .execute(db);
    await sql
      .raw(`insert into qualification_events (organisation_id, id, record_id, code, event, on_date, first_time, level, grade, detail, source, source_ref, actor, recorded_at)
      select q.organisation_id, gen_random_uuid(), q.id, q.code,
             case when row_number() over w = 1 then 'granted' else 'renewed' end, q.valid_from,
             row_number() over w = 1, q.level, null, '{}'::jsonb, 'import', 'bench', 'bench', now()
        from organisation_qualifications q window w as (partition by q.organisation_id, q.code order by q.valid_from)`)
      .execute(db);
    await sql
      .raw(`insert into qualification_events (organisation_id, id, record_id, code, event, on_date, first_time, level, grade, detail, source, source_ref, actor, recorded_at)
      select q.organisation_id, gen_random_uuid(), q.id, q.code, 'lapsed', q.valid_to + 1, false, q.level, null, '{}'::jsonb,
             'scan', null, 'bench', now()
        from organisation_qualifications q
       where q.valid_to < '${o.date}'::date
         and not exists (select 1 from organisation_qualifications x where x.organisation_id = q.organisation_id
                          and x.code = q.code and x.valid_from > q.valid_from and x.valid_from <= q.valid_to + 1)`)
      .execute(db);
    await sql.raw('analyze').execute(db);
    const loadMs = performance.now() - t0;
    const counts = await sql<{ orgs: number; holdings: number; events: number }>`
      select (select count(*)::int from organisations) as orgs,
             (select count(*)::int from organisation_qualifications) as holdings,
             (select count(*)::int from qualification_events) as events`.execute(db);
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
    const pool: PoolRow = {
      id: crypto.randomUUID(),
      name: '高企培育库',
      description: '',
      target_kind: 'high_tech',
      target_grade: null,
      rule: {
        holdsAny: ['tech_sme'],
        holdsNone: ['high_tech'],
        cities: ['songjiang'],
        metrics: [{ metric: 'rdRatio3y', op: 'gte', value: 300 }],
      },
      active: true,
      created_by: 'bench',
      created_at: new Date(),
      updated_at: new Date(),
      version: 1,
    } as PoolRow;

    const stock = await timed(o.runs, () => stockOn(db, { on: o.date }));
    const count = await timed(o.runs, () =>
      countValid(db, { codes: ['high_tech'], on: o.date, city: 'songjiang' }),
    );
    const cands = await timed(o.runs, () => candidatesOf(ctx, db, pool, o.date));
    const fmt = (x: { min: number; median: number }) => `${Math.round(x.min)} / ${Math.round(x.median)} ms`;
    process.stdout.write(
      `qualification ledger bench (PostgreSQL 15, throwaway) · load ${Math.round(loadMs / 1000)} s · ` +
        `${c.orgs.toLocaleString('en')} organisations, ${c.holdings.toLocaleString('en')} holdings, ${c.events.toLocaleString('en')} events · as of ${o.date}\n`,
    );
    process.stdout.write(
      `${table(
        ['query', 'min / median of 3', 'answer'],
        [
          [
            'stock on a day (all kinds, per level)',
            fmt(stock),
            `${stock.last.length} kinds, 高企 ${stock.last.find((s) => s.code === 'high_tech')?.holders ?? 0}`,
          ],
          ['有效期内高企 in Songjiang (plan port)', fmt(count), String(count.last)],
          [
            '高企培育库 candidates + distance',
            fmt(cands),
            `${cands.last.items.length.toLocaleString('en')} candidates`,
          ],
        ],
      )}\n`,
    );
    await db.destroy();
  } finally {
    pg.stop();
  }
}
