/**
 * What every 揭榜挂帅 use case shares: the ports (database, engine, policy, clock, ids, audit trail,
 * messages, applications), "today", who the caller is (officer, judge, organisation), and the errors.
 * Nothing here writes except `record` and `notify`, which take the caller's transaction.
 */
import type { ChallengePolicy } from '../../core/challenges/policy.ts';
import { shanghaiDate } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError, staleError } from '../../core/errors.ts';
import type { Text } from '../../core/text.ts';
import type { Db, Executor, Tx } from '../../storage/schema.ts';
import type { AuditPort, IdSource } from '../applications/ports.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { SessionUser } from '../auth/types.ts';
import { OFFICER_ROLES, STAFF_ROLES } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import type { MessageDraft, MessageService } from '../messages/service.ts';

export interface ChallengeDeps {
  db: Db;
  engine: Engine;
  policy: ChallengePolicy;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  messages: Pick<MessageService, 'send'>;
  /** Money moves only through the applications workflow (DESIGN.md): award → application → stages. */
  applications: Pick<
    ApplicationService,
    'create' | 'createIn' | 'scheduleStages' | 'payStage' | 'get' | 'endMatterIn'
  >;
}

export interface ChallengeContext extends ChallengeDeps {
  today(): string;
  /** Appends an audit entry in the caller's transaction, with the clause the change rests on. */
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

export function challengeContext(deps: ChallengeDeps): ChallengeContext {
  return {
    ...deps,
    today: () => shanghaiDate(deps.clock.now()),
    async record(tx, user, action, subject, detail = {}) {
      await deps.audit.append(tx, { actor: user?.username ?? 'system', action, subject, detail });
    },
    async notify(tx, draft) {
      return (await deps.messages.send(tx, draft)).created;
    },
  };
}

/** 区科委 / 科创办 officers run lists, panels and milestones; approvers and admins also pay. */
export const PAYER_ROLES = ['approver', 'admin'] as const;
/** Read everything (after the seal is lifted): officers and auditors. */
export { OFFICER_ROLES, STAFF_ROLES };

export const isOfficer = (u: SessionUser | null) =>
  !!u && (OFFICER_ROLES as readonly string[]).includes(u.role);
export const isStaff = (u: Pick<SessionUser, 'role'> | null) =>
  !!u && (STAFF_ROLES as readonly string[]).includes(u.role);

/** The clause every change of a list rests on (000·二 / 001·二), and the mechanism (002·四). */
export function clauseOf(ctx: ChallengeContext, measureId: string): string {
  const basis = ctx.policy.byMeasure.get(measureId);
  return basis ? `${measureId} ${basis.citation.zh}` : measureId;
}

/** The shared shapes: a stale version read (409), a refused step of core/challenges/states.ts. */
export { refusedStep as refused, staleError as stale } from '../../core/errors.ts';

export function notFound(what: 'list' | 'problem' | 'bid' | 'project' | 'milestone' | 'user'): NotFoundError {
  const zh = {
    list: '榜单',
    problem: '题目',
    bid: '揭榜方案',
    project: '揭榜项目',
    milestone: '里程碑',
    user: '用户',
  }[what];
  return new NotFoundError({ zh: `未找到该${zh}`, en: `no such ${what}` });
}

export function forbidden(text: Text, details?: unknown): ForbiddenError {
  return new ForbiddenError(text, details);
}

export function conflict(rule: string, text: Text): ConflictError {
  return new ConflictError(text, { rule });
}

export function inputError(path: string, rule: string, zh: string, en: string): InputError {
  return new InputError([{ path, rule, zh, en }]);
}

export function requireOrganisation(user: SessionUser): string {
  if (user.role !== 'enterprise' || !user.organisationId)
    throw forbidden({
      zh: '只有单位用户（企业、高校、院所）可以出题或揭榜',
      en: 'only users acting for an organisation may set problems or bid',
    });
  return user.organisationId;
}

export function requireOfficer(user: SessionUser): void {
  if (!isOfficer(user))
    throw forbidden({ zh: '只有区科委、科创办工作人员可以办理', en: 'only officers may do this' });
}

/** Optimistic concurrency: a stale version the caller saw is a conflict. */
export function checkVersion(seen: number | undefined, current: number): void {
  if (seen !== undefined && seen !== current) throw staleError();
}
