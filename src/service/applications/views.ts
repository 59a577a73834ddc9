/** What the API returns for an application: camelCase, dates as strings, labels in zh and en. */
import type { Benefit } from '../../core/catalogue/types.ts';
import type { ReviewOverlap } from '../../core/ledger.ts';
import { proposeStages, type StageProposal } from '../../core/stages.ts';
import type { Text } from '../../core/text.ts';
import {
  ACTION_LABELS,
  type ApplicationState,
  STATE_LABELS,
  type WorkflowAction,
} from '../../core/workflow.ts';
import type {
  ApplicationRow,
  AttachmentMeta,
  DecisionRow,
  ObjectionRow,
  PaymentRow,
  StageRow,
} from '../../storage/tables/applications-ledger.ts';

export interface ApplicationView {
  id: string;
  organisationId: string;
  measureId: string;
  documentCode: string;
  overlapGroup: string | null;
  matterId: string;
  matter: Record<string, unknown> | null;
  title: string;
  requestedAmount: number | null;
  recommendedAmount: number | null;
  /** The reviewer's written reason (required for an amount below the ceiling). */
  recommendedReason: string | null;
  approvedAmount: number | null;
  /** The reason the approved amount rests on when it is below the ceiling (the approver's or the reviewer's). */
  approvedReason: string | null;
  attachments: AttachmentMeta[];
  state: ApplicationState;
  stateLabel: Text;
  version: number;
  submittedOn: string | null;
  notice: { startsOn: string; endsOn: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  step: number;
  action: string;
  actionLabel: Text;
  from: string | null;
  to: string;
  actorId: string;
  actorRole: string;
  reason: string | null;
  amount: number | null;
  decidedOn: string;
  at: string;
  /** A money decision: the inputs, catalogue version and evaluation are stored (GET …/decisions/:step). */
  catalogueVersion: string | null;
  range: { min: number; max: number } | null;
  clause: unknown;
}

export interface StageView {
  id: string;
  seq: number;
  amount: number;
  dueOn: string | null;
  paid: boolean;
  paymentId: string | null;
  paidOn: string | null;
}

export interface ApplicationDetail extends ApplicationView {
  timeline: TimelineEntry[];
  stages: StageView[];
  payments: PaymentView[];
  objections: ObjectionView[];
  /** What the caller may do next (buttons); the server re-checks every action. */
  actions: WorkflowAction[];
  /** The latest stored evaluation: the entitlement as last computed, with its reasons. */
  entitlement: unknown;
  /**
   * The range the amount is decided within, from the latest stored evaluation: [minimum, ceiling],
   * "最高可获 …" and the formula in zh and en; exact when the text fixes the sum.
   */
  range: {
    min: number;
    max: number;
    exact: boolean;
    headline: Text | null;
    formula: Text | null;
  } | null;
  /** Whether the text pays in stages, and the plan proposed for the approved (else recommended, else ceiling) amount. */
  stagePlan: StageProposal;
  /** Grants and applications of the organisation the reviewer must weigh against this one. */
  overlapChecks: ReviewOverlap[];
}

export interface PaymentView {
  id: string;
  stageId: string;
  amount: number;
  idempotencyKey: string;
  paidOn: string;
  paidBy: string;
  createdAt: string;
}

export interface ObjectionView {
  id: string;
  raisedBy: string;
  text: string;
  raisedOn: string;
  status: string;
  resolution: string | null;
  resolvedAt: string | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function toView(r: ApplicationRow): ApplicationView {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    measureId: r.measure_id,
    documentCode: r.document_code,
    overlapGroup: r.overlap_group,
    matterId: r.matter_id,
    matter: r.matter,
    title: r.title,
    requestedAmount: r.requested_amount,
    recommendedAmount: r.recommended_amount,
    recommendedReason: r.recommended_reason,
    approvedAmount: r.approved_amount,
    approvedReason: r.approved_reason,
    attachments: r.attachments,
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    version: r.version,
    submittedOn: r.submitted_on,
    notice:
      r.notice_starts_on && r.notice_ends_on
        ? { startsOn: r.notice_starts_on, endsOn: r.notice_ends_on }
        : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const OTHER_LABELS: Record<string, Text> = {
  create: { zh: '创建', en: 'Create' },
  edit: { zh: '修改', en: 'Edit' },
};

export function toPaymentView(p: PaymentRow): PaymentView {
  return {
    id: p.id,
    stageId: p.stage_id,
    amount: p.amount,
    idempotencyKey: p.idempotency_key,
    paidOn: p.paid_on,
    paidBy: p.paid_by,
    createdAt: iso(p.created_at),
  };
}

/** Who decided what, when and on which catalogue: the part of a decision every view shows. */
export function decisionSummary(d: DecisionRow) {
  return {
    step: d.step,
    action: d.action,
    from: d.from_state,
    to: d.to_state,
    actorId: d.actor_id,
    actorRole: d.actor_role,
    reason: d.reason,
    amount: d.amount,
    decidedOn: d.decided_on,
    at: iso(d.at),
    catalogueVersion: d.catalogue_version,
  };
}

/** A stored decision in full, so it can be reproduced and explained years later. */
export function toDecisionRecord(d: DecisionRow) {
  return {
    ...decisionSummary(d),
    inputs: d.inputs,
    evaluation: d.evaluation,
    clause: d.clause,
    detail: d.detail,
  };
}

/** The special fund's own figures, which a decision's detail may carry for the officers. */
const FUND_FIGURES = new Set(['budget', 'committed', 'committedBefore', 'available', 'paid', 'headroom']);

/**
 * A stored decision as its applicant may read it: its own amount, reasons, inputs and clause, never
 * the fund's budget or what else is committed against it (least disclosure).
 */
export function forApplicant(record: ReturnType<typeof toDecisionRecord>) {
  const detail =
    record.detail && typeof record.detail === 'object' && !Array.isArray(record.detail)
      ? Object.fromEntries(
          Object.entries(record.detail as Record<string, unknown>).filter(([k]) => !FUND_FIGURES.has(k)),
        )
      : record.detail;
  return { ...record, detail };
}

export function toDetail(
  r: ApplicationRow,
  more: {
    decisions: DecisionRow[];
    stages: StageRow[];
    payments: PaymentRow[];
    objections: ObjectionRow[];
    actions: WorkflowAction[];
    /** The measure's benefit (for the stage plan) and the pairs to judge, computed by the reader. */
    benefit: Benefit;
    overlapChecks: ReviewOverlap[];
  },
): ApplicationDetail {
  const byStage = new Map(more.payments.map((p) => [p.stage_id, p]));
  const lastEvaluation = [...more.decisions].reverse().find((d) => d.evaluation !== null)?.evaluation ?? null;
  const ev = lastEvaluation as {
    amount?: { min: number; max: number } | null;
    exact?: boolean;
    headline?: Text | null;
    formula?: Text | null;
  } | null;
  const range = ev?.amount
    ? {
        min: ev.amount.min,
        max: ev.amount.max,
        exact: ev.exact ?? ev.amount.min === ev.amount.max,
        headline: ev.headline ?? null,
        formula: ev.formula ?? null,
      }
    : null;
  return {
    ...toView(r),
    timeline: more.decisions.map((d) => {
      const evaluation = d.evaluation as { amount?: { min: number; max: number } | null } | null;
      return {
        ...decisionSummary(d),
        actionLabel: ACTION_LABELS[d.action as WorkflowAction] ??
          OTHER_LABELS[d.action] ?? { zh: d.action, en: d.action },
        range: evaluation?.amount ?? null,
        clause: d.clause,
      };
    }),
    stages: more.stages.map((s) => {
      const p = byStage.get(s.id);
      return {
        id: s.id,
        seq: s.seq,
        amount: s.amount,
        dueOn: s.due_on,
        paid: p !== undefined,
        paymentId: p?.id ?? null,
        paidOn: p?.paid_on ?? null,
      };
    }),
    payments: more.payments.map(toPaymentView),
    objections: more.objections.map((o) => ({
      id: o.id,
      raisedBy: o.raised_by,
      text: o.text,
      raisedOn: o.raised_on,
      status: o.status,
      resolution: o.resolution,
      resolvedAt: o.resolved_at ? iso(o.resolved_at) : null,
    })),
    actions: more.actions,
    entitlement: lastEvaluation,
    range,
    stagePlan: proposeStages(more.benefit, r.approved_amount ?? r.recommended_amount ?? range?.max ?? null),
    overlapChecks: more.overlapChecks,
  };
}
