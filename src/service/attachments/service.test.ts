/**
 * The attachment store on its own, on PGlite: bytes kept in a folder the operator names survive a
 * restart (a new store on the same folder reads them), the checksum names the file, the same file is
 * kept once, files written to the database stay readable after moving to a folder, and a subject type
 * another area registers gets its own access policy.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedSnapshot } from '../../../test/support/pglite-snapshot.ts';
import { MEMORY, openDatabase } from '../../storage/database.ts';
import type { Db } from '../../storage/schema.ts';
import { createApplicationService } from '../applications/service.ts';
import {
  makeWorld,
  matters,
  TestClock,
  testAudit,
  testEngine,
  uuidIds,
  type World,
} from '../applications/testing.ts';
import { databaseBlobs, directoryBlobs } from './blob-store.ts';
import type { SubjectPolicy } from './ports.ts';
import { createAttachmentService } from './service.ts';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('attachment store', () => {
  let db: Db;
  let world: World;
  let applicationId: string;
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-attachments-'));
  const clock = new TestClock(new Date('2026-09-01T02:00:00Z'));

  beforeAll(async () => {
    db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
    world = await makeWorld(db);
    const apps = createApplicationService({
      db,
      engine: testEngine(),
      clock,
      ids: uuidIds,
      audit: testAudit(db, clock),
    });
    applicationId = (
      await apps.create(world.users.enterprise, { measureId: '000·二', matter: matters.challenge('ATT-1') })
    ).id;
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = (blobs = directoryBlobs(dir), subjects?: Record<string, SubjectPolicy>) =>
    createAttachmentService({
      db,
      clock,
      ids: uuidIds,
      audit: testAudit(db, clock),
      blobs,
      ...(subjects ? { subjects } : {}),
    });

  it('keeps files in the operator’s folder under their checksum, once, and reads them after a restart', async () => {
    const sha = createHash('sha256').update(PDF).digest('hex');
    const first = await store().upload(world.users.enterprise, {
      subjectType: 'application',
      subjectId: applicationId,
      name: '合同.pdf',
      bytes: PDF,
    });
    expect(first.sha256).toBe(sha);
    expect(existsSync(join(dir, sha.slice(0, 2), sha))).toBe(true);
    await store().upload(world.users.enterprise, {
      subjectType: 'application',
      subjectId: applicationId,
      name: '合同副本.pdf',
      bytes: PDF,
    });
    expect(readdirSync(join(dir, sha.slice(0, 2)))).toEqual([sha]);
    // A new process: a new store on the same folder.
    const opened = await store(directoryBlobs(dir)).open(world.users.reviewer, first.id);
    expect(Buffer.from(opened.bytes).equals(PDF)).toBe(true);
    // No temporary file is left behind.
    expect(readdirSync(join(dir, sha.slice(0, 2))).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('still reads what was kept in the database after the operator moves files to a folder', async () => {
    const inDb = await store(databaseBlobs).upload(world.users.enterprise, {
      subjectType: 'application',
      subjectId: applicationId,
      name: '预算表.pdf',
      bytes: Buffer.from('%PDF-1.7 budget\n%%EOF'),
    });
    const opened = await store(directoryBlobs(dir)).open(world.users.auditor, inDb.id);
    expect(Buffer.from(opened.bytes).toString()).toContain('budget');
  });

  it('lets another area plug in its own subject type with its own access', async () => {
    const bids: SubjectPolicy = {
      async access(_db, actor, subjectId) {
        if (subjectId !== 'bid-1') return undefined;
        return {
          organisationId: world.orgs.challenger,
          canRead: actor.role !== 'enterprise' || actor.organisationId === world.orgs.challenger,
          canWrite: actor.organisationId === world.orgs.challenger,
        };
      },
    };
    const s = store(databaseBlobs, { bid: bids });
    const a = await s.upload(world.users.enterprise, {
      subjectType: 'bid',
      subjectId: 'bid-1',
      name: '方案.pdf',
      bytes: PDF,
    });
    expect((await s.list(world.users.reviewer, 'bid', 'bid-1')).map((x) => x.id)).toEqual([a.id]);
    await expect(s.open(world.users.otherEnterprise, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      s.upload(world.users.reviewer, { subjectType: 'bid', subjectId: 'bid-1', name: 'x.pdf', bytes: PDF }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.list(world.users.enterprise, 'listing', 'x')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
