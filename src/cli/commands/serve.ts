/**
 * `ceyuan serve [--port 3000] [--host 127.0.0.1] [--data ./data/pglite] [--demo] [--workers 1]`: the
 * HTTP API and web UI. PGlite in the data folder by default; PostgreSQL when DATABASE_URL is set.
 * Migrations run at start-up; --demo seeds the demo registry, accounts and applications (idempotent).
 * --workers N (PostgreSQL only) runs N server processes on the port (src/cli/workers.ts): this
 * process then prepares the database, forks them and supervises; each worker runs the code below
 * without the preparation and the start-up banner.
 */

import cluster from 'node:cluster';
import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { buildApp } from '../../api/app.ts';
import { CHECKPOINT_FILE, loadOrCreateKey, PUBLIC_KEY_FILE } from '../../service/audit/checkpoints.ts';
import { createAuditService } from '../../service/audit/service.ts';
import { createAuthService } from '../../service/auth/service.ts';
import { ROLE_LABELS } from '../../service/auth/types.ts';
import { systemClock } from '../../service/clock.ts';
import { seedDemo } from '../../service/demo/seed.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Db } from '../../storage/schema.ts';
import { catalogueAndEngine } from '../context.ts';
import { openCliDatabase } from '../database.ts';
import { parseWorkers, superviseWorkers } from '../workers.ts';
import { auditDir } from './audit.ts';

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  demo?: boolean;
  secureCookies?: boolean;
  trustProxy?: boolean;
  logLevel: string;
  bootstrapAdmin?: string;
  auditDir?: string;
  workers: string;
}

type Demo = Awaited<ReturnType<typeof seedDemo>>;

/** What a fresh start needs once, before any server answers: the first admin and the demo data. */
async function prepare(db: Db, opts: ServeOptions, logger: pino.Logger): Promise<Demo | null> {
  const { catalogue, engine } = catalogueAndEngine();
  const clock = systemClock;
  // The first administrator of a fresh production database; the password never goes on the command line.
  if (opts.bootstrapAdmin) {
    const password = process.env.CEYUAN_ADMIN_PASSWORD;
    if (!password) throw new Error('--bootstrap-admin needs the password in CEYUAN_ADMIN_PASSWORD');
    const audit = createAuditService({ db, clock });
    const exists = await new UserRepository(db).byUsername(opts.bootstrapAdmin.trim().toLowerCase());
    if (!exists) {
      await createAuthService({ db, clock, audit }).createUser(null, {
        username: opts.bootstrapAdmin,
        displayName: opts.bootstrapAdmin,
        password,
        role: 'admin',
      });
      logger.info(`created admin account ${opts.bootstrapAdmin}`);
    }
  }
  if (!opts.demo) return null;
  const audit = createAuditService({ db, clock });
  return seedDemo({ db, catalogue, engine, clock, audit, auth: createAuthService({ db, clock, audit }) });
}

/** The start-up text: where the server is, its database, its audit key and the demo accounts. */
function banner(args: {
  host: string;
  port: number;
  where: string;
  checkpointDir: string;
  keyId: string;
  demo: Demo | null;
  workers: number;
}): string {
  const { catalogue } = catalogueAndEngine();
  const { host, port, where, checkpointDir, keyId, demo, workers } = args;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const base = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const out: string[] = [
    '',
    `策源 Ceyuan · 目录版本 catalogue ${catalogue.version} · ${catalogue.measures.length} 项措施 measures`,
    `数据库 database: ${where}`,
    ...(workers > 1 ? [`工作进程 workers: ${workers} (pid ${process.pid} supervises)`] : []),
    '',
    `  网页 Web UI      ${base}/`,
    `  接口文档 API docs ${base}/api/docs`,
    `  OpenAPI          ${base}/api/openapi.json`,
    '',
    `审计检查点 audit checkpoints: ${join(checkpointDir, CHECKPOINT_FILE)} · key ${keyId} (${join(checkpointDir, PUBLIC_KEY_FILE)})`,
    '',
  ];

  if (demo) {
    out.push(
      `演示数据 Demo: ${demo.organisations} 家单位 organisations (${demo.organisationsCreated} new), ${demo.users.length} 个账户 accounts (${demo.usersCreated} new)`,
    );
    if (demo.applications?.applications.length) {
      out.push(`  演示申请 applications: ${demo.applications.applications.map((a) => a.state).join(', ')}`);
    } else if (demo.applications?.skipped) {
      out.push(`  演示申请 applications skipped: ${demo.applications.skipped}`);
    }
    if (demo.matching) {
      out.push(
        `  双向发榜 matching: ${demo.matching.listings} 条榜单 listings (${demo.matching.published} published), ${demo.matching.interests} 项对接 engagements`,
      );
    }
    if (demo.challenges && !demo.challenges.skipped)
      out.push(
        `  揭榜挂帅 challenges: ${demo.challenges.lists} 份榜单 lists, ${demo.challenges.problems} 道题目 problems, ${demo.challenges.bids} 份揭榜 bids, ${demo.challenges.paid} 期已拨付 tranche paid (演示数据)`,
      );
    if (demo.qualifications)
      out.push(
        `  梯度培育 qualifications: ${demo.qualifications.organisations} 家生成企业 generated firms, ${demo.qualifications.holdings} 条资质 holdings, ${demo.qualifications.events} 个台账事件 ledger events 2021–2026 (演示数据，非真实企业 synthetic)`,
      );
    if (demo.plan.observations > 0)
      out.push(
        `  十五五规划监测 plan monitoring: ${demo.plan.observations} 条演示观测值 demo values（来源：演示数据）`,
      );
    out.push(
      '',
      `登录 Sign in at ${base}/login — 演示密码 demo password for every account: ${demo.password}`,
    );
    for (const u of demo.users) {
      const label = ROLE_LABELS[u.role as keyof typeof ROLE_LABELS];
      out.push(
        `  ${u.username.padEnd(8)} ${label.zh} / ${label.en}${u.organisation ? ` · ${u.organisation}` : ''}`,
      );
    }
    out.push('', '  (演示账户仅供体验，正式部署请勿使用 --demo / demo accounts are for trying it out only)');
  }
  out.push('', '按 Ctrl+C 停止 / Ctrl+C to stop', '');
  return `${out.join('\n')}\n`;
}

/** Configures `ceyuan serve` on the command main.ts made (name and summary live there). */
export function registerServe(command: Command): void {
  command
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
    .option('--demo', 'seed demo organisations, accounts and applications (idempotent)')
    .option('--secure-cookies', 'mark the session cookie Secure (serve behind HTTPS)')
    .option('--trust-proxy', 'trust X-Forwarded-For from a reverse proxy')
    .option(
      '--bootstrap-admin <username>',
      'create this admin account if it does not exist, password from CEYUAN_ADMIN_PASSWORD',
    )
    .option('--log-level <level>', 'pino log level', process.env.LOG_LEVEL ?? 'info')
    .option(
      '--audit-dir <dir>',
      'folder of the audit signing key and checkpoint file (default CEYUAN_AUDIT_DIR or ./data/audit)',
    )
    .option(
      '--workers <n>',
      'server processes sharing the port, for several cores (PostgreSQL only)',
      process.env.CEYUAN_WORKERS ?? '1',
    )
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port: not a port number: ${opts.port}`);
      const workers = parseWorkers(opts.workers, process.env.DATABASE_URL);
      const logger = pino({ level: opts.logLevel });
      const maxMb = process.env.CEYUAN_ATTACHMENT_MAX_MB;
      if (maxMb !== undefined && !(Number(maxMb) > 0 && Number(maxMb) <= 1024))
        throw new Error(`CEYUAN_ATTACHMENT_MAX_MB: not a size in MB between 1 and 1024: ${maxMb}`);
      const { catalogue } = catalogueAndEngine();
      // The key that signs audit checkpoints (created on first start) and the file they go to.
      const checkpointDir = auditDir(opts.auditDir);

      if (workers > 1 && cluster.isPrimary) {
        // Migrations, the first admin, the demo data and the signing key once, then the workers.
        const { db, where } = await openCliDatabase(opts.data);
        const demo = await prepare(db, opts, logger);
        const { keyId } = loadOrCreateKey(checkpointDir);
        await db.destroy();
        superviseWorkers({
          count: workers,
          logger,
          onListening: ({ port: actualPort }) =>
            process.stdout.write(
              banner({ host: opts.host, port: actualPort, where, checkpointDir, keyId, demo, workers }),
            ),
        });
        return;
      }

      const { db, where } = await openCliDatabase(opts.data);
      const clock = systemClock;
      const checkpointKey = loadOrCreateKey(checkpointDir);
      const app = await buildApp({
        checkpoints: { key: checkpointKey, file: join(checkpointDir, CHECKPOINT_FILE) },
        db,
        catalogue,
        clock,
        logger,
        config: {
          secureCookies: Boolean(opts.secureCookies),
          // Attachments: in the database unless the operator names a folder (docs/operations.md).
          attachmentsDir: process.env.CEYUAN_ATTACHMENTS_DIR || null,
          attachmentMaxBytes: maxMb ? Math.floor(Number(maxMb) * 1024 * 1024) : null,
        },
        trustProxy: Boolean(opts.trustProxy),
      });
      // A worker's primary has prepared the database already.
      const demo = cluster.isWorker ? null : await prepare(db, opts, logger);

      let closing = false;
      const close = async (signal: string) => {
        // A worker may hear the terminal's Ctrl+C and its primary's SIGTERM: it closes once.
        if (closing) return;
        closing = true;
        logger.info(`${signal}: shutting down`);
        await app.close();
        await db.destroy();
        process.exit(0);
      };
      // A lone server: a second Ctrl+C kills it at once (the handlers are gone). A worker: it waits.
      const listen = cluster.isWorker ? process.on.bind(process) : process.once.bind(process);
      listen('SIGINT', () => void close('SIGINT'));
      listen('SIGTERM', () => void close('SIGTERM'));

      await app.listen({ port, host: opts.host });
      if (cluster.isWorker) return;
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      process.stdout.write(
        banner({
          host: opts.host,
          port: actualPort,
          where,
          checkpointDir,
          keyId: checkpointKey.keyId,
          demo,
          workers,
        }),
      );
    });
}
