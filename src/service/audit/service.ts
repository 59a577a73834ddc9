/**
 * The audit trail: append-only, hash-chained with SM3 (GB/T 32905, Node's crypto has it).
 * Each entry's hash = SM3(prev_hash ‖ canonical JSON of {seq, at, actor, action, subject, detail}),
 * so editing, deleting or reordering any entry breaks every link after it, and `verifyChain` names
 * the first broken one.
 *
 * `append(tx, entry)` takes the caller's transaction: the entry commits or rolls back with the work
 * it records (a payment and its audit line are one unit), and the chain lock is held until then.
 */
import { createHash } from 'node:crypto';
import { stringify as csvStringify } from 'csv-stringify/sync';
import { type AuditQuery, AuditRepository } from '../../storage/repositories/audit.ts';
import type { Db, Tx } from '../../storage/schema.ts';
import type { AuditRow } from '../../storage/tables/auth-audit.ts';
import type { Clock } from '../clock.ts';
import { canonicalJson, type Json, toJson } from './canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** Who: a username, or `system` / `anonymous`. */
  actor: string;
  /** What, as a stable dotted code: `auth.login`, `registry.import`, `application.approve`, … */
  action: string;
  /** On what: an id or natural key (`organisation:<uuid>`, `user:<name>`), or null. */
  subject: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Json;
  prevHash: string;
  hash: string;
}

export type ChainBreak = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | {
      ok: false;
      count: number;
      /** The first entry whose link does not hold. */
      brokenAt: number;
      reason: ChainBreak;
      expected: string;
      found: string;
    };

export function sm3(text: string): string {
  return createHash('sm3').update(text, 'utf8').digest('hex');
}

/** The hash of one entry given its predecessor's hash. */
export function entryHash(prevHash: string, e: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  return sm3(
    prevHash +
      canonicalJson({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        detail: e.detail,
      }),
  );
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: toJson(row.detail),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditService {
  /** Appends inside the caller's transaction (required: the chain lock lives as long as it). */
  append(tx: Tx, entry: AuditEntry): Promise<AuditRecord>;
  /** Appends in a transaction of its own, for events with no other write (a refused request). */
  record(entry: AuditEntry): Promise<AuditRecord>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  verifyChain(): Promise<VerifyResult>;
  /** The whole trail in chain order, as JSON lines or CSV, a chunk at a time. */
  export(format: 'jsonl' | 'csv'): AsyncGenerator<string>;
}

export function createAuditService(deps: { db: Db; clock: Clock }): AuditService {
  const { db, clock } = deps;

  async function append(tx: Tx, entry: AuditEntry): Promise<AuditRecord> {
    if (!tx.isTransaction) throw new Error('audit.append needs the caller’s transaction');
    const repo = new AuditRepository(tx);
    await repo.lockChain(tx);
    const head = await repo.head();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    // Millisecond precision: what a JS Date carries, so the stored instant reads back identical.
    const at = clock.now().toISOString();
    const detail = toJson(entry.detail ?? {});
    // Text goes through the same cleaning as the detail, so what is hashed is what is stored.
    const actor = toJson(entry.actor) as string;
    const action = toJson(entry.action) as string;
    const subject = entry.subject === null ? null : (toJson(entry.subject) as string);
    const base = { seq, at, actor, action, subject, detail };
    const hash = entryHash(prevHash, base);
    await repo.insert({
      seq,
      at,
      actor,
      action,
      subject,
      detail: canonicalJson(detail),
      prev_hash: prevHash,
      hash,
    });
    return { ...base, prevHash, hash };
  }

  return {
    append,

    record(entry) {
      return db.transaction().execute((tx) => append(tx, entry));
    },

    async list(query) {
      return (await new AuditRepository(db).list(query)).map(toRecord);
    },

    async verifyChain() {
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let count = 0;
      for await (const row of new AuditRepository(db).scan()) {
        const rec = toRecord(row);
        const broken = (reason: ChainBreak, expected: string, found: string): VerifyResult => ({
          ok: false,
          count,
          brokenAt: rec.seq,
          reason,
          expected,
          found,
        });
        if (rec.seq !== expectedSeq) return broken('seq_gap', String(expectedSeq), String(rec.seq));
        if (rec.prevHash !== prevHash) return broken('prev_hash_mismatch', prevHash, rec.prevHash);
        const recomputed = entryHash(rec.prevHash, rec);
        if (recomputed !== rec.hash) return broken('hash_mismatch', recomputed, rec.hash);
        prevHash = rec.hash;
        expectedSeq += 1;
        count += 1;
      }
      return { ok: true, count, headSeq: expectedSeq - 1, headHash: prevHash };
    },

    async *export(format) {
      const columns = ['seq', 'at', 'actor', 'action', 'subject', 'detail', 'prev_hash', 'hash'];
      if (format === 'csv') yield csvStringify([columns]);
      for await (const row of new AuditRepository(db).scan()) {
        const rec = toRecord(row);
        if (format === 'jsonl') {
          yield `${canonicalJson(rec)}\n`;
        } else {
          yield csvStringify([
            [
              rec.seq,
              rec.at,
              rec.actor,
              rec.action,
              rec.subject ?? '',
              canonicalJson(rec.detail),
              rec.prevHash,
              rec.hash,
            ],
          ]);
        }
      }
    },
  };
}
