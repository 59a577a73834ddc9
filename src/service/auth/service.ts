/**
 * Local accounts and server-side sessions.
 *  - Login: argon2id verify. Each check is claimed first, in one conditional UPDATE of the user's
 *    row, so concurrent guesses cannot slip past the limit: 5 failures within 15 minutes lock the
 *    account for 15 minutes (the lock runs out by itself). A locked account answers exactly like a
 *    wrong password (no enumeration, no signal to the guesser); an address with 20 failed sign-ins
 *    in 15 minutes is throttled (429), so one party cannot lock account after account. Every
 *    success, failure, lockout and refused locked login is audited.
 *  - Sessions: a random 256-bit token (given to the client once, as an HttpOnly cookie or a Bearer
 *    token); the server keeps only its SHA-256, with idle expiry 30 min and absolute expiry 8 h.
 * Time comes from the Clock port, so tests move it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  CeyuanError,
  ConflictError,
  InputError,
  NotAuthenticatedError,
  NotFoundError,
} from '../../core/errors.ts';
import { parseOrThrow, safeText } from '../../core/validation.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { SessionRepository, UserRepository } from '../../storage/repositories/users.ts';
import type { Db, Tx } from '../../storage/schema.ts';
import type { UserRow } from '../../storage/tables/auth-audit.ts';
import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../clock.ts';
import { dummyHash, hashPassword, passwordIssues, verifyPassword } from './passwords.ts';
import { authorise } from './permissions.ts';
import { createAddressThrottle } from './throttle.ts';
import { ROLES, type SessionUser } from './types.ts';

export const AUTH_POLICY = {
  maxFailedAttempts: 5,
  /** Failures count towards the lock within this window (and the lock lasts as long). */
  lockoutMinutes: 15,
  /** Failed sign-ins one client address may make (any accounts) per lockout window. */
  addressFailures: 20,
  idleMinutes: 30,
  absoluteHours: 8,
} as const;

const MINUTE = 60_000;

export interface LoginResult {
  token: string;
  user: SessionUser;
  expiresAt: string;
  idleExpiresAt: string;
}

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id,
  };
}

const BAD_CREDENTIALS = () =>
  new NotAuthenticatedError(
    { zh: '用户名或密码错误', en: 'wrong username or password' },
    { reason: 'bad_credentials' },
  );

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message:
      '3–64 characters: lower-case letters, digits, dot, dash, underscore; starting with a letter or digit',
  });

export const newUserSchema = z
  .object({
    username: usernameSchema,
    displayName: safeText({ min: 1, max: 100 }),
    password: safeText({ max: 1024, trim: false }),
    role: z.enum(ROLES),
    organisationId: z.uuid().nullable().default(null),
    /** Officers: the department they work in (区科委, 区经委, 区科创办…). */
    department: safeText({ min: 1, max: 50 }).nullable().default(null),
    /** Experts and brokers: their employer in the registry, for conflict-of-interest checks. */
    affiliationOrganisationId: z.uuid().nullable().default(null),
  })
  .strict();

export type NewUserInput = z.input<typeof newUserSchema>;

export function createAuthService(deps: { db: Db; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  /** Creates an account. `by` is the admin doing it, or null for bootstrap (CLI, demo seeding). */
  async function createUser(by: SessionUser | null, raw: NewUserInput): Promise<SessionUser> {
    if (by) authorise(by, 'users.manage');
    const input = parseOrThrow(newUserSchema, raw);
    const issues = passwordIssues(input.password, input.username);
    if (input.role === 'enterprise' && !input.organisationId) {
      issues.push({
        path: 'organisationId',
        rule: 'required_for_enterprise',
        zh: '企业用户须关联一个单位',
        en: 'an enterprise user needs an organisation',
      });
    }
    if (input.role !== 'enterprise' && input.organisationId) {
      issues.push({
        path: 'organisationId',
        rule: 'only_for_enterprise',
        zh: '只有企业用户关联单位',
        en: 'only enterprise users belong to an organisation',
      });
    }
    if (input.affiliationOrganisationId && input.role !== 'expert' && input.role !== 'broker') {
      issues.push({
        path: 'affiliationOrganisationId',
        rule: 'only_for_expert_or_broker',
        zh: '只有评审专家和技术经理人登记所在单位',
        en: 'only experts and brokers record an affiliation',
      });
    }
    if (issues.length > 0) throw new InputError(issues);
    const passwordHash = await hashPassword(input.password);
    return db.transaction().execute(async (tx) => {
      const users = new UserRepository(tx);
      if (await users.byUsername(input.username)) {
        throw new ConflictError({
          zh: `用户名 ${input.username} 已存在`,
          en: `username ${input.username} is taken`,
        });
      }
      for (const id of [input.organisationId, input.affiliationOrganisationId]) {
        if (id && !(await new OrganisationRepository(tx).get(id))) {
          throw new NotFoundError({ zh: '未找到该单位', en: 'no such organisation' });
        }
      }
      const row = await users.insert(
        {
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          organisationId: input.organisationId,
          department: input.department,
          affiliationOrganisationId: input.affiliationOrganisationId,
        },
        clock.now(),
      );
      await audit.append(tx, {
        actor: by?.username ?? 'system',
        action: 'user.create',
        subject: `user:${row.username}`,
        detail: {
          role: row.role,
          organisationId: row.organisation_id,
          department: row.department,
          affiliationOrganisationId: row.affiliation_organisation_id,
        },
      });
      return toSessionUser(row);
    });
  }

  const throttle = createAddressThrottle(
    clock,
    AUTH_POLICY.addressFailures,
    AUTH_POLICY.lockoutMinutes * MINUTE,
  );

  async function login(rawUsername: string, password: string, meta: RequestMeta = {}): Promise<LoginResult> {
    const username = rawUsername.trim().toLowerCase();
    const now = clock.now();
    if (throttle.blocked(meta.ip)) {
      throw new CeyuanError('RATE_LIMITED', {
        zh: '该地址登录失败次数过多，请稍后再试',
        en: 'too many failed sign-ins from this address: try again later',
      });
    }
    const failed = async (tx: Tx | null, entry: Parameters<AuditService['append']>[1]) => {
      throttle.failed(meta.ip);
      if (tx) await audit.append(tx, entry);
      else await audit.record(entry);
      return BAD_CREDENTIALS();
    };
    const user = await new UserRepository(db).byUsername(username);
    if (!user || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      throw await failed(null, {
        actor: 'anonymous',
        action: 'auth.login_failed',
        subject: `user:${username}`,
        detail: { reason: user ? 'disabled' : 'unknown_user', ...meta },
      });
    }
    // Claim the check before making it: counted as a failure now, cleared again on success.
    const lockUntil = new Date(now.getTime() + AUTH_POLICY.lockoutMinutes * MINUTE);
    const windowStart = new Date(now.getTime() - AUTH_POLICY.lockoutMinutes * MINUTE);
    const claim = await new UserRepository(db).claimAttempt(
      user.id,
      now,
      AUTH_POLICY.maxFailedAttempts,
      windowStart,
      lockUntil,
    );
    if (!claim) {
      // Locked: the same work and the same answer as a wrong password.
      await verifyPassword(await dummyHash(), password);
      throw await failed(null, {
        actor: user.username,
        action: 'auth.login_refused_locked',
        subject: `user:${user.username}`,
        detail: { lockedUntil: user.locked_until?.toISOString() ?? null, ...meta },
      });
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok) {
      const error = await db.transaction().execute(async (tx) => {
        const e = await failed(tx, {
          actor: user.username,
          action: 'auth.login_failed',
          subject: `user:${user.username}`,
          detail: { reason: 'bad_password', failedAttempts: claim.failedAttempts, ...meta },
        });
        if (claim.lockedUntil && claim.failedAttempts === AUTH_POLICY.maxFailedAttempts) {
          await audit.append(tx, {
            actor: 'system',
            action: 'auth.lockout',
            subject: `user:${user.username}`,
            detail: { lockedUntil: claim.lockedUntil.toISOString(), minutes: AUTH_POLICY.lockoutMinutes },
          });
        }
        return e;
      });
      throw error;
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + AUTH_POLICY.absoluteHours * 60 * MINUTE);
    await db.transaction().execute(async (tx) => {
      await new UserRepository(tx).clearFailures(user.id, now);
      await new SessionRepository(tx).insert({
        token_hash: hashToken(token),
        user_id: user.id,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
      });
      await audit.append(tx, {
        actor: user.username,
        action: 'auth.login',
        subject: `user:${user.username}`,
        detail: { ...meta },
      });
    });
    return {
      token,
      user: toSessionUser(user),
      expiresAt: expiresAt.toISOString(),
      idleExpiresAt: new Date(now.getTime() + AUTH_POLICY.idleMinutes * MINUTE).toISOString(),
    };
  }

  /** The user behind a token, or null when unknown or expired (an expired session is deleted). */
  async function authenticate(token: string): Promise<SessionUser | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const sessions = new SessionRepository(db);
    const found = await sessions.find(tokenHash);
    if (!found) return null;
    const now = clock.now();
    const idleLimit = new Date(found.session.last_seen_at.getTime() + AUTH_POLICY.idleMinutes * MINUTE);
    if (now >= found.session.expires_at || now >= idleLimit || found.user.disabled) {
      await sessions.delete(tokenHash);
      return null;
    }
    await sessions.touch(tokenHash, now);
    return toSessionUser(found.user);
  }

  async function logout(token: string, user?: SessionUser): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const deleted = await new SessionRepository(tx).delete(hashToken(token));
      if (deleted && user) {
        await audit.append(tx, {
          actor: user.username,
          action: 'auth.logout',
          subject: `user:${user.username}`,
        });
      }
    });
  }

  async function changePassword(user: SessionUser, current: string, next: string): Promise<void> {
    const row = await new UserRepository(db).byId(user.id);
    if (!row || !(await verifyPassword(row.password_hash, current))) {
      throw new InputError([
        {
          path: 'currentPassword',
          rule: 'wrong_password',
          zh: '当前密码不正确',
          en: 'current password is wrong',
        },
      ]);
    }
    const issues = passwordIssues(next, row.username, 'newPassword');
    if (issues.length > 0) throw new InputError(issues);
    const passwordHash = await hashPassword(next);
    await db.transaction().execute(async (tx) => {
      await new UserRepository(tx).setPassword(user.id, passwordHash, clock.now());
      // Every other session ends: a changed password must lock out whoever knew the old one.
      await new SessionRepository(tx).deleteForUser(user.id);
      await audit.append(tx, {
        actor: user.username,
        action: 'auth.password_change',
        subject: `user:${user.username}`,
      });
    });
  }

  async function listUsers(by: SessionUser): Promise<SessionUser[]> {
    authorise(by, 'users.read');
    return (await new UserRepository(db).list()).map(toSessionUser);
  }

  async function purgeExpiredSessions(): Promise<number> {
    const now = clock.now();
    return new SessionRepository(db).purgeExpired(
      now,
      new Date(now.getTime() - AUTH_POLICY.idleMinutes * MINUTE),
    );
  }

  return { createUser, login, authenticate, logout, changePassword, listUsers, purgeExpiredSessions };
}

export type AuthService = ReturnType<typeof createAuthService>;
