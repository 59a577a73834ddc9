import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase, resetDatabase } from '../../../test/support/databases.ts';
import { actor } from '../../../test/support/fixtures.ts';
import { InputError, NotAuthenticatedError } from '../../core/errors.ts';
import { createAuditService } from '../audit/service.ts';
import { ManualClock } from '../clock.ts';
import { passwordIssues } from './passwords.ts';
import { AUTH_POLICY, createAuthService, hashToken } from './service.ts';

const GOOD = 'Songjiang-G60-2026';

describe('password rules', () => {
  it('needs 10 characters and 3 of 4 classes, not the username', () => {
    expect(passwordIssues(GOOD)).toEqual([]);
    expect(passwordIssues('Abc12!').map((i) => i.rule)).toEqual(['password_length']);
    expect(passwordIssues('abcdefghij12').map((i) => i.rule)).toEqual(['password_classes']);
    expect(passwordIssues('abcdefghiJ12').map((i) => i.rule)).toEqual(['password_weak']);
    expect(passwordIssues('lotus-Harbour-71')).toEqual([]);
    expect(passwordIssues('alice-Secret-1', 'alice').map((i) => i.rule)).toEqual([
      'password_contains_username',
    ]);
    const [issue] = passwordIssues('short');
    expect(issue?.zh).toContain('至少 10 位');
    expect(issue?.en).toContain('at least 10');
  });
});

describeEachDatabase('auth', (ctx) => {
  const clock = new ManualClock('2026-07-01T02:00:00Z');
  const services = () => {
    const audit = createAuditService({ db: ctx.db, clock });
    return { audit, auth: createAuthService({ db: ctx.db, clock, audit }) };
  };
  beforeEach(async () => {
    await resetDatabase(ctx.db);
    clock.set('2026-07-01T02:00:00Z');
    await services().auth.createUser(null, {
      username: 'reviewer1',
      displayName: '审核员',
      password: GOOD,
      role: 'reviewer',
    });
  });
  const actions = async () => (await services().audit.list({ limit: 100 })).map((e) => e.action);

  it('stores an argon2id hash, never the password', async () => {
    const row = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'reviewer1')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(GOOD);
  });

  it('refuses weak passwords and bad role/organisation pairs, creating nothing', async () => {
    const err = await services()
      .auth.createUser(null, { username: 'weak', displayName: 'w', password: 'password', role: 'enterprise' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues.map((i) => i.rule).sort()).toEqual([
      'password_classes',
      'password_length',
      'required_for_enterprise',
    ]);
    expect(await ctx.db.selectFrom('users').select('username').execute()).toHaveLength(1);
  });

  it('logs in, keeps only the token hash, and answers the session', async () => {
    const { auth } = services();
    const r = await auth.login('Reviewer1', GOOD, { ip: '127.0.0.1' });
    expect(r.user).toMatchObject({ username: 'reviewer1', role: 'reviewer', organisationId: null });
    const stored = await ctx.db.selectFrom('sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(hashToken(r.token));
    expect(stored[0]!.token_hash).not.toBe(r.token);
    expect(await auth.authenticate(r.token)).toMatchObject({ username: 'reviewer1' });
    expect(await auth.authenticate('not-a-token')).toBeNull();
    await auth.logout(r.token, r.user);
    expect(await auth.authenticate(r.token)).toBeNull();
    expect(await actions()).toEqual(['user.create', 'auth.login', 'auth.logout']);
  });

  it('locks the account for 15 minutes after 5 failures, answering like a wrong password, and audits each step', async () => {
    const { auth } = services();
    const wrong = await auth.login('reviewer1', 'wrong-Password-1').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(NotAuthenticatedError);
    for (let i = 2; i <= AUTH_POLICY.maxFailedAttempts; i++) {
      await expect(auth.login('reviewer1', 'wrong-Password-1')).rejects.toBeInstanceOf(NotAuthenticatedError);
    }
    // Even the right password is refused while locked, with the very same answer.
    const locked = await auth.login('reviewer1', GOOD).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(NotAuthenticatedError);
    expect((locked as NotAuthenticatedError).text).toEqual((wrong as NotAuthenticatedError).text);
    expect((locked as NotAuthenticatedError).details).toEqual((wrong as NotAuthenticatedError).details);
    clock.advanceMinutes(14);
    await expect(auth.login('reviewer1', GOOD)).rejects.toBeInstanceOf(NotAuthenticatedError);
    clock.advanceMinutes(1);
    const r = await auth.login('reviewer1', GOOD);
    expect(r.user.username).toBe('reviewer1');
    const log = await actions();
    expect(log.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(log.filter((a) => a === 'auth.lockout')).toHaveLength(1);
    expect(log.filter((a) => a === 'auth.login_refused_locked')).toHaveLength(2);
    expect(log.at(-1)).toBe('auth.login');
    const row = await ctx.db
      .selectFrom('users')
      .select(['failed_attempts', 'locked_until'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('is rate-based: failures further apart than the window never lock', async () => {
    const { auth } = services();
    for (let i = 0; i < 3 * AUTH_POLICY.maxFailedAttempts; i++) {
      await expect(auth.login('reviewer1', 'wrong-Password-1')).rejects.toBeInstanceOf(NotAuthenticatedError);
      clock.advanceMinutes(AUTH_POLICY.lockoutMinutes / (AUTH_POLICY.maxFailedAttempts - 1) + 0.1);
    }
    expect((await auth.login('reviewer1', GOOD)).user.username).toBe('reviewer1');
  });

  it('throttles an address after 20 failed sign-ins across accounts (429), not the others', async () => {
    const { auth } = services();
    for (let i = 0; i < AUTH_POLICY.addressFailures; i++)
      await expect(auth.login(`nobody${i}`, 'x', { ip: '203.0.113.9' })).rejects.toBeInstanceOf(
        NotAuthenticatedError,
      );
    await expect(auth.login('reviewer1', GOOD, { ip: '203.0.113.9' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect((await auth.login('reviewer1', GOOD, { ip: '198.51.100.1' })).user.username).toBe('reviewer1');
    clock.advanceMinutes(AUTH_POLICY.lockoutMinutes);
    expect((await auth.login('reviewer1', GOOD, { ip: '203.0.113.9' })).user.username).toBe('reviewer1');
  });

  it('refuses common and guessable passwords (zxcvbn-ts)', async () => {
    const { auth } = services();
    for (const password of ['Password1!', 'P@ssw0rd2026', 'Qwerty123!']) {
      const err = await auth
        .createUser(null, { username: 'weak1', displayName: 'w', password, role: 'auditor' })
        .catch((e: unknown) => e);
      expect((err as InputError).issues?.[0]?.rule, password).toMatch(/password_(common|weak)/);
    }
  });

  it('audits unknown users without revealing they are unknown', async () => {
    const err = await services()
      .auth.login('nobody', GOOD)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAuthenticatedError);
    expect((err as NotAuthenticatedError).text.en).toBe('wrong username or password');
    const [entry] = (await services().audit.list({ limit: 10, action: 'auth.login_failed' })).slice(-1);
    expect(entry).toMatchObject({
      actor: 'anonymous',
      subject: 'user:nobody',
      detail: { reason: 'unknown_user' },
    });
  });

  it('expires a session after 30 idle minutes', async () => {
    const { auth } = services();
    const r = await auth.login('reviewer1', GOOD);
    clock.advanceMinutes(29);
    expect(await auth.authenticate(r.token)).not.toBeNull();
    clock.advanceMinutes(29); // 29 minutes since the last use: still alive
    expect(await auth.authenticate(r.token)).not.toBeNull();
    clock.advanceMinutes(30);
    expect(await auth.authenticate(r.token)).toBeNull();
    expect(await ctx.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('ends a session 8 hours after login however active it is', async () => {
    const { auth } = services();
    const r = await auth.login('reviewer1', GOOD);
    for (let m = 0; m < 8 * 60 - 20; m += 20) {
      clock.advanceMinutes(20);
      expect(await auth.authenticate(r.token)).not.toBeNull();
    }
    clock.advanceMinutes(20);
    expect(await auth.authenticate(r.token)).toBeNull();
  });

  it('a password change ends every session', async () => {
    const { auth } = services();
    const r = await auth.login('reviewer1', GOOD);
    await expect(auth.changePassword(r.user, 'wrong', 'New-Password-2026')).rejects.toBeInstanceOf(
      InputError,
    );
    await auth.changePassword(r.user, GOOD, 'New-Password-2026');
    expect(await auth.authenticate(r.token)).toBeNull();
    await expect(auth.login('reviewer1', GOOD)).rejects.toBeInstanceOf(NotAuthenticatedError);
    expect((await auth.login('reviewer1', 'New-Password-2026')).user.username).toBe('reviewer1');
  });

  it('only an admin creates users', async () => {
    await expect(
      services().auth.createUser(actor('reviewer'), {
        username: 'x-user',
        displayName: 'x',
        password: GOOD,
        role: 'auditor',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
