/** Row types of the auth and audit tables (migration 0002_auth_audit). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './registry.ts';

/** expert (评审专家) and broker (技术经理人) came with migration 0010_platform. */
export const ROLES = ['enterprise', 'reviewer', 'approver', 'admin', 'auditor', 'expert', 'broker'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  /** argon2id PHC string ($argon2id$v=19$…); never the password. */
  password_hash: string;
  role: Role;
  /** Set for (and only for) enterprise users: the one organisation they act for. */
  organisation_id: string | null;
  /** Officers: the department they work in (区科委, 区经委, 区科创办…); work can be addressed to it. */
  department: ColumnType<string | null, string | null | undefined, string | null>;
  /** Experts and brokers: their employer, for conflict-of-interest checks only (never grants access). */
  affiliation_organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  /** When the current run of failed logins began (0006_security): the lock counts failures in one window. */
  failure_window_start: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Server-side sessions. Only a hash of the token is stored, so a read of the table cannot log anyone in. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Absolute end of the session (created_at + 8 h); idle expiry is judged from last_seen_at. */
  expires_at: Timestamp;
}

export interface AuditLogTable {
  /** Gapless position in the chain, assigned under the chain lock (not a sequence, which leaves gaps). */
  seq: number;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string | null;
  detail: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuthAuditTables {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
