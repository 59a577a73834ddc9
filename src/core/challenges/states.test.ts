/**
 * The 揭榜挂帅 state machines as the policy reads them: who may do what from where, a reason where the
 * decision needs one, and the refusals naming their rule.
 */
import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  BID_MACHINE,
  LIST_MACHINE,
  MACHINES,
  MILESTONE_MACHINE,
  nextState,
  PROBLEM_MACHINE,
  PROJECT_MACHINE,
  windowPhase,
} from './states.ts';

describe('problem (出题 → 审核 → 列入榜单 → 阅卷 → 揭榜)', () => {
  it.each([
    // state, action, actor, reason, expected (state or refusal rule)
    ['draft', 'submit', 'poser', null, 'submitted'],
    ['submitted', 'accept', 'officer', null, 'accepted'],
    ['submitted', 'return', 'officer', '请补充验收指标', 'returned'],
    ['submitted', 'return', 'officer', null, 'reason_required'],
    ['submitted', 'reject', 'officer', '不属于关键共性技术', 'rejected'],
    ['returned', 'submit', 'poser', null, 'submitted'],
    ['submitted', 'accept', 'poser', null, 'wrong_actor'],
    ['accepted', 'place', 'officer', null, 'listed'],
    ['listed', 'open_judging', 'officer', null, 'judging'],
    ['judging', 'award', 'officer', null, 'awarded'],
    ['judging', 'award_parallel', 'officer', null, 'racing'],
    ['racing', 'downselect', 'officer', '第一阶段验收择优', 'awarded'],
    ['judging', 'no_award', 'officer', null, 'reason_required'],
    ['judging', 'no_award', 'officer', '均未达到验收指标要求', 'no_award'],
    ['listed', 'award', 'officer', null, 'not_allowed_in_state'],
    ['listed', 'withdraw', 'poser', null, 'not_allowed_in_state'],
    ['awarded', 'cancel', 'officer', '撤题', 'not_allowed_in_state'],
  ] as const)('%s —%s by %s (%s) → %s', (state, action, by, reason, expected) => {
    const step = nextState(PROBLEM_MACHINE, state, action, by, reason);
    expect(step.ok ? step.to : step.rule).toBe(expected);
  });
});

describe('bid (揭榜: sealed, revised until the deadline)', () => {
  it.each([
    ['submitted', 'revise', 'bidder', null, 'submitted'],
    ['submitted', 'withdraw', 'bidder', null, 'withdrawn'],
    ['submitted', 'win', 'officer', null, 'awarded'],
    ['submitted', 'win_parallel', 'officer', null, 'racing'],
    ['racing', 'keep', 'officer', null, 'awarded'],
    ['racing', 'drop', 'officer', null, 'reason_required'],
    ['racing', 'drop', 'officer', '择优淘汰', 'dropped'],
    ['withdrawn', 'revise', 'bidder', null, 'not_allowed_in_state'],
    ['submitted', 'win', 'bidder', null, 'wrong_actor'],
  ] as const)('%s —%s by %s (%s) → %s', (state, action, by, reason, expected) => {
    const step = nextState(BID_MACHINE, state, action, by, reason);
    expect(step.ok ? step.to : step.rule).toBe(expected);
  });
});

describe('milestone (验收) and project', () => {
  it.each([
    ['pending', 'submit_evidence', 'bidder', null, 'submitted'],
    ['submitted', 'pass', 'officer', null, 'accepted'],
    ['submitted', 'conditional', 'officer', '补充测试报告', 'conditional'],
    ['conditional', 'clear_conditions', 'officer', '已补充', 'accepted'],
    ['submitted', 'fail', 'officer', null, 'reason_required'],
    ['submitted', 'fail', 'officer', '指标未达到', 'failed'],
    ['failed', 'submit_evidence', 'bidder', null, 'submitted'],
    ['accepted', 'stop', 'system', null, 'not_allowed_in_state'],
    ['pending', 'stop', 'system', null, 'stopped'],
    ['pending', 'pass', 'officer', null, 'not_allowed_in_state'],
  ] as const)('milestone %s —%s by %s (%s) → %s', (state, action, by, reason, expected) => {
    const step = nextState(MILESTONE_MACHINE, state, action, by, reason);
    expect(step.ok ? step.to : step.rule).toBe(expected);
  });

  it('a failed project cannot be completed afterwards', () => {
    const step = nextState(PROJECT_MACHINE, 'failed', 'complete', 'officer');
    expect(step.ok).toBe(false);
  });
});

describe('lists and windows', () => {
  it('a published list is edited only with a note (a new version)', () => {
    expect(nextState(LIST_MACHINE, 'published', 'edit', 'officer').ok).toBe(false);
    expect(nextState(LIST_MACHINE, 'published', 'edit', 'officer', '延长揭榜期').ok).toBe(true);
  });

  it.each([
    ['2026-08-31', 'upcoming'],
    ['2026-09-01', 'open'],
    ['2026-09-30', 'open'],
    ['2026-10-01', 'closed'],
  ] as const)('on %s the window 2026-09-01..2026-09-30 is %s', (today, phase) => {
    expect(windowPhase({ opensOn: '2026-09-01', closesOn: '2026-09-30' }, today)).toBe(phase);
  });

  it('every machine labels each state and action, and every rule stays inside its states', () => {
    for (const m of Object.values(MACHINES)) {
      for (const r of m.rules) {
        expect(m.states).toContain(r.to);
        for (const f of r.from) expect(m.states).toContain(f);
        expect(m.actionLabels[r.action as keyof typeof m.actionLabels]).toBeDefined();
      }
      for (const s of m.states) expect(m.stateLabels[s as keyof typeof m.stateLabels]).toBeDefined();
    }
  });

  it('offers the poser only the poser’s buttons', () => {
    expect(actionsFor(PROBLEM_MACHINE, 'draft', 'poser').sort()).toEqual(['edit', 'submit', 'withdraw']);
    expect(actionsFor(PROBLEM_MACHINE, 'draft', 'officer')).toEqual([]);
  });
});
