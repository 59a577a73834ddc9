/**
 * What the test files of one run share across worker processes, made once by the first file that needs
 * it: the run's throwaway PostgreSQL server (with a migrated template database) and the demo-seeded
 * PGlite snapshots of the browser tests. The global setup makes an empty folder per run and empties it
 * (stopping the server) afterwards; here a lock folder per item lets one worker build it while the
 * others wait for its `<name>.json`. A unit file run alone never builds what it does not use.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/** The run's shared folder, or undefined when the file runs without the global setup. */
export function testRunDir(): string | undefined {
  let dir: string | undefined;
  try {
    dir = inject('testRunDir');
  } catch {
    return undefined;
  }
  return dir && existsSync(dir) ? dir : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The run's `name`: built here by `build` (given a folder of its own) when no other worker has built
 * or is building it, else what that worker built. A build that failed fails every file that needs it,
 * with its message; a worker that died while building (its lock's pid is gone) is taken over.
 */
export async function runShared<T>(
  run: string,
  name: string,
  build: (dir: string) => Promise<T>,
  timeoutMs = 300_000,
): Promise<T> {
  const done = join(run, `${name}.json`);
  const failed = join(run, `${name}.error`);
  const lock = join(run, `${name}.lock`);
  const started = Date.now();
  for (;;) {
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as T;
    if (existsSync(failed))
      throw new Error(`${name} (built by another test file): ${readFileSync(failed, 'utf8')}`);
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(owner) && !alive(owner)) rmSync(lock, { recursive: true, force: true });
    }
    if (mine) {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      try {
        if (existsSync(done)) continue;
        const dir = join(run, name);
        mkdirSync(dir, { recursive: true });
        const value = await build(dir);
        writeFileSync(`${done}.tmp`, JSON.stringify(value));
        renameSync(`${done}.tmp`, done);
        return value;
      } catch (error) {
        writeFileSync(failed, (error as Error).stack ?? String(error));
        throw error;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for another test file to build ${name}`);
    await sleep(100);
  }
}
