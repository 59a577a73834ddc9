import { expect, it } from 'vitest';
import { MEMORY, openDatabase } from '../../storage/database.ts';
import { makeWorld, TestClock, tableAudit, testEngine, uuidIds } from '../applications/testing.ts';
import { seedDemoApplications } from './applications.ts';

it('seeds one application in each demo state through the service', async () => {
  const db = await openDatabase({ dataDir: MEMORY });
  try {
    const world = await makeWorld(db);
    const { enterprise, reviewer, approver, admin } = world.users;
    const result = await seedDemoApplications(
      {
        db,
        engine: testEngine(),
        clock: new TestClock(new Date('2026-11-21T04:00:00Z')),
        ids: uuidIds,
        audit: tableAudit(),
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
  } finally {
    await db.destroy();
  }
});
