/**
 * What every use case of the application workflow shares: the ports and "today", who may see a
 * case, the reads a decision is judged on (the applicant's profile from the registry, the case
 * facts for the workflow, the entitlement recomputed from the catalogue and the ledger) and the
 * errors they raise. Nothing here writes: the rows a step writes are in transition.ts.
 */

import { shanghaiDate } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { CeyuanError } from '../../core/errors.ts';
import {
  activeGrants,
  commitmentReleased,
  type Entitlement,
  entitlement,
  type LedgerEntry,
  type ReviewOverlap,
  reviewOverlaps,
} from '../../core/ledger.ts';
import { type CaseFacts, DEFAULT_NOTICE_DAYS } from '../../core/workflow.ts';
import {
  applicantProfile,
  findApplication,
  listApplications,
  listObjections,
} from '../../storage/repositories/applications.ts';
import { applicationEntries, organisationGrants } from '../../storage/repositories/ledger.ts';
import { listPayments, listStages } from '../../storage/repositories/payments.ts';
import { countPublicObjections } from '../../storage/repositories/public-notices.ts';
import type { Db, Executor } from '../../storage/schema.ts';
import type { ApplicationRow } from '../../storage/tables/applications-ledger.ts';
import type { Actor, ApplicationDeps, AuditPort, Clock, IdSource } from './ports.ts';

/** The ports, taken once when the service is made, and the one "today" the use cases know. */
export interface CaseContext {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  /** Length of the public notice (公示) in calendar days when the officer does not say. */
  noticeDays: number;
  /** The Shanghai date of the clock port: the workflow's dates are calendar days in Shanghai. */
  today(): string;
}

export function caseContext(deps: ApplicationDeps): CaseContext {
  const { db, engine, clock, ids, audit } = deps;
  return {
    db,
    engine,
    clock,
    ids,
    audit,
    noticeDays: deps.noticeDays ?? DEFAULT_NOTICE_DAYS,
    today: () => shanghaiDate(clock.now()),
  };
}

const NOUNS: Record<string, string> = {
  application: '申请',
  'payment stage': '拨付阶段',
  decision: '决定记录',
};

export function notFound(what = 'application'): CeyuanError {
  return new CeyuanError('NOT_FOUND', { zh: `未找到该${NOUNS[what] ?? what}`, en: `no such ${what}` });
}

export function forbidden(zh: string, en: string): CeyuanError {
  return new CeyuanError('FORBIDDEN', { zh, en });
}

/**
 * An enterprise user sees its own organisation's applications only; officers and auditors see all.
 * Another organisation's application is NOT_FOUND, not FORBIDDEN: its existence is not disclosed.
 */
export function visible(actor: Actor, app: ApplicationRow): boolean {
  return actor.role !== 'enterprise' || actor.organisationId === app.organisation_id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names no row: say so, rather than let the database raise a type error. */
export function checkId(id: string, what = 'application'): void {
  if (!UUID.test(id)) throw notFound(what);
}

/** Optimistic locking: every change bumps the version, and a client that saw an older one is refused. */
export function checkVersion(app: ApplicationRow, version: number | undefined): void {
  if (version !== undefined && version !== app.version) {
    throw new CeyuanError(
      'CONFLICT',
      {
        zh: `申请已被他人修改（当前版本${app.version}，提交的版本${version}），请刷新后重试`,
        en: `the application changed meanwhile (version ${app.version}, you sent ${version}); reload and retry`,
      },
      { version: app.version, sent: version },
    );
  }
}

/** The application as this actor may read it (no lock: for reads and replies). */
export async function readable(ctx: CaseContext, actor: Actor, id: string): Promise<ApplicationRow> {
  checkId(id);
  const app = await findApplication(ctx.db, id);
  if (!app || !visible(actor, app)) throw notFound();
  return app;
}

/** The applicant as the registry holds it now: the profile is never typed into an application. */
export async function profileOf(tx: Executor, organisationId: string) {
  const applicant = await applicantProfile(tx, organisationId);
  if (!applicant) throw new CeyuanError('NOT_FOUND', { zh: '未找到申请单位', en: 'no such organisation' });
  return applicant;
}

/** The entitlement on `on`, from the registry's profile and the organisation's ledger as it is now. */
export async function recompute(
  ctx: CaseContext,
  tx: Executor,
  app: Pick<ApplicationRow, 'organisation_id' | 'id' | 'measure_id' | 'matter'>,
  on: string,
): Promise<Entitlement> {
  return entitlement(ctx.engine, {
    measureId: app.measure_id,
    applicant: await profileOf(tx, app.organisation_id),
    matter: app.matter,
    today: on,
    entries: await organisationGrants(tx, app.organisation_id),
    applicationId: app.id,
  });
}

/** What the pure workflow (src/core/workflow.ts) judges a step on, from rows already read. */
export function factsFrom(
  app: ApplicationRow,
  objections: { status: string }[],
  stages: { id: string; seq: number; amount: number }[],
  payments: { stage_id: string }[],
  entries: readonly LedgerEntry[] = [],
): CaseFacts {
  const paid = new Set(payments.map((p) => p.stage_id));
  return {
    state: app.state,
    organisationId: app.organisation_id,
    recommendedBy: app.recommended_by,
    noticeEndsOn: app.notice_ends_on,
    openObjections: objections.filter((o) => o.status === 'open').length,
    stagesTotal: stages.length,
    stagesPaid: payments.length,
    commitmentReleased: commitmentReleased(
      entries,
      stages.map((st) => ({ seq: st.seq, amount: st.amount, paid: paid.has(st.id) })),
    ),
  };
}

export async function facts(tx: Executor, app: ApplicationRow): Promise<CaseFacts> {
  const key = { organisationId: app.organisation_id, applicationId: app.id };
  const [objections, stages, payments, publicOpen, entries] = await Promise.all([
    listObjections(tx, app.organisation_id, app.id),
    listStages(tx, app.organisation_id, app.id),
    listPayments(tx, app.organisation_id, app.id),
    countPublicObjections(tx, key),
    applicationEntries(tx, app.organisation_id, app.id),
  ]);
  const f = factsFrom(app, objections, stages, payments, entries);
  // An objection the public filed on the notice page is open like one an officer recorded: the
  // notice cannot close until an officer upholds or dismisses it.
  return { ...f, openObjections: f.openObjections + publicOpen };
}

/** Applications still being decided: a grant is not written yet, but the reviewer must see them. */
const PENDING_STATES = ['submitted', 'accepted', 'under_review', 'recommended'] as const;

/**
 * The organisation's standing grants and open applications that the reviewer must weigh against
 * this application (src/core/ledger.ts reviewOverlaps): two measures of one document for one
 * project, or a linked measure on another matter id.
 */
export async function overlapsToJudge(
  ctx: CaseContext,
  db: Executor,
  app: ApplicationRow,
): Promise<ReviewOverlap[]> {
  const [entries, pending] = await Promise.all([
    organisationGrants(db, app.organisation_id),
    listApplications(db, {
      organisationId: app.organisation_id,
      states: [...PENDING_STATES],
      limit: 500,
      offset: 0,
    }),
  ]);
  return reviewOverlaps(
    ctx.engine,
    { measureId: app.measure_id, matterId: app.matter_id, applicationId: app.id },
    [
      ...activeGrants(entries).map((e) => ({
        measureId: e.measureId,
        matterId: e.matterId,
        applicationId: e.applicationId,
        status: 'granted' as const,
        amount: e.amount,
      })),
      ...pending.rows.map((a) => ({
        measureId: a.measure_id,
        matterId: a.matter_id,
        applicationId: a.id,
        status: 'pending' as const,
        amount: a.recommended_amount,
      })),
    ],
  );
}
