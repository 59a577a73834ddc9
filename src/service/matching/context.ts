/**
 * What every 双向发榜 use case shares: the ports (database, engine, clock, ids, audit trail, messages,
 * applications), "today", the matcher kept in step with the database, who the caller is towards a
 * listing or an engagement, and the errors. Nothing here writes except `audit` and `notify`, which
 * take the caller's transaction.
 */
import { shanghaiDate } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { ForbiddenError, InputError, NotFoundError } from '../../core/errors.ts';
import { LISTING_REVIEWER_ROLES } from '../../core/matching/states.ts';
import type { Text } from '../../core/text.ts';
import type { Db, Executor, Tx } from '../../storage/schema.ts';
import type { AuditPort, IdSource } from '../applications/ports.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { SessionUser } from '../auth/types.ts';
import { OFFICER_ROLES } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import type { MessageDraft, MessageService } from '../messages/service.ts';
import { MatchIndex } from './match-index.ts';
import { matcherContext } from './matcher-context.ts';

export interface MatchingDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  messages: Pick<MessageService, 'send'>;
  /** To turn a project's prefilled self-check into a draft application (optional: tests may leave it out). */
  applications?: Pick<ApplicationService, 'createFromSelfCheck' | 'createFromSelfCheckIn'>;
}

export interface MatchingContext extends MatchingDeps {
  today(): string;
  index: MatchIndex;
  /** Appends an audit entry in the caller's transaction. */
  record(
    tx: Tx,
    user: SessionUser | null,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): Promise<void>;
  /** Sends an in-site message in the caller's transaction (once per dedupe key). */
  notify(tx: Executor, draft: MessageDraft): Promise<boolean>;
}

export function matchingContext(deps: MatchingDeps): MatchingContext {
  const ctx = matcherContext(deps.engine.catalogue.reference);
  const index = new MatchIndex(deps.db, deps.clock, ctx);
  return {
    ...deps,
    index,
    today: () => shanghaiDate(deps.clock.now()),
    async record(tx, user, action, subject, detail = {}) {
      await deps.audit.append(tx, { actor: user?.username ?? 'system', action, subject, detail });
    },
    async notify(tx, draft) {
      return (await deps.messages.send(tx, draft)).created;
    },
  };
}

export { OFFICER_ROLES };
/** Roles that read every listing and engagement in any state (officers, brokers, auditors). */
export const STAFF_ROLES = [...LISTING_REVIEWER_ROLES, 'auditor'] as const;

export const isOfficer = (u: SessionUser) => (OFFICER_ROLES as readonly string[]).includes(u.role);
export const isStaff = (u: SessionUser) => (STAFF_ROLES as readonly string[]).includes(u.role);
export const isReviewer = (u: SessionUser) => (LISTING_REVIEWER_ROLES as readonly string[]).includes(u.role);

export function notFound(what: 'listing' | 'interest' | 'user' = 'listing'): NotFoundError {
  const zh = { listing: '未找到该榜单', interest: '未找到该对接意向', user: '未找到该技术经理人' }[what];
  return new NotFoundError({ zh, en: `no such ${what}` });
}

export function forbidden(text: Text, details?: unknown): ForbiddenError {
  return new ForbiddenError(text, details);
}

/** The shared shapes: a stale version read (409), a refused step of states.ts. */
export { refusedStep as refused, staleError as stale } from '../../core/errors.ts';

export function requireOrganisationUser(user: SessionUser): string {
  if (user.role !== 'enterprise' || !user.organisationId)
    throw forbidden({
      zh: '只有单位用户（企业、高校、院所）可以发榜或表达对接意向',
      en: 'only users acting for an organisation may publish listings or express interest',
    });
  return user.organisationId;
}

/** A recorded event cannot be dated after today (Shanghai). */
export function assertNotFuture(path: string, date: string | null | undefined, today: string): void {
  if (date && date > today)
    throw new InputError([
      { path, rule: 'future', zh: '日期不能晚于今天', en: 'the date cannot be in the future' },
    ]);
}
