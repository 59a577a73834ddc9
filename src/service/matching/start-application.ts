/**
 * The enterprise side turns its project's prefilled self-check into a draft application under one of
 * the project's measures (000·五, or 000·三 / 001·四) through the applications service — money moves
 * only through that workflow (DESIGN.md). The engagement keeps the application's id, so the funnel
 * counts the project as funded once the application is approved.
 */
import { ConflictError, InputError } from '../../core/errors.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, type MatchingContext, notFound } from './context.ts';
import { projectParties } from './form-project.ts';
import { interestView } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function startApplication(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  body: { measureId: string },
): Promise<{ interest: InterestView; applicationId: string }> {
  if (!ctx.applications) throw new Error('the matching service was built without the applications service');
  const repo = new MatchingRepository(ctx.db);
  const row = await repo.getInterest(id);
  if (!row) throw notFound('interest');
  const { enterprise } = await projectParties(ctx.db, row);
  if (user.role !== 'enterprise' || user.organisationId !== enterprise.id) {
    if (user.organisationId === row.from_organisation_id || user.organisationId === row.to_organisation_id)
      throw forbidden({ zh: '由企业一方提出申请', en: 'the enterprise side applies' });
    throw notFound('interest');
  }
  if (row.project_kind === null)
    throw new ConflictError({ zh: '请先组建项目', en: 'form the project first' }, { rule: 'no_project' });
  if (row.application_id !== null)
    throw new ConflictError(
      { zh: '已据此创建申请', en: 'an application was already made from it' },
      { rule: 'duplicate' },
    );
  if (!(row.project_measure_ids ?? []).includes(body.measureId))
    throw new InputError([
      {
        path: 'measureId',
        rule: 'not_for_project',
        zh: `该项目可申请：${(row.project_measure_ids ?? []).join('、')}`,
        en: `this project may apply under ${(row.project_measure_ids ?? []).join(', ')}`,
      },
    ]);
  const input = row.project_calc_input as { matters: { id: string }[] };
  const application = await ctx.applications.createFromSelfCheck(user, {
    measureId: body.measureId,
    input,
    matterId: input.matters[0]!.id,
    title: row.project_title ?? undefined,
  });
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const txRepo = new MatchingRepository(tx);
    const locked = await txRepo.lockInterest(id);
    if (!locked || locked.application_id !== null)
      throw new ConflictError(
        { zh: '已据此创建申请', en: 'an application was already made from it' },
        { rule: 'duplicate' },
      );
    const r = await txRepo.updateInterest(id, locked.version, {
      application_id: application.id,
      application_organisation_id: application.organisationId,
      updated_at: ctx.clock.now(),
    });
    await ctx.record(tx, user, 'matching.interest.start_application', `matching_interest:${id}`, {
      applicationId: application.id,
      measureId: body.measureId,
    });
    return r;
  });
  return { interest: await interestView(ctx, user, updated), applicationId: application.id };
}
