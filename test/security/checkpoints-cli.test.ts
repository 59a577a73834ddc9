/**
 * Checkpoints as the operator meets them: `ceyuan audit checkpoint` signs the head with the key in
 * the audit folder (created on first use), `ceyuan audit verify` checks chain, table and file and
 * exits 1 naming a truncation; the server signs one when it starts and one when it stops.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import {
  generateSigningKey,
  readCheckpointFile,
  readPublicKey,
} from '../../src/service/audit/checkpoints.ts';
import { createAuditService } from '../../src/service/audit/service.ts';
import { ManualClock } from '../../src/service/clock.ts';
import { MEMORY, openDatabase } from '../../src/storage/database.ts';
import { testCatalogue } from '../support/fixtures.ts';
import { migratedSnapshot } from '../support/pglite-snapshot.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ceyuan.js');
const dir = mkdtempSync(join(tmpdir(), 'ceyuan-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ceyuan(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: '' };
  try {
    const { stdout } = await run('node', [BIN, ...args], { env });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('audit checkpoints', () => {
  it('ceyuan audit checkpoint / verify: signed, then a truncation is named (exit 1)', async () => {
    const data = join(dir, 'pglite');
    const auditDir = join(dir, 'audit');
    const clock = new ManualClock('2026-07-01T02:00:00Z');
    let db = await openDatabase({ dataDir: data });
    for (let i = 0; i < 4; i++)
      await createAuditService({ db, clock }).record({ actor: 'o', action: 'x', subject: `${i}` });
    await db.destroy();

    const signed = await ceyuan('audit', 'checkpoint', '--data', data, '--audit-dir', auditDir);
    expect(signed.code, signed.stdout).toBe(0);
    expect(signed.stdout).toContain('seq 4');
    expect(statSync(join(auditDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readCheckpointFile(join(auditDir, 'audit-checkpoints.jsonl'))).toHaveLength(1);
    db = await openDatabase({ dataDir: data });
    // Intact, with the file's checkpoint and the folder's public key (the CLI's own inputs).
    const intact = await createAuditService({ db, clock }).verifyChain({
      keys: [readPublicKey(join(auditDir, 'audit-signing-key.pub.pem'))],
      checkpoints: readCheckpointFile(join(auditDir, 'audit-checkpoints.jsonl')),
    });
    expect(intact).toMatchObject({ ok: true, checkpoints: { checked: 1, signaturesVerified: true } });
    await db.transaction().execute(async (tx) => {
      await sql.raw('alter table audit_log disable trigger user').execute(tx);
      await sql`delete from audit_log where seq >= 3`.execute(tx);
      await sql.raw('alter table audit_log enable trigger user').execute(tx);
    });
    await db.destroy();
    const broken = await ceyuan('audit', 'verify', '--data', data, '--audit-dir', auditDir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('seq 4');
    expect(broken.stdout).toContain('newest entries were deleted');
    expect(broken.stdout).toContain('signatures verified');
  }, 120_000);

  it('the server checkpoints when it starts and when it stops', async () => {
    const db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
    const clock = new ManualClock('2026-07-01T02:00:00Z');
    await createAuditService({ db, clock }).record({ actor: 'o', action: 'x', subject: null });
    const file = join(dir, 'server.jsonl');
    const key = generateSigningKey();
    const app = await buildApp({
      db,
      catalogue: testCatalogue(),
      clock,
      logger: false,
      webDir: '/nonexistent',
      checkpoints: { key, file },
    });
    await app.ready();
    expect(readCheckpointFile(file).map((c) => c.seq)).toEqual([1]);
    await createAuditService({ db, clock }).record({ actor: 'o', action: 'y', subject: null });
    await app.close();
    expect(readCheckpointFile(file).map((c) => c.seq)).toEqual([1, 2]);
    const v = await createAuditService({ db, clock }).verifyChain({
      keys: [key],
      checkpoints: readCheckpointFile(file),
    });
    expect(v).toMatchObject({ ok: true, checkpoints: { checked: 2, signaturesVerified: true } });
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    await db.destroy();
  });
});
