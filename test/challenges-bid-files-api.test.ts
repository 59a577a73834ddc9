/**
 * 揭榜材料 sealed as the bid (issue 11·2), through every endpoint that can reach a file: the generic
 * attachment routes (list, upload, open, remove) on the subject `challenge_bid` and the bid's own
 * GET /api/challenges/bids/:id/files/:sha256. The bidder reads, adds and removes its files until the
 * deadline; each submitted version keeps the files it named, by hash, even after a removal; officers read
 * them after the deadline, unblocked judges (experts and the poser's scorers) once judging opens; another
 * bidder, the poser, a blocked judge and the public never. And 出题方阅卷 (issue 11·3): only officers list
 * the poser organisation's users eligible to score (name and role only), and conflicts apply to them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OrganisationRepository } from '../src/storage/repositories/organisations.ts';
import { apiCalls, type Body } from './support/api-calls.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { challengeParties, listedProblem } from './support/challenges.ts';
import { describeEachDatabase } from './support/databases.ts';
import { multipart, PDF, PNG } from './support/files.ts';

const WAN = 1_000_000;

const bid = (
  files: { name: string; sha256: string; size: number }[],
  plan = '银烧结与铜线键合工艺，分两阶段。',
) => ({
  amount: 4000 * WAN,
  plan,
  team: '教授级高工 2 名、博士 5 名',
  milestones: [{ title: '样品', dueOn: '2027-03-31', plannedInput: 4000 * WAN, indicators: '样品 100 套' }],
  attachments: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })),
});

describeEachDatabase('challenges: sealed bid files and the poser’s scorers', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const { call, ok } = apiCalls(() => t, h);
  let problemId = '';
  let bidA = '';
  let pdfA: Body;
  let pngA: Body;

  const folder = (o: string) => `${problemId}:${org[o]}`;
  const listUrl = (o: string) =>
    `/api/attachments?${new URLSearchParams({ subjectType: 'challenge_bid', subjectId: folder(o) })}`;
  const upload = async (who: string | null, o: string, name: string, bytes: Buffer) => {
    const body = multipart(name, bytes);
    const res = await t.app.inject({
      method: 'POST',
      url: listUrl(o),
      headers: { ...(who ? h[who] : {}), 'content-type': body.contentType },
      payload: body.payload,
    });
    return { status: res.statusCode, body: res.json() };
  };
  const raw = (method: 'GET' | 'DELETE', url: string, who: string | null) =>
    t.app.inject({ method, url, headers: who ? h[who] : {} });
  /** Every way to reach bidder A's files, with the status each answers `who`. */
  const reach = async (who: string | null) => ({
    list: (await raw('GET', listUrl('a'), who)).statusCode,
    open: (await raw('GET', `/api/attachments/${pngA.id}`, who)).statusCode,
    byHash: (await raw('GET', `/api/challenges/bids/${bidA}/files/${pdfA.sha256}`, who)).statusCode,
    bid: (await raw('GET', `/api/challenges/bids/${bidA}`, who)).statusCode,
  });
  const sealed = { list: 404, open: 404, byHash: 404, bid: 404 };
  const readable = { list: 200, open: 200, byHash: 200, bid: 200 };

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-07-01T02:00:00Z' });
    Object.assign(org, await challengeParties(ctx.db));
    await t.createUser('poser', 'enterprise', org.p);
    await t.createUser('poser-scorer', 'enterprise', org.p);
    await t.createUser('ent-a', 'enterprise', org.a);
    await t.createUser('ent-b', 'enterprise', org.b);
    await t.createUser('reviewer', 'reviewer', null, { department: '区科委' });
    await t.createUser('auditor', 'auditor');
    await t.createUser('exp', 'expert');
    await t.createUser('exp-b', 'expert', null, { affiliationOrganisationId: org.b });
    for (const n of ['poser', 'poser-scorer', 'ent-a', 'ent-b', 'reviewer', 'auditor', 'exp', 'exp-b'])
      h[n] = await t.login(n);
    const people = await ok('GET', '/api/people', 'auditor');
    for (const p of people.items) ids[p.username] = p.id;

    ({ problemId } = await listedProblem(
      ok,
      { poser: 'poser', officer: 'reviewer' },
      { opensOn: '2026-07-01', closesOn: '2026-07-31' },
    ));
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('the bidder uploads to its folder and the bid names the stored files; nobody else reaches them', async () => {
    const up = await upload('ent-a', 'a', '技术方案.pdf', PDF);
    expect(up.status).toBe(201);
    pdfA = up.body;
    // A bid may name only files in the bidder's folder; name and size are the store's.
    const stray = await call('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-a', {
      ...bid([{ name: '别处.pdf', sha256: 'f'.repeat(64), size: 9 }]),
    });
    expect(stray.status).toBe(400);
    expect(stray.body.error.issues[0]).toMatchObject({ path: 'attachments.0', rule: 'not_uploaded' });
    const v1 = await ok('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-a', {
      ...bid([{ ...pdfA, name: '改名.pdf', size: 1 }]),
    });
    bidA = v1.bid.id;
    expect(v1.bid.attachments).toEqual([{ name: '技术方案.pdf', sha256: pdfA.sha256, size: PDF.length }]);
    // A second file and a revision naming both; then the first is removed from the folder.
    pngA = (await upload('ent-a', 'a', '样品照片.png', PNG)).body;
    await ok('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-a', {
      ...bid([pdfA, pngA]),
      version: 1,
    });
    expect((await raw('DELETE', `/api/attachments/${pdfA.id}`, 'ent-a')).statusCode).toBe(204);
    const files = await ok('GET', listUrl('a'), 'ent-a');
    expect(files.items.map((f: Body) => f.name)).toEqual(['样品照片.png']);
    // History is not rewritten: both versions still name what they named, and the removed file opens.
    const versions = await ok('GET', `/api/challenges/bids/${bidA}/versions`, 'ent-a');
    expect(versions.items.map((v: Body) => v.attachments.map((a: Body) => a.name))).toEqual([
      ['技术方案.pdf'],
      ['技术方案.pdf', '样品照片.png'],
    ]);
    const old = await raw('GET', `/api/challenges/bids/${bidA}/files/${pdfA.sha256}`, 'ent-a');
    expect(old.statusCode).toBe(200);
    expect(old.headers['x-checksum-sha256']).toBe(pdfA.sha256);
    expect(Buffer.from(old.rawPayload).equals(PDF)).toBe(true);
    // A hash the bid never named is not served, even one in the store.
    const other = (await upload('ent-b', 'b', '他家方案.pdf', Buffer.concat([PDF, Buffer.from('b')]))).body;
    expect((await raw('GET', `/api/challenges/bids/${bidA}/files/${other.sha256}`, 'ent-a')).statusCode).toBe(
      404,
    );
    await ok(
      'POST',
      `/api/challenges/problems/${problemId}/bids`,
      'ent-b',
      bid([other], '瞬态液相焊接工艺，三阶段完成。'),
    );

    // Before the deadline: no one but the bidder, by any endpoint — not even that the files exist.
    for (const who of ['ent-b', 'poser', 'poser-scorer', 'reviewer', 'auditor', 'exp', 'exp-b'])
      expect(await reach(who), who).toEqual(sealed);
    expect(await reach(null)).toEqual({ list: 401, open: 401, byHash: 401, bid: 401 });
    // Nor can another organisation add to or remove from the folder.
    expect((await upload('ent-b', 'a', 'x.pdf', PDF)).status).toBe(404);
    expect((await upload(null, 'a', 'x.pdf', PDF)).status).toBe(401);
    expect((await raw('DELETE', `/api/attachments/${pngA.id}`, 'ent-b')).statusCode).toBe(404);
    expect((await raw('DELETE', `/api/attachments/${pngA.id}`, 'reviewer')).statusCode).toBe(404);
    // One folder, one spelling: the same ids in upper case are no folder at all.
    const upper = `/api/attachments?subjectType=challenge_bid&subjectId=${folder('a').toUpperCase()}`;
    expect((await raw('GET', upper, 'ent-a')).statusCode).toBe(404);
    // A folder of an organisation that has not bid is nobody's to see but its own.
    expect((await raw('GET', listUrl('p'), 'reviewer')).statusCode).toBe(404);
  });

  it('lists the poser’s users eligible to score to officers only, name and role', async () => {
    const url = `/api/challenges/problems/${problemId}/poser-scorers`;
    const got = await ok('GET', url, 'reviewer');
    expect(got.organisation).toEqual({ id: org.p, name: '松江整车电驱有限公司' });
    expect(got.items.map((u: Body) => u.displayName).sort()).toEqual(['poser', 'poser-scorer']);
    expect(Object.keys(got.items[0]).sort()).toEqual(['displayName', 'role', 'userId']);
    for (const who of ['poser', 'ent-a', 'auditor', 'exp'])
      expect((await call('GET', url, who)).status, who).toBe(403);
    expect((await call('GET', url)).status).toBe(401);
    expect((await call('GET', `/api/challenges/problems/${org.a}/poser-scorers`, 'reviewer')).status).toBe(
      404,
    );
  });

  it('after the deadline: the bidder only reads; officers read; judges once judging opens, if not blocked', async () => {
    t.clock.set('2026-08-01T04:00:00Z');
    for (const n of Object.keys(h)) h[n] = await t.login(n); // sessions lapse over a month
    expect((await upload('ent-a', 'a', '迟交.pdf', PDF)).status).toBe(403);
    expect((await raw('DELETE', `/api/attachments/${pngA.id}`, 'ent-a')).statusCode).toBe(403);
    expect(await reach('ent-a')).toEqual(readable);
    // The seal lifts for officers and the auditor with the deadline (as for the bid itself).
    expect(await reach('reviewer')).toEqual(readable);
    expect(await reach('auditor')).toEqual(readable);

    // The panel: an expert, an expert employed by bidder B (blocked), and a poser scorer.
    const panel = await ok('POST', `/api/challenges/problems/${problemId}/judges`, 'reviewer', {
      experts: [ids.exp, ids['exp-b']],
      poserScorers: [ids['poser-scorer']],
    });
    const blocked = Object.fromEntries(panel.items.map((j: Body) => [j.username, j.blocked]));
    expect(blocked).toEqual({ exp: false, 'exp-b': true, 'poser-scorer': false });
    // Not yet: judges read only once judging is open.
    for (const who of ['exp', 'poser-scorer']) expect(await reach(who), who).toEqual(sealed);
    await ok('POST', `/api/challenges/problems/${problemId}/open-judging`, 'reviewer', {});
    expect(await reach('exp')).toEqual(readable);
    expect(await reach('poser-scorer')).toEqual(readable);
    const listed = await ok('GET', listUrl('a'), 'exp');
    expect(listed.items.map((f: Body) => f.name)).toEqual(['样品照片.png']);
    // Never: a blocked judge, another bidder, the poser's other users, the public.
    for (const who of ['exp-b', 'ent-b', 'poser']) expect(await reach(who), who).toEqual(sealed);
    expect(await reach(null)).toEqual({ list: 401, open: 401, byHash: 401, bid: 401 });
    // Readers after the seal still cannot change the folder.
    expect((await upload('reviewer', 'a', 'x.pdf', PDF)).status).toBe(403);
    expect((await raw('DELETE', `/api/attachments/${pngA.id}`, 'exp')).statusCode).toBe(403);
  });

  it('a poser scorer in one group with a bidder is blocked like an expert', async () => {
    // Bidder B becomes the poser's parent (one group): re-appointing re-checks and blocks.
    const b = await new OrganisationRepository(ctx.db).get(org.b!);
    await ctx.db
      .insertInto('organisation_links')
      .values({ organisation_id: org.p!, relation: 'parent', related_uscc: b!.uscc })
      .execute();
    const panel = await ok('POST', `/api/challenges/problems/${problemId}/judges`, 'reviewer', {
      poserScorers: [ids['poser-scorer']],
    });
    const scorer = panel.items.find((j: Body) => j.username === 'poser-scorer');
    expect(scorer.blocked).toBe(true);
    expect(scorer.conflicts.map((c: Body) => [c.reason, c.organisationId])).toEqual([['same_group', org.b]]);
    expect(scorer.conflicts[0].text.zh).toMatch(
      /^出题方阅卷人所在单位与揭榜方“杭州芯联封装有限公司”属于同一集团/,
    );
    expect(await reach('poser-scorer')).toEqual(sealed);
  });
});
