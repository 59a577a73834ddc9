/**
 * A problem placed on a published 000·二 list, through the API as a poser and an officer would do it:
 * proposed and submitted, accepted, placed on a new list with the given window, the list published. And
 * the usual parties: a Songjiang poser and two bidders from other centre cities (000·二 covers them).
 */
import { insertOrganisation } from '../../src/service/applications/testing.ts';
import type { Db } from '../../src/storage/schema.ts';
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

export async function challengeParties(db: Db): Promise<{ p: string; a: string; b: string }> {
  return {
    p: await insertOrganisation(db, { name: '松江整车电驱有限公司', kind: 'enterprise' }),
    a: await insertOrganisation(db, {
      name: '嘉松功率半导体有限公司',
      kind: 'enterprise',
      centreOriginCity: 'jiaxing',
    }),
    b: await insertOrganisation(db, {
      name: '杭州芯联封装有限公司',
      kind: 'enterprise',
      centreOriginCity: 'hangzhou',
    }),
  };
}
