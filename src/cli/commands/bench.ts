/**
 * `ceyuan bench [--quick] [--sizes 100000,1000000] [--paths js,js-parallel,reference,jre,postgres,pglite]
 * [--jre-sample N] [--date D] [--simulate 001=D] [--threads N] [--no-isolate] [--no-calc]`:
 * the benchmark table (bench/run.ts). Prints figures and asserts nothing on time.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { runBench, runChildPath } from '../../../bench/run.ts';
import { PATHS, type PathName } from '../../../bench/screening.ts';
import { isIsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { catalogueAndEngine } from '../context.ts';

function fail(path: string, zh: string, en: string): never {
  throw new InputError([{ path, rule: 'format', zh, en }]);
}

function sizesOf(value: string): number[] {
  return value.split(',').map((s) => {
    const n = Number(s.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < 1 || n > 50_000_000)
      fail('--sizes', `规模应为正整数：${s}`, `sizes must be positive integers: ${s}`);
    return n;
  });
}

function pathsOf(value: string): PathName[] {
  return value.split(',').map((p) => {
    if (!(PATHS as readonly string[]).includes(p))
      fail('--paths', `未知路径：${p}`, `unknown path ${p}; known: ${PATHS.join(', ')}`);
    return p as PathName;
  });
}

function adoptOf(values: string[]): Record<string, string> {
  const adopt: Record<string, string> = {};
  for (const v of values) {
    const m = /^(\d{3})=(\d{4}-\d{2}-\d{2})$/.exec(v);
    if (!m || !isIsoDate(m[2]))
      fail('--simulate', `应为 文件编号=日期：${v}`, `expected DOC=DATE, e.g. 001=2026-07-01: ${v}`);
    adopt[m[1]!] = m[2]!;
  }
  return adopt;
}

interface Opts {
  quick?: boolean;
  sizes?: string;
  paths?: string;
  jreSample?: string;
  date: string;
  simulate: string[];
  threads?: string;
  seed: string;
  isolate: boolean;
  calc: boolean;
  matching: boolean;
  pgliteMax?: string;
  child?: string;
}

/** Configures `ceyuan bench` on the command main.ts made (name and summary live there). */
export function registerBench(command: Command): void {
  command
    .option('--quick', 'short run: 100,000 organisations, small samples')
    .option('--sizes <list>', 'registry sizes, comma-separated (default 100000,1000000)')
    .option('--paths <list>', `screening paths (default all): ${PATHS.join(',')}`)
    .option(
      '--jre-sample <n>',
      'rows json-rules-engine runs before extrapolating (default 20000; quick 5000)',
    )
    .option('--date <date>', 'screening date', '2026-09-01')
    .option(
      '--simulate <doc=date>',
      'treat a draft as adopted on a date (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--threads <n>', 'worker threads for the parallel path (default os.availableParallelism())')
    .option('--seed <n>', 'registry seed', '1')
    .option('--no-isolate', 'run every path in this process instead of one child process each')
    .option('--no-calc', 'skip the calculator benchmark')
    .option('--no-matching', 'skip the 双向发榜 matching benchmark (bench/matching.ts)')
    .option('--pglite-max <n>', 'largest registry loaded into PGlite (default 100000)')
    .addOption(
      new Option(
        '--child <path>',
        'run one path and print its result (used by the benchmark itself)',
      ).hideHelp(),
    )
    .action(async (opts: Opts) => {
      const { catalogue } = catalogueAndEngine();
      if (!isIsoDate(opts.date))
        fail('--date', `日期格式应为 YYYY-MM-DD：${opts.date}`, `expected YYYY-MM-DD: ${opts.date}`);
      const quick = Boolean(opts.quick);
      const sizes = opts.sizes ? sizesOf(opts.sizes) : quick ? [100_000] : [100_000, 1_000_000];
      const threads = opts.threads ? Number(opts.threads) : availableParallelism();
      const jreSample = opts.jreSample ? Number(opts.jreSample) : quick ? 5_000 : 20_000;
      const seed = Number(opts.seed);
      const adopt = adoptOf(opts.simulate);
      if (opts.child) {
        await runChildPath(catalogue, {
          path: pathsOf(opts.child)[0]!,
          size: sizes[0]!,
          date: opts.date,
          adopt,
          jreSample,
          threads,
          seed,
        });
        return;
      }
      await runBench(
        catalogue,
        {
          sizes,
          paths: opts.paths ? pathsOf(opts.paths) : [...PATHS],
          jreSample,
          date: opts.date,
          adopt,
          threads,
          seed,
          isolate: opts.isolate,
          calc: opts.calc,
          calcBudgetMs: quick ? 500 : 1500,
          pgliteMax: opts.pgliteMax ? Number(opts.pgliteMax) : 100_000,
          entry: process.argv[1]!,
        },
        (s) => process.stdout.write(s),
      );
      if (opts.matching) {
        // In a process of its own (with --expose-gc), so its memory figures are its own.
        process.stdout.write('\n');
        spawnSync(process.execPath, ['--expose-gc', process.argv[1]!, 'matching', 'bench'], {
          stdio: 'inherit',
        });
      }
    });
}
