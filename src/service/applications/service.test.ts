/**
 * The application service against a real database: the whole life of an application, each limit the
 * ledger enforces, idempotent payments, and transactions that leave nothing behind when they fail.
 * (Concurrency against PostgreSQL, where it is real, is in test/applications-concurrency.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { type KyselyPlugin, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { CeyuanError } from '../../core/errors.ts';
import { wanToFen } from '../../core/money.ts';
import type { Db } from '../../storage/schema.ts';
import { createAuditService } from '../audit/service.ts';
import type { createLedgerService } from '../ledger/service.ts';
import type { Actor, AuditPort } from './ports.ts';
import { type ApplicationService, createApplicationService } from './service.ts';
import {
  applicationsTestbed,
  matters,
  recommendedApplication,
  TestClock,
  testEngine,
  uuidIds,
  type World,
} from './testing.ts';

describeEachDatabase('applications', (ctx) => {
  let db: Db;
  let world: World;
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  const engine = testEngine();
  let audit: AuditPort;
  let service: ApplicationService;
  let ledger: ReturnType<typeof createLedgerService>;

  beforeAll(async () => {
    db = ctx.db;
    ({ world, audit, service, ledger } = await applicationsTestbed(db, clock));
    await ledger.setBudget(world.users.admin, { fund: '000', year: 2026, amount: wanToFen(100_000) });
  });

  async function rejects(p: Promise<unknown>): Promise<CeyuanError> {
    try {
      await p;
    } catch (e) {
      return e as CeyuanError;
    }
    throw new Error('expected a rejection');
  }

  /** Draft → recommended by the reviewer, ready for the approver. */
  async function recommended(
    owner: Actor,
    measureId: string,
    matter: Record<string, unknown>,
    amount: number,
    svc = service,
    reason?: string,
  ) {
    return recommendedApplication(svc, world.users.reviewer, owner, measureId, matter, amount, reason);
  }

  async function auditCount(): Promise<number> {
    const row = await db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  describe('application service', () => {
    it('runs the whole life: draft → … → notice → stages → paid → closed', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, reviewer, approver, admin } = world.users;
      const matterId = `chl-${randomUUID()}`;
      const draft = await service.create(enterprise, {
        measureId: '000·二',
        matter: matters.challenge(matterId),
      });
      expect(draft.state).toBe('draft');
      expect(draft.matterId).toBe(matterId);
      await service.submit(enterprise, draft.id);
      await service.returnForCorrection(reviewer, draft.id, { reason: '请补充揭榜合同' });
      await service.edit(enterprise, draft.id, {
        attachments: [{ name: '揭榜合同.pdf', type: 'application/pdf', size: 12345 }],
      });
      await service.submit(enterprise, draft.id);
      await service.accept(reviewer, draft.id);
      await service.startReview(reviewer, draft.id);
      await service.recommend(reviewer, draft.id, wanToFen(1500));
      const approved = await service.approve(approver, draft.id);
      expect(approved.state).toBe('approved');
      expect(approved.approvedAmount).toBe(wanToFen(1500));
      const inNotice = await service.publishNotice(admin, draft.id, 5);
      expect(inNotice.notice).toEqual({ startsOn: '2026-09-10', endsOn: '2026-09-14' });
      await service.recordObjection(reviewer, draft.id, { raisedBy: '匿名', text: '揭榜额存疑' });
      expect((await rejects(service.closeNotice(admin, draft.id))).code).toBe('CONFLICT');
      await service.dismissObjection(admin, draft.id, { reason: '经核实揭榜额无误' });
      expect((await rejects(service.closeNotice(admin, draft.id))).code).toBe('CONFLICT'); // still in notice
      clock.setDay('2026-09-15');
      await service.closeNotice(admin, draft.id);
      const scheduled = await service.scheduleStages(admin, draft.id, { weights: [4, 3, 3] });
      expect(scheduled.state).toBe('scheduled');
      let detail = await service.get(enterprise, draft.id);
      expect(detail.stages.map((s) => s.amount)).toEqual([wanToFen(600), wanToFen(450), wanToFen(450)]);
      const [s1, s2, s3] = detail.stages;
      expect((await rejects(service.payStage(admin, draft.id, s2!.id, `k-${randomUUID()}`))).code).toBe(
        'CONFLICT',
      );
      const key = `k-${randomUUID()}`;
      const first = await service.payStage(admin, draft.id, s1!.id, key);
      expect(first.replayed).toBe(false);
      expect(first.application.state).toBe('paying');
      const again = await service.payStage(admin, draft.id, s1!.id, key);
      expect(again.replayed).toBe(true);
      expect(again.payment.id).toBe(first.payment.id);
      await service.payStage(approver, draft.id, s2!.id, `k-${randomUUID()}`);
      const last = await service.payStage(approver, draft.id, s3!.id, `k-${randomUUID()}`);
      expect(last.application.state).toBe('paid');
      // The last stage's key replays even though paying is no longer open.
      expect((await service.payStage(approver, draft.id, s3!.id, last.payment.idempotencyKey)).replayed).toBe(
        true,
      );
      const closed = await service.close(admin, draft.id);
      expect(closed.state).toBe('closed');

      detail = await service.get(enterprise, draft.id);
      expect(detail.timeline.map((t) => t.action)).toEqual([
        'create',
        'submit',
        'return',
        'edit',
        'submit',
        'accept',
        'start_review',
        'recommend',
        'approve',
        'publish_notice',
        'object',
        'dismiss_objection',
        'close_notice',
        'schedule_stages',
        'pay_stage',
        'pay_stage',
        'pay_stage',
        'close',
      ]);
      expect(detail.payments).toHaveLength(3);
      expect(detail.attachments[0]!.name).toBe('揭榜合同.pdf');
      const approval = detail.timeline.find((t) => t.action === 'approve')!;
      expect(approval.catalogueVersion).toBe(engine.catalogue.version);
      expect(approval.range).toEqual({ min: 0, max: wanToFen(1500) });
      // The stored decision reproduces: same inputs, same catalogue → same evaluation.
      const stored = await service.decision(world.users.auditor, draft.id, approval.step);
      expect(stored.inputs).toMatchObject({ asOf: '2026-09-10', matters: [{ id: matterId }] });
      expect((stored.evaluation as { clause: { quote: string } }).clause.quote).toContain('揭榜');

      const summary = await ledger.summary(world.users.auditor, { fund: '000', year: 2026 });
      const line = summary.lines.find((l) => l.measureId === '000·二')!;
      expect(line.paid).toBeGreaterThanOrEqual(wanToFen(1500));
    });

    it('refuses an amount outside the computed range, and a range that shrank before approval', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, centreUser, reviewer, approver } = world.users;
      const app = await service.create(enterprise, {
        measureId: '000·二',
        matter: matters.challenge(`c-${randomUUID()}`),
      });
      await service.submit(enterprise, app.id);
      await service.accept(reviewer, app.id);
      await service.startReview(reviewer, app.id);
      const err = await rejects(service.recommend(reviewer, app.id, wanToFen(1600)));
      expect(err.code).toBe('OUT_OF_RANGE');
      expect(err.text.zh).toContain('¥15,000,000.00');

      // 000·十二 gives at most 1m yuan a year: two 600k recommendations, the second approval is refused.
      const a = await recommended(
        centreUser,
        '000·十二',
        matters.centreOperation(`q1-${randomUUID()}`, '2026-07-01', wanToFen(200)),
        wanToFen(60),
      );
      const b = await recommended(
        centreUser,
        '000·十二',
        matters.centreOperation(`q2-${randomUUID()}`, '2026-08-01', wanToFen(200)),
        wanToFen(60),
      );
      await service.approve(approver, a.id);
      const refused = await rejects(service.approve(approver, b.id));
      expect(refused.code).toBe('OUT_OF_RANGE');
      expect(refused.text.en).toContain('¥400,000.00');
      expect((await service.get(approver, b.id)).state).toBe('recommended');
    });

    it('从优就高不重复: an approved grant for the same matter blocks another application', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, approver } = world.users;
      const matterId = `same-${randomUUID()}`;
      const first = await recommended(enterprise, '000·二', matters.challenge(matterId), wanToFen(1500));
      const second = await recommended(enterprise, '000·二', matters.challenge(matterId), wanToFen(1500));
      await service.approve(approver, first.id);
      expect((await rejects(service.approve(world.users.approver2, second.id))).code).toBe('OVERLAP');
      const third = await service.create(enterprise, {
        measureId: '000·二',
        matter: matters.challenge(matterId),
      });
      expect((await rejects(service.submit(enterprise, third.id))).code).toBe('OVERLAP');
    });

    it('flags the pairs the texts leave to the reviewer (000·五 and 000·三 for one project) on the detail and the queue', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, reviewer } = world.users;
      const project = `joint-${randomUUID()}`;
      const iur = await service.create(enterprise, { measureId: '000·五', matter: matters.iur(project) });
      await service.submit(enterprise, iur.id);
      const consortium = await service.create(enterprise, {
        measureId: '000·三',
        matter: matters.consortium(project),
      });
      await service.submit(enterprise, consortium.id);
      const detail = await service.get(reviewer, iur.id);
      expect(detail.overlapChecks).toEqual([
        expect.objectContaining({
          measureId: '000·三',
          matterId: project,
          applicationId: consortium.id,
          status: 'pending',
          kind: 'same_matter',
        }),
      ]);
      expect(detail.overlapChecks[0]!.reason.zh).toContain('须由审核人员判断');
      const queue = await service.queue(reviewer, { states: ['submitted'], limit: 500 });
      expect(queue.items.find((i) => i.id === consortium.id)?.overlapChecks).toBe(1);
      // The consortium is staged (分阶段): its plan is proposed with the detail.
      expect((await service.get(reviewer, consortium.id)).stagePlan).toMatchObject({
        staged: true,
        weights: [4, 3, 3],
      });
    });

    it('an upheld objection sends the case back to review and frees the commitment', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, reviewer, approver, admin } = world.users;
      // "最高 200 万元": 150 is inside the range but below the ceiling, so it needs a written reason.
      const missing = await rejects(
        recommended(enterprise, '000·五', matters.iur(`iur-${randomUUID()}`), wanToFen(150), service),
      );
      expect(missing.code).toBe('REASON_REQUIRED');
      expect(missing.text.zh).toContain('最高可获¥2,000,000.00');
      const app = await recommended(
        enterprise,
        '000·五',
        matters.iur(`iur-${randomUUID()}`),
        wanToFen(150),
        service,
        '根据项目投入核定：合作经费中设备购置部分不计入',
      );
      expect(app.recommendedReason).toBe('根据项目投入核定：合作经费中设备购置部分不计入');
      // The university fixture is the right applicant for 000·五; the challenger is an enterprise too.
      const approved = await service.approve(approver, app.id);
      // The approval rests on the recommendation's reason, stored and shown with it.
      expect(approved.approvedReason).toBe('根据项目投入核定：合作经费中设备购置部分不计入');
      const shown = await service.get(reviewer, app.id);
      expect(shown.range).toMatchObject({ min: 0, max: wanToFen(200), exact: false });
      expect(shown.range?.headline?.zh).toBe('最高可获¥2,000,000.00');
      expect(shown.stagePlan).toMatchObject({ staged: false, weights: [1], amounts: [wanToFen(150)] });
      const before = await ledger.getBudget(admin, '000', 2026);
      await service.publishNotice(admin, app.id, 7);
      await service.recordObjection(reviewer, app.id, { raisedBy: '合作高校', text: '项目投入含重复计算' });
      const back = await service.upholdObjection(admin, app.id, { reason: '核减项目投入后重新审核' });
      expect(back.state).toBe('under_review');
      expect(back.approvedAmount).toBeNull();
      const after = await ledger.getBudget(admin, '000', 2026);
      expect(after.committed).toBe(before.committed - wanToFen(150));
      const detail = await service.get(reviewer, app.id);
      expect(detail.objections[0]!.status).toBe('upheld');
      // Review again, a lower figure, a different approver.
      await service.recommend(world.users.reviewer2, app.id, wanToFen(100), {
        reason: '异议成立，核减重复计算的项目投入',
      });
      const again = await service.approve(world.users.approver2, app.id, { reason: '同意按核减后投入核定' });
      expect(again.approvedAmount).toBe(wanToFen(100));
      expect(again.approvedReason).toBe('同意按核减后投入核定');
    });

    it('keeps each role to its limits', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, otherEnterprise, reviewer, approver, auditor } = world.users;
      const app = await service.create(enterprise, {
        measureId: '000·二',
        matter: matters.challenge(`r-${randomUUID()}`),
      });
      expect((await rejects(service.get(otherEnterprise, app.id))).code).toBe('NOT_FOUND');
      expect((await rejects(service.submit(otherEnterprise, app.id))).code).toBe('NOT_FOUND');
      expect((await service.list(otherEnterprise, {})).items.map((i) => i.id)).not.toContain(app.id);
      expect((await service.list(enterprise, {})).items.map((i) => i.id)).toContain(app.id);
      expect((await service.get(auditor, app.id)).id).toBe(app.id);
      expect((await rejects(service.submit(auditor, app.id))).code).toBe('FORBIDDEN');
      expect(
        (await rejects(service.create(reviewer, { measureId: '000·二', matter: matters.challenge('x') })))
          .code,
      ).toBe('FORBIDDEN');
      await service.submit(enterprise, app.id);
      expect((await rejects(service.accept(enterprise, app.id))).code).toBe('FORBIDDEN');
      expect((await rejects(service.accept(approver, app.id))).code).toBe('FORBIDDEN');
      await service.accept(reviewer, app.id);
      await service.startReview(reviewer, app.id);
      await service.recommend(reviewer, app.id, wanToFen(1500));
      expect((await rejects(service.approve(reviewer, app.id))).code).toBe('FORBIDDEN');
      expect((await rejects(service.approve(auditor, app.id))).code).toBe('FORBIDDEN');
      expect((await rejects(ledger.setBudget(auditor, { fund: '000', year: 2026, amount: 1 }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await rejects(ledger.summary(enterprise, {}))).code).toBe('FORBIDDEN');
      // Stale version: someone else moved it on.
      expect((await rejects(service.withdraw(enterprise, app.id, { version: 1 }))).code).toBe('CONFLICT');
      const withdrawn = await service.withdraw(enterprise, app.id);
      expect(withdrawn.state).toBe('withdrawn');
    });

    it('refuses a matter the calculator would refuse, naming the field', async () => {
      const err = await rejects(
        service.create(world.users.enterprise, {
          measureId: '000·二',
          matter: { ...matters.challenge('bad'), figures: { bidAmount: -5 } },
        }),
      );
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.text.en).toContain('matter.figures.bidAmount');
      expect((await rejects(service.create(world.users.enterprise, { measureId: '000·一' }))).code).toBe(
        'INVALID_INPUT',
      );
      expect(
        (
          await rejects(
            service.create(world.users.enterprise, { measureId: '000·二', matter: matters.iur('x') }),
          )
        ).code,
      ).toBe('INVALID_INPUT');
    });

    it('refuses to approve without a budget or beyond it', async () => {
      clock.setDay('2027-03-01');
      const { enterprise, approver, admin } = world.users;
      const m = { ...matters.challenge(`b-${randomUUID()}`), date: '2027-02-01' };
      const app = await recommended(enterprise, '000·二', m, wanToFen(1500));
      expect((await rejects(service.approve(approver, app.id))).code).toBe('BUDGET_MISSING');
      await ledger.setBudget(admin, { fund: '000', year: 2027, amount: wanToFen(1000) });
      expect((await rejects(service.approve(approver, app.id))).code).toBe('BUDGET_EXCEEDED');
      await ledger.setBudget(admin, { fund: '000', year: 2027, amount: wanToFen(1500) });
      await service.approve(approver, app.id);
      expect(
        (await rejects(ledger.setBudget(admin, { fund: '000', year: 2027, amount: wanToFen(1499) }))).code,
      ).toBe('BUDGET_BELOW_COMMITTED');
      const view = await ledger.getBudget(admin, '000', 2027);
      expect(view).toMatchObject({ amount: wanToFen(1500), committed: wanToFen(1500), available: 0 });
    });
  });

  /** Fails the n-th INSERT into a table: a crash in the middle of a multi-row write. */
  function failOnInsert(table: string, nth = 1): KyselyPlugin {
    let seen = 0;
    return {
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
        if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === table && ++seen === nth) {
          throw new Error(`injected failure on insert #${nth} into ${table}`);
        }
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
  }

  describe('a crash in the middle of a write leaves nothing partial', () => {
    it('approval: application, decision and grant are written together or not at all', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, approver, admin } = world.users;
      const app = await recommended(
        enterprise,
        '000·二',
        matters.challenge(`crash-${randomUUID()}`),
        wanToFen(1500),
      );
      const budgetBefore = await ledger.getBudget(admin, '000', 2026);
      const auditBefore = await auditCount();
      // The grant goes into the ledger first; the decision row is the second insert: fail there.
      const broken = createApplicationService({
        db: db.withPlugin(failOnInsert('decisions')),
        engine,
        clock,
        ids: uuidIds,
        audit,
      });
      await expect(broken.approve(approver, app.id)).rejects.toThrow(/injected failure/);
      const after = await service.get(approver, app.id);
      expect(after.state).toBe('recommended');
      expect(after.version).toBe(app.version);
      expect(after.timeline.map((t) => t.action)).not.toContain('approve');
      expect((await ledger.getBudget(admin, '000', 2026)).committed).toBe(budgetBefore.committed);
      const grants = await db
        .selectFrom('ledger_entries')
        .select('id')
        .where('application_id', '=', app.id)
        .execute();
      expect(grants).toEqual([]);
      expect(await auditCount()).toBe(auditBefore);
      // And it still goes through once the fault is gone.
      expect((await service.approve(approver, app.id)).state).toBe('approved');
    });

    it('stages: all of them or none', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, approver, admin } = world.users;
      const app = await recommended(
        enterprise,
        '000·二',
        matters.challenge(`crash2-${randomUUID()}`),
        wanToFen(1500),
      );
      await service.approve(approver, app.id);
      await service.publishNotice(admin, app.id, 1);
      clock.setDay('2026-09-11');
      await service.closeNotice(admin, app.id);
      const broken = createApplicationService({
        db: db.withPlugin(failOnInsert('payment_stages', 2)),
        engine,
        clock,
        ids: uuidIds,
        audit,
      });
      await expect(broken.scheduleStages(admin, app.id, { weights: [1, 1, 1] })).rejects.toThrow(/injected/);
      const detail = await service.get(admin, app.id);
      expect(detail.stages).toEqual([]);
      expect(detail.state).toBe('notice_closed');
    });

    it('payment: the payment, its ledger entry and the state change go together', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, approver, admin } = world.users;
      const app = await recommended(
        enterprise,
        '000·二',
        matters.challenge(`crash3-${randomUUID()}`),
        wanToFen(1500),
      );
      await service.approve(approver, app.id);
      await service.publishNotice(admin, app.id, 1);
      clock.setDay('2026-09-11');
      await service.closeNotice(admin, app.id);
      await service.scheduleStages(admin, app.id, { amounts: [wanToFen(1000), wanToFen(500)] });
      const stage = (await service.get(admin, app.id)).stages[0]!;
      const broken = createApplicationService({
        db: db.withPlugin(failOnInsert('ledger_entries')),
        engine,
        clock,
        ids: uuidIds,
        audit,
      });
      const key = `crash-key-${randomUUID()}`;
      await expect(broken.payStage(admin, app.id, stage.id, key)).rejects.toThrow(/injected/);
      const detail = await service.get(admin, app.id);
      expect(detail.payments).toEqual([]);
      expect(detail.state).toBe('scheduled');
      // The retry with the same key pays, once.
      const paid = await service.payStage(admin, app.id, stage.id, key);
      expect(paid.replayed).toBe(false);
      expect((await service.payStage(admin, app.id, stage.id, key)).replayed).toBe(true);
    });
  });

  it('leaves an audit chain that verifies, one entry per step', async () => {
    const result = await createAuditService({ db, clock }).verifyChain();
    expect(result.ok).toBe(true);
    const approvals = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'application.approve')
      .execute();
    expect(approvals.length).toBeGreaterThan(0);
    expect(approvals[0]!.detail).toMatchObject({ catalogueVersion: engine.catalogue.version });
  });

  describe('idempotent payments, serialised on PGlite', () => {
    it('50 concurrent requests with one key pay once', async () => {
      clock.setDay('2026-09-10');
      const { enterprise, approver, admin } = world.users;
      const app = await recommended(
        enterprise,
        '000·二',
        matters.challenge(`idem-${randomUUID()}`),
        wanToFen(1500),
      );
      await service.approve(approver, app.id);
      await service.publishNotice(admin, app.id, 1);
      clock.setDay('2026-09-11');
      await service.closeNotice(admin, app.id);
      await service.scheduleStages(admin, app.id, { weights: [1, 1] });
      const stage = (await service.get(admin, app.id)).stages[0]!;
      const key = `same-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 50 }, () => service.payStage(admin, app.id, stage.id, key)),
      );
      expect(new Set(results.map((r) => r.payment.id)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      const detail = await service.get(admin, app.id);
      expect(detail.payments).toHaveLength(1);
      expect(detail.state).toBe('paying');
    });
  });
});
