/**
 * Runs once before the test files:
 * - migrates one in-memory PGlite database and dumps its folder, so that every test database and test
 *   server starts from that snapshot (about 1 s of CPU) instead of PGlite's initdb plus every migration
 *   (about 5 s). Made afresh each run, so it is never stale;
 * - makes the run's shared folder (test/support/run-shared.ts), where the first file that needs them
 *   starts the run's PostgreSQL server and seeds the browser tests' demo snapshots; afterwards the
 *   server is stopped and the folder deleted.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { MEMORY, openDatabase, rawHandle } from '../../src/storage/database.ts';
import { type PostgresLocation, stopPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite snapshot (a tar of its data folder). */
    pgliteSnapshot: string;
    /** The run's shared folder (test/support/run-shared.ts). */
    testRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await openDatabase({ dataDir: MEMORY });
  const raw = rawHandle(db);
  if (raw?.kind !== 'pglite') throw new Error('expected a PGlite database');
  const dump = await raw.client.dumpDataDir('none');
  await db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-test-run-'));
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  const run = join(dir, 'shared');
  project.provide('testRunDir', run);
  mkdirSync(run);
  return () => {
    const postgres = join(run, 'postgres.json');
    if (existsSync(postgres)) stopPostgres(JSON.parse(readFileSync(postgres, 'utf8')) as PostgresLocation);
    rmSync(dir, { recursive: true, force: true });
  };
}
