/**
 * `ceyuan plan check` — loads policies/plan-003.yaml, checks every quote is verbatim in its source and
 * every printed figure is in its quote, and lists the targets with their kind (exit 1 on a problem).
 * `ceyuan plan scan [--date YYYY-MM-DD]` — the scheduled check: every target evaluated on the date;
 * worse statuses and overdue values alert the responsible departments (站内消息). Idempotent, so a job
 * queue (or cron) can run it daily and retry it. Audited as `plan.scan` by `cli:<user>`.
 */
import type { Command } from 'commander';
import { readSource } from '../../catalogue/load.ts';
import { loadPlan } from '../../catalogue/load-plan.ts';
import { quoteAppears } from '../../core/catalogue/check.ts';
import { planQuotes } from '../../core/plan/build.ts';
import { STATUS_LABELS, type Status } from '../../core/plan/status.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { createAuditService } from '../../service/audit/service.ts';
import { systemClock } from '../../service/clock.ts';
import { createMessageService } from '../../service/messages/service.ts';
import { scanPlan } from '../../service/plan/scan-plan.ts';
import { KIND_LABELS } from '../../service/plan/views.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { openCliDatabase } from '../database.ts';
import { cliActor } from './import.ts';

/** Configures `ceyuan plan` on the command main.ts made (name and summary live there). */
export function registerPlan(command: Command): void {
  command
    .command('check')
    .description('validate plan-003.yaml: quotes verbatim, figures printed; list the targets / 校验规划数据')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const { catalogue } = catalogueAndEngine();
      const p = loadPlan(catalogue, process.env.CEYUAN_POLICIES);
      const problems: string[] = [];
      for (const q of planQuotes(p)) {
        const source = readSource(q.source, process.env.CEYUAN_POLICIES);
        if (!quoteAppears(q.quote, source)) problems.push(`${q.where}: quote not verbatim in ${q.source}`);
        if (q.figure && !q.quote.replace(/\s+/g, '').includes(q.figure))
          problems.push(`${q.where}: figure ${q.figure} not printed in its quote`);
      }
      const targets = p.targets.map((t) => ({
        id: t.id,
        kind: t.kind,
        target: t.target,
        baseline: t.baseline.status,
        derived: t.derived?.source ?? null,
        department: t.department,
        quote: t.quote,
      }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ version: p.version, problems, targets }, null, 2)}\n`);
      } else {
        for (const t of p.targets) {
          const derived = t.derived ? ` · 派生 derived: ${t.derived.source}` : '';
          process.stdout.write(
            `${t.id.padEnd(24)} ${KIND_LABELS[t.kind].zh.padEnd(14)} ${t.quote}${derived}\n`,
          );
        }
        process.stdout.write(
          `\n${p.targets.length} 个目标 targets · ${p.indicators.length} 项十四五基础 figures · ${p.context.length} 项背景指标 context (004)\n`,
        );
        for (const problem of problems) process.stderr.write(`${problem}\n`);
        if (problems.length === 0) process.stdout.write('引文均与原文一致 every quote is verbatim\n');
      }
      if (problems.length > 0) process.exitCode = 1;
    });

  command
    .command('scan')
    .description('evaluate every target on a date and alert departments / 巡检并提醒责任部门')
    .option('--date <date>', 'as of this day (YYYY-MM-DD); default today in Shanghai')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { date?: string; data?: string; json?: boolean }) => {
      const { catalogue } = catalogueAndEngine();
      const p = loadPlan(catalogue, process.env.CEYUAN_POLICIES);
      const { db, where } = await openCliDatabase(opts.data);
      try {
        const clock = systemClock;
        const result = await scanPlan(
          {
            db,
            plan: p,
            catalogue,
            clock,
            ids: randomIds,
            audit: createAuditService({ db, clock }),
            messages: createMessageService({ db, clock, ids: randomIds }),
          },
          { date: opts.date ?? today(), actor: cliActor().username },
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else {
          const statuses = Object.entries(result.statuses)
            .map(([s, n]) => `${STATUS_LABELS[s as Status].zh} ${n}`)
            .join('，');
          process.stdout.write(
            `规划巡检 plan scan ${result.date} · ${where}\n${result.evaluated} 个目标 targets：${statuses}\n` +
              `发出提醒 alerts sent: ${result.sent}（共 ${result.alerts.length} 条，其余此前已发）\n`,
          );
          for (const a of result.alerts.filter((x) => x.sent))
            process.stdout.write(
              `  → ${a.department} · ${a.kind} · ${a.targetId}${a.period ? ` ${a.period}` : ''}${a.to ? ` ${a.from} → ${a.to}` : ''}\n`,
            );
        }
      } finally {
        await db.destroy();
      }
    });
}
