/**
 * Bad input never gets a 500, always gets the error shape, and a refused request writes nothing.
 * The corpus comes from the OpenAPI document (test/security/corpus.ts), so every endpoint is in it,
 * including those added after this test was written. Runs in-process through app.inject.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { testUscc } from '../support/fixtures.ts';
import { type BadInput, corpusFor } from './corpus.ts';
import {
  actingRole,
  fingerprint,
  hasErrorShape,
  type Operation,
  operations,
  securityWorld,
  type World,
} from './support.ts';

/** Raw-file bodies of the registry import: broken files must be refused like any bad input. */
function importCases(): BadInput[] {
  const header = 'uscc,name,kind,city\n';
  const row = (name: string) => `${testUscc(77)},${name},enterprise,songjiang\n`;
  const csv = (body: string, type = 'text/csv') => ({
    method: 'POST' as const,
    url: '/api/organisations/import',
    headers: { 'content-type': type },
    payload: body,
  });
  return [
    { name: 'import: NUL in a name', expect: 'refuse', request: csv(header + row('坏\u0000名')) },
    // A file is bytes: a lone surrogate cannot be in UTF-8, it arrives as U+FFFD, which is valid text.
    { name: 'import: lone surrogate in a name', expect: 'any', request: csv(header + row('坏\ud800名')) },
    {
      name: 'import: invalid UTF-8 bytes',
      expect: 'refuse',
      request: {
        ...csv(''),
        payload: Buffer.concat([Buffer.from(header), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0x0a])]),
      },
    },
    {
      name: 'import: not a zip behind the xlsx type',
      expect: 'refuse',
      request: csv(
        'PK\u0003\u0004garbage',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    },
    { name: 'import: empty file', expect: 'refuse', request: csv('') },
    { name: 'import: 17 MB', expect: 'refuse', request: csv(header + 'x'.repeat(17 * 1024 * 1024)) },
    { name: 'import: JSON instead of a file', expect: 'refuse', request: csv('{"a":1}', 'application/json') },
  ];
}

describeEachDatabase('security: the bad-input corpus', (ctx) => {
  let world: World;
  let ops: Operation[];
  const figures = { tried: 0, fiveHundreds: 0, refusedChecked: 0 };

  beforeAll(async () => {
    world = await securityWorld(ctx.db);
    ops = await operations(world.t.app);
  });
  afterAll(async () => {
    console.info(
      `[security corpus ${ctx.kind}] bad inputs tried: ${figures.tried}; 5xx seen: ${figures.fiveHundreds}; ` +
        `refusals checked for no write: ${figures.refusedChecked}`,
    );
    await world?.t.app.close();
  });

  /** Background work a request may have started (a screening run) has finished. */
  async function settle() {
    for (let i = 0; i < 100; i++) {
      const r = await sql<{
        n: number;
      }>`select count(*)::int as n from screening_runs where status = 'running'`.execute(ctx.db);
      if (r.rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function run(cases: BadInput[], op: Operation | null, failures: string[]) {
    const role = op ? actingRole(op) : 'admin';
    const auth = role ? world.headers[role] : {};
    const send = (c: BadInput) =>
      world.t.app.inject({ ...c.request, headers: { ...(c.request.headers ?? {}), ...auth } });
    const label = op ? `${op.method} ${op.path}` : 'import';

    const before = await fingerprint(ctx.db);
    for (const c of cases.filter((x) => x.expect === 'refuse')) {
      const res = await send(c);
      figures.tried += 1;
      figures.refusedChecked += 1;
      if (res.statusCode >= 500) figures.fiveHundreds += 1;
      if (res.statusCode < 400 || res.statusCode >= 500 || !hasErrorShape(res.body))
        failures.push(`${label} — ${c.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const after = await fingerprint(ctx.db);
    for (const table of Object.keys(before))
      if (before[table] !== after[table]) failures.push(`${label}: refused inputs changed table ${table}`);

    for (const c of cases.filter((x) => x.expect === 'any')) {
      const res = await send(c);
      figures.tried += 1;
      if (res.statusCode >= 500) {
        figures.fiveHundreds += 1;
        failures.push(`${label} — ${c.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      if (res.statusCode >= 400 && !hasErrorShape(res.body))
        failures.push(`${label} — ${c.name}: ${res.statusCode} without the error shape`);
    }
    await settle();
  }

  it('every endpoint of the OpenAPI document: 0 × 5xx, the error shape, nothing written when refused', async () => {
    const failures: string[] = [];
    for (const op of ops) await run(corpusFor(op), op, failures);
    await run(importCases(), null, failures);
    expect(failures).toEqual([]);
    expect(figures.tried).toBeGreaterThanOrEqual(300);
    expect(figures.fiveHundreds).toBe(0);
  }, 600_000);
});
