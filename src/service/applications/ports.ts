/**
 * What the application and ledger services need from outside: the database, the engine, a clock,
 * an id source and the audit trail. Passed in, so tests fix the date and the ids, and nothing in the
 * services reads the clock or makes up ids on its own.
 */
import type { Engine } from '../../core/engine/calculate.ts';
import type { WorkflowActor } from '../../core/workflow.ts';
import type { Db, Tx } from '../../storage/schema.ts';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A new UUID. */
  next(): string;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** Appends to the hash-chained audit trail inside the caller's transaction. */
export interface AuditPort {
  append(tx: Tx, entry: AuditEntry): Promise<unknown>;
}

/** A signed-in user as the services see it. */
export interface Actor extends WorkflowActor {
  username: string;
}

export interface ApplicationDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  /** Length of the public notice (公示) in calendar days when the officer does not say. */
  noticeDays?: number;
}
