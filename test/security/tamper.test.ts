/**
 * The audit trail's tamper cases, each detected and named: an edited entry, a deleted entry in the
 * middle, the newest entries deleted, the whole chain re-hashed after a forged entry, a forged
 * checkpoint and checkpoints deleted from the database. And the other half: no input of any kind
 * makes an honestly written entry fail to verify (property test over arbitrary Unicode and JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, cleanText } from '../../src/service/audit/canonical.ts';
import {
  generateSigningKey,
  readCheckpointFile,
  writeCheckpoint,
} from '../../src/service/audit/checkpoints.ts';
import { createAuditService, entryHash, GENESIS_HASH } from '../../src/service/audit/service.ts';
import { createAuthService } from '../../src/service/auth/service.ts';
import { ManualClock } from '../../src/service/clock.ts';
import type { Db } from '../../src/storage/schema.ts';
import { describeEachDatabase, resetDatabase } from '../support/databases.ts';

const detected: Record<string, string[]> = {};
afterAll(() => {
  for (const [kind, cases] of Object.entries(detected))
    console.info(`[audit tamper ${kind}] cases detected and named: ${cases.length} (${cases.join(', ')})`);
});

/** What only someone with DDL rights can do: write past the append-only trigger. */
async function asOwner(db: Db, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (tx) => {
    await sql.raw('alter table audit_log disable trigger user').execute(tx);
    await statement.execute(tx);
    await sql.raw('alter table audit_log enable trigger user').execute(tx);
  });
}

describe('canonical form', () => {
  it('makes NUL and lone surrogates U+FFFD and leaves well-formed text alone', () => {
    expect(cleanText('a\u0000b')).toBe('a\uFFFDb');
    expect(cleanText('\ud800x')).toBe('\uFFFDx');
    expect(cleanText('x\udc00')).toBe('x\uFFFD');
    expect(cleanText('😀 中文 \u202e')).toBe('😀 中文 \u202e');
  });
  it('is RFC 8785 JSON: sorted keys, ECMAScript numbers, never throws', () => {
    expect(canonicalJson({ b: [1e21, 0.1, -0], a: '\u00e9', c: Number.NaN })).toBe(
      '{"a":"é","b":[1e+21,0.1,0],"c":null}',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).not.toThrow();
  });
});

describeEachDatabase('audit tamper evidence', (ctx) => {
  const clock = new ManualClock('2026-07-01T02:00:00Z');
  const key = generateSigningKey();
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-audit-'));
  const file = join(dir, 'checkpoints.jsonl');
  const audit = () => createAuditService({ db: ctx.db, clock });
  const verify = () => audit().verifyChain({ keys: [key], checkpoints: readCheckpointFile(file) });
  const note = (name: string) => {
    detected[ctx.kind] ??= [];
    detected[ctx.kind]!.push(name);
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    await resetDatabase(ctx.db);
    rmSync(file, { force: true });
  });

  async function trail(n: number) {
    for (let i = 1; i <= n; i++) {
      clock.advance(1000);
      await audit().record({
        actor: 'officer',
        action: 'decision',
        subject: `case-${i}`,
        detail: { amount: 100 * i },
      });
    }
  }
  const checkpoint = () => writeCheckpoint({ db: ctx.db, clock, key, file });

  it('an intact chain with checkpoints verifies, signatures checked', async () => {
    await trail(5);
    expect(await checkpoint()).toMatchObject({ seq: 5 });
    expect(await checkpoint()).toBeNull();
    const v = await verify();
    expect(v).toMatchObject({ ok: true, count: 5, checkpoints: { checked: 1, signaturesVerified: true } });
  });

  it('edit: one entry changed → hash_mismatch at that seq; a second edit is reported too', async () => {
    await trail(8);
    await asOwner(ctx.db, sql`update audit_log set detail = '{"amount": 999999}' where seq = 3`);
    await asOwner(ctx.db, sql`update audit_log set actor = 'mallory' where seq = 6`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.breaks.map((b) => [b.seq, b.reason])).toEqual([
      [3, 'hash_mismatch'],
      [6, 'hash_mismatch'],
    ]);
    note('edit');
  });

  it('delete in the middle → seq_gap', async () => {
    await trail(5);
    await asOwner(ctx.db, sql`delete from audit_log where seq = 2`);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, brokenAt: 3, reason: 'seq_gap' });
    note('delete middle');
  });

  it('delete the newest entries → truncated (the checkpoint names a seq beyond the head)', async () => {
    await trail(6);
    await checkpoint();
    await asOwner(ctx.db, sql`delete from audit_log where seq >= 5`);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, reason: 'truncated', brokenAt: 6, headSeq: 4 });
    note('delete newest');
  });

  it('re-hash after a forgery → checkpoint_mismatch (the chain itself is consistent again)', async () => {
    await trail(6);
    await checkpoint();
    // The forger edits seq 2 and recomputes every hash after it, as the module would.
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    await ctx.db.transaction().execute(async (tx) => {
      await sql.raw('alter table audit_log disable trigger user').execute(tx);
      for (const r of rows) {
        const detail = r.seq === 2 ? { amount: 1 } : (r.detail as Record<string, unknown>);
        const base = {
          seq: r.seq,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          subject: r.subject,
          detail,
        };
        const hash = entryHash(prev, base as never);
        await sql`update audit_log set detail = ${JSON.stringify(detail)}::jsonb, prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}`.execute(
          tx,
        );
        prev = hash;
      }
      await sql.raw('alter table audit_log enable trigger user').execute(tx);
    });
    // Without checkpoints the forgery would pass:
    const chainOnly = await audit().verifyChain();
    expect(
      chainOnly.breaks.filter((b) => ['hash_mismatch', 'prev_hash_mismatch', 'seq_gap'].includes(b.reason)),
    ).toEqual([]);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', brokenAt: 6 });
    note('re-hash after forgery');
  });

  it('a forged checkpoint (altered, or signed by another key) → checkpoint_forged', async () => {
    await trail(3);
    await checkpoint();
    const other = generateSigningKey();
    await writeCheckpoint({ db: ctx.db, clock, key: other });
    await asOwner(
      ctx.db,
      sql`update audit_checkpoints set signature = ${Buffer.alloc(64).toString('base64')} where key_id = ${key.keyId}`,
    );
    const v = await verify();
    // The altered copy in the table and the other key's are forged; the file's true one is gone from the table.
    expect(v.breaks.map((b) => b.reason).sort()).toEqual([
      'checkpoint_deleted',
      'checkpoint_forged',
      'checkpoint_forged',
    ]);
    note('forged checkpoint');
  });

  it('checkpoints deleted from the database and the trail truncated → the exported file still tells', async () => {
    await trail(4);
    await checkpoint();
    await asOwner(ctx.db, sql`delete from audit_log where seq = 4`);
    await ctx.db.deleteFrom('audit_checkpoints').execute();
    const v = await verify();
    expect(v.breaks.map((b) => b.reason)).toEqual(['truncated', 'checkpoint_deleted']);
    note('checkpoints deleted');
  });

  it('no input makes an honest entry fail to verify (arbitrary Unicode, NUL, lone surrogates, JSON)', async () => {
    const auth = createAuthService({ db: ctx.db, clock, audit: audit() });
    // The two: a lone surrogate, and lower-casing that grows a string before it is cut.
    for (const name of ['\ud800x', `${'İ'.repeat(40)}😀😀`, 'a\u0000b'])
      await auth.login(name, 'x').catch(() => undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.jsonValue({ maxDepth: 4 }),
        fc.string({ unit: 'binary', maxLength: 10 }),
        async (actor, detail, key) => {
          await audit().record({
            actor,
            action: `t.${key}`,
            subject: actor,
            detail: { [key]: detail, actor },
          });
        },
      ),
      { numRuns: 60 },
    );
    const v = await audit().verifyChain();
    expect(v.breaks).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
