import { expect, it } from 'vitest';
import { migratedSnapshot } from '../../../test/support/pglite-snapshot.ts';
import { MEMORY, openDatabase } from '../../storage/database.ts';
import { makeWorld, TestClock, testAudit, testEngine, uuidIds } from '../applications/testing.ts';
import { createAuditService } from '../audit/service.ts';
import { seedDemoApplications } from './applications.ts';

it('seeds one application in each demo state through the service', async () => {
  const db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  try {
    const world = await makeWorld(db);
    const clock = new TestClock(new Date('2026-11-21T04:00:00Z'));
    const { enterprise, reviewer, approver, admin } = world.users;
    const result = await seedDemoApplications(
      {
        db,
        engine: testEngine(),
        clock,
        ids: uuidIds,
        audit: testAudit(db, clock),
      },
      { enterprise, reviewer, approver, admin },
    );
    expect(result.skipped).toBeUndefined();
    expect(result.applications.map((a) => a.state)).toEqual([
      'paying',
      'in_notice',
      'under_review',
      'submitted',
      'draft',
    ]);
    const payments = await db.selectFrom('payments').selectAll().execute();
    expect(payments.map((p) => p.amount)).toEqual([7_200_000_00]);
    expect(await createAuditService({ db, clock }).verifyChain()).toMatchObject({ ok: true });
  } finally {
    await db.destroy();
  }
});
