/**
 * The projection of migration 0016 equals the holdings it is built from, on both databases: after any
 * sequence of writes (several holdings in one statement, overlapping and touching validity, a renewal
 * on the expiry day, an end moved earlier as a revocation does, a holding removed, an organisation
 * moving to another city or deleted), the spans are the merged days each organisation held each kind
 * (per level and at any level), and the stock, the plan port's counts and a pool's "holds" read from
 * them answer what a replay of the holdings answers, on every day, before and after the roll-up.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import { insertOrganisation } from '../../../service/applications/testing.ts';
import { countValid, rollUpStock, stockOn } from './queries.ts';

const BASE: IsoDate = '2026-01-01';
const DAYS = 56;
const CODES = ['high_tech', 'specialised_sme'] as const;
const LEVELS = [null, 'national', 'municipal'] as const;
const CITIES = ['songjiang', 'jiaxing'] as const;

interface Holding {
  org: number;
  code: (typeof CODES)[number];
  level: (typeof LEVELS)[number];
  from: number;
  /** Last day as an offset from BASE; null: open-ended. */
  to: number | null;
}

type Command =
  | { kind: 'insert'; rows: Holding[] }
  | { kind: 'end'; pick: number; to: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'move'; org: number; city: number };

const holding = fc.record({
  org: fc.integer({ min: 0, max: 3 }),
  code: fc.constantFrom(...CODES),
  level: fc.constantFrom(...LEVELS),
  from: fc.integer({ min: 0, max: 40 }),
  length: fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(holding, { minLength: 1, maxLength: 4 }).map((hs) => ({
      kind: 'insert' as const,
      rows: hs.map(({ length, ...h }) => ({ ...h, to: length === null ? null : h.from + length })),
    })),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('end' as const), pick: fc.nat(), to: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      org: fc.integer({ min: 0, max: 3 }),
      city: fc.integer({ min: 0, max: 1 }),
    }),
  },
);

const day = (offset: number) => addDays(BASE, offset);

describeEachDatabase('qualification spans and stock (migration 0016)', (ctx) => {
  const orgs: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 4; i++)
      orgs.push(
        await insertOrganisation(ctx.db, { name: `投影企业${i}`, kind: 'enterprise', city: CITIES[i % 2] }),
      );
  });

  /** The holdings as they are in the table (the replay's input). */
  const holdings = async () =>
    (
      await sql<{
        id: string;
        organisation_id: string;
        code: string;
        level: string | null;
        valid_from: string;
        valid_to: string | null;
      }>`
        select id, organisation_id, code, level, valid_from, valid_to from organisation_qualifications
         where organisation_id = any(${orgs}::uuid[]) order by organisation_id, code, valid_from`.execute(
        ctx.db,
      )
    ).rows;

  const cities = async () =>
    new Map(
      (
        await sql<{
          id: string;
          city: string;
        }>`select id, city from organisations where id = any(${orgs}::uuid[])`.execute(ctx.db)
      ).rows.map((r) => [r.id, r.city]),
    );

  /** Merged spans from the holdings, computed here the obvious way (day by day). */
  async function expectedSpans() {
    const hs = await holdings();
    const city = await cities();
    const days = new Map<string, Set<number>>();
    const OPEN = 1000;
    const offset = (d: string) => Math.round((Date.parse(d) - Date.parse(BASE)) / 86_400_000);
    for (const h of hs) {
      for (const level of h.level ? ['', h.level] : ['']) {
        const key = `${h.organisation_id}|${h.code}|${level}`;
        const set = days.get(key) ?? new Set<number>();
        const last = h.valid_to === null ? OPEN : offset(h.valid_to);
        for (let d = offset(h.valid_from); d <= last; d++) set.add(d);
        days.set(key, set);
      }
    }
    const out: string[] = [];
    for (const [key, set] of days) {
      const sorted = [...set].sort((a, b) => a - b);
      let start = sorted[0]!;
      for (let i = 1; i <= sorted.length; i++) {
        if (i < sorted.length && sorted[i] === sorted[i - 1]! + 1) continue;
        const end = sorted[i - 1]!;
        const org = key.split('|')[0]!;
        out.push(`${key}|${city.get(org)}|${day(start)}|${end === OPEN ? 'infinity' : day(end)}`);
        start = sorted[i]!;
      }
    }
    return out.sort();
  }

  const actualSpans = async () =>
    (
      await sql<{ k: string }>`
        select organisation_id || '|' || code || '|' || level || '|' || city || '|' || valid_from::text || '|' || valid_to::text as k
          from qualification_spans where organisation_id = any(${orgs}::uuid[])`.execute(ctx.db)
    ).rows
      .map((r) => r.k)
      .sort();

  /** What a replay of the holdings says is held on a day: distinct organisations per kind and level. */
  function expectedStock(
    hs: Awaited<ReturnType<typeof holdings>>,
    city: Map<string, string>,
    on: IsoDate,
    cityFilter: string | null,
  ) {
    const held = new Map<string, Set<string>>();
    for (const h of hs) {
      if (h.valid_from > on || (h.valid_to !== null && h.valid_to < on)) continue;
      if (cityFilter && city.get(h.organisation_id) !== cityFilter) continue;
      for (const level of h.level ? ['', h.level] : ['']) {
        const key = `${h.code}|${level}`;
        held.set(key, (held.get(key) ?? new Set()).add(h.organisation_id));
      }
    }
    return held;
  }

  /** Every day a holding starts or ends on, and the days either side: where an off-by-one would show. */
  async function checkEdges() {
    const hs = await holdings();
    const cityOf = await cities();
    const edges = new Set<IsoDate>([day(0), day(DAYS)]);
    for (const h of hs)
      for (const d of [h.valid_from, h.valid_to ?? day(DAYS)])
        for (const x of [-1, 0, 1]) edges.add(addDays(d, x));
    for (const on of edges) {
      for (const city of [null, ...CITIES]) {
        const want = expectedStock(hs, cityOf, on, city);
        const got = await stockOn(ctx.db, { on, city });
        const flat = new Map<string, number>();
        for (const r of got) {
          flat.set(`${r.code}|`, r.holders);
          for (const [level, n] of Object.entries(r.byLevel)) flat.set(`${r.code}|${level}`, n);
        }
        expect(Object.fromEntries(flat), `stock on ${on} in ${city ?? 'every city'}`).toEqual(
          Object.fromEntries([...want].map(([k, v]) => [k, v.size])),
        );
        for (const code of CODES) {
          const both = new Set([
            ...(want.get(`${code}|national`) ?? []),
            ...(want.get(`${code}|municipal`) ?? []),
          ]);
          expect(
            await countValid(ctx.db, { codes: [code], on, city, levels: ['national', 'municipal'] }),
          ).toBe(both.size);
          expect(await countValid(ctx.db, { codes: [code], on, city })).toBe(want.get(`${code}|`)?.size ?? 0);
        }
        const any = new Set([...(want.get('high_tech|') ?? []), ...(want.get('specialised_sme|') ?? [])]);
        expect(await countValid(ctx.db, { codes: [...CODES], on, city })).toBe(any.size);
      }
    }
  }

  async function apply(c: Command) {
    if (c.kind === 'insert') {
      // One statement for all the rows (a bulk write fires the trigger once with all of them).
      await ctx.db
        .insertInto('organisation_qualifications')
        .values(
          c.rows.map((h) => ({
            organisation_id: orgs[h.org]!,
            code: h.code,
            level: h.level,
            valid_from: day(h.from),
            valid_to: h.to === null ? null : day(h.to),
            expires_on: h.to === null ? null : day(h.to),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    }
    if (c.kind === 'move') {
      await ctx.db
        .updateTable('organisations')
        .set({ city: CITIES[c.city] })
        .where('id', '=', orgs[c.org]!)
        .execute();
      return;
    }
    const hs = await holdings();
    if (hs.length === 0) return;
    const h = hs[c.pick % hs.length]!;
    if (c.kind === 'delete') {
      await ctx.db.deleteFrom('organisation_qualifications').where('id', '=', h.id).execute();
      return;
    }
    // An end moved (a revocation ends it the day before; a correction may move it later).
    const to = day(c.to);
    if (to < h.valid_from) return;
    await ctx.db
      .updateTable('organisation_qualifications')
      .set({ valid_to: to, ended_on: addDays(to, 1), end_reason: 'revoked' })
      .where('id', '=', h.id)
      .execute();
  }

  it('after any sequence of writes, the spans are the merged holdings and the stock is the replay’s, on every edge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        await ctx.db.deleteFrom('organisation_qualifications').where('organisation_id', 'in', orgs).execute();
        for (const c of commands) {
          await apply(c);
          expect(await actualSpans()).toEqual(await expectedSpans());
        }
        await checkEdges();
        await rollUpStock(ctx.db);
        await checkEdges();
      }),
      // Each run checks every edge day twice (a few thousand queries): 8 sequences on the PostgreSQL
      // server, 4 more on PGlite (the same engine, compiled to WebAssembly, at several times the cost).
      { numRuns: ctx.kind === 'postgres' ? 8 : 4 },
    );
  }, 600_000);

  it('renewal on the expiry day, an overlapping certificate and a revocation, as one span each way', async () => {
    await ctx.db.deleteFrom('organisation_qualifications').where('organisation_id', 'in', orgs).execute();
    await ctx.db.updateTable('organisations').set({ city: 'songjiang' }).where('id', '=', orgs[0]!).execute();
    const o = orgs[0]!;
    const row = (from: IsoDate, to: IsoDate | null) => ({
      organisation_id: o,
      code: 'high_tech',
      level: 'national',
      valid_from: from,
      valid_to: to,
      expires_on: to,
    });
    await ctx.db.insertInto('organisation_qualifications').values(row('2022-12-01', '2025-11-30')).execute();
    await ctx.db.insertInto('organisation_qualifications').values(row('2025-11-30', '2028-11-29')).execute();
    expect(await actualSpans()).toEqual(
      [
        `${o}|high_tech||songjiang|2022-12-01|2028-11-29`,
        `${o}|high_tech|national|songjiang|2022-12-01|2028-11-29`,
      ].sort(),
    );
    await ctx.db.insertInto('organisation_qualifications').values(row('2024-01-01', '2026-12-31')).execute();
    expect((await actualSpans()).length).toBe(2);
    // The later certificate revoked on 2027-03-01: held until the day before.
    await ctx.db
      .updateTable('organisation_qualifications')
      .set({ valid_to: '2027-02-28', ended_on: '2027-03-01', end_reason: 'revoked' })
      .where('organisation_id', '=', o)
      .where('valid_from', '=', '2025-11-30')
      .execute();
    for (const [on, n] of [
      ['2027-02-28', 1],
      ['2027-03-01', 0],
      ['2022-11-30', 0],
      ['2022-12-01', 1],
    ] as const)
      expect(await countValid(ctx.db, { codes: ['high_tech'], on, city: 'songjiang' }), on).toBe(n);
  });

  it('an organisation deleted takes its spans and its share of the stock with it', async () => {
    const gone = await insertOrganisation(ctx.db, {
      name: '注销企业',
      kind: 'enterprise',
      city: 'songjiang',
    });
    await ctx.db
      .insertInto('organisation_qualifications')
      .values({ organisation_id: gone, code: 'gazelle', valid_from: '2026-01-01', valid_to: null })
      .execute();
    expect(await countValid(ctx.db, { codes: ['gazelle'], on: '2026-06-30' })).toBe(1);
    await ctx.db.deleteFrom('organisations').where('id', '=', gone).execute();
    expect(await countValid(ctx.db, { codes: ['gazelle'], on: '2026-06-30' })).toBe(0);
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from qualification_spans where organisation_id = ${gone}`.execute(ctx.db);
    expect(left.rows[0]!.n).toBe(0);
  });
});
