/**
 * `ceyuan qualifications check` — loads policies/qualifications.yaml, checks every quote is verbatim
 * in its source and every printed threshold is in its quote (exit 1 on a problem), and lists each
 * kind's criteria by basis: a public rule's citation, an officer parameter (待区科委设定), or a judgement.
 * `ceyuan qualifications bench [--organisations N]` — bench/qualifications.ts (prints, asserts nothing).
 * `ceyuan qualifications scan [--date YYYY-MM-DD]` — the daily scan: lapses, first-time rewards not
 * judged yet, and expiry reminders to the firms and their service officers (站内消息, once per
 * holding, window and recipient). Idempotent, so cron or a job queue can run and retry it. Audited as
 * `qualification.scan` by `cli:<user>`.
 */
import type { Command } from 'commander';
import { DEFAULT_POLICY_DIR } from '../../catalogue/load.ts';
import { readQualificationPolicy } from '../../catalogue/load-qualifications.ts';
import { summariseCriteria } from '../../core/qualifications/check.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { createAuditService } from '../../service/audit/service.ts';
import { systemClock } from '../../service/clock.ts';
import { createMessageService } from '../../service/messages/service.ts';
import { createQualificationService } from '../../service/qualifications/service.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { openCliDatabase } from '../database.ts';
import { cliActor } from './import.ts';

const BASIS_ZH = {
  sourced: '公开规定',
  parameter: '待设定（经办人员参数）',
  judgement: '审核认定',
} as const;

/** Configures `ceyuan qualifications` on the command main.ts made (name and summary live there). */
export function registerQualifications(command: Command): void {
  command
    .command('check')
    .description('validate qualifications.yaml and list criteria by basis / 校验资质数据')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const { catalogue } = catalogueAndEngine();
      // Errors (an unsourced or non-verbatim figure) throw a CatalogueError: exit 1 with each place.
      const { policy, findings } = readQualificationPolicy(
        catalogue,
        process.env.CEYUAN_POLICIES ?? DEFAULT_POLICY_DIR,
      );
      const criteria = summariseCriteria(policy);
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ kinds: policy.kinds.map((k) => k.code), criteria, findings }, null, 2)}\n`,
        );
        return;
      }
      for (const k of policy.kinds) {
        process.stdout.write(`${k.code.padEnd(20)} ${k.label.zh}\n`);
        for (const c of criteria.filter((x) => x.kind === k.code))
          process.stdout.write(
            `    ${c.criterion.padEnd(22)} ${c.label.zh} · ${BASIS_ZH[c.basis]}${c.citation ? ` · ${c.citation}` : ''}\n`,
          );
      }
      const n = (b: keyof typeof BASIS_ZH) => criteria.filter((c) => c.basis === b).length;
      process.stdout.write(
        `\n${policy.kinds.length} 类资质 kinds · ${n('sourced')} 项有公开出处 sourced · ${n('parameter')} 项待设定 officer parameters · ${n('judgement')} 项审核认定 judgements\n` +
          '引文均与原文一致 every quote is verbatim\n',
      );
    });
  command
    .command('scan')
    .description('lapses, first-time rewards, expiry reminders on a date / 资质每日巡检')
    .option('--date <date>', 'as of this day (YYYY-MM-DD); default today in Shanghai')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { date?: string; data?: string; json?: boolean }) => {
      const { engine } = catalogueAndEngine();
      const { db, where } = await openCliDatabase(opts.data);
      try {
        const clock = systemClock;
        const service = createQualificationService({
          db,
          engine,
          clock,
          ids: randomIds,
          audit: createAuditService({ db, clock }),
          messages: createMessageService({ db, clock, ids: randomIds }),
        });
        const result = await service.scan({ date: opts.date ?? today(), actor: cliActor().username });
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `资质巡检 qualification scan ${result.date} · ${where}\n` +
              `失效 lapsed: ${result.lapsed}\n` +
              `首次达标奖励 first-time rewards: ${result.rewards.notices} 通知 notices, ${result.rewards.explained} 说明 explained\n` +
              `到期提醒 expiry reminders: ${result.reminders.sent} 条 sent（${result.reminders.holdings} 项资质 holdings in a window; 此前已发的不再发）\n`,
          );
      } finally {
        await db.destroy();
      }
    });
  command
    .command('bench')
    .description('as-of stock and pool computation at scale on a throwaway PostgreSQL / 资质台账性能')
    .option('--organisations <n>', 'organisations to generate', '1000000')
    .option('--runs <n>', 'timed runs of each query', '3')
    .option('--date <date>', 'as of this day', '2026-06-30')
    .option('--database <kind>', 'postgres (a throwaway server) or pglite (in memory)', 'postgres')
    .action(async (opts: { organisations: string; runs: string; date: string; database: string }) => {
      const { benchQualifications } = await import('../../../bench/qualifications.ts');
      if (opts.database !== 'postgres' && opts.database !== 'pglite')
        throw new Error('--database is postgres or pglite');
      await benchQualifications({
        organisations: Number(opts.organisations),
        runs: Number(opts.runs),
        date: opts.date,
        database: opts.database,
      });
    });
}
