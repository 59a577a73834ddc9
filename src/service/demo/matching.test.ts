/**
 * The demo 双向发榜 seed: listings published through the service in every state, matches recorded,
 * the demo enterprise and university engaged up to a formed project, the broker assigned — once.
 */
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

it('publishes listings through the service and follows the demo pair to a project', async () => {
  const clock = new ManualClock('2026-11-21T04:00:00Z');
  const audit = createAuditService({ db, clock });
  const auth = createAuthService({ db, clock, audit });
  const catalogue = testCatalogue();
  const deps = {
    db,
    catalogue,
    engine: createEngine(catalogue),
    clock,
    audit,
    auth,
    matching: {
      composed: 30,
      publishers: ['嘉松智能驱动科技（上海）有限公司', '上海松江大学城工程技术大学'],
    },
    // The qualification ledger's generated firms play no part in 双向发榜 (qualifications.test.ts seeds them).
    qualifications: false as const,
  };
  const first = await seedDemo(deps);
  expect(first.matching).toMatchObject({ interests: 2 });
  const states = await db.selectFrom('matching_listings').select(['state']).execute();
  expect(states.length).toBe(first.matching!.listings);
  expect(new Set(states.map((s) => s.state))).toEqual(
    new Set(['draft', 'pending_review', 'returned', 'published']),
  );
  expect((await db.selectFrom('matching_matches').select('need_id').execute()).length).toBeGreaterThan(0);
  const engaged = await db.selectFrom('matching_interests').selectAll().orderBy('created_at').execute();
  expect(engaged.map((e) => e.state)).toEqual(['accepted', 'pending']);
  expect(engaged[0]).toMatchObject({ project_kind: 'iur_project', contract_no: 'SJ-JS-2026-0001' });
  expect(engaged[1]!.broker_user_id).not.toBeNull();
  expect((await seedDemo(deps)).matching).toBeNull();
  expect((await audit.verifyChain()).ok).toBe(true);
}, 120_000);
