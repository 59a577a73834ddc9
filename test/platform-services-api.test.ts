/**
 * The platform services the web UI stands on, through HTTP on PGlite and PostgreSQL: attachments
 * (upload limits and types, checksum in the audit, download refused to another organisation and to
 * the public), public notices (nothing private in them) with objections anyone files that keep the
 * notice from closing until an officer decides, the 办事指南 with its 待补录 facts filled in by an
 * administrator, the queue with the applicant's name and sorting, and a draft made from a self-check
 * that carries its amount and evaluation.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wanToFen } from '../src/core/money.ts';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { buildTestApp, signInCast, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';
import { multipart, PDF, PNG } from './support/files.ts';

describeEachDatabase('platform services over HTTP', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  let appId = '';

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-09-10T04:00:00Z' });
    const orgA = await insertOrganisation(ctx.db, {
      name: '揭榜企业甲',
      kind: 'enterprise',
      centreOriginCity: 'jiaxing',
    });
    const orgB = await insertOrganisation(ctx.db, {
      name: '他家企业乙',
      kind: 'enterprise',
      centreOriginCity: 'hangzhou',
    });
    Object.assign(h, await signInCast(t, [orgA, orgB]));
  });

  afterAll(async () => {
    await t?.app.close();
  });

  function call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    who: string | null,
    payload?: unknown,
  ) {
    return t.app.inject({
      method,
      url,
      headers: who ? h[who] : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  function upload(who: string, subjectId: string, name: string, bytes: Buffer, material?: string) {
    const body = multipart(name, bytes);
    const qs = new URLSearchParams({
      subjectType: 'application',
      subjectId,
      ...(material ? { material } : {}),
    });
    return t.app.inject({
      method: 'POST',
      url: `/api/attachments?${qs}`,
      headers: { ...h[who], 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  it('makes a draft from a self-check with the ceiling as the amount asked and the evaluation kept', async () => {
    const input = {
      applicant: { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' },
      matters: [
        {
          id: `SC-${randomUUID()}`,
          type: 'challenge',
          date: '2026-09-01',
          challengeLists: ['songjiang_demand'],
          figures: { bidAmount: wanToFen(5000) },
        },
      ],
      asOf: '2026-09-10',
    };
    const res = await call('POST', '/api/applications/from-self-check', 'ent-a', {
      measureId: '000·二',
      input,
      title: '揭榜项目',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().requestedAmount).toBe(wanToFen(1500));
    appId = res.json().id;
    const detail = (await call('GET', `/api/applications/${appId}`, 'ent-a')).json();
    expect(detail.entitlement).toMatchObject({
      eligible: true,
      // "不超过揭榜额30%、最高2000万元" is a ceiling the officer decides within (issue 8).
      amount: { min: 0, max: wanToFen(1500) },
    });
  });

  it('stores an attachment with its checksum, and shows it only to its organisation and officers', async () => {
    const up = await upload('ent-a', appId, '揭榜合同.pdf', PDF, 'f:bidAmount');
    expect(up.statusCode, up.body).toBe(201);
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(up.json()).toMatchObject({
      name: '揭榜合同.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      sha256: sha,
      material: 'f:bidAmount',
      preview: true,
    });
    const id = up.json().id as string;

    const list = await call(
      'GET',
      `/api/attachments?subjectType=application&subjectId=${appId}`,
      'reviewer1',
    );
    expect(list.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    const file = await call('GET', `/api/attachments/${id}?inline=1`, 'auditor1');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toMatch(/^inline; .*filename\*=UTF-8''%E6%8F%AD/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PDF)).toBe(true);

    // Another organisation, and nobody signed in, learn nothing (404 / 401).
    expect((await call('GET', `/api/attachments/${id}`, 'ent-b')).statusCode).toBe(404);
    expect(
      (await call('GET', `/api/attachments?subjectType=application&subjectId=${appId}`, 'ent-b')).statusCode,
    ).toBe(404);
    expect((await upload('ent-b', appId, 'x.pdf', PDF)).statusCode).toBe(404);
    expect((await call('GET', `/api/attachments/${id}`, null)).statusCode).toBe(401);
    // Officers read but do not add to an enterprise's application.
    expect((await upload('reviewer1', appId, 'x.pdf', PDF)).statusCode).toBe(403);

    // The audit trail has the checksum.
    const audit = (await call('GET', '/api/audit?action=attachment.upload', 'auditor1')).json();
    expect(audit.items.some((e: { detail: { sha256?: string } }) => e.detail.sha256 === sha)).toBe(true);
  });

  it('refuses a file of the wrong type, an empty one and one over the size limit, naming the rule', async () => {
    const exe = await upload('ent-a', appId, '合同.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.issues[0]).toMatchObject({ path: 'file', rule: 'type' });
    expect(exe.json().error.issues[0].zh).toContain('不支持的文件类型');
    const empty = await upload('ent-a', appId, 'a.pdf', Buffer.alloc(0));
    expect(empty.json().error.issues[0].rule).toBe('empty');
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await upload('ent-a', appId, 'big.pdf', big);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.issues[0]).toMatchObject({ path: 'file', rule: 'too_big' });
    expect(tooBig.json().error.issues[0].zh).toContain('20 MB');
  });

  it('lets the organisation remove an attachment while the draft may change, and no longer after submitting', async () => {
    const up = await upload('ent-a', appId, '补充说明.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().mediaType).toBe('image/png');
    expect((await call('DELETE', `/api/attachments/${up.json().id}`, 'ent-a')).statusCode).toBe(204);
    expect((await call('GET', `/api/attachments/${up.json().id}`, 'ent-a')).statusCode).toBe(404);
    expect((await call('POST', `/api/applications/${appId}/submit`, 'ent-a', {})).statusCode).toBe(200);
    const late = await upload('ent-a', appId, 'late.pdf', PDF);
    expect(late.statusCode).toBe(403);
  });

  it('lists the queue with the applicant and sorts it', async () => {
    const q = (await call('GET', '/api/review/queue?sort=submitted&order=desc', 'reviewer1')).json();
    const mine = q.items.find((a: { id: string }) => a.id === appId);
    expect(mine).toMatchObject({
      organisationName: '揭榜企业甲',
      openObjections: 0,
      submittedOn: '2026-09-10',
    });
    expect((await call('GET', '/api/review/queue?sort=bogus', 'reviewer1')).statusCode).toBe(400);
  });

  describe('public notice and objections', () => {
    it('publishes the notice without anything private, and takes objections from anyone in its window', async () => {
      const url = `/api/applications/${appId}`;
      await call('PUT', '/api/budgets/000/2026', 'admin1', { amount: wanToFen(10_000) });
      await call('POST', `${url}/accept`, 'reviewer1', {});
      await call('POST', `${url}/start-review`, 'reviewer1', {});
      expect(
        (await call('POST', `${url}/recommend`, 'reviewer1', { amount: wanToFen(1500) })).statusCode,
      ).toBe(200);
      expect((await call('POST', `${url}/approve`, 'approver1', {})).statusCode).toBe(200);
      expect((await call('POST', `${url}/publish-notice`, 'approver1', { days: 3 })).statusCode).toBe(200);

      const list = await call('GET', '/api/public/notices?open=1', null);
      expect(list.statusCode).toBe(200);
      const notice = list.json().items.find((n: { id: string }) => n.id === appId);
      expect(notice).toEqual({
        id: appId,
        title: '揭榜项目',
        organisationName: '揭榜企业甲',
        measureId: '000·二',
        documentCode: '000',
        amount: wanToFen(1500),
        startsOn: '2026-09-10',
        endsOn: '2026-09-12',
        status: 'open',
      });

      const bad = await call('POST', `/api/public/notices/${appId}/objections`, null, {
        contact: '1',
        text: '短',
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .error.issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['contact', 'text']);
      const filed = await call('POST', `/api/public/notices/${appId}/objections`, null, {
        name: '张三',
        contact: '13800000000',
        text: '该单位的揭榜额与公开的合同金额不一致，请核实。',
      });
      expect(filed.statusCode, filed.body).toBe(201);

      // Nothing about the objector reaches the public side; officers see the contact.
      expect((await call('GET', `/api/public/notices/${appId}`, null)).body).not.toContain('13800000000');
      expect((await call('GET', '/api/review/public-objections?status=open', null)).statusCode).toBe(401);
      expect((await call('GET', '/api/review/public-objections?status=open', 'ent-a')).statusCode).toBe(403);
      const seen = (await call('GET', '/api/review/public-objections?status=open', 'reviewer1')).json().items;
      expect(seen).toEqual([
        expect.objectContaining({ applicationId: appId, name: '张三', contact: '13800000000' }),
      ]);
      const queue = (await call('GET', '/api/review/queue?state=in_notice', 'reviewer1')).json().items;
      expect(queue.find((a: { id: string }) => a.id === appId).openObjections).toBe(1);
      const audit = JSON.stringify(
        (await call('GET', '/api/audit?action=notice.objection_filed', 'auditor1')).json(),
      );
      expect(audit).toContain(appId);
      expect(audit).not.toContain('13800000000');
    });

    it('keeps the notice open until an officer decides the objection, and takes none after the window', async () => {
      const url = `/api/applications/${appId}`;
      t.clock.set('2026-09-13T04:00:00Z');
      for (const name of Object.keys(h)) h[name] = await t.login(name);
      const late = await call('POST', `/api/public/notices/${appId}/objections`, null, {
        contact: 'someone@example.com',
        text: '异议期已过后提交的异议内容。',
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.message.zh).toContain('2026-09-12');
      const blocked = await call('POST', `${url}/close-notice`, 'approver1', {});
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.message.zh).toContain('异议未处理');
      const dismissed = await call('POST', `${url}/objections/dismiss`, 'approver1', {
        reason: '核实合同金额一致',
      });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      const done = (
        await call('GET', `/api/review/public-objections?applicationId=${appId}`, 'reviewer1')
      ).json().items;
      expect(done[0]).toMatchObject({ status: 'dismissed', resolution: '核实合同金额一致' });
      expect((await call('POST', `${url}/close-notice`, 'approver1', {})).json().state).toBe('notice_closed');
      const after = (await call('GET', `/api/public/notices/${appId}`, null)).json();
      expect(after.status).toBe('closed');
    });
  });

  describe('办事指南', () => {
    it('quotes what the text says and marks the rest 待补录, with materials from the conditions', async () => {
      const g = (await call('GET', `/api/catalogue/${encodeURIComponent('000·二')}/guide`, null)).json();
      expect(g.interpretation.quote).toContain('由区科创发展办、区经委、区科委等在各自职责范围内负责解释');
      expect(g.facts.rounds.quote.quote).toContain('定期发布攻关项目需求榜单');
      expect(g.facts.contact).toEqual({ quote: null, filled: null, pending: true });
      const codes = g.materials.map((m: { code: string }) => m.code);
      expect(codes).toEqual(expect.arrayContaining(['c:matter.challengeLists', 'f:bidAmount']));
    });

    it('lets an administrator fill a pending fact, with its source, audited; nobody else', async () => {
      const url = `/api/guides/${encodeURIComponent('000·二')}/contact`;
      const body = { value: '021-00000000（区科委，演示）', source: '区科委来函（测试）' };
      expect((await call('PUT', url, 'reviewer1', body)).statusCode).toBe(403);
      expect((await call('PUT', url, null, body)).statusCode).toBe(401);
      expect((await call('PUT', url, 'admin1', { value: '', source: 'x' })).statusCode).toBe(400);
      const filled = await call('PUT', url, 'admin1', body);
      expect(filled.statusCode, filled.body).toBe(200);
      expect(filled.json().facts.contact).toMatchObject({
        pending: false,
        filled: { value: body.value, source: body.source, by: 'admin1' },
      });
      const audit = (await call('GET', '/api/audit?action=guide.fill', 'auditor1')).json();
      expect(audit.items[0]).toMatchObject({ actor: 'admin1', subject: 'measure:000·二' });
    });
  });
});
