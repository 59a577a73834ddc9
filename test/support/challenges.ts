/**
 * A problem placed on a published 000·二 list, through the API as a poser and an officer would do it:
 * proposed and submitted, accepted, placed on a new list with the given window, the list published.
 */
import type { apiCalls } from './api-calls.ts';

const WAN = 1_000_000;

export const siliconCarbideProblem = {
  title: '车规级碳化硅功率模块封装可靠性攻关',
  need: '面向新能源汽车主驱逆变器，需要解决碳化硅功率模块在高温循环下的焊层疲劳问题。',
  indicators: [{ name: '功率循环寿命', target: '≥ 50万次' }],
  deliverables: '样品 100 套',
  timelineMonths: 24,
  sector: 'new_energy',
  budgetMin: 2000 * WAN,
  budgetMax: 6000 * WAN,
  coFunds: true,
  submit: true,
};

export async function listedProblem(
  ok: ReturnType<typeof apiCalls>['ok'],
  who: { poser: string; officer: string },
  window: { opensOn: string; closesOn: string },
  problem: object = siliconCarbideProblem,
): Promise<{ problemId: string; listId: string }> {
  const p = await ok('POST', '/api/challenges/problems', who.poser, problem, 201);
  await ok('POST', `/api/challenges/problems/${p.id}/review`, who.officer, { decision: 'accept' });
  const list = await ok(
    'POST',
    '/api/challenges/lists',
    who.officer,
    { basisMeasureId: '000·二', title: '2026年攻关项目需求榜单', batch: '第一批', ...window },
    201,
  );
  await ok('POST', `/api/challenges/problems/${p.id}/place`, who.officer, { listId: list.id });
  await ok('POST', `/api/challenges/lists/${list.id}/publish`, who.officer, {});
  return { problemId: p.id, listId: list.id };
}
