/**
 * `ceyuan audit verify` recomputes the SM3 hash chain and names the first broken entry (exit 1);
 * `ceyuan audit export [--format jsonl|csv] [--output FILE]` writes the whole trail for auditors.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { createAuditService } from '../../service/audit/service.ts';
import { systemClock } from '../../service/clock.ts';
import { openCliDatabase } from '../database.ts';

const REASON = {
  seq_gap: { zh: '序号不连续（有条目被删除或插入）', en: 'sequence gap (an entry was deleted or inserted)' },
  prev_hash_mismatch: {
    zh: '前一条哈希不符（链被改动）',
    en: 'previous hash does not match (the chain was altered)',
  },
  hash_mismatch: {
    zh: '本条内容与其哈希不符（条目被修改）',
    en: 'content does not match its hash (the entry was edited)',
  },
} as const;

/** Configures `ceyuan audit` on the command main.ts made (name and summary live there). */
export function registerAudit(command: Command): void {
  command
    .command('verify')
    .description('verify the SM3 hash chain / 校验哈希链')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { data?: string; json?: boolean }) => {
      const { db, where } = await openCliDatabase(opts.data);
      let exitCode = 0;
      try {
        const result = await createAuditService({ db, clock: systemClock }).verifyChain();
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (result.ok) {
          process.stdout.write(
            `审计链完整 audit chain intact: ${result.count} 条 entries · ${where}\n最新哈希 head ${result.headHash}\n`,
          );
        } else {
          const reason = REASON[result.reason];
          process.stdout.write(
            `审计链断裂 audit chain BROKEN at seq ${result.brokenAt} (${result.count} entries before it verify)\n` +
              `  ${reason.zh} / ${reason.en}\n  expected ${result.expected}\n  found    ${result.found}\n`,
          );
        }
        if (!result.ok) exitCode = 1;
      } finally {
        await db.destroy();
      }
      // Set after closing the database: PGlite's runtime writes process.exitCode when it shuts down.
      process.exitCode = exitCode;
    });

  command
    .command('export')
    .description('export the audit trail / 导出审计日志')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .action(async (opts: { format: string; output?: string; data?: string }) => {
      if (opts.format !== 'jsonl' && opts.format !== 'csv') throw new Error('--format must be jsonl or csv');
      const { db } = await openCliDatabase(opts.data);
      try {
        const out = opts.output ? createWriteStream(opts.output) : process.stdout;
        // A reader that stops early (| head) closes the pipe: stop writing, it is not an error.
        let closed = false;
        out.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'EPIPE') closed = true;
          else throw error;
        });
        for await (const chunk of createAuditService({ db, clock: systemClock }).export(opts.format)) {
          if (closed) break;
          if (!out.write(chunk))
            await Promise.race([once(out, 'drain'), once(out, 'error')]).catch(() => undefined);
        }
        if (opts.output) {
          (out as ReturnType<typeof createWriteStream>).end();
          await once(out, 'finish');
        }
      } finally {
        await db.destroy();
      }
    });
}
