/**
 * The life of a listing and of an engagement (an expression of interest followed to a project), as
 * data: states, actions, who may take each, and where it leads. The service checks every change here
 * (`nextListingState`, `nextInterestState`) and the web reads the labels and the allowed actions.
 *
 * Listing: draft → submit → pending_review → publish → published → (expire) expired → renew → published;
 * review may return (补正) or reject; the owner may withdraw; editing a published or expired listing
 * sends it back to review (the public only ever sees reviewed text).
 *
 * Engagement (matching_interests): pending → accept → accepted (contacts shared) | decline | withdraw;
 * once accepted, meetings, then the technology contract (技术合同认定登记), then the project (产学研 /
 * 创新联合体) are recorded as milestones: the engagement's `stage` is the furthest one reached.
 */
import type { Text } from '../text.ts';

export const LISTING_STATES = [
  'draft',
  'pending_review',
  'returned',
  'published',
  'expired',
  'withdrawn',
  'rejected',
] as const;
export type ListingState = (typeof LISTING_STATES)[number];

export const LISTING_STATE_LABELS: Record<ListingState, Text> = {
  draft: { zh: '草稿', en: 'draft' },
  pending_review: { zh: '待审核', en: 'pending review' },
  returned: { zh: '退回修改', en: 'returned for revision' },
  published: { zh: '已发布', en: 'published' },
  expired: { zh: '已过期', en: 'expired' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  rejected: { zh: '未通过', en: 'rejected' },
};

export const LISTING_ACTIONS = [
  'edit',
  'submit',
  'publish',
  'return',
  'reject',
  'withdraw',
  'renew',
  'expire',
] as const;
export type ListingAction = (typeof LISTING_ACTIONS)[number];

export const LISTING_ACTION_LABELS: Record<ListingAction, Text> = {
  edit: { zh: '修改', en: 'edit' },
  submit: { zh: '提交审核', en: 'submit for review' },
  publish: { zh: '审核通过并发布', en: 'approve and publish' },
  return: { zh: '退回修改', en: 'return for revision' },
  reject: { zh: '不予发布', en: 'reject' },
  withdraw: { zh: '撤回', en: 'withdraw' },
  renew: { zh: '续期', en: 'renew' },
  expire: { zh: '到期下架', en: 'expire' },
};

/** Who takes an action: the publishing organisation, a reviewer (officer or 技术经理人), or the system. */
export type ListingActor = 'owner' | 'reviewer' | 'system';

/** Roles that review listings before publication (the issue: "reviewed by an officer or a 技术经理人"). */
export const LISTING_REVIEWER_ROLES = ['reviewer', 'approver', 'admin', 'broker'] as const;

export interface ListingTransition {
  action: ListingAction;
  from: readonly ListingState[];
  /** The state after; for edit, `null` means "stays" (draft, returned) and pending_review otherwise. */
  to: ListingState | null;
  by: ListingActor;
  reasonRequired?: boolean;
}

export const LISTING_TRANSITIONS: readonly ListingTransition[] = [
  { action: 'edit', from: ['draft', 'returned'], to: null, by: 'owner' },
  { action: 'edit', from: ['published', 'expired'], to: 'pending_review', by: 'owner' },
  { action: 'submit', from: ['draft', 'returned'], to: 'pending_review', by: 'owner' },
  { action: 'publish', from: ['pending_review'], to: 'published', by: 'reviewer' },
  { action: 'return', from: ['pending_review'], to: 'returned', by: 'reviewer', reasonRequired: true },
  { action: 'reject', from: ['pending_review'], to: 'rejected', by: 'reviewer', reasonRequired: true },
  {
    action: 'withdraw',
    from: ['draft', 'pending_review', 'returned', 'published', 'expired'],
    to: 'withdrawn',
    by: 'owner',
  },
  { action: 'renew', from: ['published', 'expired'], to: 'published', by: 'owner' },
  { action: 'expire', from: ['published'], to: 'expired', by: 'system' },
];

export type StepRefusal =
  | { ok: false; rule: 'not_allowed_in_state'; text: Text }
  | { ok: false; rule: 'wrong_actor'; text: Text }
  | { ok: false; rule: 'reason_required'; text: Text };

export type ListingStep =
  | { ok: true; from: ListingState; to: ListingState; action: ListingAction }
  | StepRefusal;

export function nextListingState(
  state: ListingState,
  action: ListingAction,
  by: ListingActor,
  reason: string | null = null,
): ListingStep {
  const candidates = LISTING_TRANSITIONS.filter((t) => t.action === action && t.from.includes(state));
  if (candidates.length === 0) {
    return {
      ok: false,
      rule: 'not_allowed_in_state',
      text: {
        zh: `“${LISTING_STATE_LABELS[state].zh}”状态下不能${LISTING_ACTION_LABELS[action].zh}`,
        en: `cannot ${LISTING_ACTION_LABELS[action].en} a listing that is ${LISTING_STATE_LABELS[state].en}`,
      },
    };
  }
  const t = candidates.find((c) => c.by === by);
  if (!t) {
    return {
      ok: false,
      rule: 'wrong_actor',
      text: {
        zh: `无权${LISTING_ACTION_LABELS[action].zh}`,
        en: `you may not ${LISTING_ACTION_LABELS[action].en} it`,
      },
    };
  }
  if (t.reasonRequired && !reason?.trim()) {
    return {
      ok: false,
      rule: 'reason_required',
      text: { zh: '请填写理由', en: 'a reason is required' },
    };
  }
  return { ok: true, from: state, to: t.to ?? state, action };
}

/** The actions an actor may take on a listing in a state (for buttons). */
export function listingActions(state: ListingState, by: ListingActor): ListingAction[] {
  return [
    ...new Set(LISTING_TRANSITIONS.filter((t) => t.by === by && t.from.includes(state)).map((t) => t.action)),
  ];
}

// ——— Engagements ————————————————————————————————————————————————————————————————

export const INTEREST_STATES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InterestState = (typeof INTEREST_STATES)[number];

export const INTEREST_STATE_LABELS: Record<InterestState, Text> = {
  pending: { zh: '待对方答复', en: 'awaiting an answer' },
  accepted: { zh: '已接受（联系方式已交换）', en: 'accepted (contacts shared)' },
  declined: { zh: '已婉拒', en: 'declined' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const INTEREST_ACTIONS = [
  'accept',
  'decline',
  'withdraw',
  'record_meeting',
  'record_contract',
  'form_project',
] as const;
export type InterestAction = (typeof INTEREST_ACTIONS)[number];

export const INTEREST_ACTION_LABELS: Record<InterestAction, Text> = {
  accept: { zh: '接受对接', en: 'accept' },
  decline: { zh: '婉拒', en: 'decline' },
  withdraw: { zh: '撤回意向', en: 'withdraw' },
  record_meeting: { zh: '记录洽谈', en: 'record a meeting' },
  record_contract: { zh: '登记技术合同', en: 'record the technology contract' },
  form_project: { zh: '组建项目（产学研/创新联合体）', en: 'form the project' },
};

/** Who acts on an engagement: the sender's organisation, the receiver's, or the assigned broker. */
export type InterestActor = 'sender' | 'receiver' | 'broker';

interface InterestRule {
  action: InterestAction;
  from: readonly InterestState[];
  to: InterestState;
  by: readonly InterestActor[];
  /** Milestones that must already be recorded. */
  needs?: 'contract';
}

export const INTEREST_TRANSITIONS: readonly InterestRule[] = [
  { action: 'accept', from: ['pending'], to: 'accepted', by: ['receiver'] },
  { action: 'decline', from: ['pending'], to: 'declined', by: ['receiver'] },
  { action: 'withdraw', from: ['pending'], to: 'withdrawn', by: ['sender'] },
  { action: 'record_meeting', from: ['accepted'], to: 'accepted', by: ['sender', 'receiver', 'broker'] },
  { action: 'record_contract', from: ['accepted'], to: 'accepted', by: ['sender', 'receiver', 'broker'] },
  {
    action: 'form_project',
    from: ['accepted'],
    to: 'accepted',
    by: ['sender', 'receiver', 'broker'],
    needs: 'contract',
  },
];

/** How far an engagement got, for its badge and the funnel. */
export const ENGAGEMENT_STAGES = ['interest', 'contact', 'meeting', 'contract', 'project', 'funded'] as const;
export type EngagementStage = (typeof ENGAGEMENT_STAGES)[number];
export const ENGAGEMENT_STAGE_LABELS: Record<EngagementStage, Text> = {
  interest: { zh: '意向', en: 'interest' },
  contact: { zh: '已对接', en: 'in contact' },
  meeting: { zh: '已洽谈', en: 'met' },
  contract: { zh: '已签技术合同', en: 'contract signed' },
  project: { zh: '已组建项目', en: 'project formed' },
  funded: { zh: '项目获支持', en: 'project funded' },
};

export function engagementStage(e: {
  state: InterestState;
  meetings: number;
  contract: boolean;
  project: boolean;
  funded: boolean;
}): EngagementStage {
  if (e.funded) return 'funded';
  if (e.project) return 'project';
  if (e.contract) return 'contract';
  if (e.meetings > 0) return 'meeting';
  if (e.state === 'accepted') return 'contact';
  return 'interest';
}

export type InterestStep =
  | { ok: true; from: InterestState; to: InterestState }
  | StepRefusal
  | {
      ok: false;
      rule: 'milestone_missing';
      text: Text;
    };

export function nextInterestState(
  state: InterestState,
  action: InterestAction,
  by: readonly InterestActor[],
  done: { contract: boolean },
): InterestStep {
  const rule = INTEREST_TRANSITIONS.find((t) => t.action === action);
  if (!rule?.from.includes(state)) {
    return {
      ok: false,
      rule: 'not_allowed_in_state',
      text: {
        zh: `意向“${INTEREST_STATE_LABELS[state].zh}”时不能${INTEREST_ACTION_LABELS[action].zh}`,
        en: `cannot ${INTEREST_ACTION_LABELS[action].en} an interest that is ${INTEREST_STATE_LABELS[state].en}`,
      },
    };
  }
  if (!rule.by.some((b) => by.includes(b))) {
    return {
      ok: false,
      rule: 'wrong_actor',
      text: {
        zh: `只有${rule.by.map((b) => ({ sender: '意向发起方', receiver: '被联系方', broker: '技术经理人' })[b]).join('、')}可以${INTEREST_ACTION_LABELS[action].zh}`,
        en: `only the ${rule.by.join(' or ')} may ${INTEREST_ACTION_LABELS[action].en}`,
      },
    };
  }
  if (rule.needs === 'contract' && !done.contract) {
    return {
      ok: false,
      rule: 'milestone_missing',
      text: { zh: '须先登记技术合同', en: 'record the technology contract first' },
    };
  }
  return { ok: true, from: state, to: rule.to };
}

export function interestActions(
  state: InterestState,
  by: readonly InterestActor[],
  done: { contract: boolean; project: boolean },
): InterestAction[] {
  return INTEREST_ACTIONS.filter((a) => {
    if (a === 'record_contract' && done.contract) return false;
    if (a === 'form_project' && done.project) return false;
    return nextInterestState(state, a, by, done).ok;
  });
}
