/**
 * The HTTP application: `buildApp({ db, catalogue, clock, logger })` returns a Fastify instance with
 * nothing global (tests drive it with `app.inject`). JSON in and out, validated by zod schemas that
 * also produce the OpenAPI document (/api/openapi.json, interactive at /api/docs).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Catalogue } from '../core/catalogue/types.ts';
import { shanghaiDate } from '../core/dates.ts';
import { createEngine } from '../core/engine/calculate.ts';
import { CeyuanError, InputError, NotAuthenticatedError } from '../core/errors.ts';
import type { Lang } from '../core/text.ts';
import { fieldIssues, unsafeInputIssues } from '../core/validation.ts';
import { checkpointSchedule, type SigningKey } from '../service/audit/checkpoints.ts';
import { createRefusalRecorder } from '../service/audit/refusals.ts';
import { createAuditService } from '../service/audit/service.ts';
import { authorise } from '../service/auth/permissions.ts';
import { createAuthService } from '../service/auth/service.ts';
import type { SessionUser } from '../service/auth/types.ts';
import type { Clock } from '../service/clock.ts';
import { createJobQueue, type JobQueue } from '../service/jobs/queue.ts';
import { createRegistryService } from '../service/registry/service.ts';
import type { Db } from '../storage/schema.ts';
import { installAccess } from './access.ts';
import type { ApiConfig, ApiContext } from './context.ts';
import { installErrorHandling } from './errors.ts';
import { OneLinePerRequest } from './logging.ts';
import { registerRoutes } from './routes/index.ts';
import {
  clientErrorHandler,
  frameworkErrors,
  installOriginCheck,
  installSecurityHeaders,
} from './security.ts';

export const BODY_LIMIT = 1024 * 1024;
export const SESSION_COOKIE = 'ceyuan_session';
export const DEFAULT_WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface BuildAppOptions {
  db: Db;
  catalogue: Catalogue;
  clock: Clock;
  /** A pino logger instance, `true` for Fastify's default, or false/undefined for silence. */
  logger?: FastifyBaseLogger | boolean;
  config?: Partial<ApiConfig>;
  /** Folder of the built web UI; served at / when it holds index.html. */
  webDir?: string;
  /** Trust X-Forwarded-For from a reverse proxy (rate limits and audit see the client address). */
  trustProxy?: boolean;
  /**
   * Signed audit checkpoints (src/service/audit/checkpoints.ts): one at start and at close, after
   * every `everyEntries` entries and every `everyMs`. Absent: none (tests that do not need them).
   */
  checkpoints?: { key: SigningKey; file?: string; everyEntries?: number; everyMs?: number };
  /**
   * The job queue (src/service/jobs). Default: one over `db`, taking jobs in this process, started
   * when the app is ready and stopped when it closes.
   */
  jobs?: JobQueue;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** undefined: not looked up yet; null: nobody signed in. */
    sessionUser: SessionUser | null | undefined;
  }
}

const HTTP_PART_PREFIX: Record<string, string> = {
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { db, catalogue, clock } = options;
  const config: ApiConfig = {
    secureCookies: false,
    loginRateLimit: 10,
    trustedOrigins: [],
    scheduledJobs: true,
    ...options.config,
  };
  const logger = options.logger;
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    ...(typeof logger === 'object' ? { loggerInstance: logger } : { logger: logger ?? false }),
    // One line per request (logging.ts).
    ...(logger ? { logController: new OneLinePerRequest() } : {}),
    trustProxy: options.trustProxy ?? false,
    // Ids in routes are short; anything longer is not ours.
    routerOptions: { maxParamLength: 200 },
    // 431 / 400 from Node's HTTP parser in the API's error shape (src/api/security.ts).
    clientErrorHandler,
    frameworkErrors,
  });

  // Validation by zod, with the same zh/en field issues as the services produce. Non-body parts
  // are prefixed (query.limit) so a client can tell a bad query parameter from a bad body field.
  // Before the route's own schema, every part passes the shared text rules (no NUL, no lone
  // surrogate, in values and keys) and a nesting limit, whatever the schema says of it
  // (src/core/validation.ts): a field typed z.unknown() cannot carry them into storage or the audit.
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const prefix = HTTP_PART_PREFIX[httpPart ?? ''] ?? '';
    const unsafe = unsafeInputIssues(data);
    if (unsafe.length > 0)
      return { error: new InputError(unsafe.map((i) => ({ ...i, path: prefix + i.path }))) };
    const result = (schema as z.ZodType).safeParse(data);
    if (result.success) return { value: result.data };
    const issues = fieldIssues(result.error).map((i) => ({ ...i, path: prefix + i.path }));
    return { error: new InputError(issues) };
  });
  app.setSerializerCompiler(serializerCompiler);

  const schedule = options.checkpoints
    ? checkpointSchedule({
        db,
        clock,
        ...options.checkpoints,
        onError: (error) => app.log.error({ err: error }, 'audit checkpoint failed'),
      })
    : null;
  const audit = createAuditService({
    db,
    clock,
    ...(schedule ? { onAppended: () => schedule.appended() } : {}),
  });
  const refusals = createRefusalRecorder({ audit, clock });
  const auth = createAuthService({ db, clock, audit });
  const registry = createRegistryService({ db, catalogue, clock, audit });
  const engine = createEngine(catalogue);
  const jobs =
    options.jobs ??
    createJobQueue({ db, onError: (error) => app.log.error({ err: error }, 'job queue error') });

  async function currentUser(request: FastifyRequest): Promise<SessionUser | null> {
    if (request.sessionUser !== undefined) return request.sessionUser;
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? request.cookies?.[SESSION_COOKIE];
    request.sessionUser = token ? await auth.authenticate(token) : null;
    return request.sessionUser;
  }

  let todayCache = { minute: Number.NaN, date: '' };
  const ctx: ApiContext = {
    db,
    catalogue,
    engine,
    clock,
    logger: app.log,
    config,
    audit,
    refusals,
    auth,
    registry,
    jobs,
    currentUser,
    async requireUser(request) {
      const user = await currentUser(request);
      if (!user) throw new NotAuthenticatedError();
      return user;
    },
    async requirePermission(request, permission) {
      const user = await ctx.requireUser(request);
      authorise(user, permission);
      return user;
    },
    today() {
      // Formatting a date in Asia/Shanghai costs ~0.1 ms (Intl); the calendar date can only change
      // on a minute boundary, so one answer per clock minute is exact and cheap.
      const minute = Math.floor(clock.now().getTime() / 60_000);
      if (minute !== todayCache.minute)
        todayCache = { minute, date: shanghaiDate(new Date(minute * 60_000)) };
      return todayCache.date;
    },
    lang(request): Lang {
      const q = (request.query as { lang?: unknown } | undefined)?.lang;
      if (q === 'en' || q === 'zh') return q;
      const accept = request.headers['accept-language'];
      return typeof accept === 'string' && /^\s*en\b/i.test(accept) ? 'en' : 'zh';
    },
  };

  app.decorateRequest('sessionUser', undefined);
  installErrorHandling(app, () => ctx);

  // gzip / brotli / deflate when the client accepts it, for answers of 1 KiB and more (the full
  // calculator answer is ~70 KB of JSON). Already-compressed types (xlsx) are left alone.
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await app.register(fastifyCookie);
  installSecurityHeaders(app, { secure: config.secureCookies });
  installOriginCheck(app, { cookieName: SESSION_COOKIE, trustedOrigins: config.trustedOrigins });
  // Refusals are counted per user and minute; what is counted is written out every minute and at close.
  const refusalTimer = setInterval(() => {
    refusals.flush().catch((error: unknown) => app.log.error({ err: error }, 'could not audit refusals'));
  }, 15_000);
  refusalTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(refusalTimer);
    await refusals.flush(true);
    // Last: the checkpoint covers the refusals just written.
    await schedule?.stop();
  });
  if (schedule) app.addHook('onReady', () => schedule.start());
  // Before swagger and the routes: each route's declared access becomes its first onRequest check.
  installAccess(app, () => ctx);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () =>
      Object.assign(
        new CeyuanError('RATE_LIMITED', {
          zh: '尝试过于频繁，请一分钟后再试',
          en: 'too many attempts: try again in a minute',
        }),
        { statusCode: 429 },
      ),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ceyuan 策源 API',
        description:
          'Songjiang / G60 innovation policies as software. Errors: `{ error: { code, message: { zh, en }, issues? } }`. ' +
          'Sign in with POST /api/auth/login; send the session as the `ceyuan_session` cookie or `Authorization: Bearer <token>`.',
        version: catalogue.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      // Signed in unless a route says `security: []` (public); `x-roles` names the roles admitted.
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Tags folded at first: the document has a few hundred operations, and Swagger UI drawing every
    // one of them (its default, 'list') keeps a browser busy for seconds before the page answers.
    // deepLinking puts the tag or operation opened in the URL, so a link to it can be shared.
    uiConfig: { docExpansion: 'none', deepLinking: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerRoutes(app, ctx);
  // Handlers are registered by the route modules above; the queue takes jobs once the app is ready.
  if (!options.jobs) {
    app.addHook('onReady', () => jobs.start());
    app.addHook('onClose', () => jobs.stop());
  }

  // The web UI, when it has been built (npm run build → dist/web). Its pages have real paths
  // (/notices/…, /review/…): any other GET that is not the API or a file gets index.html, and the
  // browser's router shows the page. A missing file or API path stays a 404.
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  if (existsSync(resolve(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: 'index.html' });
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
        throw new CeyuanError('NOT_FOUND', {
          zh: `没有这个地址：${request.method} ${request.url}`,
          en: `no route ${request.method} ${request.url}`,
        });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  return app;
}
