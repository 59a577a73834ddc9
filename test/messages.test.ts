/**
 * 站内消息: the shared notification model. A message reaches exactly its recipients (a user, the users
 * of an organisation, a role, a department), read state is per user, a dedupe key notifies once, a
 * message sent in a rolled-back transaction never appears, and nobody reads another's message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomIds } from '../src/service/applications/ports.ts';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { createMessageService } from '../src/service/messages/service.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

describeEachDatabase('messages', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  let orgA: string;
  let orgB: string;
  const ids: Record<string, string> = {};
  const service = () => createMessageService({ db: ctx.db, clock: t.clock, ids: randomIds });

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-09-10T04:00:00Z' });
    orgA = await insertOrganisation(ctx.db, {
      name: '甲企业',
      kind: 'enterprise',
      centreOriginCity: 'jiaxing',
    });
    orgB = await insertOrganisation(ctx.db, {
      name: '乙企业',
      kind: 'enterprise',
      centreOriginCity: 'hangzhou',
    });
    await t.createUser('ent-a', 'enterprise', orgA);
    await t.createUser('ent-a2', 'enterprise', orgA);
    await t.createUser('ent-b', 'enterprise', orgB);
    await t.createUser('rev-kw', 'reviewer', null, { department: '区科委' });
    await t.createUser('rev-jw', 'reviewer', null, { department: '区经委' });
    await t.createUser('expert1', 'expert', null, { affiliationOrganisationId: orgB });
    for (const name of ['ent-a', 'ent-a2', 'ent-b', 'rev-kw', 'rev-jw', 'expert1'])
      h[name] = await t.login(name);
    for (const row of await ctx.db.selectFrom('users').select(['id', 'username']).execute())
      ids[row.username] = row.id;
  });

  afterAll(async () => {
    await t?.app.close();
  });

  const inbox = async (who: string, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/messages${query}`, headers: h[who] });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: { id: string; kind: string; subject: { zh: string }; readAt: string | null }[];
      unread: number;
    };
  };

  it('reaches exactly its recipients: organisation, role, department, user', async () => {
    const s = service();
    await s.send(ctx.db, {
      to: { organisationId: orgA },
      kind: 'test.org',
      subject: { zh: '致甲企业', en: 'to A' },
    });
    await s.send(ctx.db, {
      to: { role: 'reviewer' },
      kind: 'test.role',
      subject: { zh: '致审核人', en: 'to reviewers' },
    });
    await s.send(ctx.db, {
      to: { department: '区科委' },
      kind: 'test.department',
      subject: { zh: '致区科委', en: 'to the science commission' },
      link: '/plan',
    });
    await s.send(ctx.db, {
      to: { userId: ids.expert1! },
      kind: 'test.user',
      subject: { zh: '致专家', en: 'to the expert' },
    });

    const kinds = async (who: string) => (await inbox(who)).items.map((m) => m.kind).sort();
    expect(await kinds('ent-a')).toEqual(['test.org']);
    expect(await kinds('ent-a2')).toEqual(['test.org']);
    expect(await kinds('ent-b')).toEqual([]);
    expect(await kinds('rev-kw')).toEqual(['test.department', 'test.role']);
    expect(await kinds('rev-jw')).toEqual(['test.role']);
    // An expert's affiliation is for conflict checks only: it never receives that organisation's mail.
    expect(await kinds('expert1')).toEqual(['test.user']);
  });

  it('keeps read state per user and answers 404 for a message not addressed to the caller', async () => {
    const [message] = (await inbox('ent-a', '?kind=test.org')).items;
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${message!.id}/read`,
      headers: h['ent-a'],
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await inbox('ent-a', '?unread=true')).items).toHaveLength(0);
    expect((await inbox('ent-a2', '?unread=true')).items).toHaveLength(1);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${message!.id}/read`,
      headers: h['ent-b'],
    });
    expect(foreign.statusCode).toBe(404);
    const all = await t.app.inject({ method: 'POST', url: '/api/messages/read-all', headers: h['rev-kw'] });
    expect(all.json()).toEqual({ marked: 2 });
    expect((await inbox('rev-kw')).unread).toBe(0);
    expect((await inbox('rev-jw')).unread).toBe(1);
  });

  it('sends once per dedupe key, and not at all from a rolled-back transaction', async () => {
    const s = service();
    const draft = {
      to: { organisationId: orgB },
      kind: 'test.dedupe',
      subject: { zh: '只发一次', en: 'once' },
      dedupeKey: 'test:once',
    };
    expect((await s.send(ctx.db, draft)).created).toBe(true);
    expect((await s.send(ctx.db, draft)).created).toBe(false);
    await ctx.db
      .transaction()
      .execute(async (tx) => {
        await s.send(tx, { ...draft, dedupeKey: 'test:rolled-back', kind: 'test.rollback' });
        throw new Error('the change it reported failed');
      })
      .catch(() => undefined);
    expect((await inbox('ent-b')).items.map((m) => m.kind)).toEqual(['test.dedupe']);
  });

  it('refuses a malformed message naming the field, and a signed-out caller', async () => {
    const err = await service()
      .send(ctx.db, { to: { organisationId: orgA }, kind: 'Bad Kind', subject: { zh: '', en: 'x' } })
      .catch((e: unknown) => e as { issues: { path: string }[] });
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'kind',
      'subject.zh',
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/messages' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/messages?limit=0', headers: h['ent-a'] })).statusCode,
    ).toBe(400);
  });
});
