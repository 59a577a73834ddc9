/**
 * Edits a draft, or an application returned for correction (补正): only the applicant's own users,
 * only in those two states. Not a workflow transition: the state stays, the version moves on.
 */
import { CeyuanError } from '../../core/errors.ts';
import { measureOrThrow } from '../../core/ledger.ts';
import {
  type ApplicationPatch,
  lockApplication,
  updateApplication,
} from '../../storage/repositories/applications.ts';
import { type CaseContext, checkId, checkVersion, forbidden, notFound, visible } from './case-context.ts';
import { checkMatter } from './check-matter.ts';
import type { CreateApplication } from './create-application.ts';
import type { Actor } from './ports.ts';
import { recordChange } from './transition.ts';
import { type ApplicationView, toView } from './views.ts';

export type EditApplication = Partial<Omit<CreateApplication, 'measureId'>>;

export async function editApplication(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  input: EditApplication,
  version?: number,
): Promise<ApplicationView> {
  checkId(id);
  return ctx.db.transaction().execute(async (tx) => {
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
    const measure = measureOrThrow(ctx.engine, app.measure_id);
    const patch: ApplicationPatch = { updated_at: ctx.clock.now() };
    if (input.matter !== undefined) {
      const { matter, matterId } = checkMatter(ctx.engine, measure, input.matter, app.id);
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
    await recordChange(
      ctx,
      tx,
      actor,
      { organisation_id: app.organisation_id, id },
      {
        step: updated.version,
        action: 'edit',
        from: app.state,
        to: app.state,
        detail: { fields: Object.keys(input) },
        at: ctx.clock.now(),
      },
    );
    await ctx.audit.append(tx, {
      actor: actor.username,
      action: 'application.edit',
      subject: `application:${id}`,
      detail: { applicationId: id, organisationId: app.organisation_id, fields: Object.keys(input) },
    });
    return toView(updated);
  });
}
