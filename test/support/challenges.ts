/**
 * A problem placed on a published 000·二 list, through the API as a poser and an officer would do it:
 * proposed and submitted, accepted, placed on a new list with the given window, the list published. And
 * the usual parties: a Songjiang poser and two bidders from other centre cities (000·二 covers them).
 */
import { insertOrganisation } from '../../src/service/applications/testing.ts';
import type { Db } from '../../src/storage/schema.ts';
import type { apiCalls } from './api-calls.ts';
import type { TestApp } from './app.ts';
import { multipart, PDF } from './files.ts';

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

/**
 * A milestone's evidence file uploaded through the attachments API to the milestone's folder
 * (`challenge_milestone`, `<projectId>:<seq>`), as the winner's milestone page does: a small PDF whose bytes
 * carry the name, so each file has its own SHA-256. Answers what the evidence names: name, SHA-256, size.
 */
export async function uploadEvidence(
  t: TestApp,
  session: { authorization: string },
  projectId: string,
  seq: number,
  name: string,
): Promise<{ name: string; sha256: string; size: number }> {
  const body = multipart(name, Buffer.concat([PDF, Buffer.from(`% ${projectId}:${seq} ${name}\n`)]));
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/attachments?${new URLSearchParams({ subjectType: 'challenge_milestone', subjectId: `${projectId}:${seq}` })}`,
    headers: { ...session, 'content-type': body.contentType },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`evidence upload → ${res.statusCode} ${res.body}`);
  const file = res.json() as { name: string; sha256: string; size: number };
  return { name: file.name, sha256: file.sha256, size: file.size };
}
