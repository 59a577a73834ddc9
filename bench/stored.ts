/**
 * End to end, a stored screening run as an officer starts it: the registry is in the database; the
 * run reads it out, screens it, works out the amounts and stores every pair and notice. Measured in a
 * process of its own (`bench --child store-run`), so the peak memory reported is the whole process's
 * (process.resourceUsage().maxRSS) and nothing of the set-up counts.
 *
 * The set-up (`bench --child store-setup`) generates the registry and loads it with COPY — into a
 * throwaway PostgreSQL database, or a PGlite folder on disk like `npm start` uses — and says how many
 * pairs the compiled kernel finds, which each run's stored pairs are checked against.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { compileScreen } from '../src/screening/compile-js.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { writeCopyFiles } from '../src/screening/load-sql.ts';
import { createScreeningService, runMeasures } from '../src/screening/runs.ts';
import { allocateBitsets, popcount, screenTarget } from '../src/screening/screen.ts';
import type { Actor } from '../src/service/applications/ports.ts';
import { randomIds } from '../src/service/applications/ports.ts';
import { createAuditService } from '../src/service/audit/service.ts';
import { migrate, openDatabase, wrapPglite } from '../src/storage/database.ts';
import { serverCpuMs } from './qualifications.ts';

export type StoreDb = 'postgres' | 'pglite';

export interface SetupResult {
  size: number;
  loadMs: number;
  /** Pairs the compiled kernel finds for the run's measures: what a run must store. */
  expectedPairs: number;
}

/** One phase of a run: wall time, this process's CPU time and (PostgreSQL) the server's. */
export interface PhaseFigures {
  wallMs: number;
  cpuMs: number;
  /** CPU of the PostgreSQL server's processes (null: PGlite, in this process's CPU). */
  serverCpuMs: number | null;
}

export interface StoreRunResult {
  method: 'bulk' | 'sql';
  size: number;
  totalMs: number;
  /** This process's CPU over the run, and the server's (PostgreSQL). */
  cpuMs: number;
  serverCpuMs: number | null;
  /** Phases in order: start, load, screen, amounts, encode, store, notices, commit. */
  phases: Record<string, PhaseFigures>;
  /** 1-minute load average when the run began and ended. */
  loadAverage: [number, number];
  timings: Record<string, number>;
  pairs: number;
  notices: number;
  maxRssMb: number;
}

const ORG_COLUMNS = 'organisations (id, uscc, name, kind, city, centre_origin_city, sectors, licences)';
const QUAL_COLUMNS = 'organisation_qualifications (organisation_id, code, valid_from, valid_to)';

/**
 * Base figures as an officer imports them: the previous year's operating spend filed for four in five
 * innovation centres and international organisations (the figure 000·九·运营, 000·十二 and
 * 001·十七 take), 80万–480万 each, so a run works amounts out and some notices are 免申即享.
 */
function baseFiguresSql(date: string): string {
  const year = Number(date.slice(0, 4)) - 1;
  return `INSERT INTO organisation_base_figures (organisation_id, figure, year, amount, source, recorded_by, recorded_at)
    SELECT id, 'operatingSpend', ${year}, (80 + abs(hashtext(id::text)) % 400) * 1000000, '${year} 年度审计报告',
      'bench', now()
    FROM organisations WHERE kind IN ('innovation_centre', 'intl_st_org') AND abs(hashtext(id::text)) % 5 <> 0`;
}

/** Generates the registry and loads it (target: a PostgreSQL URL or a PGlite folder). */
export async function storeSetup(
  catalogue: Catalogue,
  o: { db: StoreDb; target: string; size: number; seed: number; date: string; adopt: Record<string, string> },
): Promise<SetupResult> {
  const reg = generateRegistry(catalogue.reference, { count: o.size, seed: o.seed });
  const engine = createEngine(catalogue);
  const measures = runMeasures(engine, o.date, o.adopt);
  const { kernel } = compileScreen(
    measures.map((m) => screenTarget(m, o.date, o.adopt)),
    reg,
    { date: o.date, facts: engine.facts },
  );
  const bits = allocateBitsets(measures.length, reg.size);
  kernel(0, reg.size, bits);
  const expectedPairs = bits.reduce((a, b) => a + popcount(b), 0);

  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-bench-copy-'));
  const orgFile = join(dir, 'organisations.csv');
  const qualFile = join(dir, 'qualifications.csv');
  const t0 = performance.now();
  try {
    writeCopyFiles(reg, catalogue.reference, orgFile, qualFile);
    if (o.db === 'postgres') {
      const db = await openDatabase({ url: o.target, poolSize: 1 });
      await db.destroy();
      const client = new pg.Client({ connectionString: o.target });
      await client.connect();
      try {
        for (const [table, file] of [
          [ORG_COLUMNS, orgFile],
          [QUAL_COLUMNS, qualFile],
        ] as const) {
          await pipeline(
            createReadStream(file),
            client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv)`)),
          );
        }
        await client.query(baseFiguresSql(o.date));
        await client.query('VACUUM ANALYZE organisations');
        await client.query('VACUUM ANALYZE organisation_qualifications');
        await client.query('VACUUM ANALYZE organisation_base_figures');
      } finally {
        await client.end();
      }
    } else {
      const client = await PGlite.create(o.target);
      const db = wrapPglite(client);
      await migrate(db);
      for (const [table, file] of [
        [ORG_COLUMNS, orgFile],
        [QUAL_COLUMNS, qualFile],
      ] as const) {
        await client.query(`COPY ${table} FROM '/dev/blob' WITH (FORMAT csv)`, [], {
          blob: new Blob([readFileSync(file)]),
        });
      }
      await client.query(baseFiguresSql(o.date));
      await client.query('VACUUM ANALYZE organisations');
      await client.query('VACUUM ANALYZE organisation_qualifications');
      await client.query('VACUUM ANALYZE organisation_base_figures');
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { size: o.size, loadMs: performance.now() - t0, expectedPairs };
}

const BENCH_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'bench',
  role: 'admin',
  organisationId: null,
};

/** One stored run, first of its kind: earlier runs and their notices are removed beforehand. */
export async function storeRun(
  catalogue: Catalogue,
  o: {
    db: StoreDb;
    target: string;
    date: string;
    adopt: Record<string, string>;
    method: 'bulk' | 'sql';
    /** The throwaway PostgreSQL server's folder (to read its CPU time from /proc), when it is local. */
    pgDir?: string;
  },
): Promise<StoreRunResult> {
  const db =
    o.db === 'postgres'
      ? await openDatabase({ url: o.target, poolSize: 4 })
      : await openDatabase({ dataDir: o.target });
  try {
    const raw = async (sql: string) =>
      (await db.executeQuery(CompiledQuery.raw(sql))).rows as Record<string, unknown>[];
    for (const r of await raw('SELECT id FROM screening_runs'))
      await raw(`DROP TABLE IF EXISTS screening_results_${String(r.id).replaceAll('-', '')}`);
    await raw('DELETE FROM screening_runs');
    await raw('TRUNCATE screening_notices');
    if (o.db === 'pglite') await raw('CHECKPOINT');
    const engine = createEngine(catalogue);
    const clock = { now: () => new Date() };
    const phases: Record<string, PhaseFigures> = {};
    const cpuNow = () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1000;
    };
    let last = { wall: 0, cpu: 0, server: null as number | null };
    const mark = () => ({
      wall: performance.now(),
      cpu: cpuNow(),
      server: o.pgDir ? serverCpuMs(o.pgDir) : null,
    });
    const phase = (name: string) => {
      const now = mark();
      phases[name] = {
        wallMs: now.wall - last.wall,
        cpuMs: now.cpu - last.cpu,
        serverCpuMs: now.server === null || last.server === null ? null : now.server - last.server,
      };
      last = now;
    };
    const service = createScreeningService({
      db,
      engine,
      clock,
      ids: randomIds,
      audit: createAuditService({ db, clock }),
      onPhase: phase,
    });
    const load0 = loadavg()[0]!;
    const first = mark();
    last = first;
    const started = await service.start(BENCH_ACTOR, {
      date: o.date,
      adopt: o.adopt,
      method: o.method,
      chunkSize: 50_000,
    });
    phase('start');
    const run = await service.execute(BENCH_ACTOR, started.id);
    phase(o.method === 'bulk' ? 'commit' : 'chunks');
    const end = mark();
    const totalMs = end.wall - first.wall;
    if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);
    return {
      method: o.method,
      size: run.processed,
      totalMs,
      cpuMs: end.cpu - first.cpu,
      serverCpuMs: end.server === null || first.server === null ? null : end.server - first.server,
      phases,
      loadAverage: [load0, loadavg()[0]!],
      timings: run.timings,
      pairs: run.evaluated,
      notices: run.notices,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await db.destroy();
  }
}
