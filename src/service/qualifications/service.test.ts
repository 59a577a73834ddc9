/**
 * The qualification use cases on both databases, without HTTP: renewal on the expiry day, two scans
 * at once (a lapse and a reminder once), a partial import's row report, the plan's port (stock at
 * levels, shortened by a revocation) and its forecast, and the audit trail of each write.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { withUsccCheck } from '../../core/uscc.ts';
import { randomIds } from '../applications/ports.ts';
import { insertOrganisation, makeWorld, TestClock, testEngine, type World } from '../applications/testing.ts';
import { createAuditService } from '../audit/service.ts';
import type { SessionUser } from '../auth/types.ts';
import { createMessageService } from '../messages/service.ts';
import { ledgerForecastPort, ledgerQualificationPort } from './plan-port.ts';
import { createQualificationService, type QualificationService } from './service.ts';

describeEachDatabase('qualification use cases', (ctx) => {
  let w: World;
  let s: QualificationService;
  let officer: SessionUser;
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  const orgs: string[] = [];

  beforeAll(async () => {
    w = await makeWorld(ctx.db);
    s = createQualificationService({
      db: ctx.db,
      engine: testEngine(),
      clock,
      ids: randomIds,
      audit: createAuditService({ db: ctx.db, clock }),
      messages: createMessageService({ db: ctx.db, clock, ids: randomIds }),
    });
    officer = { ...w.users.reviewer, displayName: 'rev' };
    for (let i = 0; i < 4; i++)
      orgs.push(await insertOrganisation(ctx.db, { name: `台账企业${i}`, kind: 'enterprise' }));
  });

  const audit = async (action: string) =>
    (await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;

  it('renewal on the expiry day continues the holding: renewed, no gap, no lapse', async () => {
    const [a] = orgs;
    await s.recordQualification(officer, {
      organisationId: a,
      kind: 'high_tech',
      level: 'national',
      grantedOn: '2022-12-01',
      expiresOn: '2025-11-30',
    });
    const r = await s.recordQualification(officer, {
      organisationId: a,
      kind: 'high_tech',
      level: 'national',
      grantedOn: '2025-11-30',
    });
    expect(r.items[0]!.events.map((e) => e.event)).toEqual(['renewed']);
    const port = ledgerQualificationPort(ctx.db);
    for (const on of ['2025-11-30', '2025-12-01', '2028-11-28'])
      expect(await port.countValid({ codes: ['high_tech'], city: null, on })).toBe(1);
    const scan = await s.scan({ date: '2026-01-05', actor: 'test' });
    expect(scan.lapsed).toBe(0);
    expect(await audit('qualification.record')).toBe(2);
  });

  it('two scans at once: the lapse is recorded once and each reminder sent once', async () => {
    const [, b, c] = orgs;
    await s.recordQualification(officer, {
      organisationId: b,
      kind: 'tech_sme',
      grantedOn: '2025-04-01',
      expiresOn: '2026-08-31',
    });
    await s.recordQualification(officer, {
      organisationId: c,
      kind: 'specialised_sme',
      level: 'municipal',
      grantedOn: '2023-10-01',
      expiresOn: '2026-10-31',
    });
    const [x, y] = await Promise.all([
      s.scan({ date: '2026-09-10', actor: 'test' }),
      s.scan({ date: '2026-09-10', actor: 'test' }),
    ]);
    expect(x.lapsed + y.lapsed).toBe(1);
    const sent = x.reminders.sent + y.reminders.sent;
    expect(sent).toBe(1);
    const lapses = await ctx.db
      .selectFrom('qualification_events')
      .select('id')
      .where('event', '=', 'lapsed')
      .where('organisation_id', '=', b!)
      .execute();
    expect(lapses).toHaveLength(1);
    const msgs = await ctx.db
      .selectFrom('messages')
      .select('dedupe_key')
      .where('kind', '=', 'qualification.expiring')
      .execute();
    expect(msgs.map((m) => m.dedupe_key)).toEqual([expect.stringMatching(/:90:org$/)]);
  });

  it('the plan port counts 市级以上 at levels, and a revocation shortens the stock from its day', async () => {
    const [, , c, d] = orgs;
    const rec = await s.recordQualification(officer, {
      organisationId: d,
      kind: 'specialised_sme',
      level: 'national',
      grantedOn: '2024-01-01',
      expiresOn: '2026-12-31',
    });
    const port = ledgerQualificationPort(ctx.db);
    const count = (on: string, levels?: string[]) =>
      port.countValid({ codes: ['specialised_sme'], city: 'songjiang', on, levels: levels ?? null });
    expect(await count('2026-06-30')).toBe(2);
    expect(await count('2026-06-30', ['national'])).toBe(1);
    await s.revokeQualification(officer, rec.items[0]!.events[0]!.recordId, {
      on: '2026-07-01',
      reason: '复核不符合条件',
    });
    expect(await count('2026-06-30')).toBe(2);
    expect(await count('2026-07-01')).toBe(1);
    expect(await audit('qualification.revoke')).toBe(1);
    void c;
  });

  it('the forecast port projects the 高企 stock to 2030 from the ledger', async () => {
    const f = await ledgerForecastPort(ctx.db, testEngine().catalogue).forecast({
      kind: 'high_tech',
      on: '2026-09-10',
      toYear: 2030,
      city: null,
    });
    expect(f.validNow).toBe(1);
    expect(f.forecast.available).toBe(true);
    if (f.forecast.available) expect(f.forecast.years.at(-1)!.year).toBe(2030);
  });

  it('a partial import lands the valid rows and reports the others by row and column', async () => {
    const [a] = orgs;
    // The fixture's codes skip the check character; an import checks it.
    const uscc = withUsccCheck('91310117MA1GQQ001');
    await ctx.db.updateTable('organisations').set({ uscc }).where('id', '=', a!).execute();

    const csv = [
      'uscc,kind,level,granted_on,expires_on',
      `${uscc},gazelle,,2026-08-15,`,
      `${uscc},no_such_kind,,2026-08-15,`,
    ].join('\n');
    const report = await s.importQualifications(
      officer,
      { data: new TextEncoder().encode(csv), name: 'x.csv' },
      { allowPartial: true },
    );
    expect(report).toMatchObject({ rows: 2, valid: 1, committed: true, created: 1 });
    expect(report.issues).toMatchObject([{ row: 3, column: 'kind' }]);
    const events = await ctx.db
      .selectFrom('qualification_events')
      .select(['source', 'source_ref'])
      .where('organisation_id', '=', a!)
      .where('code', '=', 'gazelle')
      .execute();
    expect(events).toEqual([{ source: 'import', source_ref: 'x.csv' }]);
  });
});
