/** Payment stages and payments. A stage is paid once (unique stage_id); a key pays once, in any organisation (payment_keys). */
import type { Executor } from '../schema.ts';
import type { PaymentRow, StageRow } from '../tables/applications-ledger.ts';

export async function insertStages(db: Executor, stages: StageRow[]): Promise<void> {
  // One statement per row: a failure part-way is rolled back with the transaction, not half-written.
  for (const stage of stages) await db.insertInto('payment_stages').values(stage).execute();
}

export async function listStages(
  db: Executor,
  organisationId: string,
  applicationId: string,
): Promise<StageRow[]> {
  return db
    .selectFrom('payment_stages')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();
}

export async function listPayments(
  db: Executor,
  organisationId: string,
  applicationId: string,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * The payment an idempotency key made, whichever organisation it belongs to: payment_keys holds
 * one row per key across organisations (migration 0006_security), so a key names one payment.
 */
export async function findPaymentByKey(db: Executor, key: string): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payment_keys as k')
    .innerJoin('payments as p', (j) =>
      j.onRef('p.organisation_id', '=', 'k.organisation_id').onRef('p.id', '=', 'k.payment_id'),
    )
    .selectAll('p')
    .where('k.idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Takes the key for this payment, before the payment is written, in the same transaction. A
 * concurrent request with the same key — for any organisation — waits on the unique index and then
 * fails with a unique violation (23505), after which it replays or is refused as a reused key.
 */
export async function claimPaymentKey(db: Executor, payment: PaymentRow): Promise<void> {
  await db
    .insertInto('payment_keys')
    .values({
      idempotency_key: payment.idempotency_key,
      organisation_id: payment.organisation_id,
      application_id: payment.application_id,
      stage_id: payment.stage_id,
      payment_id: payment.id,
      created_at: payment.created_at,
    })
    .execute();
}

export async function insertPayment(db: Executor, payment: PaymentRow): Promise<void> {
  await db.insertInto('payments').values(payment).execute();
}
