/**
 * `npm run bench`: prints figures, asserts nothing on time. The calculator first (µs per applicant
 * against the whole catalogue), then screening throughput per path and registry size, each path in a
 * child process of its own so its peak memory is its own. Every path's eligible pairs are compared
 * with the compiled JS path's, so a fast wrong answer shows as such.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { table } from '../src/cli/format.ts';
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { measuresInForce } from '../src/screening/screen.ts';
import { benchCalc } from './calc.ts';
import { type PathName, type PathOptions, type PathResult, runPath } from './screening.ts';

export interface BenchOptions {
  sizes: number[];
  paths: PathName[];
  jreSample: number;
  date: string;
  adopt: Record<string, string>;
  threads: number;
  seed: number;
  /** Run each path in a child process (default); off runs them here, one after another. */
  isolate: boolean;
  calc: boolean;
  calcBudgetMs: number;
  /** PGlite loads are slow: sizes above this are skipped for it. */
  pgliteMax: number;
  /** Path to the CLI entry (bin/ceyuan.js) for child processes. */
  entry: string;
}

export const CHILD_MARK = 'BENCH_RESULT ';

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${fmtInt(ms / 1000)} s` : ms >= 100 ? `${fmtInt(ms)} ms` : `${ms.toFixed(1)} ms`;
const fmtRate = (perSec: number) =>
  perSec >= 1e9
    ? `${(perSec / 1e9).toFixed(2)} G`
    : perSec >= 1e6
      ? `${(perSec / 1e6).toFixed(1)} M`
      : perSec >= 1e3
        ? `${(perSec / 1e3).toFixed(1)} k`
        : perSec.toFixed(0);

function runChild(o: BenchOptions, path: PathName, size: number): Promise<PathResult> {
  const args = [
    '--expose-gc',
    '--max-old-space-size=12288',
    o.entry,
    'bench',
    '--child',
    path,
    '--sizes',
    String(size),
    '--jre-sample',
    String(o.jreSample),
    '--date',
    o.date,
    '--threads',
    String(o.threads),
    '--seed',
    String(o.seed),
    ...Object.entries(o.adopt).flatMap(([doc, d]) => ['--simulate', `${doc}=${d}`]),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(CHILD_MARK));
      if (line) resolve(JSON.parse(line.slice(CHILD_MARK.length)) as PathResult);
      else
        resolve({
          path,
          label: path,
          orgs: size,
          measures: 0,
          threads: 0,
          ms: 0,
          pairs: 0,
          counts: [],
          expectedCounts: [],
          rssDeltaMb: 0,
          heapDeltaMb: 0,
          notes: [],
          skipped: `child exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`,
        });
    });
  });
}

/** Runs one path here and prints its result line (the child side of runChild). */
export async function runChildPath(catalogue: Catalogue, o: PathOptions): Promise<void> {
  const result = await runPath(catalogue, o);
  process.stdout.write(`${CHILD_MARK}${JSON.stringify(result)}\n`);
}

export async function runBench(
  catalogue: Catalogue,
  o: BenchOptions,
  write: (s: string) => void,
): Promise<PathResult[]> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  write(`Ceyuan benchmark — ${new Date().toISOString().slice(0, 19)}Z\n`);
  write(
    `machine: ${cpu}; os.availableParallelism() = ${availableParallelism()}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}\n`,
  );
  write(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other work on the machine slows every figure)\n`,
  );
  write(
    `catalogue ${catalogue.version}: ${catalogue.measures.length} measures in ${catalogue.documents.length} documents\n\n`,
  );

  if (o.calc) {
    write('1. One applicant against the whole catalogue (core engine, in-process)\n\n');
    const rows = benchCalc(catalogue, o.calcBudgetMs).map((c) => [
      c.label,
      String(c.evaluations),
      `${c.usPerCalc.toFixed(1)} µs`,
      fmtInt(c.iterations),
    ]);
    write(`${table(['case', 'evaluations', 'per calc', 'iterations'], rows)}\n\n`);
  }

  const inForce = measuresInForce(catalogue, o.date, o.adopt);
  const adoptText = Object.entries(o.adopt)
    .map(([d, at]) => `${d} adopted ${at}`)
    .join(', ');
  write(
    `2. Screening the synthetic registry (seed ${o.seed}) against every measure in force on ${o.date}` +
      `${adoptText ? ` (${adoptText})` : ''}: ${inForce.length} measures of ${[...new Set(inForce.map((m) => m.document.code))].join(', ')}\n\n`,
  );
  const results: PathResult[] = [];
  for (const size of o.sizes) {
    for (const path of o.paths) {
      if (path === 'pglite' && size > o.pgliteMax) continue;
      process.stderr.write(`  … ${path} at ${fmtInt(size)}\n`);
      const pathOpts: PathOptions = {
        path,
        size,
        date: o.date,
        adopt: o.adopt,
        jreSample: o.jreSample,
        threads: o.threads,
        seed: o.seed,
      };
      results.push(o.isolate ? await runChild(o, path, size) : await runPath(catalogue, pathOpts));
    }
  }

  const notes: string[] = [];
  const rows = results.map((r) => {
    if (r.skipped) return [r.label, fmtInt(r.orgs), '', '', '', '', '', '', '', '', `skipped: ${r.skipped}`];
    const jre = results.find((x) => x.path === 'jre' && x.orgs === r.orgs && !x.skipped);
    const perSec = (r.orgs / r.ms) * 1000;
    const vsJre = jre ? `${(jre.ms / r.ms).toFixed(r.ms < jre.ms / 10 ? 0 : 1)}×` : '';
    const same = (x: PathResult) => JSON.stringify(x.counts) === JSON.stringify(x.expectedCounts);
    const agrees = same(r) ? '✓' : `✗ counts differ (${fmtInt(r.pairs)} pairs)`;
    notes.push(`[${notes.length + 1}] ${r.label}, ${fmtInt(r.orgs)}: ${r.notes.join('; ')}`);
    return [
      `${r.label} [${notes.length}]`,
      fmtInt(r.orgs),
      String(r.measures),
      r.threadsLabel ?? String(r.threads),
      `${fmtMs(r.ms)}${r.sampled ? '*' : ''}`,
      fmtRate(perSec),
      fmtRate(perSec * r.measures),
      vsJre,
      `${r.rssDeltaMb.toFixed(0)} MB`,
      `${r.heapDeltaMb.toFixed(0)} MB`,
      `${agrees}${r.sampled ? ` (${fmtInt(r.pairs)} pairs on ${fmtInt(r.sampled)} rows)` : ` ${fmtInt(r.pairs)} pairs`}`,
    ];
  });
  write(
    `${table(
      [
        'path',
        'orgs',
        'measures',
        'threads',
        'time / screen',
        'orgs/s',
        'org×measure/s',
        'vs JRE',
        'peak RSS Δ',
        'heap Δ',
        'same counts as JS',
      ],
      rows,
    )}\n`,
  );
  write('* extrapolated from a sample (see notes)\n');
  write(`${notes.join('\n')}\n\n`);

  // Targets (BRIEF.md), read off the table; nothing is asserted.
  const at = (path: PathName, size: number) =>
    results.find((r) => r.path === path && r.orgs === size && !r.skipped);
  const biggest = Math.max(...o.sizes);
  const par = at('js-parallel', biggest) ?? at('js', biggest);
  const js1 = at('js', biggest);
  const jre = at('jre', biggest);
  write('Targets (BRIEF.md):\n');
  if (par) {
    write(
      `  screen ${fmtInt(biggest)} organisations × ${par.measures} measures in force: ${fmtMs(par.ms)} on ${par.threads} thread(s) ` +
        `(target < 1 s on 2 cores${biggest < 1_000_000 ? '; this run is smaller than 1,000,000' : ''})\n`,
    );
  }
  if (js1 && jre)
    write(`  compiled JS (1 thread) vs json-rules-engine: ${(jre.ms / js1.ms).toFixed(0)}× (target ≥ 20×)\n`);
  const pgr = at('postgres', biggest);
  if (pgr) {
    const same = JSON.stringify(pgr.counts) === JSON.stringify(pgr.expectedCounts);
    write(
      `  SQL on PostgreSQL, same screen: ${fmtMs(pgr.ms)}; eligible counts per measure ${same ? 'identical' : 'DIFFERENT'}\n`,
    );
  }
  return results;
}
