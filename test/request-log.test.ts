/**
 * Request logging (src/api/logging.ts): one JSON line per request at info, carrying what operations
 * follows a request by — id, method, URL, client address, status, time taken; at warn a plain
 * request writes nothing.
 */
import type { InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { ManualClock } from '../src/service/clock.ts';
import { MEMORY, openDatabase } from '../src/storage/database.ts';
import type { Db } from '../src/storage/schema.ts';
import { testCatalogue } from './support/fixtures.ts';
import { migratedSnapshot } from './support/pglite-snapshot.ts';

let db: Db;
beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
});
afterAll(async () => {
  await db?.destroy();
});

async function logged(level: string, requests: InjectOptions[]) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = await buildApp({
    db,
    catalogue: testCatalogue(),
    clock: new ManualClock('2026-07-01T02:00:00Z'),
    logger,
    config: { scheduledJobs: false },
    webDir: '/nonexistent',
  });
  await app.ready();
  lines.length = 0;
  for (const r of requests) await app.inject(r);
  await app.close();
  return lines.filter((l) => l.reqId !== undefined);
}

const summary = {
  method: 'POST' as const,
  url: '/api/calc?view=summary',
  payload: { applicant: { kind: 'enterprise', city: 'songjiang' } },
};

describe('request log', () => {
  it('one line per request at info, with what operations needs', async () => {
    const lines = await logged('info', [summary, { method: 'GET', url: '/api/nothing' }]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'POST', url: '/api/calc?view=summary', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]!.responseTime).toBe('number');
    expect(lines[1]).toMatchObject({ req: { method: 'GET', url: '/api/nothing' }, res: { statusCode: 404 } });
    expect(lines[0]!.reqId).not.toBe(lines[1]!.reqId);
  });

  it('nothing at warn for answered requests', async () => {
    expect(await logged('warn', [summary, summary])).toEqual([]);
  });
});
