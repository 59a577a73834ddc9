/**
 * Races an attacker (or a retrying client) runs: many guesses at once against one account, and one
 * idempotency key sent at once for payments of two organisations. On PostgreSQL (a pool of 60) the
 * requests really run together; on PGlite they are serialised. Either way: no double effect.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wanToFen } from '../../src/core/money.ts';
import type { ApplicationService } from '../../src/service/applications/service.ts';
import {
  applicationsTestbed,
  insertOrganisation,
  insertUser,
  scheduledApplication,
  TestClock,
  type World,
} from '../../src/service/applications/testing.ts';
import { createAuditService } from '../../src/service/audit/service.ts';
import { AUTH_POLICY, createAuthService } from '../../src/service/auth/service.ts';
import type { createLedgerService } from '../../src/service/ledger/service.ts';
import { describeEachDatabase } from '../support/databases.ts';

const figures: Record<string, { races: number; doubleEffects: number }> = {};
afterAll(() => {
  for (const [kind, f] of Object.entries(figures))
    console.info(`[security races ${kind}] races tried: ${f.races}; double effects: ${f.doubleEffects}`);
});

const PASSWORD = 'lotus-Harbour-71';

describeEachDatabase('security races', (ctx) => {
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  let service: ApplicationService;
  let ledger: ReturnType<typeof createLedgerService>;
  let world: World;
  const tally = () => {
    figures[ctx.kind] ??= { races: 0, doubleEffects: 0 };
    return figures[ctx.kind]!;
  };

  beforeAll(async () => {
    ({ world, service, ledger } = await applicationsTestbed(ctx.db, clock));
  });

  it('30 wrong guesses and the right password at once, from 31 addresses: at most 5 checked', async () => {
    for (let round = 0; round < 3; round++) {
      const audit = createAuditService({ db: ctx.db, clock });
      const auth = createAuthService({ db: ctx.db, clock, audit });
      const username = `victim-${round}-${randomUUID().slice(0, 6)}`;
      await auth.createUser(null, { username, displayName: 'v', password: PASSWORD, role: 'auditor' });
      const attempts = Array.from({ length: 31 }, (_, i) =>
        auth.login(username, i === 17 ? PASSWORD : `Wrong-guess-${i}`, { ip: `198.51.100.${i + 1}` }),
      );
      const results = await Promise.allSettled(attempts);
      const entries = await audit.list({ subject: `user:${username}`, limit: 1000 });
      const checkedWrong = entries.filter(
        (e) =>
          e.action === 'auth.login_failed' && (e.detail as { reason?: string }).reason === 'bad_password',
      ).length;
      const loggedIn = results.filter((r) => r.status === 'fulfilled').length;
      tally().races += 1;
      // Never more than the policy's guesses are checked; the right one gets in only ahead of the lock.
      if (checkedWrong > AUTH_POLICY.maxFailedAttempts || loggedIn > 1) tally().doubleEffects += 1;
      expect(checkedWrong).toBeLessThanOrEqual(AUTH_POLICY.maxFailedAttempts);
      expect(loggedIn).toBeLessThanOrEqual(1);
      // Every refusal looks the same: 401, wrong username or password.
      for (const r of results)
        if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('NOT_AUTHENTICATED');
    }
  });

  const scheduled = (owner: Parameters<typeof scheduledApplication>[3]) =>
    scheduledApplication(service, world, clock, owner, [1, 1]);

  it('one idempotency key sent at once for two organisations’ payments pays once; the other gets 422', async () => {
    clock.setDay('2026-09-10');
    await ledger.setBudget(world.users.admin, { fund: '000', year: 2026, amount: wanToFen(100_000) });
    for (let pair = 0; pair < 8; pair++) {
      const owners = [];
      for (const side of ['a', 'b']) {
        const org = await insertOrganisation(ctx.db, {
          name: `揭榜企业${pair}${side}`,
          kind: 'enterprise',
          centreOriginCity: 'jiaxing',
        });
        const user = await insertUser(
          ctx.db,
          `payer-${pair}${side}-${randomUUID().slice(0, 6)}`,
          'enterprise',
          org,
        );
        owners.push({ ...user, role: 'enterprise' as const, organisationId: org });
      }
      const apps = [await scheduled(owners[0]!), await scheduled(owners[1]!)];
      const key = `race-${pair}-${randomUUID()}`;
      const results = await Promise.allSettled(
        apps.flatMap((a) =>
          Array.from({ length: 3 }, () => service.payStage(world.users.admin, a.id, a.stages[0]!.id, key)),
        ),
      );
      const payments = await ctx.db
        .selectFrom('payments')
        .select(['organisation_id', 'id'])
        .where('idempotency_key', '=', key)
        .execute();
      const refused = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => (r.reason as { code?: string }).code);
      tally().races += 1;
      if (payments.length !== 1) tally().doubleEffects += 1;
      expect(payments).toHaveLength(1);
      // The key's own application replays (200); the other organisation's is refused, clearly.
      expect(refused.length).toBe(3);
      expect(new Set(refused)).toEqual(new Set(['IDEMPOTENCY_KEY_REUSED']));
    }
  });
});
