/**
 * The API on a test database: buildApp with a manual clock, plus users of every role and a helper to
 * sign in. Used by the API tests (through app.inject, no sockets).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../../src/api/app.ts';
import { createAuditService } from '../../src/service/audit/service.ts';
import { createAuthService } from '../../src/service/auth/service.ts';
import type { Role } from '../../src/service/auth/types.ts';
import { ManualClock } from '../../src/service/clock.ts';
import type { Database } from '../../src/storage/schema.ts';
import { testCatalogue } from './fixtures.ts';

export const TEST_PASSWORD = 'Test-Password-2026';

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  /** Signs in and returns headers carrying the session. */
  login(username: string, password?: string): Promise<{ authorization: string }>;
  createUser(
    username: string,
    role: Role,
    organisationId?: string | null,
    extra?: { department?: string; affiliationOrganisationId?: string },
  ): Promise<void>;
}

export async function buildTestApp(
  db: Kysely<Database>,
  /** scheduledJobs: the platform's timed jobs start with the app (off by default: a manual clock). */
  options: { now?: string; loginRateLimit?: number; scheduledJobs?: boolean } = {},
): Promise<TestApp> {
  const clock = new ManualClock(options.now ?? '2026-07-01T02:00:00Z');
  const app = await buildApp({
    db,
    catalogue: testCatalogue(),
    clock,
    logger: false,
    config: { loginRateLimit: options.loginRateLimit ?? 1000, scheduledJobs: options.scheduledJobs ?? false },
    webDir: '/nonexistent',
  });
  const auth = createAuthService({ db, clock, audit: createAuditService({ db, clock }) });
  return {
    app,
    clock,
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json().token}` };
    },
    async createUser(username, role, organisationId = null, extra = {}) {
      await auth.createUser(null, {
        username,
        displayName: username,
        password: TEST_PASSWORD,
        role,
        organisationId,
        ...extra,
      });
    },
  };
}

/**
 * One account per role (two enterprises, for "another organisation"), signed in: the usual cast of an
 * API test. Returns the sign-in headers by account name.
 */
export async function signInCast(
  t: TestApp,
  enterprises: [string, string],
): Promise<
  Record<'ent-a' | 'ent-b' | 'reviewer1' | 'approver1' | 'admin1' | 'auditor1', { authorization: string }>
> {
  const users: [string, Parameters<TestApp['createUser']>[1], string | null][] = [
    ['ent-a', 'enterprise', enterprises[0]],
    ['ent-b', 'enterprise', enterprises[1]],
    ['reviewer1', 'reviewer', null],
    ['approver1', 'approver', null],
    ['admin1', 'admin', null],
    ['auditor1', 'auditor', null],
  ];
  for (const [name, role, org] of users) await t.createUser(name, role, org);
  const h: Record<string, { authorization: string }> = {};
  for (const [name] of users) h[name] = await t.login(name);
  return h as Awaited<ReturnType<typeof signInCast>>;
}
