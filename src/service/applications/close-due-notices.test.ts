/**
 * The job that closes public notices whose window ended: only cases past their last day with no open
 * objection, through the ordinary workflow step, by the platform's `system` account (which can never
 * sign in); a second sweep changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/databases.ts';
import { wanToFen } from '../../core/money.ts';
import type { Db } from '../../storage/schema.ts';
import { closeDueNotices, SYSTEM_USERNAME } from './close-due-notices.ts';
import { applicationsTestbed, matters, recommendedApplication, TestClock } from './testing.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDatabase('pglite');
});
afterAll(async () => {
  await db?.destroy();
});

it('closes the notices whose window ended without an open objection, as the system account', async () => {
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  const { world, service, ledger } = await applicationsTestbed(db, clock);
  const { enterprise, reviewer, approver, admin } = world.users;
  await ledger.setBudget(admin, { fund: '000', year: 2026, amount: wanToFen(100_000) });
  const inNotice = async (days: number) => {
    const app = await recommendedApplication(
      service,
      reviewer,
      enterprise,
      '000·二',
      matters.challenge(`chl-${randomUUID()}`, 1_000_000_000),
      wanToFen(300),
    );
    await service.approve(approver, app.id);
    return service.publishNotice(admin, app.id, days);
  };
  const due = await inNotice(3); // ends 2026-09-12
  const objected = await inNotice(3);
  await service.recordObjection(reviewer, objected.id, { raisedBy: '匿名', text: '存疑' });
  const running = await inNotice(10); // ends 2026-09-19

  clock.setDay('2026-09-13');
  const sweep = () => closeDueNotices({ db, applications: service, today: '2026-09-13', now: clock.now() });
  const first = await sweep();
  expect(first.closed).toEqual([due.id]);
  expect((await service.get(admin, due.id)).state).toBe('notice_closed');
  expect((await service.get(admin, objected.id)).state).toBe('in_notice');
  expect((await service.get(admin, running.id)).state).toBe('in_notice');
  const decision = await db
    .selectFrom('decisions as d')
    .innerJoin('users as u', 'u.id', 'd.actor_id')
    .select(['d.action', 'u.username', 'u.disabled'])
    .where('d.application_id', '=', due.id)
    .where('d.action', '=', 'close_notice')
    .executeTakeFirstOrThrow();
  expect(decision).toEqual({ action: 'close_notice', username: SYSTEM_USERNAME, disabled: true });
  const audit = await db
    .selectFrom('audit_log')
    .select(['actor', 'action'])
    .where('subject', '=', `application:${due.id}`)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  expect(audit.actor).toBe(SYSTEM_USERNAME);
  expect(await sweep()).toEqual({ closed: [], left: [] });
});
