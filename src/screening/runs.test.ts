/**
 * Screening runs on PGlite: chunked runs equal the compiled JS screen; cancel + resume equals an
 * uninterrupted run with no duplicate notices; incremental runs re-evaluate only what changed and
 * still equal a full run; notices confirm into applications (免申即享) or invite (快申快享).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedSnapshot } from '../../test/support/pglite-snapshot.ts';
import { loadScreeningRules } from '../catalogue/screening.ts';
import { catalogueWith001InForce } from '../catalogue/testing.ts';
import { createEngine, type Engine } from '../core/engine/calculate.ts';
import { ConflictError } from '../core/errors.ts';
import { FEN_PER_WAN } from '../core/money.ts';
import type { Actor } from '../service/applications/ports.ts';
import { createApplicationService } from '../service/applications/service.ts';
import { insertUser, testAudit, uuidIds } from '../service/applications/testing.ts';
import { MEMORY, openDatabase } from '../storage/database.ts';
import type { Db } from '../storage/schema.ts';
import { planMeasure } from './assess.ts';
import { compileScreen } from './compile-js.ts';
import { exportRun, exportScreen } from './export.ts';
import { generateRegistry } from './generate.ts';
import { insertRegistry, rowUuid } from './load-sql.ts';
import { createScreeningService, runMeasures, type ScreeningService } from './runs.ts';
import { allocateBitsets, screenColumnar, screenTarget } from './screen.ts';

/** The catalogue with draft 001 put in force from 2026-07-01, so 001·十 (免申即享) can be confirmed. */
function engineWith001InForce(): Engine {
  return createEngine(catalogueWith001InForce());
}

const DATE = '2026-09-01';
const SIZE = 1200;
let db: Db;
let engine: Engine;
let screening: ScreeningService;
let officer: Actor;
let unicornUser: Actor;
let otherUser: Actor;
// Registry rows get the database's now() as updated_at: the service clock starts a day after it, so
// only what a test changes later counts as changed since a run.
let instant = Date.now() + 86_400_000;
const clock = { now: () => new Date(instant) };
const reg = () => generateRegistry(engine.catalogue.reference, { count: SIZE, seed: 404 });

function service(e: Engine): ScreeningService {
  const audit = testAudit(db, clock);
  const applications = createApplicationService({ db, engine: e, clock, ids: uuidIds, audit });
  return createScreeningService({ db, engine: e, clock, ids: uuidIds, audit, applications });
}

/** Row → measure ids, by the compiled JS screen over the same registry. */
function jsPairs(e: Engine, measuresIds: string[], registry = reg()): Set<string> {
  // Each measure from its document's window (001·十 counts tiers first reached from 2026-07-01).
  const targets = measuresIds.map((id) => screenTarget(e.catalogue.byId.get(id)!, DATE));
  const { kernel } = compileScreen(targets, registry, { date: DATE, facts: e.facts });
  const out = allocateBitsets(targets.length, registry.size);
  kernel(0, registry.size, out);
  const pairs = new Set<string>();
  out.forEach((bits, m) => {
    for (let r = 0; r < registry.size; r++)
      if ((bits[r >>> 5]! >>> (r & 31)) & 1) pairs.add(`${rowUuid(r)} ${targets[m]!.id}`);
  });
  return pairs;
}

async function dbPairs(runId: string): Promise<Set<string>> {
  const pairs = new Set<string>();
  for await (const page of screening.results(officer, runId))
    for (const r of page) pairs.add(`${r.organisationId} ${r.measureId}`);
  return pairs;
}

async function noticeCount(): Promise<number> {
  const { rows } = await db.executeQuery<{ n: number }>(
    CompiledQuery.raw('SELECT count(*)::int AS n FROM screening_notices'),
  );
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  engine = engineWith001InForce();
  await insertRegistry(
    (sql, params) =>
      db.executeQuery({
        sql,
        parameters: params,
        query: { kind: 'RawNode' } as never,
        queryId: { queryId: 'q' },
      } as never),
    reg(),
    engine.catalogue.reference,
  );
  screening = service(engine);
  officer = await insertUser(db, 'screening-officer', 'reviewer');
  // Row 0 becomes a unicorn (first time): 001·十·独角兽 is 免申即享.
  await db
    .insertInto('organisation_qualifications')
    .values({ organisation_id: rowUuid(0), code: 'unicorn', valid_from: '2026-08-01', valid_to: null })
    .execute();
  await db.updateTable('organisations').set({ kind: 'enterprise' }).where('id', '=', rowUuid(0)).execute();
  unicornUser = await insertUser(db, 'unicorn-user', 'enterprise', rowUuid(0));
  otherUser = await insertUser(db, 'other-user', 'enterprise', rowUuid(1));
}, 120_000);

afterAll(async () => {
  await db?.destroy();
});

describe('screening runs', () => {
  it('a run in chunks, cancelled and resumed, equals the compiled JS screen; a second run notifies nobody again', async () => {
    const measures = runMeasures(engine, DATE, {}).map((m) => m.id);
    expect(measures).toContain('001·十·独角兽');
    const expected = new Set([...jsPairs(engine, measures)]);
    // The registry in the database has row 0 as a unicorn; the columnar one does not.
    const row0 = await db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', rowUuid(0))
      .executeTakeFirstOrThrow();
    expect(row0.kind).toBe('enterprise');

    const run = await screening.start(officer, { date: DATE, chunkSize: 500, method: 'sql' });
    expect(run.method).toBe('sql');
    expect(run.status).toBe('running');
    expect(run.total).toBe(SIZE);
    await screening.step(run.id);
    await screening.step(run.id);
    const cancelled = await screening.cancel(officer, run.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.processed).toBe(1000);
    expect(cancelled.percent).toBe(83);
    // A cancelled run does not move.
    expect((await screening.step(run.id)).processed).toBe(1000);
    await expect(screening.cancel(officer, run.id)).rejects.toThrow(ConflictError);
    await screening.resume(officer, run.id);
    const progress: number[] = [];
    const done = await screening.execute(officer, run.id, { onProgress: (v) => progress.push(v.percent) });
    expect(done.status).toBe('completed');
    expect(done.processed).toBe(SIZE);
    expect(progress.at(-1)).toBe(100);

    const got = await dbPairs(run.id);
    const withoutRow0 = (s: Set<string>) => new Set([...s].filter((p) => !p.startsWith(rowUuid(0))));
    expect(withoutRow0(got)).toEqual(withoutRow0(expected));
    expect(got.has(`${rowUuid(0)} 001·十·独角兽`)).toBe(true);
    expect(done.notices).toBe(got.size);
    expect(await noticeCount()).toBe(got.size);

    // Uninterrupted second run (bulk, the default): the same results, no new notice.
    const again = await screening.execute(
      officer,
      (await screening.start(officer, { date: DATE, chunkSize: 1000 })).id,
    );
    expect(again.method).toBe('bulk');
    expect(again.processed).toBe(SIZE);
    expect(again.notices).toBe(0);
    expect(await dbPairs(again.id)).toEqual(got);
    expect(await noticeCount()).toBe(got.size);

    const counts = await screening.counts(officer, again.id);
    for (const c of counts)
      expect(c.organisations).toBe([...got].filter((p) => p.endsWith(` ${c.measureId}`)).length);
  });

  it('an incremental run re-evaluates only changed organisations and changed measures, and equals a full run', async () => {
    // Runs of the earlier tests started at this same instant: the base must be the latest run.
    instant += 60_000;
    const base = await screening.execute(officer, (await screening.start(officer, { date: DATE })).id);
    instant += 3_600_000;
    // Two organisations change after the base run's snapshot.
    await db
      .updateTable('organisations')
      .set({ centre_origin_city: 'jiaxing', city: 'songjiang', kind: 'enterprise', updated_at: clock.now() })
      .where('id', 'in', [rowUuid(5), rowUuid(6)])
      .execute();
    const inc = await screening.execute(
      officer,
      (await screening.start(officer, { date: DATE, incremental: true })).id,
    );
    expect(inc.kind).toBe('incremental');
    expect(inc.baseRunId).toBe(base.id);
    expect(inc.changedMeasures).toEqual([]);
    const measures = inc.measures.length;
    // Measures whose matter is a project: only the two changed organisations. Measures the engine
    // evaluates per organisation (no matter, or a registry matter) everywhere, since grants and
    // filed figures move without the organisation's row changing.
    const rules = loadScreeningRules(engine.catalogue);
    const perOrgIds = inc.measures
      .filter((m) => planMeasure(engine.catalogue.byId.get(m.id)!, rules).kind === 'evaluate')
      .map((m) => m.id);
    expect(perOrgIds).toContain('001·十·独角兽');
    const all = [...(await dbPairs(base.id))];
    const perOrg = all.filter((p) => perOrgIds.some((id) => p.endsWith(` ${id}`))).length;
    expect(all.length).toBeGreaterThan(perOrg);
    expect(inc.evaluated).toBeLessThanOrEqual(2 * measures + perOrg);
    expect(inc.copied).toBeGreaterThan(0);
    const full = await screening.execute(officer, (await screening.start(officer, { date: DATE })).id);
    expect(await dbPairs(inc.id)).toEqual(await dbPairs(full.id));
    expect([...(await dbPairs(inc.id))].some((p) => p.startsWith(rowUuid(5)) && p.endsWith('000·二'))).toBe(
      true,
    );

    // A catalogue change: 000·二 now also needs the applicant to be an enterprise.
    const changedEngine = createEngine(
      catalogueWith001InForce((data) => {
        if (data.code !== '000') return;
        const m = data.measures.find((x) => x.id === '000·二')!;
        m.conditions.applicant.push({ fact: 'applicant.kind', op: 'eq', value: 'enterprise' });
      }, 'changed'),
    );
    const saved = screening;
    screening = service(changedEngine);
    try {
      const inc2 = await screening.execute(
        officer,
        (await screening.start(officer, { date: DATE, incremental: true })).id,
      );
      expect(inc2.changedMeasures).toEqual(['000·二']);
      const full2 = await screening.execute(officer, (await screening.start(officer, { date: DATE })).id);
      expect(await dbPairs(inc2.id)).toEqual(await dbPairs(full2.id));
      expect(inc2.evaluated).toBeLessThan(full2.evaluated);
      // Resuming a run under a different catalogue is refused.
      const stale = await saved.start(officer, { date: DATE, chunkSize: 100 });
      await expect(screening.step(stale.id)).rejects.toThrow(ConflictError);
      await saved.cancel(officer, stale.id);
    } finally {
      screening = saved;
    }
  });

  it('a simulated adoption stores results and notifies nobody', async () => {
    const before = await noticeCount();
    const run = await screening.execute(
      officer,
      (await screening.start(officer, { date: DATE, adopt: { '002': DATE } })).id,
    );
    expect(run.simulated).toBe(true);
    expect(run.notices).toBe(0);
    expect(await noticeCount()).toBe(before);
  });

  it('the inbox: 免申即享 confirms into an application, 快申快享 invites', async () => {
    const inbox = await screening.inbox(unicornUser);
    const unicorn = inbox.find((n) => n.measureId === '001·十·独角兽')!;
    expect(unicorn.mode).toBe('automatic');
    expect(unicorn.status).toBe('new');
    // "给予 400 万元的一次性奖励": a sum the text fixes, exact, read as such.
    expect(unicorn.amount).toEqual({ min: 400 * FEN_PER_WAN, max: 400 * FEN_PER_WAN });
    expect(unicorn.exact).toBe(true);
    expect(unicorn.headline?.zh).toMatch(/定额/);
    const result = await screening.confirm(unicornUser, '001·十·独角兽');
    expect(result.kind).toBe('application');
    if (result.kind === 'application') {
      expect(result.application.measureId).toBe('001·十·独角兽');
      expect(result.application.state).toBe('draft');
      expect(result.application.organisationId).toBe(rowUuid(0));
    }
    const after = (await screening.inbox(unicornUser)).find((n) => n.measureId === '001·十·独角兽')!;
    expect(after.status).toBe('confirmed');
    expect(after.applicationId).toBe(result.kind === 'application' ? result.application.id : null);
    await expect(screening.confirm(unicornUser, '001·十·独角兽')).rejects.toThrow(ConflictError);

    const invitation = inbox.find((n) => n.mode === 'invitation');
    if (invitation) {
      const r = await screening.confirm(unicornUser, invitation.measureId);
      expect(r).toEqual({
        kind: 'invitation',
        measureId: invitation.measureId,
        matterType: engine.catalogue.byId.get(invitation.measureId)!.matterType,
        matter: null,
      });
    }
    // Another enterprise sees only its own notices, and cannot read someone else's inbox.
    for (const n of await screening.inbox(otherUser)) expect(n.organisationId).toBe(rowUuid(1));
    await expect(screening.inbox(otherUser, { organisationId: rowUuid(0) })).rejects.toThrow();
    await expect(screening.start(unicornUser, { date: DATE })).rejects.toThrow();
  });

  it('exports a run and an in-memory screen to CSV and .xlsx', async () => {
    // The latest run that found something (an incremental run may have found nothing new).
    const runs = await screening.list(officer);
    let run = runs[0]!;
    for (const r of runs) {
      if ((await dbPairs(r.id)).size > 0) {
        run = r;
        break;
      }
    }
    const collect = async (f: (out: PassThrough) => Promise<number>) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const n = await f(out);
      return { n, buffer: Buffer.concat(chunks) };
    };
    const csv = await collect((out) => exportRun(screening, officer, run.id, 'csv', out, engine.catalogue));
    const text = csv.buffer.toString('utf8');
    expect(text.startsWith('\uFEFF统一社会信用代码,名称')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(csv.n + 1);
    expect(csv.n).toBe((await dbPairs(run.id)).size);
    const xlsx = await collect((out) => exportRun(screening, officer, run.id, 'xlsx', out, engine.catalogue));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(xlsx.n + 1);
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('统一社会信用代码');
    // People, not codes: labels for kind, city and notice status, and the amount the measure may give.
    const header = text.slice(1).split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['最高可获金额（元）', '金额口径']));
    expect(csv.n).toBeGreaterThan(0);
    const first = text.split('\n')[1]!.split(',');
    expect(first[2]).toMatch(/[\u4e00-\u9fa5]/);
    expect(first[3]).toMatch(/[\u4e00-\u9fa5]/);
    expect(['未读', '已读', '已确认', '已忽略']).toContain(first[8]);

    const registry = reg();
    const result = screenColumnar(registry, engine.catalogue, { date: DATE });
    const mem = await collect((out) =>
      exportScreen(result, registry, engine.catalogue, 'csv', out, { onlyMonetary: true }),
    );
    expect(mem.buffer.toString('utf8').trim().split('\n')).toHaveLength(mem.n + 1);
    expect(mem.n).toBe(
      jsPairs(
        engine,
        runMeasures(engine, DATE, {}).map((m) => m.id),
        registry,
      ).size,
    );
  });
});
