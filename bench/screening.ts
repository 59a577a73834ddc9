/**
 * One screening path measured on one registry size, in its own process (so peak memory is its own).
 * Every path screens the same synthetic registry (seed 1) against the same measures on the same date
 * and reports the eligible (organisation, measure) pairs it found, which the table compares with the
 * compiled JS path: figures for paths that disagree would be worthless.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { holds } from '../src/core/conditions.ts';
import type { Applicant } from '../src/core/input.ts';
import { type ColumnarRegistry, registryBytes, toApplicant } from '../src/screening/columnar.ts';
import { compileScreen } from '../src/screening/compile-js.ts';
import { countsQuery, pairsQuery } from '../src/screening/compile-sql.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { writeCopyFiles } from '../src/screening/load-sql.ts';
import { ScreeningPool } from '../src/screening/parallel.ts';
import {
  allocateBitsets,
  hasRow,
  kernelSource,
  type PreparedScreen,
  popcount,
  prepareScreen,
} from '../src/screening/screen.ts';
import { migrate, openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/schema.ts';
import { jreEngine, jreFacts, jreRun } from './jre.ts';
import { postgresAvailable, startThrowawayPostgres } from './postgres.ts';

export const PATHS = ['js', 'js-parallel', 'reference', 'jre', 'postgres', 'pglite'] as const;
export type PathName = (typeof PATHS)[number];

export interface PathOptions {
  path: PathName;
  size: number;
  date: string;
  adopt: Record<string, string>;
  /** Rows json-rules-engine runs on (then extrapolated). */
  jreSample: number;
  threads: number;
  seed: number;
}

export interface PathResult {
  path: PathName;
  label: string;
  orgs: number;
  measures: number;
  threads: number;
  /** How the threads column reads when it is not a plain count. */
  threadsLabel?: string;
  /** Wall time of one full screen (ms); extrapolated from `sampled` rows when set. */
  ms: number;
  sampled?: number;
  /** Eligible pairs found (on the sample when sampled). */
  pairs: number;
  /** Eligible organisations per measure (on the sample when sampled). */
  counts: number[];
  /** The compiled JS kernel's counts on the same rows: a path that disagrees is marked. */
  expectedCounts: number[];
  rssDeltaMb: number;
  heapDeltaMb: number;
  notes: string[];
  skipped?: string;
}

const MB = 1024 * 1024;

/** Peak RSS / heap above a baseline, sampled between steps and on a timer (for async work). */
class MemoryWatch {
  private readonly rss0: number;
  private readonly heap0: number;
  private peakRss: number;
  private peakHeap: number;
  private timer: NodeJS.Timeout | null = null;

  constructor() {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    this.rss0 = m.rss;
    this.heap0 = m.heapUsed;
    this.peakRss = m.rss;
    this.peakHeap = m.heapUsed;
  }

  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 10);
  }

  stop(): { rssDeltaMb: number; heapDeltaMb: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return { rssDeltaMb: (this.peakRss - this.rss0) / MB, heapDeltaMb: (this.peakHeap - this.heap0) / MB };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs fn at least `min` times and until `budgetMs` is spent (at most `max`); returns the median. */
async function repeat(fn: () => unknown, min = 5, max = 25, budgetMs = 3000): Promise<number> {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < min || (times.length < max && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The compiled kernel's bitsets over the whole registry: the answer every path is checked against. */
function expected(prepared: PreparedScreen, reg: ColumnarRegistry): Uint32Array[] {
  const { kernel } = compileScreen(prepared.targets, reg, { date: prepared.date, facts: prepared.facts });
  const out = allocateBitsets(prepared.targets.length, reg.size);
  kernel(0, reg.size, out);
  return out;
}

function countsOnRows(bits: Uint32Array[], rows: number): number[] {
  return bits.map((b) => {
    let n = 0;
    for (let r = 0; r < rows; r++) if (hasRow(b, r)) n++;
    return n;
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export async function runPath(catalogue: Catalogue, o: PathOptions): Promise<PathResult> {
  const genStart = performance.now();
  const reg = generateRegistry(catalogue.reference, {
    count: o.size,
    seed: o.seed,
    shared: o.path === 'js-parallel',
  });
  const genMs = performance.now() - genStart;
  const prepared = prepareScreen(catalogue, { date: o.date, adopt: o.adopt });
  const truth = expected(prepared, reg);
  const base = {
    path: o.path,
    orgs: o.size,
    measures: prepared.targets.length,
    threads: 1,
    expectedCounts: truth.map(popcount),
    notes: [`registry ${(registryBytes(reg) / MB).toFixed(0)} MB, generated in ${genMs.toFixed(0)} ms`],
  };
  switch (o.path) {
    case 'js':
      return jsPath(prepared, reg, base);
    case 'js-parallel':
      return jsParallelPath(prepared, reg, base, o.threads);
    case 'reference':
      return referencePath(prepared, reg, base);
    case 'jre':
      return jrePath(prepared, reg, base, truth, o.jreSample);
    case 'postgres':
      return postgresPath(catalogue, prepared, reg, base);
    case 'pglite':
      return pglitePath(catalogue, prepared, reg, base);
  }
}

type Base = Pick<PathResult, 'path' | 'orgs' | 'measures' | 'threads' | 'expectedCounts' | 'notes'>;

async function jsPath(prepared: PreparedScreen, reg: ColumnarRegistry, base: Base): Promise<PathResult> {
  const mem = new MemoryWatch();
  const compileStart = performance.now();
  const { kernel } = compileScreen(prepared.targets, reg, { date: prepared.date, facts: prepared.facts });
  const compileMs = performance.now() - compileStart;
  const out = allocateBitsets(prepared.targets.length, reg.size);
  const ms = await repeat(() => kernel(0, reg.size, out));
  const counts = out.map(popcount);
  return {
    ...base,
    label: 'compiled JS over columnar, 1 thread',
    ms,
    pairs: sum(counts),
    counts,
    ...mem.stop(),
    notes: [...base.notes, `compile ${compileMs.toFixed(1)} ms`, 'median of repeated runs'],
  };
}

async function jsParallelPath(
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  base: Base,
  threads: number,
): Promise<PathResult> {
  const mem = new MemoryWatch();
  const t0 = performance.now();
  const pool = new ScreeningPool(threads);
  const source = kernelSource(prepared, reg);
  const out = allocateBitsets(prepared.targets.length, reg.size, true);
  const first = await pool.run(source, reg, out);
  const startMs = performance.now() - t0;
  try {
    const ms = await repeat(() => pool.run(source, reg, out));
    const counts = out.map(popcount);
    return {
      ...base,
      label: `compiled JS over columnar, ${threads} worker threads`,
      threads,
      ms,
      pairs: sum(counts),
      counts,
      ...mem.stop(),
      notes: [
        ...base.notes,
        `pool start + first run ${startMs.toFixed(0)} ms (kernel ${first.map((x) => x.toFixed(1)).join('/')} ms)`,
        'median of repeated runs, shared memory',
      ],
    };
  } finally {
    await pool.close();
  }
}

async function referencePath(
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  base: Base,
): Promise<PathResult> {
  const mem = new MemoryWatch();
  const m0 = performance.now();
  const applicants: Applicant[] = new Array(reg.size);
  for (let r = 0; r < reg.size; r++) {
    applicants[r] = toApplicant(reg, r);
    if ((r & 0xffff) === 0) mem.sample();
  }
  const materialiseMs = performance.now() - m0;
  mem.sample();
  const { facts, date } = prepared;
  const lists = prepared.targets.map((t) => t.conditions);
  const t0 = performance.now();
  const counts = lists.map(() => 0);
  for (let r = 0; r < applicants.length; r++) {
    const ctx = { applicant: applicants[r]!, matter: null, date };
    for (let m = 0; m < lists.length; m++) {
      let ok = true;
      for (const c of lists[m]!) {
        if (!holds(c, ctx, facts)) {
          ok = false;
          break;
        }
      }
      if (ok) counts[m]!++;
    }
    if ((r & 0xffff) === 0) mem.sample();
  }
  const ms = performance.now() - t0;
  return {
    ...base,
    label: 'reference evaluator (holds) over Applicant objects',
    ms,
    pairs: sum(counts),
    counts,
    ...mem.stop(),
    notes: [
      ...base.notes,
      `materialising the objects took ${(materialiseMs / 1000).toFixed(1)} s more (not in the time)`,
      'one pass',
    ],
  };
}

async function jrePath(
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  base: Base,
  truth: Uint32Array[],
  sample: number,
): Promise<PathResult> {
  const rows = Math.min(sample, reg.size);
  const mem = new MemoryWatch();
  mem.start();
  const engine = jreEngine(prepared.measures);
  const facts = Array.from({ length: rows }, (_, r) => jreFacts(toApplicant(reg, r), prepared.date));
  for (let r = 0; r < Math.min(500, rows); r++) await jreRun(engine, facts[r]!);
  const index = new Map(prepared.measures.map((m, i) => [m.id, i]));
  const counts = prepared.measures.map(() => 0);
  const t0 = performance.now();
  for (let r = 0; r < rows; r++) for (const id of await jreRun(engine, facts[r]!)) counts[index.get(id)!]!++;
  const sampleMs = performance.now() - t0;
  return {
    ...base,
    label: 'json-rules-engine, same rules and data',
    ms: (sampleMs / rows) * reg.size,
    sampled: rows,
    pairs: sum(counts),
    counts,
    expectedCounts: countsOnRows(truth, rows),
    ...mem.stop(),
    notes: [
      ...base.notes,
      `ran ${rows.toLocaleString('en')} rows (${(sampleMs / 1000).toFixed(1)} s), extrapolated linearly to ${reg.size.toLocaleString('en')}`,
      'facts objects prepared before timing',
    ],
  };
}

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** counts (one scan, every measure) and the eligible pairs stored in a table, on an SQL engine. */
async function sqlScreens(
  query: Query,
  prepared: PreparedScreen,
  mem: MemoryWatch,
): Promise<{ countMs: number; storeMs: number; counts: number[]; stored: number }> {
  const opts = { date: prepared.date, facts: prepared.facts };
  const q = countsQuery(prepared.targets, opts);
  let counts: number[] = [];
  const countMs = await repeat(
    async () => {
      const [row] = await query(q.sql, q.params);
      counts = prepared.targets.map((_, m) => Number(row?.[`m${m}`]));
      mem.sample();
    },
    3,
    5,
    5000,
  );
  const store = pairsQuery(prepared.targets, opts);
  let stored = 0;
  const storeMs = await repeat(
    async () => {
      await query('DROP TABLE IF EXISTS bench_screening_results');
      await query(`CREATE TABLE bench_screening_results AS ${store.sql}`, store.params);
      const [row] = await query('SELECT count(*) AS n FROM bench_screening_results');
      stored = Number(row?.n);
      mem.sample();
    },
    1,
    3,
    5000,
  );
  await query('DROP TABLE IF EXISTS bench_screening_results');
  return { countMs, storeMs, counts, stored };
}

async function postgresPath(
  catalogue: Catalogue,
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  base: Base,
): Promise<PathResult> {
  const label = 'SQL on PostgreSQL 15 (throwaway server)';
  if (!postgresAvailable())
    return {
      ...base,
      label,
      ms: 0,
      pairs: 0,
      counts: [],
      rssDeltaMb: 0,
      heapDeltaMb: 0,
      skipped: 'no PostgreSQL binaries (set PG_BIN to their folder)',
    };
  const pg = await startThrowawayPostgres();
  const mem = new MemoryWatch();
  mem.start();
  let db: Kysely<Database> | undefined;
  try {
    db = await openDatabase({ url: pg.url, poolSize: 2 });
    const query: Query = async (sql, params = []) =>
      (await db!.executeQuery(CompiledQuery.raw(sql, params))).rows as Record<string, unknown>[];
    const orgFile = join(pg.dir, 'organisations.csv');
    const qualFile = join(pg.dir, 'qualifications.csv');
    const l0 = performance.now();
    writeCopyFiles(reg, catalogue.reference, orgFile, qualFile);
    await query(
      `COPY organisations (id, uscc, name, kind, city, centre_origin_city, sectors, licences) FROM '${orgFile}' WITH (FORMAT csv)`,
    );
    await query(
      `COPY organisation_qualifications (organisation_id, code, valid_from, valid_to) FROM '${qualFile}' WITH (FORMAT csv)`,
    );
    await query('VACUUM ANALYZE organisations');
    await query('VACUUM ANALYZE organisation_qualifications');
    const loadMs = performance.now() - l0;
    const r = await sqlScreens(query, prepared, mem);
    const serverMb = pg.rssKb() / 1024;
    return {
      ...base,
      label,
      threads: 3,
      threadsLabel: 'server ≤3',
      ms: r.countMs,
      pairs: sum(r.counts),
      counts: r.counts,
      ...mem.stop(),
      notes: [
        ...base.notes,
        `counts per measure in one scan (median); storing the ${r.stored.toLocaleString('en')} eligible pairs in a table: ${r.storeMs.toFixed(0)} ms`,
        `COPY load + VACUUM ANALYZE ${(loadMs / 1000).toFixed(1)} s`,
        `server RSS after the queries ≈ ${serverMb.toFixed(0)} MB (per-process sum, shared buffers counted per process)`,
        'parallel seq scan up to 2 workers; memory columns are the client’s',
      ],
    };
  } finally {
    await db?.destroy();
    pg.stop();
  }
}

async function pglitePath(
  catalogue: Catalogue,
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  base: Base,
): Promise<PathResult> {
  const mem = new MemoryWatch();
  mem.start();
  const client = await PGlite.create('memory://');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-pglite-'));
  try {
    await migrate(db);
    const query: Query = async (sql, params = []) =>
      (await client.query(sql, params)).rows as Record<string, unknown>[];
    const orgFile = join(dir, 'organisations.csv');
    const qualFile = join(dir, 'qualifications.csv');
    const l0 = performance.now();
    writeCopyFiles(reg, catalogue.reference, orgFile, qualFile);
    await client.query(
      "COPY organisations (id, uscc, name, kind, city, centre_origin_city, sectors, licences) FROM '/dev/blob' WITH (FORMAT csv)",
      [],
      { blob: new Blob([readFileSync(orgFile)]) },
    );
    await client.query(
      "COPY organisation_qualifications (organisation_id, code, valid_from, valid_to) FROM '/dev/blob' WITH (FORMAT csv)",
      [],
      { blob: new Blob([readFileSync(qualFile)]) },
    );
    await client.query('VACUUM ANALYZE organisations');
    await client.query('VACUUM ANALYZE organisation_qualifications');
    const loadMs = performance.now() - l0;
    const r = await sqlScreens(query, prepared, mem);
    return {
      ...base,
      label: 'SQL on PGlite (embedded, in memory)',
      threadsLabel: '1 (WASM)',
      ms: r.countMs,
      pairs: sum(r.counts),
      counts: r.counts,
      ...mem.stop(),
      notes: [
        ...base.notes,
        `counts per measure in one scan (median); storing the ${r.stored.toLocaleString('en')} eligible pairs: ${r.storeMs.toFixed(0)} ms`,
        `COPY load + VACUUM ANALYZE ${(loadMs / 1000).toFixed(1)} s`,
        'single-threaded WASM; memory includes the database',
      ],
    };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function defaultThreads(): number {
  return availableParallelism();
}
