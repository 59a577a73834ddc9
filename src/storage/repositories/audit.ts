/**
 * The audit trail's table access: the chain lock, the chain head, appends and ordered reads.
 * The chain itself (hashing, verification) is the audit service's business.
 */

import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Executor, Tx } from '../schema.ts';
import type { AuditLogTable, AuditRow } from '../tables/auth-audit.ts';

/** Advisory lock key of the audit chain ("ceyuan audit" folded into a bigint; any constant would do). */
export const AUDIT_CHAIN_LOCK = 0x6365_7975_6175;

export interface AuditQuery {
  action?: string;
  actor?: string;
  subject?: string;
  /** Entries with seq greater than this (keyset paging). */
  afterSeq?: number;
  limit: number;
  order?: 'asc' | 'desc';
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Serialises appends until the caller's transaction ends: two concurrent appends would otherwise
   * both read the same head and fork the chain.
   */
  async lockChain(tx: Tx): Promise<void> {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`.execute(tx);
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    return this.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(row: Insertable<AuditLogTable>): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ ...row, detail: sql`${row.detail}::jsonb` as unknown as string })
      .execute();
  }

  async list(query: AuditQuery): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.action) q = q.where('action', '=', query.action);
    if (query.actor) q = q.where('actor', '=', query.actor);
    if (query.subject) q = q.where('subject', '=', query.subject);
    if (query.afterSeq !== undefined) {
      q = q.where('seq', query.order === 'desc' ? '<' : '>', query.afterSeq);
    }
    return q
      .orderBy('seq', query.order ?? 'asc')
      .limit(query.limit)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every entry in chain order, a page at a time, so verifying or exporting a long trail stays in bounded memory. */
  async *scan(pageSize = 1000): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const row of page) yield row;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.seq;
    }
  }
}
