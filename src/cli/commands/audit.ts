/**
 * `ceyuan audit verify` recomputes the SM3 hash chain, checks the signed checkpoints (from the
 * database and the checkpoint file, signatures under the public key) and lists every break (exit 1);
 * `ceyuan audit checkpoint` signs and stores a checkpoint of the head now;
 * `ceyuan audit export [--format jsonl|csv] [--output FILE]` writes the whole trail for auditors.
 * The key and the checkpoint file live in the audit folder: --audit-dir, CEYUAN_AUDIT_DIR or ./data/audit.
 */

import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  CHECKPOINT_FILE,
  KEY_FILE,
  loadOrCreateKey,
  PUBLIC_KEY_FILE,
  readCheckpointFile,
  readPublicKey,
  type SigningKey,
  writeCheckpoint,
} from '../../service/audit/checkpoints.ts';
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
  truncated: {
    zh: '签名检查点之后的条目缺失（最新条目被删除）',
    en: 'entries a signed checkpoint covers are missing (the newest entries were deleted)',
  },
  checkpoint_mismatch: {
    zh: '与签名检查点的哈希不符（链被改写并重新计算哈希）',
    en: 'does not match the signed checkpoint (the chain was rewritten and re-hashed)',
  },
  checkpoint_forged: {
    zh: '检查点签名无效（伪造或被改动）',
    en: 'checkpoint signature does not hold (forged or altered)',
  },
  checkpoint_deleted: {
    zh: '导出文件中的检查点在数据库中已不存在（被删除）',
    en: 'a checkpoint of the exported file is gone from the database (deleted)',
  },
} as const;

/** The audit folder: the signing key, its public half and the checkpoint file. */
export function auditDir(option?: string): string {
  return resolve(option ?? process.env.CEYUAN_AUDIT_DIR ?? './data/audit');
}

/** Verify-only key: --key FILE, else the audit folder's public (or private) key, else none. */
function verifyKey(dir: string, keyFile?: string): SigningKey | null {
  if (keyFile) return readPublicKey(keyFile);
  for (const name of [PUBLIC_KEY_FILE, KEY_FILE])
    if (existsSync(join(dir, name))) return readPublicKey(join(dir, name));
  return null;
}

/** Configures `ceyuan audit` on the command main.ts made (name and summary live there). */
export function registerAudit(command: Command): void {
  command
    .command('verify')
    .description('verify the SM3 hash chain and the signed checkpoints / 校验哈希链与签名检查点')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--audit-dir <dir>', 'folder of the signing key and checkpoint file (default ./data/audit)')
    .option('--key <file>', 'public key (PEM) to check checkpoint signatures with')
    .option('--checkpoints <file>', 'an exported checkpoint file to compare as well')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: {
        data?: string;
        auditDir?: string;
        key?: string;
        checkpoints?: string;
        json?: boolean;
      }) => {
        const dir = auditDir(opts.auditDir);
        const key = verifyKey(dir, opts.key);
        const files = [join(dir, CHECKPOINT_FILE), ...(opts.checkpoints ? [resolve(opts.checkpoints)] : [])];
        const extra = files.flatMap((f) => readCheckpointFile(f));
        const { db, where } = await openCliDatabase(opts.data);
        let exitCode = 0;
        try {
          const result = await createAuditService({ db, clock: systemClock }).verifyChain({
            ...(key ? { keys: [key] } : {}),
            checkpoints: extra,
          });
          const cp = result.checkpoints;
          const cpLine =
            `检查点 checkpoints: ${cp.checked}` +
            (cp.latest ? ` · 最新 latest seq ${cp.latest.seq} @ ${cp.latest.at}` : '') +
            (cp.signaturesVerified
              ? ` · 签名已验证 signatures verified (key ${key?.keyId})`
              : ' · 未验证签名 signatures NOT verified (no public key)');
          if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          else if (result.ok) {
            process.stdout.write(
              `审计链完整 audit chain intact: ${result.count} 条 entries · ${where}\n最新哈希 head ${result.headHash}\n${cpLine}\n`,
            );
          } else {
            const lines = result.breaks.map((b) => {
              const reason = REASON[b.reason];
              return `  seq ${b.seq}: ${reason.zh} / ${reason.en}\n    expected ${b.expected}\n    found    ${b.found}`;
            });
            process.stdout.write(
              `审计链断裂 audit chain BROKEN: ${result.breakCount} 处 breaks (${result.count} entries read) · ${where}\n` +
                `${lines.join('\n')}\n${cpLine}\n`,
            );
          }
          if (!result.ok) exitCode = 1;
        } finally {
          await db.destroy();
        }
        // Set after closing the database: PGlite's runtime writes process.exitCode when it shuts down.
        process.exitCode = exitCode;
      },
    );

  command
    .command('checkpoint')
    .description('sign and store a checkpoint of the chain head now / 立即签署检查点')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--audit-dir <dir>', 'folder of the signing key and checkpoint file (default ./data/audit)')
    .action(async (opts: { data?: string; auditDir?: string }) => {
      const dir = auditDir(opts.auditDir);
      const key = loadOrCreateKey(dir);
      const { db } = await openCliDatabase(opts.data);
      try {
        const c = await writeCheckpoint({ db, clock: systemClock, key, file: join(dir, CHECKPOINT_FILE) });
        process.stdout.write(
          c
            ? `检查点已签署 checkpoint signed: seq ${c.seq} · ${c.hash} · key ${c.keyId}\n  → ${join(dir, CHECKPOINT_FILE)}\n`
            : '无需新检查点 nothing new to checkpoint (empty chain, or the head is already checkpointed)\n',
        );
      } finally {
        await db.destroy();
      }
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
