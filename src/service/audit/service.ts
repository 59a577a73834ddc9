/**
 * The audit trail: append-only, hash-chained with SM3 (GB/T 32905, Node's crypto has it).
 * Each entry's hash = SM3(prev_hash ‖ RFC 8785 canonical JSON of {seq, at, actor, action, subject,
 * detail}) (canonical.ts: the text hashed is the text stored, whatever the input). `verifyChain`
 * checks every entry and reports every break; signed checkpoints of the head (checkpoints.ts),
 * kept outside this table, reveal the newest entries deleted and a chain re-hashed after a forgery.
 *
 * `append(tx, entry)` takes the caller's transaction: the entry commits or rolls back with the work
 * it records (a payment and its audit line are one unit), and the chain lock is held until then.
 */
import { createHash } from 'node:crypto';
import { stringify as csvStringify } from 'csv-stringify/sync';
import { safeCells } from '../../core/spreadsheet.ts';
import { type AuditQuery, AuditRepository } from '../../storage/repositories/audit.ts';
import type { Db, Tx } from '../../storage/schema.ts';
import type { AuditRow } from '../../storage/tables/auth-audit.ts';
import type { Clock } from '../clock.ts';
import { canonicalJson, type Json, toJson } from './canonical.ts';
import { type Checkpoint, type SigningKey, signatureHolds, storedCheckpoints } from './checkpoints.ts';

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

export type ChainBreak =
  | 'seq_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  /** A signed checkpoint names a seq beyond the head: the newest entries were deleted. */
  | 'truncated'
  /** The entry at a checkpoint's seq has another hash (or is gone): rewritten and re-hashed. */
  | 'checkpoint_mismatch'
  /** A checkpoint whose signature does not hold under the key given (forged or altered). */
  | 'checkpoint_forged'
  /** A checkpoint in the exported file that the database no longer holds. */
  | 'checkpoint_deleted';

export interface BreakDetail {
  seq: number;
  reason: ChainBreak;
  expected: string;
  found: string;
}

export interface CheckpointSummary {
  /** Checkpoints compared with the chain (table and file together, each once). */
  checked: number;
  /** Whether signatures were verified (a public key was given). */
  signaturesVerified: boolean;
  latest: { seq: number; at: string } | null;
}

/** Every break is reported (up to MAX_BREAKS listed); the first one also in the top-level fields. */
export type VerifyResult =
  | {
      ok: true;
      count: number;
      headSeq: number;
      headHash: string;
      breaks: [];
      breakCount: 0;
      checkpoints: CheckpointSummary;
    }
  | {
      ok: false;
      count: number;
      headSeq: number;
      headHash: string;
      /** The first entry whose link does not hold. */
      brokenAt: number;
      reason: ChainBreak;
      expected: string;
      found: string;
      breaks: BreakDetail[];
      breakCount: number;
      checkpoints: CheckpointSummary;
    };

export interface VerifyOptions {
  /** Verify checkpoint signatures with these keys (by keyId); without, hashes are still compared. */
  keys?: SigningKey[];
  /** Checkpoints from outside the database (the exported file), compared as well. */
  checkpoints?: Checkpoint[];
}

const MAX_BREAKS = 1000;

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
  verifyChain(options?: VerifyOptions): Promise<VerifyResult>;
  /** The whole trail in chain order, as JSON lines or CSV, a chunk at a time. */
  export(format: 'jsonl' | 'csv'): AsyncGenerator<string>;
}

export function createAuditService(deps: {
  db: Db;
  clock: Clock;
  /** Called after each append (the checkpoint schedule counts entries with it). */
  onAppended?: () => void;
}): AuditService {
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
    deps.onAppended?.();
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

    async verifyChain(options = {}) {
      // Checkpoints first: the scan keeps the hash of exactly the seqs they name.
      const stored = await storedCheckpoints(db);
      const all = new Map<string, Checkpoint>();
      // Each distinct checkpoint once: a copy in the file that differs from the table's is checked too.
      const id = (c: Checkpoint) => `${c.keyId}/${c.seq}/${c.hash}/${c.signature}`;
      for (const c of [...stored, ...(options.checkpoints ?? [])]) all.set(id(c), c);
      const storedKeys = new Set(stored.map(id));
      const wanted = new Map<number, string | null>();
      for (const c of all.values()) wanted.set(c.seq, null);

      const breaks: BreakDetail[] = [];
      let breakCount = 0;
      const broken = (seq: number, reason: ChainBreak, expected: string, found: string) => {
        breakCount += 1;
        if (breaks.length < MAX_BREAKS) breaks.push({ seq, reason, expected, found });
      };

      // Every entry is checked against its predecessor as stored, so one edit is one break (the
      // next link still holds) and every later, independent edit is reported too.
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let count = 0;
      for await (const row of new AuditRepository(db).scan()) {
        const rec = toRecord(row);
        if (rec.seq !== expectedSeq) broken(rec.seq, 'seq_gap', String(expectedSeq), String(rec.seq));
        else if (rec.prevHash !== prevHash) broken(rec.seq, 'prev_hash_mismatch', prevHash, rec.prevHash);
        const recomputed = entryHash(rec.prevHash, rec);
        if (recomputed !== rec.hash) broken(rec.seq, 'hash_mismatch', recomputed, rec.hash);
        if (wanted.has(rec.seq)) wanted.set(rec.seq, rec.hash);
        prevHash = rec.hash;
        expectedSeq = rec.seq + 1;
        count += 1;
      }
      const headSeq = expectedSeq - 1;

      const keys = new Map((options.keys ?? []).map((k) => [k.keyId, k]));
      const checkpoints = [...all.values()].sort((a, b) => a.seq - b.seq);
      for (const c of checkpoints) {
        const key = keys.get(c.keyId);
        if (keys.size > 0 && (!key || !signatureHolds(c, key))) {
          broken(
            c.seq,
            'checkpoint_forged',
            `signed by key ${[...keys.keys()].join(', ')}`,
            `key ${c.keyId}`,
          );
          continue;
        }
        if (c.seq > headSeq)
          broken(c.seq, 'truncated', `${c.hash} (checkpoint ${c.at})`, `head at ${headSeq}`);
        else if (wanted.get(c.seq) !== c.hash)
          broken(
            c.seq,
            'checkpoint_mismatch',
            `${c.hash} (checkpoint ${c.at})`,
            wanted.get(c.seq) ?? 'missing',
          );
        if (!storedKeys.has(id(c)))
          broken(c.seq, 'checkpoint_deleted', `checkpoint ${c.at} in the database`, 'not in the database');
      }
      breaks.sort((a, b) => a.seq - b.seq);
      const last = checkpoints[checkpoints.length - 1];
      const summary: CheckpointSummary = {
        checked: checkpoints.length,
        signaturesVerified: keys.size > 0,
        latest: last ? { seq: last.seq, at: last.at } : null,
      };
      if (breakCount === 0)
        return {
          ok: true,
          count,
          headSeq,
          headHash: prevHash,
          breaks: [],
          breakCount: 0,
          checkpoints: summary,
        };
      const first = breaks[0]!;
      return {
        ok: false,
        count,
        headSeq,
        headHash: prevHash,
        brokenAt: first.seq,
        reason: first.reason,
        expected: first.expected,
        found: first.found,
        breaks,
        breakCount,
        checkpoints: summary,
      };
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
            safeCells([
              rec.seq,
              rec.at,
              rec.actor,
              rec.action,
              rec.subject ?? '',
              canonicalJson(rec.detail),
              rec.prevHash,
              rec.hash,
            ]),
          ]);
        }
      }
    },
  };
}
