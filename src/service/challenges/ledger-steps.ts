/**
 * What a 揭榜挂帅 project writes in the fund ledger when it ends early (000·二 / 001·二 根据项目投入，分阶段
 * 给予; 11·5): the commitment of its unpaid tranches is released (a failed final 验收, a team dropped at
 * the 赛马 down-select), and a failed project's amount to recover is recorded as a receivable against
 * the grant's fund and year. The ledger is append-only; the rules are pure (core/ledger.ts).
 */
import { activeGrants, checkRecoveryAmount, type LedgerEntry, recoveryBalance } from '../../core/ledger.ts';
import { sumFen } from '../../core/money.ts';
import {
  applicationEntries,
  insertLedgerEntry,
  lockBudget,
  type NewLedgerRow,
  subjectEntries,
} from '../../storage/repositories/ledger.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { ProjectRow } from '../../storage/tables/challenges.ts';
import type { ChallengeContext } from './context.ts';
import type { RecoveryView } from './views.ts';

export const projectSubject = (projectId: string) => `challenge_project:${projectId}`;

/** A ledger row of the project's application, in the fund, year and matter of `like` (its grant). */
export function projectLedgerRow(
  ctx: ChallengeContext,
  project: ProjectRow,
  like: LedgerEntry,
  line: Pick<NewLedgerRow, 'kind' | 'amount'> & Partial<NewLedgerRow>,
): NewLedgerRow {
  return {
    organisation_id: project.organisation_id,
    id: ctx.ids.next(),
    application_id: project.application_id!,
    measure_id: like.measureId,
    fund: like.fund,
    overlap_group: like.overlapGroup,
    matter_id: like.matterId,
    date: like.date,
    year: like.year,
    reverses: null,
    payment_id: null,
    decision_id: null,
    recorded_at: ctx.clock.now(),
    ...line,
  };
}

export interface ReleasedCommitment {
  reversed: { id: string; amount: number }[];
  granted: number;
  committedBefore: number;
}

/**
 * Releases the commitment of a stopped project's unpaid tranches: a reversal reverses one whole entry,
 * so every standing grant of the application is reversed and one grant of what was paid is written in
 * the first grant's fund and year, leaving committed = paid. What was paid for accepted milestones
 * stays paid. Nothing is written when the standing commitment already equals what was paid, or the
 * project has no application yet (idempotent).
 */
export async function releaseUnpaid(
  ctx: ChallengeContext,
  tx: Tx,
  project: ProjectRow,
  paid: number,
): Promise<ReleasedCommitment | null> {
  if (!project.application_id) return null;
  const entries = await applicationEntries(tx, project.organisation_id, project.application_id);
  const grants = activeGrants(entries);
  const first = grants[0];
  const committed = sumFen(grants.map((g) => g.amount));
  if (!first || committed === paid) return null;
  // Commitments against one fund-year change one at a time (as approval does).
  await lockBudget(tx, first.fund, first.year);
  for (const g of grants)
    await insertLedgerEntry(
      tx,
      projectLedgerRow(ctx, project, g, { kind: 'reversal', amount: g.amount, reverses: g.id }),
    );
  if (paid > 0)
    await insertLedgerEntry(tx, projectLedgerRow(ctx, project, first, { kind: 'grant', amount: paid }));
  return {
    reversed: grants.map((g) => ({ id: g.id, amount: g.amount })),
    granted: paid,
    committedBefore: committed,
  };
}

/**
 * Records what a failed project must pay back (11·5) as a `recovery` entry against the fund and year of
 * the application's first grant, with the clause and the reason. Due back never exceeds what the ledger
 * says was paid (checked, naming `field`). Zero records nothing; one recovery per project (the unique
 * index and the project's end make it once).
 */
export async function recordRecoveryDue(
  ctx: ChallengeContext,
  tx: Tx,
  project: ProjectRow,
  amount: number,
  clause: string,
  note: string | null,
  field = 'recoveryAmount',
): Promise<{ id: string; amount: number } | null> {
  if (!project.application_id || amount === 0) return null;
  const entries = await applicationEntries(tx, project.organisation_id, project.application_id);
  checkRecoveryAmount(entries, amount, field);
  const grant = entries.find((e) => e.kind === 'grant');
  if (!grant) return null;
  const row = projectLedgerRow(ctx, project, grant, {
    kind: 'recovery',
    amount,
    date: ctx.today(),
    subject: projectSubject(project.id),
    clause,
    note,
  });
  await insertLedgerEntry(tx, row);
  return { id: row.id, amount };
}

/** What the ledger says is due back from a project and what was returned, for its page. */
export async function recoveryView(db: Executor, project: ProjectRow): Promise<RecoveryView | null> {
  const balance = recoveryBalance(
    await subjectEntries(db, project.organisation_id, projectSubject(project.id)),
    projectSubject(project.id),
  );
  if (!balance) return null;
  return {
    entryId: balance.recovery.id,
    fund: balance.recovery.fund,
    year: balance.recovery.year,
    due: balance.due,
    returned: balance.returned,
    left: balance.left,
    recordedOn: balance.recovery.date,
    receipts: balance.receipts.map((r) => ({
      id: r.id,
      amount: r.amount,
      receivedOn: r.date,
      note: r.note ?? null,
    })),
  };
}
