/**
 * Reads: one application with its timeline, stages, payments, objections and the actions open to
 * the reader; one stored decision in full; lists and queues. An enterprise user reads its own
 * organisation's applications only (another's is NOT_FOUND); officers and auditors read all.
 */
import { daysBetween, shanghaiDate } from '../../core/dates.ts';
import { type ApplicationState, availableActions } from '../../core/workflow.ts';
import {
  type ApplicationSort,
  listApplications,
  listDecisions,
  listObjections,
} from '../../storage/repositories/applications.ts';
import { applicationEntries } from '../../storage/repositories/ledger.ts';
import { listPayments, listStages } from '../../storage/repositories/payments.ts';
import { countPublicObjections } from '../../storage/repositories/public-notices.ts';
import { type CaseContext, factsFrom, notFound, overlapsToJudge, readable } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type ApplicationDetail, toDetail, toView } from './views.ts';

export async function getApplication(ctx: CaseContext, actor: Actor, id: string): Promise<ApplicationDetail> {
  const { db } = ctx;
  const app = await readable(ctx, actor, id);
  const [decisions, stages, payments, objections, publicOpen, entries] = await Promise.all([
    listDecisions(db, app.organisation_id, app.id),
    listStages(db, app.organisation_id, app.id),
    listPayments(db, app.organisation_id, app.id),
    listObjections(db, app.organisation_id, app.id),
    countPublicObjections(db, { organisationId: app.organisation_id, applicationId: app.id }),
    applicationEntries(db, app.organisation_id, app.id),
  ]);
  const recorded = factsFrom(app, objections, stages, payments, entries);
  const f = { ...recorded, openObjections: recorded.openObjections + publicOpen };
  const measure = ctx.engine.catalogue.byId.get(app.measure_id);
  // An enterprise sees its own flags too: they are about its own grants and applications.
  const overlapChecks = measure ? await overlapsToJudge(ctx, db, app) : [];
  return toDetail(app, {
    decisions,
    stages,
    payments,
    objections,
    actions: availableActions(f, actor, ctx.today()),
    benefit: measure?.benefit ?? { kind: 'service' },
    overlapChecks,
  });
}

/** A stored decision in full: inputs, catalogue version, evaluation and clause. */
export async function getDecision(ctx: CaseContext, actor: Actor, id: string, step: number) {
  const app = await readable(ctx, actor, id);
  const decisions = await listDecisions(ctx.db, app.organisation_id, app.id);
  const d = decisions.find((x) => x.step === step);
  if (!d) throw notFound('decision');
  return d;
}

export async function listApplicationViews(
  ctx: CaseContext,
  actor: Actor,
  filter: {
    states?: ApplicationState[];
    measureId?: string;
    documentCode?: string;
    sort?: ApplicationSort;
    order?: 'asc' | 'desc';
    limit?: number;
    offset?: number;
  },
) {
  const { rows, total } = await listApplications(ctx.db, {
    ...filter,
    // An enterprise user without an organisation matches no row (the nil UUID names none).
    ...(actor.role === 'enterprise'
      ? { organisationId: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' }
      : {}),
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  });
  return { items: rows.map((r) => listed(ctx, r)), total };
}

/** A list row: the application with its applicant's name, open objections and days waiting. */
function listed(ctx: CaseContext, r: Awaited<ReturnType<typeof listApplications>>['rows'][number]) {
  return {
    ...toView(r),
    organisationName: r.organisation_name,
    openObjections: Number(r.open_objections),
    // Days in its present state (since its last change), by the service's calendar.
    daysWaiting: Math.max(0, daysBetween(shanghaiDate(new Date(r.updated_at)), ctx.today())),
  };
}

/**
 * The officers' queue: the list, each row with the number of pairs the reviewer must judge for it
 * (overlapsToJudge), so a flagged application stands out before it is opened.
 */
export async function listReviewQueue(
  ctx: CaseContext,
  _actor: Actor,
  filter: Parameters<typeof listApplicationViews>[2],
) {
  // Officers and auditors only (the route admits no enterprise user): every organisation's rows.
  const { rows, total } = await listApplications(ctx.db, {
    ...filter,
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  });
  const items = await Promise.all(
    rows.map(async (row) => {
      const known = ctx.engine.catalogue.byId.has(row.measure_id);
      const checks = known ? await overlapsToJudge(ctx, ctx.db, row) : [];
      return { ...listed(ctx, row), overlapChecks: checks.length };
    }),
  );
  return { items, total };
}
