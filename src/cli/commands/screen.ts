/**
 * `ceyuan screen`: screen organisations against the measures in force (免申即享 / 快申快享).
 *
 * In memory (default), over a synthetic registry or an NDJSON file, in worker threads:
 *   ceyuan screen [--date D] [--simulate 001=D] [--count N --seed S | --registry FILE] [--threads N]
 *                 [--out FILE.csv|FILE.xlsx] [--json]
 * As a stored run over the registry in the database (DATABASE_URL, else PGlite in --data), in chunks
 * with a progress bar; Ctrl-C cancels between chunks and prints how to resume:
 *   ceyuan screen --db [--date D] [--chunk N] [--incremental] [--simulate 001=D]
 *   ceyuan screen --db --resume RUN | --cancel RUN | --status RUN | --list | --export RUN --out FILE
 */

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import { isIsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { type ExportFormat, exportRun, exportScreen } from '../../screening/export.ts';
import { ScreeningPool, screenParallel } from '../../screening/parallel.ts';
import { loadRegistry } from '../../screening/registry-source.ts';
import { createScreeningService, type RunView } from '../../screening/runs.ts';
import { screenColumnar } from '../../screening/screen.ts';
import { createApplicationService } from '../../service/applications/service.ts';
import { createAuditService } from '../../service/audit/service.ts';
import { systemClock } from '../../service/clock.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { openCliDatabase } from '../database.ts';
import { table } from '../format.ts';
import { cliActor } from './import.ts';

function fail(path: string, zh: string, en: string): never {
  throw new InputError([{ path, rule: 'format', zh, en }]);
}

function adoptOf(values: string[]): Record<string, string> {
  const adopt: Record<string, string> = {};
  for (const v of values) {
    const m = /^(\d{3})=(.+)$/.exec(v);
    if (!m || !isIsoDate(m[2]))
      fail('--simulate', `应为 文件编号=日期：${v}`, `expected DOC=DATE, e.g. 001=2026-07-01: ${v}`);
    adopt[m[1]!] = m[2]!;
  }
  return adopt;
}

function formatOf(file: string): ExportFormat {
  if (file.endsWith('.xlsx')) return 'xlsx';
  if (file.endsWith('.csv')) return 'csv';
  return fail(
    '--out',
    `输出文件应为 .csv 或 .xlsx：${file}`,
    `the output file must end in .csv or .xlsx: ${file}`,
  );
}

const MODE = { automatic: '免申即享', invitation: '快申快享', none: '—' } as const;

interface Opts {
  date?: string;
  simulate: string[];
  count: string;
  seed: string;
  registry?: string;
  threads?: string;
  out?: string;
  json?: boolean;
  db?: boolean;
  data?: string;
  chunk: string;
  incremental?: boolean;
  resume?: string;
  cancel?: string;
  status?: string;
  list?: boolean;
  export?: string;
}

async function inMemory(opts: Opts): Promise<void> {
  const { catalogue } = catalogueAndEngine();
  const date = opts.date ?? today();
  const adopt = adoptOf(opts.simulate);
  const threads = opts.threads ? Number(opts.threads) : availableParallelism();
  const t0 = performance.now();
  const reg = loadRegistry(catalogue.reference, {
    ...(opts.registry ? { file: opts.registry } : { count: Number(opts.count), seed: Number(opts.seed) }),
    shared: threads > 1,
  });
  const t1 = performance.now();
  let result: ReturnType<typeof screenColumnar>;
  if (threads > 1) {
    const pool = new ScreeningPool(threads);
    try {
      result = await screenParallel(pool, reg, catalogue, { date, adopt });
    } finally {
      await pool.close();
    }
  } else {
    result = screenColumnar(reg, catalogue, { date, adopt });
  }
  const t2 = performance.now();
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          date,
          adopt,
          organisations: reg.size,
          ms: t2 - t1,
          measures: result.measures.map((m, i) => ({
            id: m.id,
            mode: result.modes[i],
            organisations: result.counts[i],
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    process.stdout.write(
      `${table(
        ['措施 measure', '名称', '方式 mode', '符合条件 eligible'],
        result.measures.map((m, i) => [
          m.id,
          m.title.zh,
          MODE[result.modes[i]!],
          result.counts[i]!.toLocaleString('en'),
        ]),
      )}\n`,
    );
    process.stdout.write(
      `${reg.size.toLocaleString('en')} organisations × ${result.measures.length} measures in force on ${date}: ` +
        `screened in ${(t2 - t1).toFixed(1)} ms on ${threads} thread(s) (registry ready in ${((t1 - t0) / 1000).toFixed(2)} s)\n`,
    );
  }
  if (opts.out) {
    const n = await exportScreen(result, reg, catalogue, formatOf(opts.out), createWriteStream(opts.out), {
      onlyMonetary: true,
    });
    process.stderr.write(
      `wrote ${n.toLocaleString('en')} (organisation, monetary measure) rows to ${opts.out}\n`,
    );
  }
}

function printRun(run: RunView): void {
  process.stdout.write(
    `${table(
      ['run', 'date', 'kind', 'status', 'progress', 'evaluated', 'copied', 'notices', 'created'],
      [
        [
          run.id,
          run.date +
            (run.simulated
              ? ` (${Object.entries(run.adopt)
                  .map(([d, at]) => `${d}@${at}`)
                  .join(',')})`
              : ''),
          run.kind,
          run.status,
          `${run.processed.toLocaleString('en')}/${run.total.toLocaleString('en')} (${run.percent}%)`,
          run.evaluated.toLocaleString('en'),
          run.copied.toLocaleString('en'),
          run.notices.toLocaleString('en'),
          run.createdAt,
        ],
      ],
    )}\n`,
  );
}

async function inDatabase(opts: Opts): Promise<void> {
  const { engine } = catalogueAndEngine();
  const { db, where } = await openCliDatabase(opts.data);
  try {
    const clock = systemClock;
    const audit = createAuditService({ db, clock });
    const ids = { next: () => randomUUID() };
    const applications = createApplicationService({ db, engine, clock, ids, audit });
    const service = createScreeningService({ db, engine, clock, ids, audit, applications });
    const actor = cliActor();
    process.stderr.write(`database: ${where}\n`);

    if (opts.list) {
      for (const run of await service.list(actor)) printRun(run);
      return;
    }
    if (opts.status) {
      printRun(await service.get(actor, opts.status));
      const counts = await service.counts(actor, opts.status);
      process.stdout.write(
        `${table(
          ['measure', 'mode', 'organisations'],
          counts.map((c) => [c.measureId, c.mode, c.organisations.toLocaleString('en')]),
        )}\n`,
      );
      return;
    }
    if (opts.cancel) {
      printRun(await service.cancel(actor, opts.cancel));
      return;
    }
    if (opts.export) {
      if (!opts.out) fail('--out', '请用 --out 指定导出文件', 'give the export file with --out');
      const n = await exportRun(service, actor, opts.export, formatOf(opts.out), createWriteStream(opts.out));
      process.stderr.write(`wrote ${n.toLocaleString('en')} rows to ${opts.out}\n`);
      return;
    }

    let run: RunView;
    if (opts.resume) run = await service.resume(actor, opts.resume);
    else {
      const chunkSize = Number(opts.chunk);
      run = await service.start(actor, {
        date: opts.date ?? today(),
        adopt: adoptOf(opts.simulate),
        chunkSize,
        incremental: Boolean(opts.incremental),
      });
    }
    process.stderr.write(
      `run ${run.id}: ${run.kind}${run.kind === 'incremental' ? ` of ${run.baseRunId}, changed measures: ${run.changedMeasures.join(', ') || 'none'}` : ''}; ${run.measures.length} monetary measures\n`,
    );
    const bar = new cliProgress.SingleBar(
      {
        format: '筛查 screening [{bar}] {percentage}% | {value}/{total} | notices {notices}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(run.total, run.processed, { notices: run.notices });
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      run = await service.execute(actor, run.id, {
        signal: abort.signal,
        onProgress: (v) => bar.update(v.processed, { notices: v.notices }),
      });
    } finally {
      process.off('SIGINT', onSigint);
      bar.stop();
    }
    printRun(run);
    if (run.status === 'cancelled')
      process.stderr.write(`cancelled; continue with: ceyuan screen --db --resume ${run.id}\n`);
  } finally {
    await db.destroy();
  }
}

/** Configures `ceyuan screen` on the command main.ts made (name and summary live there). */
export function registerScreen(command: Command): void {
  command
    .option('--date <date>', 'screening date (default today)')
    .option(
      '--simulate <doc=date>',
      'treat a draft as adopted (repeatable); a stored run then notifies nobody',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--count <n>', 'synthetic registry size (in memory)', '100000')
    .option('--seed <n>', 'synthetic registry seed (in memory)', '1')
    .option('--registry <file>', 'NDJSON applicant profiles instead of a synthetic registry (in memory)')
    .option('--threads <n>', 'worker threads (in memory; default os.availableParallelism())')
    .option('--out <file>', 'export the results to .csv or .xlsx')
    .option('--json', 'print counts as JSON (in memory)')
    .option('--db', 'a stored run over the registry in the database')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--chunk <n>', 'organisations per chunk (stored run)', '10000')
    .option('--incremental', 're-evaluate only what changed since the last completed run on that date')
    .addOption(new Option('--resume <run>', 'continue a cancelled or failed run'))
    .addOption(new Option('--cancel <run>', 'cancel a running run'))
    .addOption(new Option('--status <run>', 'show a run and its counts per measure'))
    .option('--list', 'list the latest runs')
    .addOption(new Option('--export <run>', 'export a stored run (with --out)'))
    .action(async (opts: Opts) => {
      if (opts.date && !isIsoDate(opts.date))
        fail('--date', `日期格式应为 YYYY-MM-DD：${opts.date}`, `expected YYYY-MM-DD: ${opts.date}`);
      const stored = opts.db || opts.resume || opts.cancel || opts.status || opts.list || opts.export;
      if (stored) await inDatabase(opts);
      else await inMemory(opts);
    });
}
