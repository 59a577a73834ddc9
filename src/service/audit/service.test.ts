import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase, resetDatabase } from '../../../test/support/databases.ts';
import { ManualClock } from '../clock.ts';
import { canonicalJson } from './canonical.ts';
import { createAuditService, GENESIS_HASH, sm3 } from './service.ts';

describe('canonical JSON and SM3', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('computes SM3 (GB/T 32905 example "abc")', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describeEachDatabase('audit trail', (ctx) => {
  const clock = new ManualClock('2026-07-01T02:00:00Z');
  const audit = () => createAuditService({ db: ctx.db, clock });
  beforeEach(() => resetDatabase(ctx.db));

  it('chains entries: seq from 1, each prev_hash is the previous hash', async () => {
    const a = await audit().record({
      actor: 'alice',
      action: 'auth.login',
      subject: 'user:alice',
      detail: { ip: '127.0.0.1' },
    });
    clock.advanceMinutes(1);
    const b = await audit().record({
      actor: 'alice',
      action: 'registry.update',
      subject: null,
      detail: { n: 1, nested: { b: 2, a: [1, 2] } },
    });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    const v = await audit().verifyChain();
    expect(v).toMatchObject({ ok: true, count: 2, headSeq: 2, headHash: b.hash, breaks: [] });
    const listed = await audit().list({ limit: 10 });
    expect(listed.map((r) => r.hash)).toEqual([a.hash, b.hash]);
    expect(listed[1]!.detail).toEqual({ n: 1, nested: { b: 2, a: [1, 2] } });
  });

  it('chains correctly under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        ctx.db.transaction().execute(async (tx) => {
          await audit().append(tx, { actor: `u${i}`, action: 'test.concurrent', subject: String(i) });
        }),
      ),
    );
    const v = await audit().verifyChain();
    expect(v.ok).toBe(true);
    expect(v.count).toBe(25);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await audit().append(tx, { actor: 'x', action: 'payment.pay', subject: 'p1' });
        throw new Error('crash after the audit line, before commit');
      }),
    ).rejects.toThrow('crash');
    expect((await audit().verifyChain()).count).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the table', async () => {
    await audit().record({ actor: 'a', action: 'x', subject: null });
    await expect(sql`update audit_log set actor = 'mallory'`.execute(ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(/append-only/);
  });

  it('verify names the first broken link after someone with DDL rights edits a row', async () => {
    for (let i = 0; i < 5; i++)
      await audit().record({
        actor: 'officer',
        action: 'decision',
        subject: `case-${i}`,
        detail: { amount: 100 * i },
      });
    await sql.raw('alter table audit_log disable trigger user').execute(ctx.db);
    await sql`update audit_log set detail = '{"amount": 999999}' where seq = 3`.execute(ctx.db);
    await sql.raw('alter table audit_log enable trigger user').execute(ctx.db);
    const v = await audit().verifyChain();
    expect(v).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash_mismatch', count: 5, breakCount: 1 });
  });

  it('verify detects a deleted entry as a gap', async () => {
    for (let i = 0; i < 4; i++) await audit().record({ actor: 'o', action: 'a', subject: null });
    await sql.raw('alter table audit_log disable trigger user').execute(ctx.db);
    await sql`delete from audit_log where seq = 2`.execute(ctx.db);
    await sql.raw('alter table audit_log enable trigger user').execute(ctx.db);
    expect(await audit().verifyChain()).toMatchObject({ ok: false, brokenAt: 3, reason: 'seq_gap' });
  });

  it('stores text PostgreSQL would refuse (NUL) in a form that still verifies', async () => {
    await audit().record({
      actor: `a${String.fromCharCode(0)}b`,
      action: 'x',
      subject: null,
      detail: { s: `x${String.fromCharCode(0)}` },
    });
    expect((await audit().verifyChain()).ok).toBe(true);
  });

  it('exports JSON lines and CSV', async () => {
    await audit().record({
      actor: 'a',
      action: 'x',
      subject: 'say "hi", ok',
      detail: { note: "'; drop table audit_log; --" },
    });
    let jsonl = '';
    for await (const chunk of audit().export('jsonl')) jsonl += chunk;
    const line = JSON.parse(jsonl.trim());
    expect(line.detail.note).toBe("'; drop table audit_log; --");
    let csv = '';
    for await (const chunk of audit().export('csv')) csv += chunk;
    expect(csv.split('\n')[0]).toBe('seq,at,actor,action,subject,detail,prev_hash,hash');
    expect(csv).toContain('"say ""hi"", ok"');
  });
});
