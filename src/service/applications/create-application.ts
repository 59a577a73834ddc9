/**
 * Creates a draft for the enterprise user's own organisation: one matter under one measure. The
 * applicant's profile is not part of it (the registry is read each time the entitlement is
 * computed); the organisation must exist in the registry all the same.
 */

import { measureOrThrow } from '../../core/ledger.ts';
import type { ApplicationState } from '../../core/workflow.ts';
import { findApplication, insertApplication } from '../../storage/repositories/applications.ts';
import type { Tx } from '../../storage/schema.ts';
import type { AttachmentMeta } from '../../storage/tables/applications-ledger.ts';
import { type CaseContext, forbidden, profileOf, recompute } from './case-context.ts';
import { checkMatter } from './check-matter.ts';
import type { Actor } from './ports.ts';
import { recordChange } from './transition.ts';
import { type ApplicationView, toView } from './views.ts';

export interface CreateApplication {
  measureId: string;
  /** The matter as the calculator takes it; absent for a measure without a matter type. */
  matter?: Record<string, unknown> | null;
  title?: string;
  requestedAmount?: number | null;
  attachments?: AttachmentMeta[];
  /**
   * Compute the entitlement now from the registry's profile and keep it with the draft, asking for
   * its ceiling when no amount is given (a draft made from a self-check).
   */
  evaluate?: boolean;
}

export async function createApplication(
  ctx: CaseContext,
  actor: Actor,
  input: CreateApplication,
): Promise<ApplicationView> {
  const draft = prepareDraft(ctx, actor, input);
  return ctx.db.transaction().execute((tx) => writeDraft(ctx, tx, actor, draft));
}

/**
 * The same inside the caller's transaction: for a use case whose own change and the draft must commit
 * together or not at all (双向发榜: the engagement records the application it made, once).
 */
export async function createApplicationIn(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  input: CreateApplication,
): Promise<ApplicationView> {
  return writeDraft(ctx, tx, actor, prepareDraft(ctx, actor, input));
}

interface Draft {
  organisationId: string;
  id: string;
  measure: ReturnType<typeof measureOrThrow>;
  matter: ReturnType<typeof checkMatter>['matter'];
  matterId: ReturnType<typeof checkMatter>['matterId'];
  input: CreateApplication;
}

/** Who may apply and what: checked before any transaction opens. */
function prepareDraft(ctx: CaseContext, actor: Actor, input: CreateApplication): Draft {
  if (actor.role !== 'enterprise' || !actor.organisationId) {
    throw forbidden(
      '只有企业用户可以代表本单位创建申请',
      'only an enterprise user can apply for its organisation',
    );
  }
  const measure = measureOrThrow(ctx.engine, input.measureId);
  const id = ctx.ids.next();
  const { matter, matterId } = checkMatter(ctx.engine, measure, input.matter, id);
  return { organisationId: actor.organisationId, id, measure, matter, matterId, input };
}

async function writeDraft(ctx: CaseContext, tx: Tx, actor: Actor, d: Draft): Promise<ApplicationView> {
  const { organisationId, id, measure, matter, matterId, input } = d;
  const at = ctx.clock.now();
  await profileOf(tx, organisationId);
  const ent = input.evaluate
    ? await recompute(
        ctx,
        tx,
        { organisation_id: organisationId, id, measure_id: measure.id, matter },
        ctx.today(),
      )
    : null;
  const ceiling = ent?.evaluation.eligible ? (ent.evaluation.amount?.max ?? null) : null;
  const row = {
    organisation_id: organisationId,
    id,
    measure_id: measure.id,
    document_code: measure.document.code,
    overlap_group: measure.overlapGroup,
    matter_id: matterId,
    matter,
    title: input.title?.trim() || measure.title.zh,
    requested_amount: input.requestedAmount ?? ceiling,
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
  await recordChange(ctx, tx, actor, row, {
    step: 1,
    action: 'create',
    from: null,
    to: 'draft',
    detail: ent ? { fromSelfCheck: true, range: ent.evaluation.amount } : {},
    at,
    entitlement: ent,
  });
  await ctx.audit.append(tx, {
    actor: actor.username,
    action: 'application.create',
    subject: `application:${id}`,
    detail: { applicationId: id, organisationId, measureId: measure.id, matterId },
  });
  const created = await findApplication(tx, id);
  return toView(created!);
}
