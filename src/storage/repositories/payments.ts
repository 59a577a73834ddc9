/** Payment stages and payments. A stage is paid once (unique stage_id); a key pays once (unique key). */
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

/** A payment by its idempotency key, whichever organisation it belongs to (a key is not reused). */
export async function findPaymentByKey(db: Executor, key: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export async function insertPayment(db: Executor, payment: PaymentRow): Promise<void> {
  await db.insertInto('payments').values(payment).execute();
}
