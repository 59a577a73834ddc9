import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeyuanError } from './errors.ts';
import {
  APPLICATION_STATES,
  type ApplicationState,
  availableActions,
  type CaseFacts,
  nextState,
  noticeWindow,
  TERMINAL,
  TRANSITIONS,
  WORKFLOW_ACTIONS,
  type WorkflowActor,
  type WorkflowRole,
} from './workflow.ts';

const ORG = 'org-1';
const enterprise: WorkflowActor = { id: 'u-ent', role: 'enterprise', organisationId: ORG };
const otherEnterprise: WorkflowActor = { id: 'u-ent2', role: 'enterprise', organisationId: 'org-2' };
const reviewer: WorkflowActor = { id: 'u-rev', role: 'reviewer', organisationId: null };
const approver: WorkflowActor = { id: 'u-app', role: 'approver', organisationId: null };
const admin: WorkflowActor = { id: 'u-adm', role: 'admin', organisationId: null };
const auditor: WorkflowActor = { id: 'u-aud', role: 'auditor', organisationId: null };

function facts(state: ApplicationState, over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    state,
    organisationId: ORG,
    recommendedBy: null,
    noticeEndsOn: null,
    openObjections: 0,
    stagesTotal: 0,
    stagesPaid: 0,
    ...over,
  };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as CeyuanError).code;
  }
  return undefined;
}

const today = '2026-09-10';

describe('workflow', () => {
  it('walks the happy path from draft to closed', () => {
    let f = facts('draft');
    const go = (
      action: (typeof WORKFLOW_ACTIONS)[number],
      actor: WorkflowActor,
      extra: Partial<CaseFacts> = {},
    ) => {
      const step = nextState(
        { ...f, ...extra },
        { action, actor, today: extra.noticeEndsOn ? '2026-09-20' : today, reason: 'ok' },
      );
      f = { ...f, ...extra, state: step.to };
      return step.to;
    };
    expect(go('submit', enterprise)).toBe('submitted');
    expect(go('return', reviewer)).toBe('returned');
    expect(go('submit', enterprise)).toBe('submitted');
    expect(go('accept', reviewer)).toBe('accepted');
    expect(go('start_review', reviewer)).toBe('under_review');
    expect(go('recommend', reviewer)).toBe('recommended');
    f.recommendedBy = reviewer.id;
    expect(go('approve', approver)).toBe('approved');
    expect(go('publish_notice', admin)).toBe('in_notice');
    expect(go('close_notice', admin, { noticeEndsOn: '2026-09-16' })).toBe('notice_closed');
    expect(go('schedule_stages', admin, { stagesTotal: 2 })).toBe('scheduled');
    expect(go('pay_stage', approver, { stagesPaid: 0 })).toBe('paying');
    expect(go('pay_stage', approver, { stagesPaid: 1 })).toBe('paid');
    expect(go('close', admin)).toBe('closed');
  });

  it('refuses an action the state does not allow with CONFLICT naming state and action', () => {
    try {
      nextState(facts('draft'), { action: 'approve', actor: approver, today });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CeyuanError);
      const err = e as CeyuanError;
      expect(err.code).toBe('CONFLICT');
      expect(err.text.zh).toContain('草稿');
      expect(err.text.zh).toContain('批准');
      expect(err.text.en).toContain('approve');
      expect(err.text.en).toContain('draft');
    }
  });

  it('refuses a role not allowed with FORBIDDEN', () => {
    expect(code(() => nextState(facts('submitted'), { action: 'accept', actor: enterprise, today }))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => nextState(facts('recommended'), { action: 'approve', actor: reviewer, today }))).toBe(
      'FORBIDDEN',
    );
    // A reviewer may reject during review, not a recommendation waiting for the approver.
    expect(
      code(() => nextState(facts('recommended'), { action: 'reject', actor: reviewer, today, reason: 'x' })),
    ).toBe('FORBIDDEN');
    for (const action of WORKFLOW_ACTIONS) {
      for (const state of APPLICATION_STATES) {
        expect(code(() => nextState(facts(state), { action, actor: auditor, today, reason: 'x' }))).toBe(
          'FORBIDDEN',
        );
      }
    }
  });

  it('keeps the applicant to its own case and officers out of their own organisation', () => {
    expect(code(() => nextState(facts('draft'), { action: 'submit', actor: otherEnterprise, today }))).toBe(
      'FORBIDDEN',
    );
    const insider: WorkflowActor = { id: 'u-x', role: 'reviewer', organisationId: ORG };
    expect(code(() => nextState(facts('submitted'), { action: 'accept', actor: insider, today }))).toBe(
      'FORBIDDEN',
    );
  });

  it('never lets the recommending reviewer approve', () => {
    const both: WorkflowActor = { id: 'u-rev', role: 'approver', organisationId: null };
    const f = facts('recommended', { recommendedBy: 'u-rev' });
    expect(code(() => nextState(f, { action: 'approve', actor: both, today }))).toBe('FORBIDDEN');
    expect(nextState(f, { action: 'approve', actor: approver, today }).to).toBe('approved');
  });

  it('requires a reason to return, reject, object', () => {
    expect(code(() => nextState(facts('submitted'), { action: 'return', actor: reviewer, today }))).toBe(
      'INVALID_INPUT',
    );
    expect(
      code(() =>
        nextState(facts('under_review'), { action: 'reject', actor: reviewer, today, reason: '  ' }),
      ),
    ).toBe('INVALID_INPUT');
  });

  it('withdraws only while undecided', () => {
    for (const state of APPLICATION_STATES) {
      const c = code(() => nextState(facts(state), { action: 'withdraw', actor: enterprise, today }));
      const open = ['draft', 'submitted', 'returned', 'accepted', 'under_review', 'recommended'].includes(
        state,
      );
      expect(c).toBe(open ? undefined : 'CONFLICT');
    }
  });

  it('ends an undecided case only when its matter ended (赛马 down-select), by an officer with a reason', () => {
    const end = (
      state: ApplicationState,
      over: Partial<CaseFacts>,
      actor = reviewer,
      reason = '赛马未入选',
    ) => code(() => nextState(facts(state, over), { action: 'end_matter', actor, today, reason }));
    for (const state of APPLICATION_STATES) {
      const open = ['draft', 'submitted', 'returned', 'accepted', 'under_review', 'recommended'].includes(
        state,
      );
      expect(end(state, { matterEnded: true }), state).toBe(open ? undefined : 'CONFLICT');
      expect(end(state, {}), state).toBe('CONFLICT');
      expect(availableActions(facts(state), admin, today), state).not.toContain('end_matter');
    }
    expect(
      nextState(facts('recommended', { matterEnded: true }), {
        action: 'end_matter',
        actor: approver,
        today,
        reason: 'x',
      }).to,
    ).toBe('withdrawn');
    expect(end('draft', { matterEnded: true }, enterprise)).toBe('FORBIDDEN');
    expect(end('draft', { matterEnded: true }, reviewer, '')).toBe('INVALID_INPUT');
  });

  it('runs the notice: objections during it, closing only after it, an upheld objection reopens review', () => {
    const { endsOn } = noticeWindow('2026-09-10', 7);
    expect(endsOn).toBe('2026-09-16');
    const f = facts('in_notice', { noticeEndsOn: endsOn });
    expect(nextState(f, { action: 'object', actor: reviewer, today: '2026-09-16', reason: 'x' }).to).toBe(
      'in_notice',
    );
    expect(
      code(() => nextState(f, { action: 'object', actor: reviewer, today: '2026-09-17', reason: 'x' })),
    ).toBe('CONFLICT');
    expect(code(() => nextState(f, { action: 'close_notice', actor: admin, today: '2026-09-16' }))).toBe(
      'CONFLICT',
    );
    expect(nextState(f, { action: 'close_notice', actor: admin, today: '2026-09-17' }).to).toBe(
      'notice_closed',
    );
    const objected = { ...f, openObjections: 1 };
    expect(
      code(() => nextState(objected, { action: 'close_notice', actor: admin, today: '2026-09-20' })),
    ).toBe('CONFLICT');
    expect(nextState(objected, { action: 'uphold_objection', actor: admin, today, reason: 'x' }).to).toBe(
      'under_review',
    );
    expect(nextState(objected, { action: 'dismiss_objection', actor: admin, today, reason: 'x' }).to).toBe(
      'in_notice',
    );
    expect(code(() => nextState(f, { action: 'uphold_objection', actor: admin, today, reason: 'x' }))).toBe(
      'CONFLICT',
    );
    expect(code(() => noticeWindow('2026-09-10', 0))).toBe('INVALID_INPUT');
  });

  it('refuses a payment once every stage is paid', () => {
    const f = facts('paying', { stagesTotal: 2, stagesPaid: 2 });
    expect(code(() => nextState(f, { action: 'pay_stage', actor: admin, today }))).toBe('CONFLICT');
  });

  it('terminal states allow nothing', () => {
    const everyone = [enterprise, reviewer, approver, admin];
    for (const state of TERMINAL)
      expect(everyone.flatMap((a) => availableActions(facts(state), a, today))).toEqual([]);
  });

  it('every rule names roles and states that exist; no officer rule admits an enterprise user', () => {
    for (const t of TRANSITIONS) {
      expect(t.roles.length).toBeGreaterThan(0);
      for (const s of [...t.from, t.to]) expect(APPLICATION_STATES).toContain(s);
      if (t.side === 'officer') expect(t.roles).not.toContain('enterprise' satisfies WorkflowRole);
      expect(t.roles).not.toContain('auditor' satisfies WorkflowRole);
    }
  });

  it('any sequence of attempts keeps the case in a known state and never decides twice', () => {
    const actors = [enterprise, reviewer, approver, admin, auditor, otherEnterprise];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ action: fc.constantFrom(...WORKFLOW_ACTIONS), actor: fc.constantFrom(...actors) }),
          {
            maxLength: 40,
          },
        ),
        (attempts) => {
          let f = facts('draft', { stagesTotal: 3, noticeEndsOn: '2026-09-01' });
          let approvals = 0;
          for (const a of attempts) {
            try {
              const step = nextState(f, { ...a, today, reason: 'r' });
              if (step.to === 'approved') approvals++;
              if (step.action === 'recommend') f = { ...f, recommendedBy: a.actor.id };
              if (step.action === 'pay_stage') f = { ...f, stagesPaid: f.stagesPaid + 1 };
              f = { ...f, state: step.to };
            } catch (e) {
              expect(['CONFLICT', 'FORBIDDEN', 'INVALID_INPUT']).toContain((e as CeyuanError).code);
            }
            expect(APPLICATION_STATES).toContain(f.state);
            expect(f.stagesPaid).toBeLessThanOrEqual(f.stagesTotal);
          }
          // Without an upheld objection, nothing returns to review after approval.
          expect(approvals).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
