/**
 * `npm run bench`: prints figures, asserts nothing on time. In this order:
 * 1. End to end, a stored screening run (registry in the database → read out, screened, amounts
 *    worked out, every pair and notice stored), on PostgreSQL and on PGlite, with the whole process's
 *    peak memory; the SQL-only method on the same database as the differential check.
 * 2. End to end from a file: a registry file streamed in and screened, with peak memory.
 * 3. The kernel (the compiled screen, warm, in memory), one thread and worker threads.
 * 4. Its peers on the same rows in the same process — the reference evaluator, json-rules-engine,
 *    GoRules ZEN — with their counts checked against the kernel's and the ratio per evaluation.
 * 5. The scaling table (medians), then the in-process calculator.
 * Every measurement runs in a child process of its own (its peak memory is its own) and is repeated
 * (`--repeat`, default 3): figures are min / median.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { table } from '../src/cli/format.ts';
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { runMeasures } from '../src/screening/runs.ts';
import { measuresInForce } from '../src/screening/screen.ts';
import { benchCalc } from './calc.ts';
import type { FileRunResult } from './file.ts';
import { postgresAvailable, startThrowawayPostgres, type ThrowawayPostgres } from './postgres.ts';
import type { MemoryResult } from './screening.ts';
import type { PhaseFigures, SetupResult, StoreDb, StoreRunResult } from './stored.ts';

export const PARTS = ['postgres', 'pglite', 'file', 'memory'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  sizes: number[];
  parts: Part[];
  repeat: number;
  /** Rows the peers (reference, json-rules-engine, ZEN) run on. */
  sample: number;
  date: string;
  adopt: Record<string, string>;
  threads: number;
  seed: number;
  calc: boolean;
  calcBudgetMs: number;
  /** Largest registry loaded into PGlite. */
  pgliteMax: number;
  /** Largest registry the SQL-only method runs on (it takes many times longer). */
  sqlMax: number;
  /** Path to the CLI entry (bin/ceyuan.js) for child processes. */
  entry: string;
}

export const CHILD_MARK = 'BENCH_RESULT ';
export type ChildKind = 'store-setup' | 'store-run' | 'file-setup' | 'file-run' | 'memory';

function child<T>(o: BenchOptions, kind: ChildKind, args: object): Promise<T> {
  const argv = [
    '--expose-gc',
    '--max-old-space-size=12288',
    o.entry,
    'bench',
    '--child',
    kind,
    '--child-args',
    JSON.stringify(args),
  ];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(CHILD_MARK));
      if (line) resolve(JSON.parse(line.slice(CHILD_MARK.length)) as T);
      else {
        // The thrown message, not the stack: lines that are not "at …" frames.
        const message = err
          .split('\n')
          .filter((l) => l.trim() && !/^\s+at /.test(l) && !l.startsWith('Node.js'))
          .slice(-3)
          .join(' | ');
        reject(new Error(`${kind} exited ${code}: ${message.slice(0, 300)}`));
      }
    });
  });
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
const sec = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const minMed = (xs: number[], f: (n: number) => string) => `${f(Math.min(...xs))} / ${f(median(xs))}`;

interface StoredRow {
  db: StoreDb;
  size: number;
  setup: SetupResult;
  runs: StoreRunResult[];
  sql: StoreRunResult | null;
  error?: string;
}

export async function runBench(
  catalogue: Catalogue,
  o: BenchOptions,
  write: (s: string) => void,
): Promise<void> {
  write(`Ceyuan benchmark — ${new Date().toISOString().slice(0, 19)}Z\n`);
  write(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}; os.availableParallelism() = ${availableParallelism()}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}\n`,
  );
  write(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other work on the machine slows every figure)\n`,
  );
  const inForce = measuresInForce(catalogue, o.date, o.adopt);
  const stored = runMeasures(createEngine(catalogue), o.date, o.adopt);
  write(
    `catalogue ${catalogue.version}; screening date ${o.date}${Object.keys(o.adopt).length ? ` (${JSON.stringify(o.adopt)} simulated)` : ''}: ` +
      `${inForce.length} measures in force, ${stored.length} of them with money (a stored run screens and notifies those)\n` +
      `synthetic registry, seed ${o.seed}; every figure is min / median of ${o.repeat} runs, each in a fresh process\n\n`,
  );
  const progress = (s: string) => process.stderr.write(`  … ${s}\n`);

  // ------------------------------------------------------------------------------------------
  const storedRows: StoredRow[] = [];
  let pg: ThrowawayPostgres | null = null;
  const wantPg = o.parts.includes('postgres');
  if (wantPg && !postgresAvailable()) write('PostgreSQL: skipped (no binaries; set PG_BIN)\n');
  try {
    if (wantPg && postgresAvailable()) pg = await startThrowawayPostgres();
    for (const size of o.sizes) {
      for (const db of ['postgres', 'pglite'] as const) {
        if (!o.parts.includes(db) || (db === 'postgres' && !pg) || (db === 'pglite' && size > o.pgliteMax))
          continue;
        const dir = db === 'pglite' ? mkdtempSync(join(tmpdir(), 'ceyuan-bench-pglite-')) : null;
        const target =
          db === 'postgres' ? await pg!.createDatabase(`bench_${size}_${Date.now() % 100000}`) : dir!;
        const row: StoredRow = {
          db,
          size,
          setup: { size, loadMs: 0, expectedPairs: 0 },
          runs: [],
          sql: null,
        };
        try {
          progress(`${db} ${fmtInt(size)}: loading the registry`);
          row.setup = await child<SetupResult>(o, 'store-setup', {
            db,
            target,
            size,
            seed: o.seed,
            date: o.date,
            adopt: o.adopt,
          });
          for (let i = 0; i < o.repeat; i++) {
            progress(`${db} ${fmtInt(size)}: stored run ${i + 1}/${o.repeat}`);
            row.runs.push(
              await child<StoreRunResult>(o, 'store-run', {
                db,
                target,
                date: o.date,
                adopt: o.adopt,
                method: 'bulk',
                pgDir: pg?.dir,
              }),
            );
          }
          if (size <= o.sqlMax) {
            progress(`${db} ${fmtInt(size)}: SQL-only run`);
            row.sql = await child<StoreRunResult>(o, 'store-run', {
              db,
              target,
              date: o.date,
              adopt: o.adopt,
              method: 'sql',
            });
          }
        } catch (error) {
          row.error = (error as Error).message;
        } finally {
          if (dir) rmSync(dir, { recursive: true, force: true });
        }
        storedRows.push(row);
      }
    }
  } finally {
    pg?.stop();
  }

  // ------------------------------------------------------------------------------------------
  const fileRows: { size: number; runs: FileRunResult[]; error?: string }[] = [];
  if (o.parts.includes('file')) {
    for (const size of o.sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'ceyuan-bench-file-'));
      const file = join(dir, `registry-${size}.ndjson`);
      const row: (typeof fileRows)[0] = { size, runs: [] };
      try {
        progress(`file ${fmtInt(size)}: writing NDJSON`);
        await child(o, 'file-setup', { file, size, seed: o.seed });
        for (let i = 0; i < o.repeat; i++) {
          progress(`file ${fmtInt(size)}: run ${i + 1}/${o.repeat}`);
          row.runs.push(
            await child<FileRunResult>(o, 'file-run', {
              file,
              date: o.date,
              adopt: o.adopt,
              threads: o.threads,
            }),
          );
        }
      } catch (error) {
        row.error = (error as Error).message;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      fileRows.push(row);
    }
  }

  // ------------------------------------------------------------------------------------------
  const memoryRows: (MemoryResult | { size: number; error: string })[] = [];
  if (o.parts.includes('memory')) {
    for (const size of o.sizes) {
      progress(`kernel and peers ${fmtInt(size)}`);
      memoryRows.push(
        await child<MemoryResult>(o, 'memory', {
          size,
          seed: o.seed,
          date: o.date,
          adopt: o.adopt,
          threads: o.threads,
          sample: o.sample,
          repeat: o.repeat,
        }).catch((e: Error) => ({ size, error: e.message })),
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  if (storedRows.length) {
    write(
      '1. End to end: a stored screening run (read the registry out of the database, screen, work out amounts, store every pair and notice)\n\n',
    );
    const cpuOf = (x: StoreRunResult) => x.cpuMs + (x.serverCpuMs ?? 0);
    write(
      `${table(
        [
          'database',
          'orgs',
          'pairs stored',
          'notices',
          'total (min / median)',
          'CPU, process + server (min / median)',
          'load average (1 min) at start',
          'peak RSS, process',
          'pairs = kernel',
        ],
        storedRows.map((r) => {
          if (r.error || r.runs.length === 0)
            return [r.db, fmtInt(r.size), '', '', `failed: ${r.error ?? 'no run'}`];
          return [
            r.db === 'postgres' ? 'PostgreSQL 15' : 'PGlite (folder)',
            fmtInt(r.size),
            fmtInt(r.runs[0]!.pairs),
            fmtInt(r.runs[0]!.notices),
            minMed(
              r.runs.map((x) => x.totalMs),
              sec,
            ),
            minMed(r.runs.map(cpuOf), sec),
            r.runs.map((x) => x.loadAverage[0].toFixed(1)).join(', '),
            minMed(
              r.runs.map((x) => x.maxRssMb),
              (n) => `${fmtInt(n)} MB`,
            ),
            r.runs.every((x) => x.pairs === r.setup.expectedPairs)
              ? '✓'
              : `✗ kernel ${fmtInt(r.setup.expectedPairs)}`,
          ];
        }),
      )}\n`,
    );
    // Phases: wall time, and CPU time — what the run costs whatever else the 2 cores are doing.
    for (const r of storedRows.filter((x) => x.runs.length)) {
      const names = Object.keys(r.runs[0]!.phases);
      const med = (f: (p: PhaseFigures) => number | null) => (name: string) => {
        const xs = r.runs.map((x) => (x.phases[name] ? f(x.phases[name]!) : null));
        return xs.some((x) => x === null) ? '—' : sec(median(xs as number[]));
      };
      write(
        `\n   ${r.db === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${fmtInt(r.size)}, by phase (medians):\n${table(
          ['', ...names],
          [
            ['wall', ...names.map(med((p) => p.wallMs))],
            ['CPU, this process', ...names.map(med((p) => p.cpuMs))],
            ...(r.db === 'postgres' ? [['CPU, the server', ...names.map(med((p) => p.serverCpuMs))]] : []),
          ],
        )}\n`,
      );
    }
    write(
      '   start: the run recorded; load: the registry read out (COPY, pre-filtered) and decoded; screen: the compiled kernel;\n' +
        '   amounts: the engine for the pairs that carry one, and the pairs laid out; encode: binary COPY of the results;\n' +
        '   write: results (second connection) and notices at the same time (PostgreSQL) — store then notices on PGlite;\n' +
        '   commit: the run completed, its audit entry, the commit. The server CPU counts every process of the server\n' +
        '   (parallel workers included); PGlite runs inside this process, so its CPU is there.\n',
    );
    for (const r of storedRows.filter((x) => x.error))
      write(`   ${r.db} ${fmtInt(r.size)} failed: ${r.error}\n`);
    write(
      '   total = start + execute of the run as the service does it (the job handler calls the same), in a fresh process.\n' +
        `   registry load into the database beforehand (COPY, not timed in the run): ${storedRows
          .filter((r) => r.setup.loadMs)
          .map((r) => `${r.db} ${fmtInt(r.size)} ${sec(r.setup.loadMs)}`)
          .join('; ')}\n\n`,
    );
  }
  const sqlRows = storedRows.filter((r) => r.sql);
  if (sqlRows.length) {
    write(
      '   The SQL-only method (in-database chunks of 50,000, hoisted shared tests) on the same databases, one run each:\n\n',
    );
    write(
      `${table(
        [
          'database',
          'orgs',
          'pairs stored',
          'total',
          'bulk median',
          'bulk is faster by',
          'same pairs as bulk',
        ],
        sqlRows.map((r) => {
          const bulk = median(r.runs.map((x) => x.totalMs));
          return [
            r.db === 'postgres' ? 'PostgreSQL 15' : 'PGlite (folder)',
            fmtInt(r.size),
            fmtInt(r.sql!.pairs),
            sec(r.sql!.totalMs),
            sec(bulk),
            `${(r.sql!.totalMs / bulk).toFixed(1)}×`,
            r.sql!.pairs === r.runs[0]?.pairs ? '✓ (rows compared in test/screening-scale.test.ts)' : '✗',
          ];
        }),
      )}\n\n`,
    );
  }

  if (fileRows.length) {
    write(
      `2. End to end from a file: NDJSON streamed row by row (each row checked) into the columnar registry, screened on ${o.threads} threads\n\n`,
    );
    write(
      `${table(
        [
          'orgs',
          'file',
          'total (min / median)',
          'stream in (med.)',
          'screen (med.)',
          'pairs',
          'peak RSS, process',
        ],
        fileRows.map((r) =>
          r.error || !r.runs.length
            ? [fmtInt(r.size), '', `failed: ${r.error}`]
            : [
                fmtInt(r.size),
                `${fmtInt(r.runs[0]!.fileMb)} MB`,
                minMed(
                  r.runs.map((x) => x.totalMs),
                  sec,
                ),
                sec(median(r.runs.map((x) => x.loadMs))),
                sec(median(r.runs.map((x) => x.screenMs))),
                fmtInt(r.runs[0]!.pairs),
                minMed(
                  r.runs.map((x) => x.maxRssMb),
                  (n) => `${fmtInt(n)} MB`,
                ),
              ],
        ),
      )}\n\n`,
    );
  }

  const mem = memoryRows.filter((r): r is MemoryResult => !('error' in r));
  if (memoryRows.length) {
    write('3. The kernel: the compiled screen over the columnar registry, warm, in memory (no I/O)\n\n');
    write(
      `${table(
        [
          'orgs',
          'measures',
          'registry',
          '1 thread (min / median)',
          `${o.threads} threads (min / median)`,
          'ns per org×measure (1 thread)',
          'pairs',
        ],
        memoryRows.map((r) =>
          'error' in r
            ? [fmtInt(r.size), '', `failed: ${r.error}`]
            : [
                fmtInt(r.size),
                String(r.measures),
                `${fmtInt(r.registryMb)} MB`,
                minMed(r.kernel1, sec),
                minMed(r.kernelN, sec),
                ((median(r.kernel1) * 1e6) / (r.size * r.measures)).toFixed(2),
                fmtInt(r.pairs),
              ],
        ),
      )}\n\n`,
    );
    write(
      '4. Peers on the same rows, the same rules, in the same process (facts prepared before timing)\n\n',
    );
    const rows: string[][] = [];
    for (const r of mem) {
      const kernelUs = (median(r.kernel1) * 1000) / r.size;
      rows.push([
        fmtInt(r.size),
        'compiled kernel (1 thread)',
        fmtInt(r.size),
        `${kernelUs.toFixed(4)} µs`,
        '✓',
        '1×',
      ]);
      for (const p of r.peers) {
        rows.push([
          fmtInt(r.size),
          p.name,
          fmtInt(p.rows),
          `${minMed(p.usPerRow, (n) => n.toFixed(2))} µs`,
          p.sameCounts ? '✓' : '✗ counts differ',
          `${fmtInt(median(p.usPerRow) / kernelUs)}×`,
        ]);
      }
    }
    write(
      `${table(['orgs', 'engine', 'rows run', 'per organisation, all measures', 'same counts as kernel', 'slower than kernel'], rows)}\n\n`,
    );
  }

  write('5. Scaling (medians)\n\n');
  write(
    `${table(
      [
        'orgs',
        'stored run, PostgreSQL',
        'stored run, PGlite',
        'file → screen',
        'kernel, 1 thread',
        `kernel, ${o.threads} threads`,
      ],
      o.sizes.map((size) => {
        const s = (db: StoreDb) => storedRows.find((r) => r.db === db && r.size === size && r.runs.length);
        const f = fileRows.find((r) => r.size === size && r.runs.length);
        const m = mem.find((r) => r.size === size);
        return [
          fmtInt(size),
          s('postgres') ? sec(median(s('postgres')!.runs.map((x) => x.totalMs))) : '—',
          s('pglite') ? sec(median(s('pglite')!.runs.map((x) => x.totalMs))) : '—',
          f ? sec(median(f.runs.map((x) => x.totalMs))) : '—',
          m ? sec(median(m.kernel1)) : '—',
          m ? sec(median(m.kernelN)) : '—',
        ];
      }),
    )}\n\n`,
  );

  if (o.calc) {
    write('6. One applicant against the whole catalogue (core engine, in-process)\n\n');
    const rows = benchCalc(catalogue, o.calcBudgetMs).map((c) => [
      c.label,
      String(c.evaluations),
      `${c.usPerCalc.toFixed(1)} µs`,
      fmtInt(c.iterations),
    ]);
    write(`${table(['case', 'evaluations', 'per calc', 'iterations'], rows)}\n\n`);
  }

  write('Targets (BRIEF.md, issue 15), read off the tables; nothing is asserted:\n');
  for (const [db, target] of [
    ['postgres', 2000],
    ['pglite', 6000],
  ] as const) {
    const r = storedRows.find((x) => x.db === db && x.size === 1_000_000 && x.runs.length);
    if (r)
      write(
        `  stored run of 1,000,000 on ${db}: median ${sec(median(r.runs.map((x) => x.totalMs)))} (target < ${target / 1000} s), ` +
          `CPU median ${sec(median(r.runs.map((x) => x.cpuMs + (x.serverCpuMs ?? 0))))} at load average ${r.runs.map((x) => x.loadAverage[0].toFixed(1)).join(', ')}, ` +
          `peak RSS ${fmtInt(median(r.runs.map((x) => x.maxRssMb)))} MB\n`,
      );
  }
  const big = fileRows.find((r) => r.size >= 10_000_000 && r.runs.length);
  if (big)
    write(
      `  ${fmtInt(big.size)} from a file: peak RSS ${fmtInt(Math.max(...big.runs.map((x) => x.maxRssMb)))} MB (target < 1,536 MB)\n`,
    );
  write('  HTTP calculator summary: npm run bench:load (a separate process)\n');
}
