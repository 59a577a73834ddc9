import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/databases.ts';
import { testCatalogue } from '../../../test/support/fixtures.ts';
import { createEngine } from '../../core/engine/calculate.ts';
import { FEN_PER_WAN } from '../../core/money.ts';
import { isValidUscc } from '../../core/uscc.ts';
import type { Db } from '../../storage/schema.ts';
import { createAuditService } from '../audit/service.ts';
import { createAuthService } from '../auth/service.ts';
import { ManualClock } from '../clock.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoOrganisations } from './registry.ts';
import { seedDemo } from './seed.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDatabase('pglite');
});
afterAll(async () => {
  await db?.destroy();
});

it('demo registry covers every kind and every corridor city with valid USCCs', () => {
  const ref = testCatalogue().reference;
  const DEMO_ORGANISATIONS = demoOrganisations(ref);
  const kinds = new Set(DEMO_ORGANISATIONS.map((o) => o.kind));
  for (const k of ref.orgKinds) expect(kinds, k.code).toContain(k.code);
  const cities = new Set(DEMO_ORGANISATIONS.flatMap((o) => [o.city, o.centreOriginCity]));
  for (const c of ref.cities.filter((c) => c.role === 'core' || c.role === 'member'))
    expect(cities, c.code).toContain(c.code);
  for (const o of DEMO_ORGANISATIONS) expect(isValidUscc(o.uscc), o.uscc).toBe(true);
  expect(new Set(DEMO_ORGANISATIONS.map((o) => o.uscc)).size).toBe(DEMO_ORGANISATIONS.length);
  expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(
    new Set(['enterprise', 'reviewer', 'approver', 'admin', 'auditor', 'broker', 'expert']),
  );
});

it('seeds once and is idempotent; demo accounts sign in', async () => {
  const clock = new ManualClock('2026-11-21T04:00:00Z');
  const audit = createAuditService({ db, clock });
  const auth = createAuthService({ db, clock, audit });
  const catalogue = testCatalogue();
  // A small 双向发榜 seed here (matching.test.ts checks the listings and engagements themselves).
  const deps = {
    db,
    catalogue,
    engine: createEngine(catalogue),
    clock,
    audit,
    auth,
    matching: { composed: 4, publishers: ['嘉松智能驱动科技（上海）有限公司', '上海松江大学城工程技术大学'] },
    challenges: false as const,
    // The ledger's generated firms: a few hundred take the same path as the default (DEMO_FIRMS, 3000)
    // at a fraction of the time (qualifications.test.ts checks the ledger itself).
    qualifications: { organisations: 300 },
  };
  const first = await seedDemo(deps);
  expect(first).toMatchObject({
    organisationsCreated: demoOrganisations(testCatalogue().reference).length,
    usersCreated: DEMO_USERS.length,
  });
  // Every generated firm of the qualification ledger is in the registry and labelled as demo data
  // (`npm start` seeds DEMO_FIRMS of them: issue 13's "a few thousand organisations").
  expect(first.qualifications?.organisations).toBe(300);
  const generated = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('uscc', 'like', '91310117QD%')
    .where('name', 'like', '（演示）%')
    .executeTakeFirstOrThrow();
  expect(Number(generated.n)).toBe(300);
  // One completed screening run: the demo enterprises' inboxes hold its notices.
  expect(first.screening).toMatchObject({ date: '2026-11-21' });
  expect(first.screening!.notices).toBeGreaterThan(0);
  // The international organisation's filed operating spend (480万元 in 2025) makes 000·九's annual
  // support 免申即享 with its amount: min(30% × 480万, 200万) = 144万元; the Jiaxing centre's 000·十二
  // needs a reviewer's judgement, so it is 快申快享 — with its ceiling min(30% × 260万, 100万) = 78万元.
  const notices = await db
    .selectFrom('screening_notices' as never)
    .selectAll()
    .execute();
  const byMeasure = (id: string) =>
    (notices as { measure_id: string; mode: string; amount_min: number; amount_max: number }[]).filter(
      (n) => n.measure_id === id,
    );
  // (The minimum is what the engine says the text fixes: the ceiling itself, or 0 once ceilings are
  // ranges the officer decides within.)
  const intl = byMeasure('000·九·运营');
  expect(intl).toEqual([expect.objectContaining({ mode: 'automatic', amount_max: 144 * FEN_PER_WAN })]);
  expect(Number(intl[0]!.amount_min)).toBeLessThanOrEqual(144 * FEN_PER_WAN);
  expect(byMeasure('000·十二')).toContainEqual(
    expect.objectContaining({ mode: 'invitation', amount_max: 78 * FEN_PER_WAN }),
  );
  const second = await seedDemo(deps);
  expect(second).toMatchObject({
    organisationsCreated: 0,
    usersCreated: 0,
    applications: null,
    screening: null,
  });
  // 十五五 plan: demo observations, every one labelled as demo; seeded once.
  expect(first.plan.observations).toBeGreaterThan(20);
  expect(second.plan).toMatchObject({ observations: 0 });
  const observations = await db
    .selectFrom('plan_observations')
    .select(['source', 'is_demo', 'channel'])
    .execute();
  expect(observations).toHaveLength(first.plan.observations);
  for (const o of observations) expect(o).toEqual({ source: '演示数据', is_demo: true, channel: 'demo' });
  for (const u of DEMO_USERS) expect((await auth.login(u.username, DEMO_PASSWORD)).user.role).toBe(u.role);
  expect((await audit.verifyChain()).ok).toBe(true);
  // Heavy: the whole demo (registry, every account's password hash, applications, a screening run, listings).
}, 120_000);
