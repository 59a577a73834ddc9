/**
 * `ceyuan generate --count N --seed S (--out FILE [--format ndjson|csv] | --db [--data DIR]) [--as-of D]`:
 * a deterministic synthetic registry (same seed, same rows). NDJSON lines are applicant profiles
 * `ceyuan calc` takes; --db loads the rows into the registry tables (DATABASE_URL, else PGlite).
 */
import type { Command } from 'commander';
import { CompiledQuery } from 'kysely';
import { isIsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import {
  DEFAULT_REGISTRY_DATE,
  generateRegistry,
  type RegistryFileFormat,
  writeRegistryFile,
} from '../../screening/generate.ts';
import { insertRegistry } from '../../screening/load-sql.ts';
import { createAuditService } from '../../service/audit/service.ts';
import { systemClock } from '../../service/clock.ts';
import { catalogueAndEngine } from '../context.ts';
import { openCliDatabase } from '../database.ts';
import { cliActor } from './import.ts';

function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError([
      {
        path: name,
        rule: 'integer',
        zh: `应为 ${min}–${max} 之间的整数：${value}`,
        en: `expected an integer ${min}–${max}: ${value}`,
      },
    ]);
  }
  return n;
}

/** Configures `ceyuan generate` on the command main.ts made (name and summary live there). */
export function registerGenerate(command: Command): void {
  command
    .requiredOption('--count <n>', 'number of organisations')
    .option('--seed <n>', 'PRNG seed', '1')
    .option('--out <file>', 'output file')
    .option('--db', 'load the registry into the database instead (ids derive from the row number)')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--format <fmt>', 'ndjson | csv (default: from the file extension, else ndjson)')
    .option('--as-of <date>', 'the date the registry describes', DEFAULT_REGISTRY_DATE)
    .action(
      async (opts: {
        count: string;
        seed: string;
        out?: string;
        db?: boolean;
        data?: string;
        format?: string;
        asOf: string;
      }) => {
        if (!opts.out && !opts.db) {
          throw new InputError([
            {
              path: '--out',
              rule: 'required',
              zh: '请指定 --out 文件或 --db',
              en: 'give --out FILE or --db',
            },
          ]);
        }
        const count = intOption('--count', opts.count, 0, 100_000_000);
        const seed = intOption('--seed', opts.seed, 0, 0xffffffff);
        if (!isIsoDate(opts.asOf)) {
          throw new InputError([
            {
              path: '--as-of',
              rule: 'date',
              zh: `日期格式应为 YYYY-MM-DD：${opts.asOf}`,
              en: `expected YYYY-MM-DD: ${opts.asOf}`,
            },
          ]);
        }
        const format = (opts.format ?? (opts.out?.endsWith('.csv') ? 'csv' : 'ndjson')) as RegistryFileFormat;
        if (format !== 'ndjson' && format !== 'csv') {
          throw new InputError([
            {
              path: '--format',
              rule: 'enum',
              zh: `格式应为 ndjson 或 csv：${format}`,
              en: `expected ndjson or csv: ${format}`,
            },
          ]);
        }
        const { catalogue } = catalogueAndEngine();
        const t0 = performance.now();
        const reg = generateRegistry(catalogue.reference, { count, seed, asOf: opts.asOf });
        const t1 = performance.now();
        if (opts.db) {
          const { db, where } = await openCliDatabase(opts.data);
          try {
            await insertRegistry(
              (sql, params) => db.executeQuery(CompiledQuery.raw(sql, params)),
              reg,
              catalogue.reference,
              {
                onProgress: (done) =>
                  process.stderr.write(`\r  ${done.toLocaleString('en')} / ${count.toLocaleString('en')}`),
              },
            );
            const audit = createAuditService({ db, clock: systemClock });
            await audit.record({
              actor: cliActor().username,
              action: 'registry.generate',
              subject: null,
              detail: { count, seed, asOf: opts.asOf },
            });
            process.stderr.write(
              `\ngenerated ${count.toLocaleString('en')} organisations (seed ${seed}) into ${where} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
            );
          } finally {
            await db.destroy();
          }
          return;
        }
        const out = opts.out!;
        const bytes = writeRegistryFile(reg, catalogue.reference, out, format);
        const t2 = performance.now();
        process.stderr.write(
          `generated ${count.toLocaleString('en')} organisations (seed ${seed}) in ${((t1 - t0) / 1000).toFixed(2)} s; ` +
            `wrote ${(bytes / 1e6).toFixed(1)} MB ${format} to ${out} in ${((t2 - t1) / 1000).toFixed(2)} s\n`,
        );
      },
    );
}
