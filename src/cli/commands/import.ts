/**
 * `ceyuan import FILE [--allow-partial] [--data DIR] [--json]`: registry import from CSV or .xlsx.
 * With any row error nothing is imported (exit 2, one line per row/column/rule on stderr) unless
 * --allow-partial, which imports the valid rows and reports the rest. Audited as the OS user.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ImportRejectedError } from '../../core/errors.ts';
import { createAuditService } from '../../service/audit/service.ts';
import type { SessionUser } from '../../service/auth/types.ts';
import { systemClock } from '../../service/clock.ts';
import { createRegistryService, type ImportIssue } from '../../service/registry/service.ts';
import { catalogueAndEngine } from '../context.ts';
import { openCliDatabase } from '../database.ts';

/** Whoever runs the CLI on the server acts as an administrator; the audit trail names them. */
export function cliActor(): SessionUser {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return {
    id: '00000000-0000-0000-0000-000000000000',
    username: `cli:${name}`,
    displayName: `CLI (${name})`,
    role: 'admin',
    organisationId: null,
  };
}

function printIssues(issues: ImportIssue[]): void {
  for (const i of issues) {
    process.stderr.write(`第 ${i.row} 行 row ${i.row} · ${i.column}: ${i.zh} / ${i.en} [${i.rule}]\n`);
  }
}

/** Configures `ceyuan import` on the command main.ts made (name and summary live there). */
export function registerImport(command: Command): void {
  command
    .argument(
      '<file>',
      'CSV (UTF-8 or GB18030) or .xlsx; header row with uscc,name,kind,city,… (see docs/operations.md)',
    )
    .option('--allow-partial', 'import the valid rows even if others have errors')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { allowPartial?: boolean; data?: string; json?: boolean }) => {
      const data = readFileSync(file);
      const { catalogue } = catalogueAndEngine();
      const { db } = await openCliDatabase(opts.data);
      let exitCode = 0;
      try {
        const audit = createAuditService({ db, clock: systemClock });
        const registry = createRegistryService({ db, catalogue, clock: systemClock, audit });
        const report = await registry
          .importFile(
            cliActor(),
            { data, name: basename(file) },
            { allowPartial: Boolean(opts.allowPartial) },
          )
          .catch((error: unknown) => {
            if (error instanceof ImportRejectedError) {
              printIssues(error.issues as ImportIssue[]);
              process.stderr.write(`${error.text.zh}\n${error.text.en}\n`);
              exitCode = 2;
              return null;
            }
            throw error;
          });
        if (!report) {
          // Rejected: the issues are on stderr, nothing was imported.
        } else if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          printIssues(report.issues);
          process.stdout.write(
            `${report.format.toUpperCase()} ${report.rows} 行 rows: 新增 created ${report.created}, 更新 updated ${report.updated}, 跳过 skipped ${report.skipped}\n`,
          );
          if (report.ignoredColumns.length > 0) {
            process.stdout.write(`忽略的列 ignored columns: ${report.ignoredColumns.join(', ')}\n`);
          }
        }
      } finally {
        await db.destroy();
      }
      // Set after closing the database: PGlite's runtime writes process.exitCode when it shuts down.
      process.exitCode = exitCode;
    });
}
