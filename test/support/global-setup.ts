/**
 * Runs once before the test files: migrates one in-memory PGlite database and dumps its folder, so
 * that every test database and test server starts from that snapshot (about 1 s of CPU) instead of
 * PGlite's initdb plus every migration (about 5 s). Made afresh each run, so it is never stale.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { MEMORY, openDatabase, rawHandle } from '../../src/storage/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite snapshot (a tar of its data folder). */
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await openDatabase({ dataDir: MEMORY });
  const raw = rawHandle(db);
  if (raw?.kind !== 'pglite') throw new Error('expected a PGlite database');
  const dump = await raw.client.dumpDataDir('none');
  await db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-pglite-snapshot-'));
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
