/**
 * Pays one stage, once. The idempotency key makes a retry safe: the same key for the same stage
 * returns the first payment (`replayed: true`); the same key for anything else is refused.
 *
 * The key is looked up three times, because a retry can arrive at any moment of the first request:
 * before the transaction (the common replay); again under the application's lock (the first request
 * committed while this one waited for the lock, perhaps paying the last stage, after which the
 * workflow would refuse to pay at all); and after a unique violation (payment_keys, one row per key
 * across all organisations, let only one of two requests in, e.g. the same key sent at once for two
 * applications — of one organisation or of two — which do not share a lock).
 */
import { yearOf } from '../../core/dates.ts';
import { CeyuanError } from '../../core/errors.ts';
import { activeGrants, decidePayment } from '../../core/ledger.ts';
import { TRANSITIONS } from '../../core/workflow.ts';
import { applicationEntries } from '../../storage/repositories/ledger.ts';
import {
  claimPaymentKey,
  findPaymentByKey,
  insertPayment,
  listPayments,
  listStages,
} from '../../storage/repositories/payments.ts';
import type { Tx } from '../../storage/schema.ts';
import type { PaymentRow } from '../../storage/tables/applications-ledger.ts';
import { type CaseContext, checkId, readable } from './case-context.ts';
import type { Actor } from './ports.ts';
import { appendLedger, transition, type Work, type WorkResult } from './transition.ts';
import { type ApplicationView, type PaymentView, toPaymentView, toView } from './views.ts';

export interface PaymentResult {
  payment: PaymentView;
  /** true when the key had already paid: this is the first payment, returned again. */
  replayed: boolean;
  application: ApplicationView;
}

/** Thrown under the lock when the key has paid meanwhile: unwinds the transaction, then replays. */
class ReplayFound extends Error {
  constructor(readonly payment: PaymentRow) {
    super('payment already made with this key');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function payStage(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  stageId: string,
  key: string,
): Promise<PaymentResult> {
  const replay = async (existing: PaymentRow): Promise<PaymentResult> => {
    // Only someone who may pay gets a stored payment back (over HTTP the route checks this first).
    if (!TRANSITIONS.some((t) => t.action === 'pay_stage' && t.roles.includes(actor.role))) {
      throw new CeyuanError('FORBIDDEN', { zh: '无权拨付', en: 'not allowed to pay' });
    }
    if (existing.application_id !== id || existing.stage_id !== stageId) {
      throw new CeyuanError(
        'IDEMPOTENCY_KEY_REUSED',
        {
          zh: '该幂等键已用于另一笔拨付，请为新的拨付使用新的键',
          en: 'this idempotency key was used for another payment; use a new key for a new payment',
        },
        // No payment id here: the key may belong to another organisation's payment.
      );
    }
    return {
      payment: toPaymentView(existing),
      replayed: true,
      application: toView(await readable(ctx, actor, id)),
    };
  };
  checkId(id);
  checkId(stageId, 'payment stage');
  const seen = await findPaymentByKey(ctx.db, key);
  if (seen) return replay(seen);
  let payment: PaymentRow | undefined;
  try {
    const application = await transition(
      ctx,
      id,
      actor,
      'pay_stage',
      {},
      async (tx, w) => {
        const written = await writePayment(ctx, tx, actor, w, stageId, key);
        payment = written.payment;
        return written.result;
      },
      // Under the application's lock, before the workflow check: a concurrent request with this
      // key may have paid meanwhile (perhaps the last stage, after which paying is refused).
      async (tx) => {
        const again = await findPaymentByKey(tx, key);
        if (again) throw new ReplayFound(again);
      },
    );
    return { payment: toPaymentView(payment!), replayed: false, application };
  } catch (error) {
    if (error instanceof ReplayFound) return replay(error.payment);
    if (isUniqueViolation(error)) {
      const winner = await findPaymentByKey(ctx.db, key);
      if (winner) return replay(winner);
    }
    throw error;
  }
}

/** Under the lock, after the workflow check: the stage due, its payment and the ledger's payment entry. */
async function writePayment(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  w: Work,
  stageId: string,
  key: string,
): Promise<{ payment: PaymentRow; result: WorkResult }> {
  const app = w.app;
  const [stages, payments] = await Promise.all([
    listStages(tx, app.organisation_id, app.id),
    listPayments(tx, app.organisation_id, app.id),
  ]);
  const paidWith = new Map(payments.map((p) => [p.stage_id, p.idempotency_key]));
  const { stage } = decidePayment(
    stages.map((s) => ({ id: s.id, seq: s.seq, amount: s.amount, paidWith: paidWith.get(s.id) ?? null })),
    stageId,
    key,
  );
  const payment: PaymentRow = {
    organisation_id: app.organisation_id,
    id: ctx.ids.next(),
    application_id: app.id,
    stage_id: stage.id,
    amount: stage.amount,
    idempotency_key: key,
    paid_on: w.today,
    paid_by: actor.id,
    created_at: w.at,
  };
  await claimPaymentKey(tx, payment);
  await insertPayment(tx, payment);
  // The payment draws on the grant's fund and year (the budget the approval committed).
  const grant = activeGrants(await applicationEntries(tx, app.organisation_id, app.id))[0];
  await appendLedger(ctx, tx, w, {
    kind: 'payment',
    measure_id: app.measure_id,
    fund: grant?.fund ?? app.document_code,
    // A payment belongs to its grant's group (the one approval wrote).
    overlap_group: grant?.overlapGroup ?? app.overlap_group,
    matter_id: app.matter_id,
    amount: stage.amount,
    date: w.today,
    year: grant?.year ?? yearOf(w.today),
    reverses: null,
    payment_id: payment.id,
  });
  return {
    payment,
    result: {
      amount: stage.amount,
      detail: { stageId: stage.id, seq: stage.seq, paymentId: payment.id, idempotencyKey: key },
    },
  };
}
