/**
 * `ceyuan bench [--quick] [--sizes 100000,1000000,3000000] [--parts postgres,pglite,file,memory]
 * [--repeat 3] [--sample N] [--date D] [--simulate 001=D] [--threads N] [--pglite-max N] [--sql-max N]
 * [--no-calc]`: the benchmark (bench/run.ts). End-to-end figures first, then the kernel, then its peers
 * on the same rows, then the scaling table. Prints figures and asserts nothing on time.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { CHILD_MARK, type ChildKind, PARTS, type Part, runBench } from '../../../bench/run.ts';
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

function partsOf(value: string): Part[] {
  return value.split(',').map((p) => {
    if (!(PARTS as readonly string[]).includes(p))
      fail('--parts', `未知部分：${p}`, `unknown part ${p}; known: ${PARTS.join(', ')}`);
    return p as Part;
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
  parts?: string;
  repeat: string;
  sample?: string;
  date: string;
  simulate: string[];
  threads?: string;
  seed: string;
  calc: boolean;
  matching: boolean;
  pgliteMax?: string;
  sqlMax?: string;
  child?: ChildKind;
  childArgs?: string;
}

/** The child side: one measurement, its result on stdout. */
async function runChild(kind: ChildKind, args: Record<string, unknown>): Promise<void> {
  const { catalogue } = catalogueAndEngine();
  let result: unknown;
  if (kind === 'store-setup')
    result = await (await import('../../../bench/stored.ts')).storeSetup(catalogue, args as never);
  else if (kind === 'store-run')
    result = await (await import('../../../bench/stored.ts')).storeRun(catalogue, args as never);
  else if (kind === 'file-setup')
    result = (await import('../../../bench/file.ts')).fileSetup(catalogue, args as never);
  else if (kind === 'file-run')
    result = await (await import('../../../bench/file.ts')).fileRun(catalogue, args as never);
  else result = await (await import('../../../bench/screening.ts')).memoryBench(catalogue, args as never);
  process.stdout.write(`${CHILD_MARK}${JSON.stringify(result)}\n`);
}

/** Configures `ceyuan bench` on the command main.ts made (name and summary live there). */
export function registerBench(command: Command): void {
  command
    .option('--quick', 'short run: 100,000 organisations, one repetition, small samples')
    .option('--sizes <list>', 'registry sizes, comma-separated (default 100000,1000000,3000000)')
    .option('--parts <list>', `what to measure (default all): ${PARTS.join(',')}`)
    .option('--repeat <n>', 'runs per figure (min / median)', '3')
    .option('--sample <n>', 'rows the peers run on (default 20000; quick 5000)')
    .option('--date <date>', 'screening date', '2026-09-01')
    .option(
      '--simulate <doc=date>',
      'treat a draft as adopted on a date (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--threads <n>', 'worker threads (default os.availableParallelism())')
    .option('--seed <n>', 'registry seed', '1')
    .option('--no-calc', 'skip the calculator benchmark')
    .option('--no-matching', 'skip the 双向发榜 matching benchmark (bench/matching.ts)')
    .option('--pglite-max <n>', 'largest registry loaded into PGlite (default 1000000)')
    .option('--sql-max <n>', 'largest registry the SQL-only method runs on (default 1000000)')
    .addOption(new Option('--child <kind>', 'one measurement (used by the benchmark itself)').hideHelp())
    .addOption(new Option('--child-args <json>').hideHelp())
    .action(async (opts: Opts) => {
      if (opts.child) {
        await runChild(opts.child, JSON.parse(opts.childArgs ?? '{}'));
        return;
      }
      const { catalogue } = catalogueAndEngine();
      if (!isIsoDate(opts.date))
        fail('--date', `日期格式应为 YYYY-MM-DD：${opts.date}`, `expected YYYY-MM-DD: ${opts.date}`);
      const quick = Boolean(opts.quick);
      await runBench(
        catalogue,
        {
          sizes: opts.sizes ? sizesOf(opts.sizes) : quick ? [100_000] : [100_000, 1_000_000, 3_000_000],
          parts: opts.parts ? partsOf(opts.parts) : [...PARTS],
          repeat: quick ? 1 : Math.max(1, Number(opts.repeat)),
          sample: opts.sample ? Number(opts.sample) : quick ? 5_000 : 20_000,
          date: opts.date,
          adopt: adoptOf(opts.simulate),
          threads: opts.threads ? Number(opts.threads) : availableParallelism(),
          seed: Number(opts.seed),
          calc: opts.calc,
          calcBudgetMs: quick ? 500 : 1500,
          pgliteMax: opts.pgliteMax ? Number(opts.pgliteMax) : 1_000_000,
          sqlMax: opts.sqlMax ? Number(opts.sqlMax) : 1_000_000,
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
