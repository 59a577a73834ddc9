/**
 * GET /api/now: the server's date for the web forms' defaults (src/web/today.ts). It follows the
 * server's clock, not the machine's, in Shanghai's calendar; anyone may read it; it is never cached.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { openTestDatabase } from './support/databases.ts';

describe('the server’s date (GET /api/now)', () => {
  let db: Kysely<Database>;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    // 23:30 UTC on 31 August is already 1 September in Shanghai.
    t = await buildTestApp(db, { now: '2026-08-31T23:30:00Z' });
  });
  afterAll(async () => {
    await t.app.close();
    await db.destroy();
  });

  const now = () => t.app.inject({ method: 'GET', url: '/api/now' });

  it('is the Shanghai date by the server clock, to anyone, not cached', async () => {
    const res = await now();
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      today: '2026-09-01',
      now: '2026-08-31T23:30:00.000Z',
      timeZone: 'Asia/Shanghai',
    });
  });

  it.each([
    ['15:59:59 UTC is the same Shanghai day', '2026-09-01T15:59:59Z', '2026-09-01'],
    ['16:00 UTC is Shanghai midnight: the next day', '2026-09-01T16:00:00Z', '2026-09-02'],
    ['a year end', '2026-12-31T16:00:00Z', '2027-01-01'],
  ])('moves with the clock: %s', async (_name, instant, today) => {
    t.clock.set(instant);
    expect((await now()).json().today).toBe(today);
  });

  it('is documented in the OpenAPI document as public', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/now'].get;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties).sort()).toEqual([
      'now',
      'timeZone',
      'today',
    ]);
  });
});
