/** Local accounts and their server-side sessions. */
import { sql } from 'kysely';
import type { Executor } from '../schema.ts';
import type { Role, SessionRow, UserRow } from '../tables/auth-audit.ts';
import { isUuid } from './organisations.ts';

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  organisationId: string | null;
  /** Officers: their department (区科委…). */
  department?: string | null;
  /** Experts and brokers: their employer, for conflict-of-interest checks. */
  affiliationOrganisationId?: string | null;
}

export class UserRepository {
  constructor(private readonly db: Executor) {}

  async insert(user: NewUser, now: Date): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        role: user.role,
        organisation_id: user.organisationId,
        department: user.department ?? null,
        affiliation_organisation_id: user.affiliationOrganisationId ?? null,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async byId(id: string): Promise<UserRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The enabled users acting for one organisation (enterprise users), by display name. */
  async activeOf(organisationId: string): Promise<Pick<UserRow, 'id' | 'display_name' | 'role'>[]> {
    if (!isUuid(organisationId)) return [];
    return this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'role'])
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'enterprise')
      .where('disabled', '=', false)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
  }

  async list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  /**
   * Counts one failed login atomically (concurrent guesses cannot slip past the limit) and locks
   * the account when the count reaches `limit`. Returns the new count and lock.
   */
  async recordFailure(
    id: string,
    now: Date,
    limit: number,
    lockUntil: Date,
  ): Promise<{ failedAttempts: number; lockedUntil: Date | null }> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({
        failed_attempts: eb('failed_attempts', '+', 1),
        locked_until: eb
          .case()
          .when(eb('failed_attempts', '+', 1), '>=', limit)
          .then(lockUntil)
          .else(eb.ref('locked_until'))
          .end(),
        updated_at: now,
      }))
      .where('id', '=', id)
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
  }

  /**
   * Claims one password check, atomically, before the password is checked: counts it as a failure
   * (a success clears it again) and locks the account when this makes `limit` failures in one
   * window (a window opens at a failure after the previous window has passed `windowStart`). Returns null, checking nothing, while the account is locked. One conditional
   * UPDATE: concurrent attempts are serialised on the row, so at most `limit` are ever checked.
   */
  async claimAttempt(
    id: string,
    now: Date,
    limit: number,
    windowStart: Date,
    lockUntil: Date,
  ): Promise<{ failedAttempts: number; lockedUntil: Date | null } | null> {
    // A lock that has run out, or a window opened before `windowStart`, starts a fresh count.
    const fresh = sql<boolean>`(locked_until is not null and locked_until <= ${now}) or failure_window_start is null or failure_window_start < ${windowStart}`;
    const count = sql<number>`case when ${fresh} then 1 else failed_attempts + 1 end`;
    const row = await this.db
      .updateTable('users')
      .set({
        failed_attempts: count,
        locked_until: sql<Date | null>`case when ${count} >= ${limit} then ${lockUntil}::timestamptz else null end`,
        failure_window_start: sql<Date>`case when ${fresh} then ${now}::timestamptz else failure_window_start end`,
        updated_at: now,
      })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirst();
    return row ? { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until } : null;
  }

  /** After a successful login, or once a lock has run out. */
  async clearFailures(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null, failure_window_start: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setPassword(id: string, passwordHash: string, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}

export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
}

export class SessionRepository {
  constructor(private readonly db: Executor) {}

  async insert(session: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async find(tokenHash: string): Promise<SessionWithUser | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.token_hash',
        's.user_id',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.password_hash',
        'u.role',
        'u.organisation_id',
        'u.department',
        'u.affiliation_organisation_id',
        'u.disabled',
        'u.failed_attempts',
        'u.locked_until',
        'u.failure_window_start',
        'u.password_changed_at',
        'u.created_at as user_created_at',
        'u.updated_at as user_updated_at',
      ])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: {
        token_hash: row.token_hash,
        user_id: row.user_id,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
      },
      user: {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        password_hash: row.password_hash,
        role: row.role,
        organisation_id: row.organisation_id,
        department: row.department,
        affiliation_organisation_id: row.affiliation_organisation_id,
        disabled: row.disabled,
        failed_attempts: row.failed_attempts,
        locked_until: row.locked_until,
        failure_window_start: row.failure_window_start,
        password_changed_at: row.password_changed_at,
        created_at: row.user_created_at,
        updated_at: row.user_updated_at,
      },
    };
  }

  async touch(tokenHash: string, now: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async delete(tokenHash: string): Promise<boolean> {
    const r = await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  /** Drops sessions past their absolute end or idle since before `idleSince`. */
  async purgeExpired(now: Date, idleSince: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
