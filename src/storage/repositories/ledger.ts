/** The ledger (append-only) and the special fund's budgets. */

import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { LedgerEntry } from '../../core/ledger.ts';
import type { Executor } from '../schema.ts';
import type { BudgetRow, LedgerEntriesTable, LedgerRow } from '../tables/applications-ledger.ts';

export function toLedgerEntry(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    kind: r.kind,
    organisationId: r.organisation_id,
    applicationId: r.application_id,
    measureId: r.measure_id,
    fund: r.fund,
    overlapGroup: r.overlap_group,
    matterId: r.matter_id,
    amount: r.amount,
    date: r.date,
    year: r.year,
    reverses: r.reverses,
    recovers: r.recovers,
    key: r.idempotency_key,
    subject: r.subject,
    note: r.note,
  };
}

export type NewLedgerRow = Insertable<LedgerEntriesTable> & { recorded_at: Date };

export async function insertLedgerEntry(db: Executor, row: NewLedgerRow): Promise<void> {
  await db.insertInto('ledger_entries').values(row).execute();
}

/** The organisation's commitments and reversals: what its caps are judged against. */
export async function organisationGrants(db: Executor, organisationId: string): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('kind', 'in', ['grant', 'reversal'])
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerEntry);
}

export async function applicationEntries(
  db: Executor,
  organisationId: string,
  applicationId: string,
): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('application_id', '=', applicationId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerEntry);
}

/** Every entry about a subject (a recovery and what was returned against it), oldest first. */
export async function subjectEntries(
  db: Executor,
  organisationId: string,
  subject: string,
): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('subject', '=', subject)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerEntry);
}

/** A receipt recorded with this idempotency key by the organisation, if any. */
export async function entryByKey(
  db: Executor,
  organisationId: string,
  key: string,
): Promise<LedgerEntry | null> {
  const row = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? toLedgerEntry(row) : null;
}

/** Standing commitments (grants without a reversal) against a fund in a year, in fen. */
export async function committedTotal(db: Executor, fund: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries as g')
    .select(sql<number>`coalesce(sum(g.amount), 0)::bigint`.as('total'))
    .where('g.fund', '=', fund)
    .where('g.year', '=', year)
    .where('g.kind', '=', 'grant')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_entries as r')
            .select('r.id')
            .whereRef('r.organisation_id', '=', 'g.organisation_id')
            .whereRef('r.reverses', '=', 'g.id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return row.total;
}

export interface LedgerTotals {
  fund: string;
  year: number;
  measure_id: string;
  committed: number;
  paid: number;
  /** Recoveries recorded (due back) and what was returned against them. */
  due: number;
  returned: number;
  grants: number;
  payments: number;
}

/** committed (standing grants), paid, due back and returned per fund, year and measure, summed by the database. */
export async function ledgerTotals(
  db: Executor,
  filter: { fund?: string; year?: number },
): Promise<LedgerTotals[]> {
  let q = db
    .selectFrom('ledger_entries as e')
    .select([
      'e.fund',
      'e.year',
      'e.measure_id',
      sql<number>`coalesce(sum(e.amount) filter (where e.kind = 'grant' and not exists (
        select 1 from ledger_entries r where r.organisation_id = e.organisation_id and r.reverses = e.id)), 0)::bigint`.as(
        'committed',
      ),
      sql<number>`coalesce(sum(e.amount) filter (where e.kind = 'payment'), 0)::bigint`.as('paid'),
      sql<number>`coalesce(sum(e.amount) filter (where e.kind = 'recovery'), 0)::bigint`.as('due'),
      sql<number>`coalesce(sum(e.amount) filter (where e.kind = 'recovered'), 0)::bigint`.as('returned'),
      sql<number>`(count(*) filter (where e.kind = 'grant' and not exists (
        select 1 from ledger_entries r where r.organisation_id = e.organisation_id and r.reverses = e.id)))::int`.as(
        'grants',
      ),
      sql<number>`(count(*) filter (where e.kind = 'payment'))::int`.as('payments'),
    ])
    .where('e.kind', '!=', 'reversal');
  if (filter.fund) q = q.where('e.fund', '=', filter.fund);
  if (filter.year) q = q.where('e.year', '=', filter.year);
  return q
    .groupBy(['e.fund', 'e.year', 'e.measure_id'])
    .orderBy('e.fund')
    .orderBy('e.year')
    .orderBy('e.measure_id')
    .execute();
}

export async function findBudget(db: Executor, fund: string, year: number): Promise<BudgetRow | undefined> {
  return db
    .selectFrom('budgets')
    .selectAll()
    .where('fund', '=', fund)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Reads the budget row and locks it: commitments against one fund-year are decided one at a time. */
export async function lockBudget(db: Executor, fund: string, year: number): Promise<BudgetRow | undefined> {
  return db
    .selectFrom('budgets')
    .selectAll()
    .where('fund', '=', fund)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertBudget(db: Executor, row: BudgetRow): Promise<void> {
  await db
    .insertInto('budgets')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['fund', 'year']).doUpdateSet({
        amount: row.amount,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function listBudgets(
  db: Executor,
  filter: { fund?: string; year?: number },
): Promise<BudgetRow[]> {
  let q = db.selectFrom('budgets').selectAll();
  if (filter.fund) q = q.where('fund', '=', filter.fund);
  if (filter.year) q = q.where('year', '=', filter.year);
  return q.orderBy('fund').orderBy('year').execute();
}
