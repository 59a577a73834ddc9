/**
 * Applications: create, edit, submit, review, approve, notice, stages, payments, close.
 *
 * Every state change runs in one transaction that locks the application row first, checks the
 * transition with the pure workflow (src/core/workflow.ts), recomputes the entitlement with the
 * engine where money is at stake (src/core/ledger.ts), writes the application, the decision, the
 * ledger and the audit entry, and commits. An approval also locks the organisation's row (its caps)
 * and the fund's budget row, in that order, so that concurrent approvals are decided one after the
 * other on what the previous one wrote. A payment is paid once per stage and once per idempotency key.
 */
import type { Measure } from '../../core/catalogue/types.ts';
import { isMonetary } from '../../core/catalogue/types.ts';
import { shanghaiDate, yearOf } from '../../core/dates.ts';
import { parseCalcInput } from '../../core/engine/calculate.ts';
import { CeyuanError, InputError } from '../../core/errors.ts';
import type { Matter } from '../../core/input.ts';
import {
  activeGrants,
  checkAmountInRange,
  checkApproval,
  checkEligible,
  checkNoOverlap,
  decidePayment,
  type Entitlement,
  entitlement,
  measureOrThrow,
  planStages,
  type StagePlan,
} from '../../core/ledger.ts';
import { fieldIssues } from '../../core/validation.ts';
import {
  type ApplicationState,
  availableActions,
  type CaseFacts,
  DEFAULT_NOTICE_DAYS,
  nextState,
  noticeWindow,
  type Step,
  type WorkflowAction,
} from '../../core/workflow.ts';
import {
  type ApplicationPatch,
  applicantProfile,
  findApplication,
  insertApplication,
  insertDecision,
  insertObjection,
  listApplications,
  listDecisions,
  listObjections,
  lockApplication,
  lockOrganisation,
  resolveObjections,
  updateApplication,
} from '../../storage/repositories/applications.ts';
import {
  applicationEntries,
  committedTotal,
  insertLedgerEntry,
  lockBudget,
  organisationGrants,
} from '../../storage/repositories/ledger.ts';
import {
  findPaymentByKey,
  insertPayment,
  insertStages,
  listPayments,
  listStages,
} from '../../storage/repositories/payments.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { ApplicationRow, AttachmentMeta, PaymentRow } from '../../storage/tables/applications-ledger.ts';
import type { Actor, ApplicationDeps } from './ports.ts';
import {
  type ApplicationDetail,
  type ApplicationView,
  type PaymentView,
  toDetail,
  toPaymentView,
  toView,
} from './views.ts';

export interface CreateApplication {
  measureId: string;
  /** The matter as the calculator takes it; absent for a measure without a matter type. */
  matter?: Record<string, unknown> | null;
  title?: string;
  requestedAmount?: number | null;
  attachments?: AttachmentMeta[];
}

export type EditApplication = Partial<Omit<CreateApplication, 'measureId'>>;

export interface TransitionOptions {
  reason?: string | null;
  /** The version the client saw; a stale one is refused (optimistic locking). */
  version?: number;
}

export interface PaymentResult {
  payment: PaymentView;
  /** true when the key had already paid: this is the first payment, returned again. */
  replayed: boolean;
  application: ApplicationView;
}

const NOUNS: Record<string, string> = {
  application: '申请',
  'payment stage': '拨付阶段',
  decision: '决定记录',
};

export function notFound(what = 'application'): CeyuanError {
  return new CeyuanError('NOT_FOUND', { zh: `未找到该${NOUNS[what] ?? what}`, en: `no such ${what}` });
}

function forbidden(zh: string, en: string): CeyuanError {
  return new CeyuanError('FORBIDDEN', { zh, en });
}

/** An enterprise user sees its own organisation's applications only; officers and auditors see all. */
function visible(actor: Actor, app: ApplicationRow): boolean {
  return actor.role !== 'enterprise' || actor.organisationId === app.organisation_id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names no row: say so, rather than let the database raise a type error. */
function checkId(id: string, what = 'application'): void {
  if (!UUID.test(id)) throw notFound(what);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

interface Work {
  app: ApplicationRow;
  step: Step;
  today: string;
  decisionId: string;
  at: Date;
}

interface WorkResult {
  patch?: ApplicationPatch;
  amount?: number | null;
  entitlement?: Entitlement | null;
  detail?: Record<string, unknown>;
}

export function createApplicationService(deps: ApplicationDeps) {
  const { db, engine, clock, ids, audit } = deps;
  const noticeDays = deps.noticeDays ?? DEFAULT_NOTICE_DAYS;
  const today = () => shanghaiDate(clock.now());

  /** The matter validated against the calculator's contract and the measure's matter type. */
  function checkMatter(
    measure: Measure,
    raw: Record<string, unknown> | null | undefined,
    applicationId: string,
  ) {
    if (!isMonetary(measure.benefit)) {
      throw new InputError([
        {
          path: 'measureId',
          rule: 'not_monetary',
          zh: `${measure.id}为服务或约束类措施，无需申请资金`,
          en: `${measure.id} is a service or a constraint: there is no money to apply for`,
        },
      ]);
    }
    if (!measure.matterType) {
      if (raw) {
        throw new InputError([
          {
            path: 'matter',
            rule: 'unexpected',
            zh: `${measure.id}不针对具体事项，请勿填写事项`,
            en: `${measure.id} takes no matter`,
          },
        ]);
      }
      return { matter: null, matterId: applicationId };
    }
    if (!raw) {
      throw new InputError([
        { path: 'matter', rule: 'required', zh: '请填写申请事项', en: 'the matter is required' },
      ]);
    }
    if (raw.type !== measure.matterType) {
      throw new InputError([
        {
          path: 'matter.type',
          rule: 'matter_type',
          zh: `${measure.id}支持的事项类型为"${measure.matterType}"`,
          en: `${measure.id} takes a matter of type "${measure.matterType}"`,
        },
      ]);
    }
    const matterId = typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : applicationId;
    // Validated by the calculator's own matter schema, so what is stored is what the engine reads.
    const parsed = engine.schema.shape.matters
      .unwrap()
      .element.safeParse({ ...raw, id: matterId }, { reportInput: true });
    if (!parsed.success) {
      throw new InputError(fieldIssues(parsed.error).map((i) => ({ ...i, path: `matter.${i.path}` })));
    }
    return { matter: { ...raw, id: matterId } as Record<string, unknown>, matterId };
  }

  async function profileOf(tx: Executor, organisationId: string) {
    const applicant = await applicantProfile(tx, organisationId);
    if (!applicant) throw new CeyuanError('NOT_FOUND', { zh: '未找到申请单位', en: 'no such organisation' });
    return applicant;
  }

  async function recompute(tx: Executor, app: ApplicationRow, on: string): Promise<Entitlement> {
    return entitlement(engine, {
      measureId: app.measure_id,
      applicant: await profileOf(tx, app.organisation_id),
      matter: app.matter,
      today: on,
      entries: await organisationGrants(tx, app.organisation_id),
      applicationId: app.id,
    });
  }

  function factsFrom(
    app: ApplicationRow,
    objections: { status: string }[],
    stages: unknown[],
    payments: unknown[],
  ): CaseFacts {
    return {
      state: app.state,
      organisationId: app.organisation_id,
      recommendedBy: app.recommended_by,
      noticeEndsOn: app.notice_ends_on,
      openObjections: objections.filter((o) => o.status === 'open').length,
      stagesTotal: stages.length,
      stagesPaid: payments.length,
    };
  }

  async function facts(tx: Executor, app: ApplicationRow): Promise<CaseFacts> {
    const [objections, stages, payments] = await Promise.all([
      listObjections(tx, app.organisation_id, app.id),
      listStages(tx, app.organisation_id, app.id),
      listPayments(tx, app.organisation_id, app.id),
    ]);
    return factsFrom(app, objections, stages, payments);
  }

  function checkVersion(app: ApplicationRow, version: number | undefined) {
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

  async function record(tx: Tx, actor: Actor, w: Work, r: WorkResult, reason: string | null) {
    const updated = await updateApplication(
      tx,
      { organisationId: w.app.organisation_id, id: w.app.id, version: w.app.version },
      { ...r.patch, state: w.step.to, updated_at: w.at },
    );
    const ent = r.entitlement ?? null;
    await insertDecision(tx, {
      organisation_id: w.app.organisation_id,
      id: w.decisionId,
      application_id: w.app.id,
      step: updated.version,
      action: w.step.action,
      from_state: w.step.from,
      to_state: w.step.to,
      actor_id: actor.id,
      actor_role: actor.role,
      reason,
      amount: r.amount ?? null,
      catalogue_version: ent ? engine.catalogue.version : null,
      inputs: ent?.input ?? null,
      evaluation: ent?.evaluation ?? null,
      clause: ent?.evaluation.clause ?? null,
      detail: r.detail ?? {},
      decided_on: w.today,
      at: w.at,
    });
    return updated;
  }

  async function auditStep(
    tx: Tx,
    actor: Actor,
    w: Work,
    r: WorkResult,
    updated: ApplicationRow,
    reason: string | null,
  ) {
    await audit.append(tx, {
      actor: actor.username,
      action: `application.${w.step.action}`,
      subject: `application:${w.app.id}`,
      detail: {
        applicationId: w.app.id,
        organisationId: w.app.organisation_id,
        measureId: w.app.measure_id,
        from: w.step.from,
        to: w.step.to,
        version: updated.version,
        decisionId: w.decisionId,
        ...(reason ? { reason } : {}),
        ...(r.amount != null ? { amount: r.amount } : {}),
        ...(r.entitlement
          ? {
              catalogueVersion: engine.catalogue.version,
              clause: r.entitlement.evaluation.clause.citation,
              range: r.entitlement.evaluation.amount,
            }
          : {}),
        ...(r.detail ?? {}),
      },
    });
  }

  /**
   * One state change: lock, check, do the action's own work, write application + decision + audit,
   * all in one transaction. `before` runs right after the lock (before the workflow check); `work`
   * runs after the check and may write more rows.
   */
  async function transition(
    id: string,
    actor: Actor,
    action: WorkflowAction,
    opts: TransitionOptions,
    work: (tx: Tx, w: Work) => Promise<WorkResult> = async () => ({}),
    before?: (tx: Tx, app: ApplicationRow) => Promise<void>,
  ): Promise<ApplicationView> {
    const reason = opts.reason?.trim() || null;
    checkId(id);
    return db.transaction().execute(async (tx) => {
      const app = await lockApplication(tx, id);
      if (!app || !visible(actor, app)) throw notFound();
      if (before) await before(tx, app);
      checkVersion(app, opts.version);
      const on = today();
      const step = nextState(await facts(tx, app), { action, actor, today: on, reason });
      const w: Work = { app, step, today: on, decisionId: ids.next(), at: clock.now() };
      const r = await work(tx, w);
      const updated = await record(tx, actor, w, r, reason);
      await auditStep(tx, actor, w, r, updated, reason);
      return toView(updated);
    });
  }

  async function readable(actor: Actor, id: string): Promise<ApplicationRow> {
    checkId(id);
    const app = await findApplication(db, id);
    if (!app || !visible(actor, app)) throw notFound();
    return app;
  }

  async function create(actor: Actor, input: CreateApplication): Promise<ApplicationView> {
    if (actor.role !== 'enterprise' || !actor.organisationId) {
      throw forbidden(
        '只有企业用户可以代表本单位创建申请',
        'only an enterprise user can apply for its organisation',
      );
    }
    const organisationId = actor.organisationId;
    const measure = measureOrThrow(engine, input.measureId);
    const id = ids.next();
    const { matter, matterId } = checkMatter(measure, input.matter, id);
    const at = clock.now();
    return db.transaction().execute(async (tx) => {
      await profileOf(tx, organisationId);
      const row = {
        organisation_id: organisationId,
        id,
        measure_id: measure.id,
        document_code: measure.document.code,
        overlap_group: measure.overlapGroup,
        matter_id: matterId,
        matter,
        title: input.title?.trim() || measure.title.zh,
        requested_amount: input.requestedAmount ?? null,
        recommended_amount: null,
        approved_amount: null,
        attachments: input.attachments ?? [],
        state: 'draft' as ApplicationState,
        version: 1,
        created_by: actor.id,
        recommended_by: null,
        approved_by: null,
        submitted_on: null,
        notice_starts_on: null,
        notice_ends_on: null,
        created_at: at,
        updated_at: at,
      };
      await insertApplication(tx, row);
      await insertDecision(tx, {
        organisation_id: organisationId,
        id: ids.next(),
        application_id: id,
        step: 1,
        action: 'create',
        from_state: null,
        to_state: 'draft',
        actor_id: actor.id,
        actor_role: actor.role,
        reason: null,
        amount: null,
        catalogue_version: null,
        inputs: null,
        evaluation: null,
        clause: null,
        detail: {},
        decided_on: shanghaiDate(at),
        at,
      });
      await audit.append(tx, {
        actor: actor.username,
        action: 'application.create',
        subject: `application:${id}`,
        detail: { applicationId: id, organisationId, measureId: measure.id, matterId },
      });
      const created = await findApplication(tx, id);
      return toView(created!);
    });
  }

  return {
    create,

    /**
     * A draft prefilled from a self-check: the calculator input the enterprise just ran, the measure
     * it picked and, when it gave several matters, which one. The applicant part of the self-check
     * is not used: the registry is the source of the applicant's profile.
     */
    async createFromSelfCheck(
      actor: Actor,
      input: { measureId: string; input: unknown; matterId?: string; title?: string },
    ): Promise<ApplicationView> {
      const measure = measureOrThrow(engine, input.measureId);
      const parsed = parseCalcInput(engine, input.input, today());
      const candidates = parsed.matters.filter((m) => m.type === measure.matterType);
      const matter = input.matterId ? candidates.find((m) => m.id === input.matterId) : candidates[0];
      if (measure.matterType && !matter) {
        throw new InputError([
          {
            path: input.matterId ? 'matterId' : 'input.matters',
            rule: 'no_matter',
            zh: `自测输入中没有${measure.id}所需类型"${measure.matterType}"的事项`,
            en: `the self-check has no matter of type "${measure.matterType}" for ${measure.id}`,
          },
        ]);
      }
      // The matter as the applicant wrote it: no date or id filled in by the self-check's defaults.
      const raw = matter
        ? ((input.input as { matters: Record<string, unknown>[] }).matters[parsed.matters.indexOf(matter)] ??
          null)
        : null;
      return create(actor, { measureId: measure.id, matter: raw, title: input.title });
    },

    /** Edits a draft or an application returned for correction (补正). */
    async edit(actor: Actor, id: string, input: EditApplication, version?: number): Promise<ApplicationView> {
      checkId(id);
      return db.transaction().execute(async (tx) => {
        const app = await lockApplication(tx, id);
        if (!app || !visible(actor, app)) throw notFound();
        checkVersion(app, version);
        if (actor.role !== 'enterprise' || actor.organisationId !== app.organisation_id) {
          throw forbidden('只有申请单位本单位用户可以修改申请', "only the applicant's own users may edit it");
        }
        if (app.state !== 'draft' && app.state !== 'returned') {
          throw new CeyuanError(
            'CONFLICT',
            {
              zh: '只有草稿或退回补正的申请可以修改',
              en: 'only a draft or an application returned for correction can be edited',
            },
            { state: app.state },
          );
        }
        const measure = measureOrThrow(engine, app.measure_id);
        const patch: ApplicationPatch = { updated_at: clock.now() };
        if (input.matter !== undefined) {
          const { matter, matterId } = checkMatter(measure, input.matter, app.id);
          patch.matter = matter;
          patch.matter_id = matterId;
        }
        if (input.title !== undefined) patch.title = input.title?.trim() || measure.title.zh;
        if (input.requestedAmount !== undefined) patch.requested_amount = input.requestedAmount;
        if (input.attachments !== undefined) patch.attachments = input.attachments;
        const updated = await updateApplication(
          tx,
          { organisationId: app.organisation_id, id, version: app.version },
          patch,
        );
        const at = clock.now();
        await insertDecision(tx, {
          organisation_id: app.organisation_id,
          id: ids.next(),
          application_id: id,
          step: updated.version,
          action: 'edit',
          from_state: app.state,
          to_state: app.state,
          actor_id: actor.id,
          actor_role: actor.role,
          reason: null,
          amount: null,
          catalogue_version: null,
          inputs: null,
          evaluation: null,
          clause: null,
          detail: { fields: Object.keys(input) },
          decided_on: shanghaiDate(at),
          at,
        });
        await audit.append(tx, {
          actor: actor.username,
          action: 'application.edit',
          subject: `application:${id}`,
          detail: { applicationId: id, organisationId: app.organisation_id, fields: Object.keys(input) },
        });
        return toView(updated);
      });
    },

    /** Submits (or resubmits after 补正): the entitlement is computed now, and a "no" is said now. */
    submit(actor: Actor, id: string, opts: TransitionOptions = {}) {
      return transition(id, actor, 'submit', opts, async (tx, w) => {
        const matter: Record<string, unknown> | null = w.app.matter
          ? { ...w.app.matter, date: (w.app.matter as Partial<Matter>).date ?? w.today }
          : null;
        const app = { ...w.app, matter };
        const ent = await recompute(tx, app, w.today);
        checkEligible(ent.evaluation);
        const measure = measureOrThrow(engine, app.measure_id);
        checkNoOverlap(await organisationGrants(tx, app.organisation_id), {
          organisationId: app.organisation_id,
          measureId: measure.id,
          overlapGroup: measure.overlapGroup,
          matterId: app.matter_id,
          applicationId: app.id,
        });
        return { patch: { matter, submitted_on: w.today }, entitlement: ent };
      });
    },

    withdraw: (actor: Actor, id: string, opts: TransitionOptions = {}) =>
      transition(id, actor, 'withdraw', opts),
    accept: (actor: Actor, id: string, opts: TransitionOptions = {}) => transition(id, actor, 'accept', opts),
    returnForCorrection: (actor: Actor, id: string, opts: TransitionOptions) =>
      transition(id, actor, 'return', opts),
    startReview: (actor: Actor, id: string, opts: TransitionOptions = {}) =>
      transition(id, actor, 'start_review', opts),

    /** The reviewer proposes a figure inside the range the engine computes now. */
    recommend(actor: Actor, id: string, amount: number, opts: TransitionOptions = {}) {
      return transition(id, actor, 'recommend', opts, async (tx, w) => {
        const ent = await recompute(tx, w.app, w.today);
        checkAmountInRange(ent.evaluation, amount);
        checkNoOverlap(await organisationGrants(tx, w.app.organisation_id), {
          organisationId: w.app.organisation_id,
          measureId: w.app.measure_id,
          overlapGroup: w.app.overlap_group,
          matterId: w.app.matter_id,
          applicationId: w.app.id,
        });
        return {
          patch: { recommended_amount: amount, recommended_by: actor.id },
          amount,
          entitlement: ent,
        };
      });
    },

    reject: (actor: Actor, id: string, opts: TransitionOptions) => transition(id, actor, 'reject', opts),
    sendBack: (actor: Actor, id: string, opts: TransitionOptions) =>
      transition(id, actor, 'send_back', opts, async () => ({
        patch: { recommended_amount: null, recommended_by: null },
      })),

    /**
     * Approves the recommended amount. Under locks on the organisation (its caps) and the fund-year
     * budget, recomputes the entitlement from the catalogue and the ledger, checks range, 不重复 and
     * budget, and writes the commitment to the ledger.
     */
    approve(actor: Actor, id: string, opts: TransitionOptions = {}) {
      return transition(id, actor, 'approve', opts, async (tx, w) => {
        const app = w.app;
        const amount = app.recommended_amount;
        if (amount === null)
          throw new CeyuanError('CONFLICT', { zh: '尚无建议金额', en: 'no recommended amount' });
        const measure = measureOrThrow(engine, app.measure_id);
        const fund = measure.document.code;
        const year = yearOf(w.today);
        await lockOrganisation(tx, app.organisation_id);
        const budgetRow = await lockBudget(tx, fund, year);
        const entries = await organisationGrants(tx, app.organisation_id);
        const committed = budgetRow ? await committedTotal(tx, fund, year) : 0;
        const ent = checkApproval({
          engine,
          organisationId: app.organisation_id,
          applicationId: app.id,
          measureId: app.measure_id,
          applicant: await profileOf(tx, app.organisation_id),
          matter: app.matter,
          matterId: app.matter_id,
          today: w.today,
          entries,
          amount,
          budget: { fund, year, amount: budgetRow?.amount ?? null, committed },
        });
        const matterDate = ent.input.matters[0]?.date ?? w.today;
        await insertLedgerEntry(tx, {
          organisation_id: app.organisation_id,
          id: ids.next(),
          kind: 'grant',
          application_id: app.id,
          measure_id: app.measure_id,
          fund,
          overlap_group: app.overlap_group,
          matter_id: app.matter_id,
          amount,
          date: matterDate,
          year,
          reverses: null,
          payment_id: null,
          decision_id: w.decisionId,
          recorded_at: w.at,
        });
        return {
          patch: { approved_amount: amount, approved_by: actor.id },
          amount,
          entitlement: ent,
          detail: { fund, year, budget: budgetRow?.amount ?? null, committedBefore: committed },
        };
      });
    },

    publishNotice(actor: Actor, id: string, days: number | undefined, opts: TransitionOptions = {}) {
      return transition(id, actor, 'publish_notice', opts, async (_tx, w) => {
        const window = noticeWindow(w.today, days ?? noticeDays);
        return {
          patch: { notice_starts_on: window.startsOn, notice_ends_on: window.endsOn },
          detail: { notice: window },
        };
      });
    },

    /** Records an objection raised during the notice (by anyone; an officer enters it). */
    recordObjection(
      actor: Actor,
      id: string,
      objection: { raisedBy: string; text: string },
      opts: TransitionOptions = {},
    ) {
      return transition(id, actor, 'object', { ...opts, reason: objection.text }, async (tx, w) => {
        const objectionId = ids.next();
        await insertObjection(tx, {
          organisation_id: w.app.organisation_id,
          id: objectionId,
          application_id: w.app.id,
          raised_by: objection.raisedBy,
          text: objection.text,
          raised_on: w.today,
          recorded_by: actor.id,
          status: 'open',
          resolution: null,
          resolved_by: null,
          resolved_at: null,
          created_at: w.at,
        });
        return { detail: { objectionId, raisedBy: objection.raisedBy } };
      });
    },

    /**
     * An upheld objection sends the case back to review: the commitment is reversed in the ledger
     * (the budget and the caps are freed) and the recommendation is cleared.
     */
    upholdObjection(actor: Actor, id: string, opts: TransitionOptions) {
      return transition(id, actor, 'uphold_objection', opts, async (tx, w) => {
        const app = w.app;
        const resolved = await resolveObjections(
          tx,
          { organisationId: app.organisation_id, applicationId: app.id },
          'upheld',
          opts.reason ?? '',
          actor.id,
          w.at,
        );
        const grants = activeGrants(await applicationEntries(tx, app.organisation_id, app.id));
        for (const g of grants) {
          await insertLedgerEntry(tx, {
            organisation_id: app.organisation_id,
            id: ids.next(),
            kind: 'reversal',
            application_id: app.id,
            measure_id: g.measureId,
            fund: g.fund,
            overlap_group: g.overlapGroup,
            matter_id: g.matterId,
            amount: g.amount,
            date: g.date,
            year: g.year,
            reverses: g.id,
            payment_id: null,
            decision_id: w.decisionId,
            recorded_at: w.at,
          });
        }
        return {
          patch: {
            recommended_amount: null,
            recommended_by: null,
            approved_amount: null,
            approved_by: null,
            notice_starts_on: null,
            notice_ends_on: null,
          },
          detail: {
            objectionsUpheld: resolved,
            reversed: grants.map((g) => ({ id: g.id, amount: g.amount })),
          },
        };
      });
    },

    dismissObjection(actor: Actor, id: string, opts: TransitionOptions) {
      return transition(id, actor, 'dismiss_objection', opts, async (tx, w) => {
        const resolved = await resolveObjections(
          tx,
          { organisationId: w.app.organisation_id, applicationId: w.app.id },
          'dismissed',
          opts.reason ?? '',
          actor.id,
          w.at,
        );
        return { detail: { objectionsDismissed: resolved } };
      });
    },

    closeNotice: (actor: Actor, id: string, opts: TransitionOptions = {}) =>
      transition(id, actor, 'close_notice', opts),

    /** Splits the approved amount into stages that sum to it exactly. */
    scheduleStages(
      actor: Actor,
      id: string,
      plan: StagePlan & { dueDates?: (string | null)[] },
      opts: TransitionOptions = {},
    ) {
      return transition(id, actor, 'schedule_stages', opts, async (tx, w) => {
        const app = w.app;
        const measure = measureOrThrow(engine, app.measure_id);
        const staged = 'staged' in measure.benefit ? measure.benefit.staged : false;
        const amounts = planStages(app.approved_amount!, plan, staged);
        const rows = amounts.map((amount, i) => ({
          organisation_id: app.organisation_id,
          id: ids.next(),
          application_id: app.id,
          seq: i + 1,
          amount,
          due_on: plan.dueDates?.[i] ?? null,
          created_at: w.at,
        }));
        await insertStages(tx, rows);
        return { amount: app.approved_amount, detail: { stages: amounts } };
      });
    },

    /**
     * Pays one stage. The idempotency key makes a retry safe: the same key for the same stage
     * returns the first payment; the same key for anything else is refused.
     */
    async payStage(actor: Actor, id: string, stageId: string, key: string): Promise<PaymentResult> {
      const replay = async (existing: PaymentRow): Promise<PaymentResult> => {
        if (existing.application_id !== id || existing.stage_id !== stageId) {
          throw new CeyuanError(
            'IDEMPOTENCY_KEY_REUSED',
            {
              zh: '该幂等键已用于另一笔拨付，请为新的拨付使用新的键',
              en: 'this idempotency key was used for another payment; use a new key for a new payment',
            },
            { paymentId: existing.id },
          );
        }
        return {
          payment: toPaymentView(existing),
          replayed: true,
          application: toView(await readable(actor, id)),
        };
      };
      checkId(id);
      checkId(stageId, 'payment stage');
      const seen = await findPaymentByKey(db, key);
      if (seen) return replay(seen);
      let payment: PaymentRow | undefined;
      try {
        const application = await transition(
          id,
          actor,
          'pay_stage',
          {},
          async (tx, w) => {
            const app = w.app;
            const [stages, payments] = await Promise.all([
              listStages(tx, app.organisation_id, app.id),
              listPayments(tx, app.organisation_id, app.id),
            ]);
            const paidWith = new Map(payments.map((p) => [p.stage_id, p.idempotency_key]));
            const { stage } = decidePayment(
              stages.map((s) => ({
                id: s.id,
                seq: s.seq,
                amount: s.amount,
                paidWith: paidWith.get(s.id) ?? null,
              })),
              stageId,
              key,
            );
            payment = {
              organisation_id: app.organisation_id,
              id: ids.next(),
              application_id: app.id,
              stage_id: stage.id,
              amount: stage.amount,
              idempotency_key: key,
              paid_on: w.today,
              paid_by: actor.id,
              created_at: w.at,
            };
            await insertPayment(tx, payment);
            const grant = activeGrants(await applicationEntries(tx, app.organisation_id, app.id))[0];
            await insertLedgerEntry(tx, {
              organisation_id: app.organisation_id,
              id: ids.next(),
              kind: 'payment',
              application_id: app.id,
              measure_id: app.measure_id,
              fund: grant?.fund ?? app.document_code,
              overlap_group: app.overlap_group,
              matter_id: app.matter_id,
              amount: stage.amount,
              date: w.today,
              year: grant?.year ?? yearOf(w.today),
              reverses: null,
              payment_id: payment.id,
              decision_id: w.decisionId,
              recorded_at: w.at,
            });
            return {
              amount: stage.amount,
              detail: { stageId: stage.id, seq: stage.seq, paymentId: payment.id, idempotencyKey: key },
            };
          },
          // Under the application's lock, before the workflow check: a concurrent request with this
          // key may have paid meanwhile (perhaps the last stage, after which paying is refused).
          async (tx) => {
            const again = await findPaymentByKey(tx, key);
            if (again) throw new ReplayFound(again);
          },
        );
        return { payment: toPaymentView(payment!), replayed: false, application };
      } catch (error) {
        if (error instanceof ReplayFound) return replay(error.payment);
        if (isUniqueViolation(error)) {
          const winner = await findPaymentByKey(db, key);
          if (winner) return replay(winner);
        }
        throw error;
      }
    },

    close: (actor: Actor, id: string, opts: TransitionOptions = {}) => transition(id, actor, 'close', opts),

    async get(actor: Actor, id: string): Promise<ApplicationDetail> {
      const app = await readable(actor, id);
      const [decisions, stages, payments, objections] = await Promise.all([
        listDecisions(db, app.organisation_id, app.id),
        listStages(db, app.organisation_id, app.id),
        listPayments(db, app.organisation_id, app.id),
        listObjections(db, app.organisation_id, app.id),
      ]);
      const f = factsFrom(app, objections, stages, payments);
      return toDetail(app, {
        decisions,
        stages,
        payments,
        objections,
        actions: availableActions(f, actor, today()),
      });
    },

    /** A stored decision in full: inputs, catalogue version, evaluation and clause. */
    async decision(actor: Actor, id: string, step: number) {
      const app = await readable(actor, id);
      const decisions = await listDecisions(db, app.organisation_id, app.id);
      const d = decisions.find((x) => x.step === step);
      if (!d) throw notFound('decision');
      return d;
    },

    async list(
      actor: Actor,
      filter: {
        states?: ApplicationState[];
        measureId?: string;
        documentCode?: string;
        limit?: number;
        offset?: number;
      },
    ) {
      const { rows, total } = await listApplications(db, {
        ...filter,
        ...(actor.role === 'enterprise'
          ? { organisationId: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' }
          : {}),
        limit: filter.limit ?? 50,
        offset: filter.offset ?? 0,
      });
      return { items: rows.map(toView), total };
    },
  };
}

class ReplayFound extends Error {
  constructor(readonly payment: PaymentRow) {
    super('payment already made with this key');
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
