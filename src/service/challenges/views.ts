/**
 * What callers see of lists, problems, bids and projects. A list and a problem on a published list are
 * public (nothing private in them: the poser's name is public, its users are not). A bid is sealed:
 * only views built by read-bids.ts after its access check ever contain one.
 */
import type { ChallengePolicy, Criterion } from '../../core/challenges/policy.ts';
import {
  actionsFor,
  type ChallengeActor,
  LIST_MACHINE,
  type ListState,
  PROBLEM_MACHINE,
  type ProblemState,
  WINDOW_LABELS,
  windowPhase,
} from '../../core/challenges/states.ts';
import type { Text } from '../../core/text.ts';
import type { BidWithOrg } from '../../storage/repositories/challenges/bids.ts';
import type { ProblemWithOrg } from '../../storage/repositories/challenges/lists.ts';
import type { ListRow, MilestoneRow, ProjectRow } from '../../storage/tables/challenges.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface ListView {
  id: string;
  state: ListState;
  stateLabel: Text;
  basis: { measureId: string; name: Text; citation: Text; quote: string; draft: boolean; eligibility: Text };
  title: string;
  batch: string;
  coIssuers: string[];
  opensOn: string;
  closesOn: string;
  window: { phase: 'upcoming' | 'open' | 'closed'; label: Text };
  fund: string;
  criteria: Criterion[];
  quorum: number;
  scoreMax: number;
  tieBreaks: string[];
  note: string | null;
  demo: boolean;
  version: number;
  publishedAt: string | null;
  /** 撤销榜单: why and when (null unless cancelled). */
  cancelReason: string | null;
  cancelledAt: string | null;
}

export function toListView(row: ListRow, policy: ChallengePolicy, today: string): ListView {
  const basis = policy.byMeasure.get(row.basis_measure_id)!;
  const phase = windowPhase({ opensOn: row.opens_on, closesOn: row.closes_on }, today);
  return {
    id: row.id,
    state: row.state as ListState,
    stateLabel: LIST_MACHINE.stateLabels[row.state as ListState],
    basis: {
      measureId: basis.measureId,
      name: basis.name,
      citation: basis.citation,
      quote: basis.quote,
      draft: basis.draft,
      eligibility: basis.eligibility.label,
    },
    title: row.title,
    batch: row.batch,
    coIssuers: row.co_issuers,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    window: { phase, label: WINDOW_LABELS[phase] },
    fund: row.fund,
    criteria: row.criteria as Criterion[],
    quorum: row.quorum,
    scoreMax: row.score_max,
    tieBreaks: row.tie_breaks,
    note: row.note,
    demo: row.demo,
    version: row.version,
    publishedAt: iso(row.published_at),
    cancelReason: row.cancel_reason,
    cancelledAt: iso(row.cancelled_at),
  };
}

export interface ProblemView {
  id: string;
  state: ProblemState;
  stateLabel: Text;
  listId: string | null;
  poser: { organisationId: string; name: string };
  title: string;
  need: string;
  indicators: { name: string; target: string }[];
  deliverables: string;
  timelineMonths: number;
  sector: string;
  budgetMin: number;
  budgetMax: number;
  coFunds: boolean;
  reviewNote: string | null;
  /** The award as published (公示): winners by name, the mode, the reason; never the scores. */
  award: {
    mode: string;
    winners: { bidId: string; organisation: string }[];
    reason: string | null;
    at: string;
  } | null;
  version: number;
  /** The buttons the caller has (the service checks again). */
  actions: string[];
}

export function toProblemView(row: ProblemWithOrg, actor: ChallengeActor | null): ProblemView {
  const d = row.decision as {
    mode: string;
    winners: { bidId: string; organisation: string }[];
    reason: string | null;
    at: string;
  } | null;
  return {
    id: row.id,
    state: row.state as ProblemState,
    stateLabel: PROBLEM_MACHINE.stateLabels[row.state as ProblemState],
    listId: row.list_id,
    poser: { organisationId: row.organisation_id, name: row.organisation_name },
    title: row.title,
    need: row.need,
    indicators: row.indicators,
    deliverables: row.deliverables,
    timelineMonths: row.timeline_months,
    sector: row.sector,
    budgetMin: row.budget_min,
    budgetMax: row.budget_max,
    coFunds: row.co_funds,
    reviewNote: actor ? row.review_note : null,
    award: d ? { mode: d.mode, winners: d.winners, reason: d.reason, at: d.at } : null,
    version: row.version,
    actions: actor ? actionsFor(PROBLEM_MACHINE, row.state as ProblemState, actor) : [],
  };
}

export interface BidView {
  id: string;
  problemId: string;
  state: string;
  organisation: { id: string; name: string };
  partners: string[];
  amount: number;
  plan: string;
  team: string;
  milestones: { title: string; dueOn: string; plannedInput: number; indicators: string }[];
  attachments: { name: string; sha256: string; size: number }[];
  version: number;
  submittedAt: string;
}

export function toBidView(row: BidWithOrg): BidView {
  return {
    id: row.id,
    problemId: row.problem_id,
    state: row.state,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    partners: row.partners,
    amount: row.amount,
    plan: row.plan,
    team: row.team,
    milestones: row.milestones,
    attachments: row.attachments,
    version: row.version,
    submittedAt: iso(row.submitted_at)!,
  };
}

export interface MilestoneView {
  seq: number;
  title: string;
  dueOn: string;
  plannedInput: number;
  final: boolean;
  state: string;
  evidence: { name: string; sha256: string; size: number }[];
  claimedInput: number | null;
  verifiedInput: number | null;
  decisionNote: string | null;
  tranche: number | null;
  paymentId: string | null;
  version: number;
}

export interface ProjectView {
  id: string;
  problemId: string;
  bidId: string;
  organisationId: string;
  measureId: string;
  amount: number;
  state: string;
  applicationId: string | null;
  recoveryAmount: number | null;
  recoveryNote: string | null;
  /** What the fund ledger records as due back and returned (a failed final 验收, 11·5); null: nothing due. */
  recovery: RecoveryView | null;
  milestones: MilestoneView[];
  version: number;
  /** What the tranches are checked against (30% of verified input, the approved amount). */
  release: ReleaseLimits;
}

export interface RecoveryView {
  /** The ledger's recovery entry, the fund and year it is due to. */
  entryId: string;
  fund: string;
  year: number;
  due: number;
  returned: number;
  /** due − returned. */
  left: number;
  recordedOn: string;
  receipts: { id: string; amount: number; receivedOn: string; note: string | null }[];
}

export interface ReleaseLimits {
  /** The measure's rate in basis points (3000 = 30%). */
  rate: number;
  /** The application's approved amount (fen), null until approved. */
  approvedAmount: number | null;
  applicationState: string | null;
  /** Per scheduled tranche: whether it may be released now, and the limit it is checked against. */
  tranches: {
    seq: number;
    ok: boolean;
    rule: string | null;
    text: Text | null;
    limit: number;
    verifiedSoFar: number;
  }[];
}

export function toProjectView(
  row: ProjectRow,
  milestones: MilestoneRow[],
  release: ReleaseLimits = { rate: 0, approvedAmount: null, applicationState: null, tranches: [] },
  recovery: RecoveryView | null = null,
): ProjectView {
  return {
    id: row.id,
    problemId: row.problem_id,
    bidId: row.bid_id,
    organisationId: row.organisation_id,
    measureId: row.measure_id,
    amount: row.amount,
    state: row.state,
    applicationId: row.application_id,
    recoveryAmount: row.recovery_amount,
    recoveryNote: row.recovery_note,
    recovery,
    version: row.version,
    release,
    milestones: milestones.map((m) => ({
      seq: m.seq,
      title: m.title,
      dueOn: m.due_on,
      plannedInput: m.planned_input,
      final: m.final,
      state: m.state,
      evidence: m.evidence,
      claimedInput: m.claimed_input,
      verifiedInput: m.verified_input,
      decisionNote: m.decision_note,
      tranche: m.tranche,
      paymentId: m.payment_id,
      version: m.version,
    })),
  };
}
