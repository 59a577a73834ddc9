/**
 * What every route module receives: the dependencies (database, catalogue, engine, clock) and the
 * services built from them, plus the session helpers. Route modules construct any further service
 * they need from these (e.g. the application service from db, engine, clock and audit).
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Catalogue } from '../core/catalogue/types.ts';
import type { Engine } from '../core/engine/calculate.ts';
import type { Lang } from '../core/text.ts';
import type { RefusalRecorder } from '../service/audit/refusals.ts';
import type { AuditService } from '../service/audit/service.ts';
import type { Permission } from '../service/auth/permissions.ts';
import type { AuthService } from '../service/auth/service.ts';
import type { SessionUser } from '../service/auth/types.ts';
import type { Clock } from '../service/clock.ts';
import type { JobQueue } from '../service/jobs/queue.ts';
import type { RegistryService } from '../service/registry/service.ts';
import type { Db } from '../storage/schema.ts';

export interface ApiConfig {
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  /** Login attempts per client address per minute before 429. */
  loginRateLimit: number;
  /** Folder for attachment files (CEYUAN_ATTACHMENTS_DIR); unset: kept in the database. */
  attachmentsDir?: string | null;
  /** Largest attachment accepted, in bytes (CEYUAN_ATTACHMENT_MAX_MB); unset: 20 MB. */
  attachmentMaxBytes?: number | null;
  /** Origins besides the server's own that may send state-changing requests (a separate UI host). */
  trustedOrigins: string[];
  /**
   * Run the platform's timed jobs (closing public notices whose window ended: hourly and at start).
   * Default true; tests on a manual clock turn it off so real time does not act on their cases.
   */
  scheduledJobs: boolean;
}

export interface ApiContext {
  db: Db;
  catalogue: Catalogue;
  engine: Engine;
  clock: Clock;
  logger: FastifyBaseLogger;
  config: ApiConfig;
  audit: AuditService;
  /** Permission refusals, audited per user and minute (src/service/audit/refusals.ts). */
  refusals: RefusalRecorder;
  auth: AuthService;
  registry: RegistryService;
  /** The platform's job queue (src/service/jobs): register handlers, enqueue, schedule. */
  jobs: JobQueue;
  /** The signed-in user, or null. Looked up once per request, only when asked. */
  currentUser(request: FastifyRequest): Promise<SessionUser | null>;
  /** The signed-in user, or a 401. */
  requireUser(request: FastifyRequest): Promise<SessionUser>;
  /** The signed-in user holding `permission`, or 401/403 (a 403 is audited). */
  requirePermission(request: FastifyRequest, permission: Permission): Promise<SessionUser>;
  /** Today in Shanghai by the clock. */
  today(): string;
  /** The language a client asked for: ?lang=en, else Accept-Language, else zh. */
  lang(request: FastifyRequest): Lang;
}
