/**
 * The endpoint × role matrix, read from the OpenAPI document: every operation declares who may
 * call it (`security: []` for public, `x-roles` otherwise; src/api/access.ts), and for every
 * (operation, role) pair — anonymous included — the answer must agree: refused roles get 401/403
 * and change nothing, admitted ones are never refused for their role. A route added later is in
 * the matrix as soon as it exists; one that declares nothing fails here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/service/auth/types.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  fingerprint,
  hasErrorShape,
  headersOf,
  type Operation,
  operations,
  pathOf,
  queryOf,
  ROLE_LIST,
  securityWorld,
  type World,
} from './support.ts';

describeEachDatabase('security: endpoint × role matrix', (ctx) => {
  let world: World;
  let ops: Operation[];
  const figures = { checks: 0, refusals: 0 };

  beforeAll(async () => {
    world = await securityWorld(ctx.db);
    ops = await operations(world.t.app);
  });
  afterAll(async () => {
    console.info(
      `[security matrix ${ctx.kind}] operations: ${ops?.length}; role × endpoint checks: ${figures.checks}; refusals asserted: ${figures.refusals}`,
    );
    await world?.t.app.close();
  });

  function request(op: Operation, who: Role | null) {
    const url = `${pathOf(op)}?${new URLSearchParams(queryOf(op)).toString()}`;
    return world.t.app.inject({
      method: op.method as 'GET',
      url,
      headers: { ...headersOf(op), ...(who ? world.headers[who] : {}), 'content-type': 'application/json' },
      // Not a valid body: an admitted role gets as far as validation (400), a refused one never does.
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{"__matrix_probe__": true}' }),
    });
  }

  it('every operation declares its access', () => {
    const undeclared = ops.filter((op) => !op.public && (!op.declared || op.roles.length === 0));
    expect(undeclared.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    expect(ops.length).toBeGreaterThan(40);
  });

  it('refused roles get 401/403 and change nothing; admitted roles are never refused for their role', async () => {
    const failures: string[] = [];
    // Logging out would end the probe's sessions: it is public and checked anonymously only.
    const probed = ops.filter((op) => op.path !== '/api/auth/logout');
    const before = await fingerprint(ctx.db, ['audit_log', 'sessions']);
    for (const op of probed) {
      const label = `${op.method} ${op.path}`;
      const anonymous = await request(op, null);
      figures.checks += 1;
      if (op.public) {
        if ([401, 403].includes(anonymous.statusCode) || anonymous.statusCode >= 500)
          failures.push(`${label} anonymous (public): ${anonymous.statusCode}`);
      } else {
        figures.refusals += 1;
        if (anonymous.statusCode !== 401 || !hasErrorShape(anonymous.body))
          failures.push(`${label} anonymous: ${anonymous.statusCode}, expected 401`);
      }
      if (op.public) continue;
      for (const role of ROLE_LIST) {
        if (op.roles.includes(role)) continue;
        const res = await request(op, role);
        figures.checks += 1;
        figures.refusals += 1;
        if (res.statusCode !== 403 || !hasErrorShape(res.body))
          failures.push(`${label} as ${role}: ${res.statusCode}, expected 403`);
      }
    }
    const after = await fingerprint(ctx.db, ['audit_log', 'sessions']);
    expect(after).toEqual(before);

    for (const op of probed) {
      if (op.public) continue;
      for (const role of op.roles) {
        const res = await request(op, role);
        figures.checks += 1;
        if ([401, 403].includes(res.statusCode) || res.statusCode >= 500)
          failures.push(
            `${op.method} ${op.path} as ${role} (admitted): ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('a refusal is audited, once per user and minute', async () => {
    const { t } = world;
    const audited = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/audit?actor=sec-enterprise&action=auth.forbidden&limit=1000',
          headers: world.headers.admin,
        })
      ).json().items.length as number;
    t.clock.advanceMinutes(2);
    const h = await t.login('sec-enterprise');
    world.headers.enterprise = h;
    const first = await audited();
    for (let i = 0; i < 50; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: h })).statusCode).toBe(403);
    expect(await audited()).toBe(first + 1);
  });
});
