/**
 * The plan's demo values are labelled as demo wherever they show (dashboard cards, public view, the
 * values behind a flow's year total), baselines stay 待补录, and seeding twice adds nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/databases.ts';
import { testCatalogue } from '../../../test/support/fixtures.ts';
import { planFor } from '../../catalogue/load-plan.ts';
import type { Db } from '../../storage/schema.ts';
import { randomIds } from '../applications/ports.ts';
import { createAuditService } from '../audit/service.ts';
import { ManualClock } from '../clock.ts';
import { createMessageService } from '../messages/service.ts';
import { createPlanService } from '../plan/service.ts';
import { seedDemoPlan } from './plan.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDatabase('pglite');
});
afterAll(async () => {
  await db?.destroy();
});

it('labels every demo value as demo, everywhere it shows, and seeds once', async () => {
  const clock = new ManualClock('2026-11-30T04:00:00Z');
  const catalogue = testCatalogue();
  const plan = planFor(catalogue);
  const audit = createAuditService({ db, clock });
  const deps = { db, plan, catalogue, clock, ids: randomIds, audit };
  const first = await seedDemoPlan(deps);
  expect(first.observations).toBeGreaterThan(20);
  expect((await seedDemoPlan(deps)).observations).toBe(0);

  const service = createPlanService({
    ...deps,
    messages: createMessageService({ db, clock, ids: randomIds }),
  });
  const auditor = { id: 'a', username: 'aud', role: 'auditor' as const, organisationId: null };
  const board = await service.dashboard(auditor, '2026-11-30');
  expect(board.summary.demo).toBe(true);
  for (const c of board.cards) {
    if (c.derived)
      expect(c.demo, c.id).toBe(false); // counted from the registry, not demo values
    else if (c.latest)
      expect([c.id, c.latest.isDemo, c.latest.source, c.demo]).toEqual([c.id, true, '演示数据', true]);
    expect(c.baseline.status, c.id).not.toBe('given'); // the demo never fills a baseline
  }
  const talent = board.cards.find((c) => c.id === 'high-level-talent')!;
  expect(talent).toMatchObject({
    status: 'acceleration_needed',
    latest: { period: '2026', value: 710, months: 9 },
  });
  const pub = await service.publicView('2026-11-30');
  expect(pub.targets.find((t) => t.id === 'high-level-talent')!.latest).toMatchObject({ isDemo: true });
  expect((await audit.verifyChain()).ok).toBe(true);
});
