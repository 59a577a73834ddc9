/**
 * The application workflow as data: states, the actions that move between them, and who may take
 * each action. Pure: the caller passes the case's facts, the actor and today's date; `nextState`
 * answers with the step to take or throws — CONFLICT for an action the state does not allow,
 * FORBIDDEN for a role (or person) not allowed to take it, INVALID_INPUT for a missing reason.
 *
 *   draft → submitted → accepted (受理) → under_review → recommended → approved → in_notice (公示)
 *               ↘ returned (补正) ↗ (resubmit)          ↘ rejected       ↓ upheld objection → under_review
 *   in_notice → notice_closed → scheduled → paying → paid → closed;   withdrawn while not decided.
 *   end_matter: an undecided case whose matter the mechanism behind it ended (a 揭榜挂帅 team dropped at
 *   the 赛马 down-select) is closed as withdrawn by the officer who ended it, so it can never be approved.
 */
import { addDays, isIsoDate } from './dates.ts';
import { CeyuanError, InputError } from './errors.ts';
import type { Text } from './text.ts';

export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'returned',
  'accepted',
  'under_review',
  'recommended',
  'approved',
  'rejected',
  'in_notice',
  'notice_closed',
  'scheduled',
  'paying',
  'paid',
  'closed',
  'withdrawn',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const WORKFLOW_ACTIONS = [
  'submit',
  'withdraw',
  'accept',
  'return',
  'start_review',
  'recommend',
  'send_back',
  'reject',
  'approve',
  'publish_notice',
  'object',
  'uphold_objection',
  'dismiss_objection',
  'close_notice',
  'schedule_stages',
  'pay_stage',
  'close',
  'end_matter',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** The platform's roles (the same strings as the users table). */
export type WorkflowRole = 'enterprise' | 'reviewer' | 'approver' | 'admin' | 'auditor' | 'expert' | 'broker';

/**
 * The one wording of each state and action, for the API (stateLabel, the timeline's actionLabel),
 * the web's badges, filters and buttons, and the errors below. English action labels are button text
 * (capitalised); sentences lower-case their first letter (`inSentence`).
 */
export const STATE_LABELS: Record<ApplicationState, Text> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  returned: { zh: '退回补正', en: 'returned for correction' },
  accepted: { zh: '已受理', en: 'accepted' },
  under_review: { zh: '审核中', en: 'under review' },
  recommended: { zh: '已提出建议金额', en: 'amount recommended' },
  approved: { zh: '已批准', en: 'approved' },
  rejected: { zh: '未通过', en: 'rejected' },
  in_notice: { zh: '公示中', en: 'in public notice' },
  notice_closed: { zh: '公示结束', en: 'notice closed' },
  scheduled: { zh: '已安排拨付阶段', en: 'stages scheduled' },
  paying: { zh: '拨付中', en: 'being paid' },
  paid: { zh: '已全部拨付', en: 'fully paid' },
  closed: { zh: '已办结', en: 'closed' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const ACTION_LABELS: Record<WorkflowAction, Text> = {
  submit: { zh: '提交申报', en: 'Submit' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
  accept: { zh: '受理', en: 'Accept' },
  return: { zh: '退回补正', en: 'Return for correction' },
  start_review: { zh: '开始审核', en: 'Start review' },
  recommend: { zh: '提出建议金额', en: 'Recommend an amount' },
  send_back: { zh: '退回重审', en: 'Send back for review' },
  reject: { zh: '不予支持', en: 'Reject' },
  approve: { zh: '批准', en: 'Approve' },
  publish_notice: { zh: '发布公示', en: 'Publish the notice' },
  object: { zh: '登记异议', en: 'Record an objection' },
  uphold_objection: { zh: '异议成立', en: 'Uphold the objection' },
  dismiss_objection: { zh: '异议不成立', en: 'Dismiss the objection' },
  close_notice: { zh: '结束公示', en: 'Close the notice' },
  schedule_stages: { zh: '安排拨付阶段', en: 'Schedule payment stages' },
  pay_stage: { zh: '拨付', en: 'Pay' },
  close: { zh: '办结', en: 'Close' },
  end_matter: { zh: '事项终止，停止办理', en: 'End: the matter ended' },
};

/** An English label inside a sentence: "may not submit", not "may not Submit". */
function inSentence(en: string): string {
  return en.charAt(0).toLowerCase() + en.slice(1);
}

/** Who acts: the applicant's own users, or officers who must not belong to the applicant. */
export type Side = 'applicant' | 'officer';

export interface TransitionRule {
  action: WorkflowAction;
  from: readonly ApplicationState[];
  to: ApplicationState;
  roles: readonly WorkflowRole[];
  side: Side;
  /** Return, reject, objections… must say why. */
  requiresReason: boolean;
}

/** Before a decision: the applicant may still withdraw. */
export const UNDECIDED: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'returned',
  'accepted',
  'under_review',
  'recommended',
];
export const TERMINAL: readonly ApplicationState[] = ['rejected', 'closed', 'withdrawn'];

const OFFICERS: readonly WorkflowRole[] = ['approver', 'admin'];

/**
 * The whole workflow. An action may appear twice with different `from` states and roles (a reviewer
 * rejects during review, an approver rejects a recommendation).
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: 'submit',
    from: ['draft', 'returned'],
    to: 'submitted',
    roles: ['enterprise'],
    side: 'applicant',
    requiresReason: false,
  },
  {
    action: 'withdraw',
    from: UNDECIDED,
    to: 'withdrawn',
    roles: ['enterprise'],
    side: 'applicant',
    requiresReason: false,
  },
  {
    action: 'accept',
    from: ['submitted'],
    to: 'accepted',
    roles: ['reviewer'],
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'return',
    from: ['submitted', 'accepted', 'under_review'],
    to: 'returned',
    roles: ['reviewer'],
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'start_review',
    from: ['accepted'],
    to: 'under_review',
    roles: ['reviewer'],
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'recommend',
    from: ['under_review'],
    to: 'recommended',
    roles: ['reviewer'],
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'reject',
    from: ['under_review'],
    to: 'rejected',
    roles: ['reviewer'],
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'reject',
    from: ['recommended'],
    to: 'rejected',
    roles: ['approver'],
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'send_back',
    from: ['recommended'],
    to: 'under_review',
    roles: ['approver'],
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'approve',
    from: ['recommended'],
    to: 'approved',
    roles: ['approver'],
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'publish_notice',
    from: ['approved'],
    to: 'in_notice',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'object',
    from: ['in_notice'],
    to: 'in_notice',
    roles: ['reviewer', ...OFFICERS],
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'uphold_objection',
    from: ['in_notice'],
    to: 'under_review',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'dismiss_objection',
    from: ['in_notice'],
    to: 'in_notice',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: true,
  },
  {
    action: 'close_notice',
    from: ['in_notice'],
    to: 'notice_closed',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: false,
  },
  {
    action: 'schedule_stages',
    from: ['notice_closed'],
    to: 'scheduled',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: false,
  },
  // `to` is the state after a stage that is not the last; the last stage leads to `paid`.
  {
    action: 'pay_stage',
    from: ['scheduled', 'paying'],
    to: 'paying',
    roles: OFFICERS,
    side: 'officer',
    requiresReason: false,
  },
  { action: 'close', from: ['paid'], to: 'closed', roles: OFFICERS, side: 'officer', requiresReason: false },
  // Only where the mechanism says the matter ended (`matterEnded`), never as a button of its own.
  {
    action: 'end_matter',
    from: UNDECIDED,
    to: 'withdrawn',
    roles: ['reviewer', ...OFFICERS],
    side: 'officer',
    requiresReason: true,
  },
];

export interface WorkflowActor {
  id: string;
  role: WorkflowRole;
  /** Set for enterprise users: the organisation they act for. */
  organisationId: string | null;
}

/** What the guards need to know about a case; the service reads it from the database. */
export interface CaseFacts {
  state: ApplicationState;
  organisationId: string;
  /** The reviewer whose recommendation is on the table (separation of duties for the approver). */
  recommendedBy: string | null;
  /** Last day of the public notice (inclusive), once published. */
  noticeEndsOn: string | null;
  openObjections: number;
  stagesTotal: number;
  stagesPaid: number;
  /**
   * The ledger no longer commits the money for the next unpaid stage: a 揭榜挂帅 project failed its
   * final 验收 and its unpaid tranches were released (000·二 / 001·二 根据项目投入，分阶段给予).
   */
  commitmentReleased?: boolean;
  /**
   * The mechanism behind the case ended its matter before a decision (a 揭榜挂帅 team dropped at the 赛马
   * down-select, 000·二 / 001·二): the case may be ended (`end_matter`). Set only by that mechanism's
   * own step, in its transaction.
   */
  matterEnded?: boolean;
}

export interface Attempt {
  action: WorkflowAction;
  actor: WorkflowActor;
  /** Today's date in Shanghai, passed in: the core reads no clock. */
  today: string;
  reason?: string | null;
}

export interface Step {
  action: WorkflowAction;
  from: ApplicationState;
  to: ApplicationState;
  rule: TransitionRule;
}

function conflict(text: Text, details: Record<string, unknown>): CeyuanError {
  return new CeyuanError('CONFLICT', text, details);
}

function forbidden(text: Text, details: Record<string, unknown>): CeyuanError {
  return new CeyuanError('FORBIDDEN', text, details);
}

/** Actions open from a state, for any role: what the error and the UI can offer. */
export function actionsFrom(state: ApplicationState): WorkflowAction[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from.includes(state)).map((t) => t.action))];
}

function roleNames(roles: readonly WorkflowRole[]): string {
  return roles.join(', ');
}

/**
 * Checks an attempted action against the rules and returns the step, or throws. Order of checks:
 * role (FORBIDDEN), state (CONFLICT), side and separation of duties (FORBIDDEN), reason
 * (INVALID_INPUT), then the action's own guards (CONFLICT).
 */
export function nextState(facts: CaseFacts, attempt: Attempt): Step {
  const { action, actor } = attempt;
  const label = { zh: ACTION_LABELS[action].zh, en: inSentence(ACTION_LABELS[action].en) };
  const stateLabel = STATE_LABELS[facts.state];
  const rules = TRANSITIONS.filter((t) => t.action === action);
  const details = { state: facts.state, action, role: actor.role };

  const allRoles = [...new Set(rules.flatMap((r) => r.roles))];
  if (!allRoles.includes(actor.role)) {
    throw forbidden(
      {
        zh: `角色"${actor.role}"无权执行"${label.zh}"（限：${roleNames(allRoles)}）`,
        en: `role "${actor.role}" may not ${label.en} (allowed: ${roleNames(allRoles)})`,
      },
      { ...details, allowedRoles: allRoles },
    );
  }
  const rule = rules.find((r) => r.from.includes(facts.state));
  if (!rule) {
    throw conflict(
      {
        zh: `申请当前状态为"${stateLabel.zh}"，不能执行"${label.zh}"`,
        en: `cannot ${label.en}: the application is ${stateLabel.en}`,
      },
      { ...details, allowedActions: actionsFrom(facts.state) },
    );
  }
  if (!rule.roles.includes(actor.role)) {
    throw forbidden(
      {
        zh: `申请状态为"${stateLabel.zh}"时，角色"${actor.role}"无权执行"${label.zh}"（限：${roleNames(rule.roles)}）`,
        en: `role "${actor.role}" may not ${label.en} an application that is ${stateLabel.en} (allowed: ${roleNames(rule.roles)})`,
      },
      { ...details, allowedRoles: rule.roles },
    );
  }
  if (rule.side === 'applicant' && actor.organisationId !== facts.organisationId) {
    throw forbidden(
      { zh: '只有申请单位本单位用户可以执行此操作', en: "only the applicant's own users may do this" },
      details,
    );
  }
  if (
    rule.side === 'officer' &&
    actor.organisationId !== null &&
    actor.organisationId === facts.organisationId
  ) {
    throw forbidden(
      {
        zh: '申请单位的用户不得审核本单位的申请',
        en: "the applicant's users may not review its application",
      },
      { ...details, rule: 'separation_of_duties' },
    );
  }
  if (action === 'approve' && facts.recommendedBy !== null && facts.recommendedBy === actor.id) {
    throw forbidden(
      {
        zh: '批准人不得是提出建议金额的审核人（审批分离）',
        en: 'the approver may not be the reviewer who recommended the amount (separation of duties)',
      },
      { ...details, rule: 'separation_of_duties' },
    );
  }
  if (rule.requiresReason && !attempt.reason?.trim()) {
    throw new InputError([
      {
        path: 'reason',
        rule: 'required',
        zh: `"${label.zh}"须说明理由`,
        en: `a reason is required to ${label.en}`,
      },
    ]);
  }
  return { action, from: facts.state, to: guard(rule, facts, attempt), rule };
}

function guard(rule: TransitionRule, facts: CaseFacts, attempt: Attempt): ApplicationState {
  const details = { state: facts.state, action: rule.action };
  const ends = facts.noticeEndsOn;
  switch (rule.action) {
    case 'object':
      if (ends === null || attempt.today > ends) {
        throw conflict(
          {
            zh: `公示期已于${ends ?? '（未知）'}结束，不能再登记异议`,
            en: `the notice period ended on ${ends ?? '(unknown)'}; objections are no longer recorded`,
          },
          { ...details, noticeEndsOn: ends },
        );
      }
      return rule.to;
    case 'uphold_objection':
    case 'dismiss_objection':
      if (facts.openObjections === 0) {
        throw conflict({ zh: '没有待处理的异议', en: 'there is no open objection' }, details);
      }
      return rule.to;
    case 'close_notice':
      if (ends === null || attempt.today <= ends) {
        throw conflict(
          {
            zh: `公示期至${ends ?? '（未知）'}，期满后方可结束公示`,
            en: `the notice runs until ${ends ?? '(unknown)'}; it can be closed only after that`,
          },
          { ...details, noticeEndsOn: ends, today: attempt.today },
        );
      }
      if (facts.openObjections > 0) {
        throw conflict(
          {
            zh: `尚有${facts.openObjections}项异议未处理，不能结束公示`,
            en: `${facts.openObjections} objection(s) still open; the notice cannot be closed`,
          },
          { ...details, openObjections: facts.openObjections },
        );
      }
      return rule.to;
    case 'end_matter':
      if (!facts.matterEnded) {
        throw conflict(
          {
            zh: '只有事项已终止（如赛马中被淘汰）的申请才能终止办理',
            en: 'only an application whose matter has ended (e.g. a team dropped in a parallel award) can be ended',
          },
          details,
        );
      }
      return rule.to;
    case 'pay_stage':
      if (facts.stagesPaid >= facts.stagesTotal) {
        throw conflict({ zh: '所有阶段均已拨付', en: 'every stage is already paid' }, details);
      }
      if (facts.commitmentReleased) {
        throw conflict(
          {
            zh: '未拨付阶段的资金承诺已释放（项目已终止），停止拨付',
            en: 'the commitment for the unpaid stages was released (the project ended): payments stopped',
          },
          details,
        );
      }
      return facts.stagesPaid + 1 === facts.stagesTotal ? 'paid' : rule.to;
    default:
      return rule.to;
  }
}

/** Actions this actor could take on this case today (for buttons; the service re-checks). */
export function availableActions(facts: CaseFacts, actor: WorkflowActor, today: string): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => {
    try {
      nextState(facts, { action, actor, today, reason: 'x' });
      return true;
    } catch {
      return false;
    }
  });
}

export const DEFAULT_NOTICE_DAYS = 7;
export const MAX_NOTICE_DAYS = 60;

/**
 * A public notice of `days` calendar days starting on `startsOn`: objections are recorded up to and
 * including `endsOn`; the notice can be closed from the day after.
 */
export function noticeWindow(startsOn: string, days: number): { startsOn: string; endsOn: string } {
  if (!isIsoDate(startsOn)) throw new RangeError(`not a date: ${startsOn}`);
  if (!Number.isInteger(days) || days < 1 || days > MAX_NOTICE_DAYS) {
    throw new InputError([
      {
        path: 'days',
        rule: 'too_small',
        zh: `公示天数须为 1 至 ${MAX_NOTICE_DAYS} 的整数`,
        en: `notice days must be an integer from 1 to ${MAX_NOTICE_DAYS}`,
      },
    ]);
  }
  return { startsOn, endsOn: addDays(startsOn, days - 1) };
}
