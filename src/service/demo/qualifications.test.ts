/**
 * The qualification demo: a realistic spread over 2021–2026 (every kind held by someone, renewals,
 * lapses, revocations, levels), all labelled (names “（演示）”, events with source demo), pools with
 * members and services, the demo firm's first-time 瞪羚 notice in its inbox, and idempotent.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/databases.ts';
import { testCatalogue } from '../../../test/support/fixtures.ts';
import { createEngine } from '../../core/engine/calculate.ts';
import type { Db } from '../../storage/schema.ts';
import { createAuditService } from '../audit/service.ts';
import { createAuthService } from '../auth/service.ts';
import { ManualClock } from '../clock.ts';
import { seedDemo } from './seed.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDatabase('pglite');
});
afterAll(async () => {
  await db?.destroy();
});

it('seeds a labelled ledger over 2021–2026, pools and the demo firm’s reward notice, once', async () => {
  const clock = new ManualClock('2026-11-21T04:00:00Z');
  const audit = createAuditService({ db, clock });
  const catalogue = testCatalogue();
  const deps = {
    db,
    catalogue,
    engine: createEngine(catalogue),
    clock,
    audit,
    auth: createAuthService({ db, clock, audit }),
    matching: false as const,
    qualifications: { organisations: 600 },
  };
  const first = await seedDemo(deps);
  const q = first.qualifications!;
  expect(q).toMatchObject({ organisations: 600, pools: 3 });
  expect(q.members).toBeGreaterThan(10);
  expect(q.scan.lapsed).toBeGreaterThan(0);
  expect(q.scan.reminders).toBeGreaterThan(0);
  expect(q.rewardNotice).toMatchObject({ measureId: '001·十·瞪羚' });

  const byKind = await db
    .selectFrom('organisation_qualifications')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('code')
    .execute();
  const kinds = new Set(byKind.map((r) => r.code));
  for (const k of [
    'tech_sme',
    'high_tech',
    'specialised_sme',
    'little_giant',
    'potential_gazelle',
    'gazelle',
  ])
    expect(kinds, k).toContain(k);
  const eventKinds = new Set(
    (await db.selectFrom('qualification_events').select('event').distinct().execute()).map((e) => e.event),
  );
  for (const e of ['granted', 'renewed', 'lapsed', 'revoked', 'upgraded', 'downgraded'])
    expect(eventKinds, e).toContain(e);
  // Spread over the years: every year 2021–2026 has 高企 certificates granted and 科技型中小企业 listed,
  // and from 2022 on 高企 renewals and lapses; 专精特新 at both levels, 小巨人 in both grades.
  const perYear = await db
    .selectFrom('qualification_events')
    .select([
      'code',
      'event',
      sql<number>`extract(year from on_date)::int`.as('year'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    // The generated firms' events: the demo's own and the lapses the day's scan recorded.
    .where('organisation_id', 'in', (eb) =>
      eb.selectFrom('organisations').select('id').where('uscc', 'like', '91310117QD%'),
    )
    .groupBy(['code', 'event', sql`extract(year from on_date)`])
    .execute();
  const has = (code: string, event: string, year: number) =>
    perYear.some((r) => r.code === code && r.event === event && Number(r.year) === year && Number(r.n) > 0);
  for (let year = 2021; year <= 2026; year++) {
    expect(has('high_tech', 'granted', year), `high_tech granted ${year}`).toBe(true);
    expect(has('tech_sme', 'granted', year), `tech_sme granted ${year}`).toBe(true);
    if (year > 2021) {
      expect(has('high_tech', 'renewed', year), `high_tech renewed ${year}`).toBe(true);
      expect(has('high_tech', 'lapsed', year), `high_tech lapsed ${year}`).toBe(true);
    }
  }
  const held = await db
    .selectFrom('organisation_qualifications')
    .select(['code', 'level', 'grade'])
    .distinct()
    .where('code', 'in', ['specialised_sme', 'little_giant'])
    .execute();
  expect(held.filter((h) => h.code === 'specialised_sme').map((h) => h.level)).toEqual(
    expect.arrayContaining(['municipal', 'national']),
  );
  expect(held.filter((h) => h.code === 'little_giant').map((h) => h.grade)).toEqual(
    expect.arrayContaining(['cultivation', 'formal']),
  );
  const years = await db
    .selectFrom('qualification_events')
    .select((eb) => [eb.fn.min('on_date').as('first'), eb.fn.max('on_date').as('last')])
    .where('source', '=', 'demo')
    .executeTakeFirstOrThrow();
  expect(String(years.first) <= '2021-12-31').toBe(true);
  // Every generated firm says it is demo data.
  const unlabelled = await db
    .selectFrom('organisations')
    .select('id')
    .where('uscc', 'like', '91310117QD%')
    .where('name', 'not like', '（演示）%')
    .execute();
  expect(unlabelled).toEqual([]);
  // The notice waits in the demo firm's inbox.
  const notice = await db
    .selectFrom('messages')
    .select('kind')
    .where('kind', '=', 'qualification.first_time_reward')
    .execute();
  expect(notice.length).toBeGreaterThanOrEqual(1);

  const second = await seedDemo(deps);
  expect(second.qualifications).toBeNull();
}, 120_000);
