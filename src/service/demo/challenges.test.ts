/**
 * The 揭榜挂帅 demo shows the mechanism alive: two lists (one per document) and 000·二's open second batch,
 * thirteen problems, bids, a judged problem with a conflict blocked, a winner in 公示 and a project with one
 * milestone accepted and paid (its second waiting for 验收), one more problem waiting for review, a
 * project whose final 验收 failed with the amount to recover due in the fund ledger; and a second run
 * changes nothing.
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

it('seeds three lists (000·二 closed and open, 001·二 open), thirteen problems (one waiting for review), a blocked conflict, an award in 公示 and a paid tranche — once', async () => {
  const clock = new ManualClock('2026-11-30T04:00:00Z');
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
    // Nor do the qualification ledger's generated firms (qualifications.test.ts seeds them).
    qualifications: false as const,
  };
  const first = await seedDemo(deps);
  expect(first.challenges).toEqual({ lists: 3, problems: 13, bids: 10, paid: 2 });
  const lists = await db.selectFrom('challenge_lists').selectAll().orderBy('opens_on').execute();
  expect(lists.map((l) => [l.basis_measure_id, l.state, l.demo, l.title.includes('演示数据')])).toEqual([
    ['000·二', 'published', true, true],
    ['001·二', 'published', true, true],
    ['000·二', 'published', true, true],
  ]);
  const states = await db.selectFrom('challenge_problems').select('state').execute();
  expect(states.filter((s) => s.state === 'awarded')).toHaveLength(3);
  expect(states.filter((s) => s.state === 'judging')).toHaveLength(1);
  // The officer's desk has a problem waiting for review and a milestone waiting for 验收.
  expect(states.filter((s) => s.state === 'submitted')).toHaveLength(1);
  const blocked = await db.selectFrom('challenge_judges').selectAll().where('blocked', '=', true).execute();
  expect(blocked).toHaveLength(1);
  expect(blocked[0]!.conflicts[0]!.reason).toBe('same_organisation');
  const projects = await db.selectFrom('challenge_projects').selectAll().execute();
  const paid = await db.selectFrom('payments').select('application_id').execute();
  const active = projects.find(
    (p) => p.state === 'active' && paid.some((x) => x.application_id === p.application_id),
  )!;
  const failed = projects.find((p) => p.state === 'failed')!;
  expect(projects.map((p) => p.state).sort()).toEqual(['active', 'active', 'failed']);
  // A winner in 公示 now: its application's notice runs past today (objections still open).
  const noticed = projects.find((p) => p.state === 'active' && p.id !== active.id)!;
  const app = await db
    .selectFrom('applications')
    .select(['state', 'notice_ends_on'])
    .where('id', '=', noticed.application_id!)
    .executeTakeFirstOrThrow();
  expect(app.state).toBe('in_notice');
  expect(app.notice_ends_on! >= '2026-11-30').toBe(true);
  const milestones = await db.selectFrom('challenge_milestones').selectAll().orderBy('seq').execute();
  const of = (p: { id: string }) =>
    milestones.filter((m) => m.project_id === p.id).map((m) => [m.state, m.payment_id !== null]);
  expect(of(active)).toEqual([
    ['accepted', true],
    ['submitted', false],
    ['pending', false],
  ]);
  // The failed project: its first tranche paid, the final 验收 failed, 120 万元 due back in the fund ledger.
  expect(of(failed)).toEqual([
    ['accepted', true],
    ['failed', false],
  ]);
  expect(Number(failed.recovery_amount)).toBe(120 * 1_000_000);
  const due = await db
    .selectFrom('ledger_entries')
    .select(['kind', 'amount', 'fund', 'subject'])
    .where('kind', 'in', ['recovery', 'recovered'])
    .execute();
  expect(due).toEqual([
    { kind: 'recovery', amount: 120 * 1_000_000, fund: '000', subject: `challenge_project:${failed.id}` },
  ]);
  // Every evidence file named is in its milestone's folder of the attachment store, by the stored hash.
  const files = await db
    .selectFrom('attachments')
    .select(['subject_id', 'sha256'])
    .where('subject_type', '=', 'challenge_milestone')
    .execute();
  const named = milestones.flatMap((m) => m.evidence.map((e) => `${m.project_id}:${m.seq} ${e.sha256}`));
  expect(named).toHaveLength(7);
  expect(files.map((f) => `${f.subject_id} ${f.sha256}`)).toEqual(expect.arrayContaining(named));
  const second = await seedDemo(deps);
  expect(second.challenges?.skipped).toBe('challenge lists exist');
}, 180_000);
