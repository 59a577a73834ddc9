/**
 * 退回款登记: an approver records money a failed project returned against what its failed final 验收 put
 * due back (11·5: "records what is to be recovered in the ledger"). Each receipt is a `recovered`
 * entry in the fund ledger pointing at the recovery, in its fund and year; partial receipts are fine,
 * never more than is still due (core/ledger.ts decideReceipt). Idempotent by key: a retry with the
 * same key and amount answers with the first receipt; the project row's lock makes concurrent
 * receipts one at a time. Audited with the clause; the organisation is told.
 */
import { decideReceipt } from '../../core/ledger.ts';
import { formatYuan } from '../../core/money.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import { entryByKey, insertLedgerEntry, subjectEntries } from '../../storage/repositories/ledger.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, forbidden, inputError, notFound, PAYER_ROLES } from './context.ts';
import { projectLedgerRow, projectSubject } from './ledger-steps.ts';
import { projectView } from './project-steps.ts';
import { idempotencyKey, repaymentSchema } from './schemas.ts';
import type { ProjectView } from './views.ts';

export async function recordRepayment(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
  raw: unknown,
  rawKey: unknown,
): Promise<{ project: ProjectView; entryId: string; amount: number; replayed: boolean }> {
  if (!(PAYER_ROLES as readonly string[]).includes(user.role))
    throw forbidden({ zh: '由审批人员登记退回款', en: 'approvers record money returned' });
  const key = parseOrThrow(idempotencyKey, rawKey);
  const body = parseOrThrow(repaymentSchema, raw);
  const today = ctx.today();
  const receivedOn = body.receivedOn ?? today;
  if (receivedOn > today)
    throw inputError(
      'receivedOn',
      'future',
      '到账日期不能晚于今天',
      'the day received cannot be in the future',
    );
  const result = await ctx.db.transaction().execute(async (tx) => {
    const project = await new ChallengeProjectRepository(tx).lockProject(projectId);
    if (!project) throw notFound('project');
    const subject = projectSubject(projectId);
    const entries = await subjectEntries(tx, project.organisation_id, subject);
    // A key the organisation used for another project's receipt is refused too, not a unique-index error.
    const byKey = await entryByKey(tx, project.organisation_id, key);
    if (byKey && byKey.subject !== subject) entries.push(byKey);
    const decision = decideReceipt(entries, subject, key, body.amount);
    if (decision.kind === 'replay') return { entryId: decision.entry.id, replayed: true };
    const { balance } = decision;
    if (receivedOn < balance.recovery.date)
      throw inputError(
        'receivedOn',
        'before_due',
        `到账日期不能早于记录应追回的日期（${balance.recovery.date}）`,
        `the day received cannot be before the recovery was recorded (${balance.recovery.date})`,
      );
    const clause = clauseOf(ctx, project.measure_id);
    const row = projectLedgerRow(ctx, project, balance.recovery, {
      kind: 'recovered',
      amount: body.amount,
      date: receivedOn,
      recovers: balance.recovery.id,
      idempotency_key: key,
      subject,
      clause,
      note: body.note?.trim() || null,
    });
    await insertLedgerEntry(tx, row);
    const left = balance.left - body.amount;
    await ctx.record(tx, user, 'challenges.project.repayment', subject, {
      clause,
      applicationId: project.application_id,
      entryId: row.id,
      recovers: balance.recovery.id,
      amount: body.amount,
      receivedOn,
      due: balance.due,
      returnedBefore: balance.returned,
      left,
      ...(row.note ? { note: row.note } : {}),
    });
    await ctx.notify(tx, {
      to: { organisationId: project.organisation_id },
      kind: 'challenges.repayment_recorded',
      subject: {
        zh: `已登记退回款${formatYuan(body.amount)}`,
        en: `${formatYuan(body.amount)} returned has been recorded`,
      },
      body: {
        zh: `应追回${formatYuan(balance.due)}，尚余${formatYuan(left)}。`,
        en: `${formatYuan(balance.due)} due back, ${formatYuan(left)} still due.`,
      },
      link: `/challenges/projects/${projectId}`,
      ref: subject,
      dedupeKey: `challenges.repayment:${row.id}`,
    });
    return { entryId: row.id, replayed: false };
  });
  const project = await projectView(ctx, ctx.db, projectId);
  const entry = project.recovery?.receipts.find((r) => r.id === result.entryId);
  return {
    project,
    entryId: result.entryId,
    amount: entry?.amount ?? body.amount,
    replayed: result.replayed,
  };
}
