/**
 * The life of a challenge list (榜单), a problem (出题), a bid (揭榜/答题), an awarded project and its
 * milestones (验收), as data: states, actions, who may take each, where it leads and whether a reason
 * is required. The service checks every change here (`nextState`) and the web reads the labels and the
 * actions open to the caller (`actionsFor`). Judging (阅卷) is the problem's `judging` state; scores and
 * conflicts are rows of their own (scoring.ts, conflicts.ts).
 *
 *   list:      draft ─publish→ published ─cancel→ cancelled         (edits after publication are versioned)
 *   problem:   draft ─submit→ submitted ─accept→ accepted ─place→ listed ─open_judging→ judging
 *                       ↘ return (补正) → returned ─submit↗   ↘ reject      ─award→ awarded
 *                                                                          ─award_parallel→ racing (赛马) ─downselect→ awarded
 *                                                                          ─no_award→ no_award
 *              withdraw by the poser until listed; cancel (撤题) by an officer until judged
 *   bid:       submitted (sealed; revise, withdraw until the deadline) → awarded | racing | not_awarded;
 *              racing → awarded (kept) | dropped (down-selected out); a cancelled problem voids its bids
 *   project:   active → completed (final 验收 passed) | failed (final 验收 failed) | dropped (赛马 down-select)
 *   milestone: pending ─submit_evidence→ submitted ─pass→ accepted
 *                                           ─conditional→ conditional ─clear_conditions→ accepted
 *                                           ─fail→ failed (not final: resubmit evidence) ; stopped when the project ends
 */
import type { Text } from '../text.ts';

/** Who takes an action: the poser (出题方), the bidder (揭榜方), an officer, or the platform itself. */
export type ChallengeActor = 'poser' | 'bidder' | 'officer' | 'system';

export interface Rule<S extends string, A extends string> {
  action: A;
  from: readonly S[];
  to: S;
  by: readonly ChallengeActor[];
  reason?: boolean;
}

export interface Machine<S extends string, A extends string> {
  noun: Text;
  states: readonly S[];
  stateLabels: Record<S, Text>;
  actionLabels: Record<A, Text>;
  rules: readonly Rule<S, A>[];
}

export type Refusal = {
  ok: false;
  rule: 'not_allowed_in_state' | 'wrong_actor' | 'reason_required';
  text: Text;
};
export type Step<S extends string, A extends string> = { ok: true; from: S; to: S; action: A } | Refusal;

/** Whether `by` may take `action` from `state`, and where it leads; a refusal names its rule. */
export function nextState<S extends string, A extends string>(
  m: Machine<S, A>,
  state: S,
  action: A,
  by: ChallengeActor,
  reason: string | null = null,
): Step<S, A> {
  const label = m.actionLabels[action];
  const candidates = m.rules.filter((r) => r.action === action && r.from.includes(state));
  if (candidates.length === 0)
    return {
      ok: false,
      rule: 'not_allowed_in_state',
      text: {
        zh: `${m.noun.zh}当前为“${m.stateLabels[state].zh}”，不能${label.zh}`,
        en: `cannot ${label.en}: the ${m.noun.en} is ${m.stateLabels[state].en}`,
      },
    };
  const rule = candidates.find((r) => r.by.includes(by));
  if (!rule)
    return {
      ok: false,
      rule: 'wrong_actor',
      text: { zh: `无权${label.zh}`, en: `you may not ${label.en}` },
    };
  if (rule.reason && !reason?.trim())
    return {
      ok: false,
      rule: 'reason_required',
      text: { zh: `${label.zh}须说明理由`, en: `a reason is required to ${label.en}` },
    };
  return { ok: true, from: state, to: rule.to, action };
}

/** The actions `by` may take from `state` (buttons; the service checks again). */
export function actionsFor<S extends string, A extends string>(
  m: Machine<S, A>,
  state: S,
  by: ChallengeActor,
): A[] {
  return [
    ...new Set(m.rules.filter((r) => r.from.includes(state) && r.by.includes(by)).map((r) => r.action)),
  ];
}

// ——— lists ————————————————————————————————————————————————————————————————————————————————

export const LIST_STATES = ['draft', 'published', 'cancelled'] as const;
export type ListState = (typeof LIST_STATES)[number];
export const LIST_ACTIONS = ['edit', 'publish', 'cancel'] as const;
export type ListAction = (typeof LIST_ACTIONS)[number];

export const LIST_MACHINE: Machine<ListState, ListAction> = {
  noun: { zh: '榜单', en: 'list' },
  states: LIST_STATES,
  stateLabels: {
    draft: { zh: '编制中', en: 'draft' },
    published: { zh: '已发布', en: 'published' },
    cancelled: { zh: '已撤销', en: 'cancelled' },
  },
  actionLabels: {
    edit: { zh: '修改榜单', en: 'edit the list' },
    publish: { zh: '发布榜单', en: 'publish the list' },
    cancel: { zh: '撤销榜单', en: 'cancel the list' },
  },
  rules: [
    { action: 'edit', from: ['draft'], to: 'draft', by: ['officer'] },
    // After publication a change is a new version with its note (shown on the public page).
    { action: 'edit', from: ['published'], to: 'published', by: ['officer'], reason: true },
    { action: 'publish', from: ['draft'], to: 'published', by: ['officer'] },
    { action: 'cancel', from: ['draft', 'published'], to: 'cancelled', by: ['officer'], reason: true },
  ],
};

/** Where a published list's application window stands on a day (from its dates, read at any time). */
export type WindowPhase = 'upcoming' | 'open' | 'closed';

export function windowPhase(w: { opensOn: string; closesOn: string }, today: string): WindowPhase {
  if (today < w.opensOn) return 'upcoming';
  if (today > w.closesOn) return 'closed';
  return 'open';
}

export const WINDOW_LABELS: Record<WindowPhase, Text> = {
  upcoming: { zh: '未开始揭榜', en: 'not open yet' },
  open: { zh: '揭榜中', en: 'open for bids' },
  closed: { zh: '揭榜已截止', en: 'closed for bids' },
};

// ——— problems ———————————————————————————————————————————————————————————————————————————

export const PROBLEM_STATES = [
  'draft',
  'submitted',
  'returned',
  'rejected',
  'accepted',
  'listed',
  'judging',
  'awarded',
  'racing',
  'no_award',
  'cancelled',
  'withdrawn',
] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];
export const PROBLEM_ACTIONS = [
  'edit',
  'submit',
  'withdraw',
  'accept',
  'return',
  'reject',
  'place',
  'unplace',
  'open_judging',
  'award',
  'award_parallel',
  'downselect',
  'no_award',
  'cancel',
] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

export const PROBLEM_MACHINE: Machine<ProblemState, ProblemAction> = {
  noun: { zh: '题目', en: 'problem' },
  states: PROBLEM_STATES,
  stateLabels: {
    draft: { zh: '草稿', en: 'draft' },
    submitted: { zh: '待审核', en: 'submitted for review' },
    returned: { zh: '退回修改', en: 'returned for revision' },
    rejected: { zh: '未通过审核', en: 'rejected' },
    accepted: { zh: '审核通过（待列入榜单）', en: 'accepted (not on a list yet)' },
    listed: { zh: '已列入榜单', en: 'on a list' },
    judging: { zh: '评审中', en: 'being judged' },
    awarded: { zh: '已揭榜', en: 'awarded' },
    racing: { zh: '赛马中', en: 'parallel award (赛马)' },
    no_award: { zh: '无人揭榜成功', en: 'nobody won' },
    cancelled: { zh: '已撤题', en: 'cancelled' },
    withdrawn: { zh: '已撤回', en: 'withdrawn' },
  },
  actionLabels: {
    edit: { zh: '修改题目', en: 'edit the problem' },
    submit: { zh: '提交审核', en: 'submit for review' },
    withdraw: { zh: '撤回题目', en: 'withdraw the problem' },
    accept: { zh: '审核通过', en: 'accept the problem' },
    return: { zh: '退回修改', en: 'return the problem for revision' },
    reject: { zh: '不予通过', en: 'reject the problem' },
    place: { zh: '列入榜单', en: 'place the problem on a list' },
    unplace: { zh: '移出榜单', en: 'take the problem off its list' },
    open_judging: { zh: '开始评审', en: 'open judging' },
    award: { zh: '确定揭榜单位', en: 'award the problem' },
    award_parallel: { zh: '赛马授予', en: 'award in parallel (赛马)' },
    downselect: { zh: '赛马择优', en: 'down-select' },
    no_award: { zh: '宣布无人揭榜成功', en: 'declare that nobody won' },
    cancel: { zh: '撤题', en: 'cancel the problem' },
  },
  rules: [
    { action: 'edit', from: ['draft'], to: 'draft', by: ['poser'] },
    { action: 'edit', from: ['returned'], to: 'returned', by: ['poser'] },
    // An officer's edit of an accepted or listed problem is a new version with its note.
    { action: 'edit', from: ['accepted'], to: 'accepted', by: ['officer'], reason: true },
    { action: 'edit', from: ['listed'], to: 'listed', by: ['officer'], reason: true },
    { action: 'submit', from: ['draft', 'returned'], to: 'submitted', by: ['poser'] },
    {
      action: 'withdraw',
      from: ['draft', 'submitted', 'returned', 'accepted'],
      to: 'withdrawn',
      by: ['poser'],
    },
    { action: 'accept', from: ['submitted'], to: 'accepted', by: ['officer'] },
    { action: 'return', from: ['submitted'], to: 'returned', by: ['officer'], reason: true },
    { action: 'reject', from: ['submitted'], to: 'rejected', by: ['officer'], reason: true },
    { action: 'place', from: ['accepted'], to: 'listed', by: ['officer'] },
    { action: 'unplace', from: ['listed'], to: 'accepted', by: ['officer'] },
    { action: 'open_judging', from: ['listed'], to: 'judging', by: ['officer'] },
    { action: 'award', from: ['judging'], to: 'awarded', by: ['officer'] },
    { action: 'award_parallel', from: ['judging'], to: 'racing', by: ['officer'] },
    { action: 'downselect', from: ['racing'], to: 'awarded', by: ['officer'], reason: true },
    { action: 'no_award', from: ['judging'], to: 'no_award', by: ['officer'], reason: true },
    {
      action: 'cancel',
      from: ['accepted', 'listed', 'judging'],
      to: 'cancelled',
      by: ['officer'],
      reason: true,
    },
  ],
};

/** A problem the public may see (on a published list): listed and every state after it. */
export const PUBLIC_PROBLEM_STATES: readonly ProblemState[] = [
  'listed',
  'judging',
  'awarded',
  'racing',
  'no_award',
];

// ——— bids ——————————————————————————————————————————————————————————————————————————————

export const BID_STATES = [
  'submitted',
  'withdrawn',
  'awarded',
  'racing',
  'not_awarded',
  'dropped',
  'void',
] as const;
export type BidState = (typeof BID_STATES)[number];
export const BID_ACTIONS = [
  'revise',
  'withdraw',
  'win',
  'win_parallel',
  'lose',
  'keep',
  'drop',
  'void',
] as const;
export type BidAction = (typeof BID_ACTIONS)[number];

export const BID_MACHINE: Machine<BidState, BidAction> = {
  noun: { zh: '揭榜方案', en: 'bid' },
  states: BID_STATES,
  stateLabels: {
    submitted: { zh: '已揭榜（密封）', en: 'submitted (sealed)' },
    withdrawn: { zh: '已撤回', en: 'withdrawn' },
    awarded: { zh: '揭榜成功', en: 'won' },
    racing: { zh: '赛马入选', en: 'won in parallel (赛马)' },
    not_awarded: { zh: '未入选', en: 'not selected' },
    dropped: { zh: '赛马未继续', en: 'dropped at the down-select' },
    void: { zh: '已作废（题目撤销）', en: 'void (problem cancelled)' },
  },
  actionLabels: {
    revise: { zh: '修改揭榜方案', en: 'revise the bid' },
    withdraw: { zh: '撤回揭榜', en: 'withdraw the bid' },
    win: { zh: '确定揭榜成功', en: 'award the bid' },
    win_parallel: { zh: '赛马入选', en: 'award the bid in parallel' },
    lose: { zh: '未入选', en: 'not select the bid' },
    keep: { zh: '赛马择优保留', en: 'keep the bid at the down-select' },
    drop: { zh: '赛马择优淘汰', en: 'drop the bid at the down-select' },
    void: { zh: '作废', en: 'void the bid' },
  },
  rules: [
    // The deadline is checked by the service (the list's window); the machine says what may happen.
    { action: 'revise', from: ['submitted'], to: 'submitted', by: ['bidder'] },
    { action: 'withdraw', from: ['submitted'], to: 'withdrawn', by: ['bidder'] },
    { action: 'win', from: ['submitted'], to: 'awarded', by: ['officer'] },
    { action: 'win_parallel', from: ['submitted'], to: 'racing', by: ['officer'] },
    { action: 'lose', from: ['submitted'], to: 'not_awarded', by: ['officer'] },
    { action: 'keep', from: ['racing'], to: 'awarded', by: ['officer'] },
    { action: 'drop', from: ['racing'], to: 'dropped', by: ['officer'], reason: true },
    { action: 'void', from: ['submitted'], to: 'void', by: ['officer'], reason: true },
  ],
};

// ——— projects and milestones ——————————————————————————————————————————————————————————————————

export const PROJECT_STATES = ['active', 'completed', 'failed', 'dropped'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export const PROJECT_ACTIONS = ['complete', 'fail', 'drop'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export const PROJECT_MACHINE: Machine<ProjectState, ProjectAction> = {
  noun: { zh: '揭榜项目', en: 'project' },
  states: PROJECT_STATES,
  stateLabels: {
    active: { zh: '实施中', en: 'in progress' },
    completed: { zh: '已通过最终验收', en: 'completed (final acceptance passed)' },
    failed: { zh: '最终验收未通过', en: 'failed (final acceptance not passed)' },
    dropped: { zh: '赛马未继续', en: 'dropped at the down-select' },
  },
  actionLabels: {
    complete: { zh: '结项', en: 'complete the project' },
    fail: { zh: '终止（最终验收未通过）', en: 'fail the project' },
    drop: { zh: '赛马淘汰', en: 'drop the project' },
  },
  rules: [
    { action: 'complete', from: ['active'], to: 'completed', by: ['officer'] },
    { action: 'fail', from: ['active'], to: 'failed', by: ['officer'], reason: true },
    { action: 'drop', from: ['active'], to: 'dropped', by: ['officer'], reason: true },
  ],
};

export const MILESTONE_STATES = [
  'pending',
  'submitted',
  'accepted',
  'conditional',
  'failed',
  'stopped',
] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];
export const MILESTONE_ACTIONS = [
  'submit_evidence',
  'pass',
  'conditional',
  'fail',
  'clear_conditions',
  'stop',
] as const;
export type MilestoneAction = (typeof MILESTONE_ACTIONS)[number];

export const MILESTONE_MACHINE: Machine<MilestoneState, MilestoneAction> = {
  noun: { zh: '里程碑', en: 'milestone' },
  states: MILESTONE_STATES,
  stateLabels: {
    pending: { zh: '待提交验收', en: 'awaiting evidence' },
    submitted: { zh: '验收中', en: 'under acceptance' },
    accepted: { zh: '验收通过', en: 'accepted' },
    conditional: { zh: '有条件通过（待整改）', en: 'conditionally passed (conditions open)' },
    failed: { zh: '验收未通过', en: 'failed' },
    stopped: { zh: '已停止', en: 'stopped' },
  },
  actionLabels: {
    submit_evidence: { zh: '提交验收材料', en: 'submit evidence' },
    pass: { zh: '验收通过', en: 'pass the milestone' },
    conditional: { zh: '有条件通过', en: 'pass the milestone with conditions' },
    fail: { zh: '验收不通过', en: 'fail the milestone' },
    clear_conditions: { zh: '确认整改完成', en: 'clear the conditions' },
    stop: { zh: '停止', en: 'stop the milestone' },
  },
  rules: [
    // A failed milestone may be resubmitted unless it was the final one (the service checks `final`).
    { action: 'submit_evidence', from: ['pending', 'failed'], to: 'submitted', by: ['bidder'] },
    { action: 'pass', from: ['submitted'], to: 'accepted', by: ['officer'] },
    { action: 'conditional', from: ['submitted'], to: 'conditional', by: ['officer'], reason: true },
    { action: 'fail', from: ['submitted'], to: 'failed', by: ['officer'], reason: true },
    { action: 'clear_conditions', from: ['conditional'], to: 'accepted', by: ['officer'], reason: true },
    {
      action: 'stop',
      from: ['pending', 'submitted', 'conditional', 'failed'],
      to: 'stopped',
      by: ['system'],
    },
  ],
};

/** Every machine, for the reference endpoint and the docs. */
export const MACHINES = {
  list: LIST_MACHINE,
  problem: PROBLEM_MACHINE,
  bid: BID_MACHINE,
  project: PROJECT_MACHINE,
  milestone: MILESTONE_MACHINE,
} as const;
