/**
 * What every qualification use case shares: the ports (database, engine, clock, ids, audit trail,
 * messages, applications), the loaded policy (policies/qualifications.yaml), “today”, who may do
 * what, the officers' parameters, and the errors. Nothing here writes except `record` and `notify`,
 * which take the caller's transaction.
 */
import { qualificationPolicyFor } from '../../catalogue/load-qualifications.ts';
import { shanghaiDate } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import {
  type OfficerParameter,
  type ParameterValues,
  parameterKey,
} from '../../core/qualifications/criteria.ts';
import type { QualificationPolicy } from '../../core/qualifications/types.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import { currentParameters } from '../../storage/repositories/qualifications/rewards.ts';
import type { Db, Executor, Tx } from '../../storage/schema.ts';
import type { AuditPort, IdSource } from '../applications/ports.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { SessionUser } from '../auth/types.ts';
import { OFFICER_ROLES, STAFF_ROLES } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import type { MessageDraft, MessageService } from '../messages/service.ts';

export interface QualificationDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  messages: Pick<MessageService, 'send'>;
  /** To turn a confirmed reward notice into its application (optional: tests may leave it out). */
  applications?: Pick<ApplicationService, 'create'>;
  /** The policy (default: policies/qualifications.yaml for the engine's catalogue). */
  policy?: QualificationPolicy;
}

export interface QualificationContext extends QualificationDeps {
  policy: QualificationPolicy;
  today(): string;
  /** Appends an audit entry in the caller's transaction. */
  record(
    tx: Tx,
    actor: string,
    action: string,
    subject: string | null,
    detail?: Record<string, unknown>,
  ): Promise<void>;
  /** Sends an in-site message in the caller's transaction (once per dedupe key). */
  notify(tx: Executor, draft: MessageDraft): Promise<boolean>;
  /** The officers' current thresholds, read through `ex`. */
  parameters(ex?: Executor): Promise<ParameterValues>;
}

export function qualificationContext(deps: QualificationDeps): QualificationContext {
  const policy = deps.policy ?? qualificationPolicyFor(deps.engine.catalogue);
  return {
    ...deps,
    policy,
    today: () => shanghaiDate(deps.clock.now()),
    async record(tx, actor, action, subject, detail = {}) {
      await deps.audit.append(tx, { actor, action, subject, detail });
    },
    async notify(tx, draft) {
      return (await deps.messages.send(tx, draft)).created;
    },
    async parameters(ex = deps.db) {
      const out = new Map<string, OfficerParameter>();
      for (const p of await currentParameters(ex)) {
        if (p.value === null) continue;
        out.set(parameterKey(p.kind, p.criterion), {
          value: Number(p.value),
          source: p.source,
          setBy: p.set_by,
          setAt: p.set_at.toISOString(),
        });
      }
      return out;
    },
  };
}

/** Officers work the ledger and the pools; the auditor reads everything; an enterprise its own. */
export { OFFICER_ROLES };
export const READER_ROLES = STAFF_ROLES;
/** Local thresholds are set by those who sign decisions. */
export const PARAMETER_ROLES = ['approver', 'admin'] as const;

export const isOfficer = (u: Pick<SessionUser, 'role'>) =>
  (OFFICER_ROLES as readonly string[]).includes(u.role);
export const isReader = (u: Pick<SessionUser, 'role'>) =>
  (READER_ROLES as readonly string[]).includes(u.role);

export function forbidden(zh: string, en: string): ForbiddenError {
  return new ForbiddenError({ zh, en });
}

export function requireOfficer(u: Pick<SessionUser, 'role'>): void {
  if (!isOfficer(u)) throw forbidden('只有业务经办人员可以办理', 'only programme officers may do this');
}

export function requireReader(u: Pick<SessionUser, 'role'>): void {
  if (!isReader(u))
    throw forbidden('只有业务经办人员和审计人员可以查看', 'only officers and auditors may read this');
}

export function noOrganisation(): NotFoundError {
  return new NotFoundError({ zh: '未找到该单位', en: 'no such organisation' });
}

/**
 * The organisation a caller may read: an enterprise user its own only (another's is 404, as if absent),
 * officers and auditors any. `organisationId` may be omitted by an enterprise user.
 */
export function readableOrganisation(user: SessionUser, organisationId: string | undefined): string {
  if (user.role === 'enterprise') {
    if (!user.organisationId || (organisationId && organisationId !== user.organisationId))
      throw noOrganisation();
    return user.organisationId;
  }
  requireReader(user);
  if (!organisationId || !isUuid(organisationId)) throw noOrganisation();
  return organisationId;
}
