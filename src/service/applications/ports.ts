/**
 * What the application and ledger services need from outside: the database, the engine, a clock,
 * an id source and the audit trail. Passed in, so tests fix the date and the ids, and nothing in the
 * services reads the clock or makes up ids on its own.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from '../../core/engine/calculate.ts';
import type { WorkflowActor } from '../../core/workflow.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../clock.ts';

export type { Clock } from '../clock.ts';

export interface IdSource {
  /** A new UUID. */
  next(): string;
}

/** The production id source (random UUIDs); tests pass their own. */
export const randomIds: IdSource = { next: () => randomUUID() };

/** Appends to the hash-chained audit trail inside the caller's transaction (src/service/audit). */
export type AuditPort = Pick<AuditService, 'append'>;

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
