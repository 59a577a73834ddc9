/**
 * The enterprise side turns its project's prefilled self-check into a draft application under one of
 * the project's measures (000·五, or 000·三 / 001·四) through the applications service — money moves
 * only through that workflow (DESIGN.md). The engagement keeps the application's id, so the funnel
 * counts the project as funded once the application is approved.
 *
 * One transaction: the engagement is locked first, then the draft, its workflow entry, the link on the
 * engagement and the audit entry are written together — two requests at once make one draft, and a
 * failure leaves none behind. With an Idempotency-Key, a retry (same key, same engagement, same
 * measure) answers with the first draft (`replayed: true`) and writes nothing; the key used for another
 * engagement or another measure is refused (422 IDEMPOTENCY_KEY_REUSED). Without a key a second request
 * is a conflict (409), as before.
 */
import { CeyuanError, ConflictError, InputError } from '../../core/errors.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { Tx } from '../../storage/schema.ts';
import type { InterestRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, type MatchingContext, notFound } from './context.ts';
import { projectParties } from './form-project.ts';
import { interestView } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export interface StartedApplication {
  interest: InterestView;
  applicationId: string;
  /** true when this answers a retry: the draft was made by an earlier request with the same key. */
  replayed: boolean;
}

const duplicate = () =>
  new ConflictError(
    { zh: '已据此创建申请', en: 'an application was already made from it' },
    { rule: 'duplicate' },
  );

const keyReused = () =>
  new CeyuanError('IDEMPOTENCY_KEY_REUSED', {
    zh: '该幂等键已用于另一项申请，请为新的申请使用新的键',
    en: 'this idempotency key was used for another application; use a new key for a new one',
  });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function startApplication(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  body: { measureId: string },
  key?: string,
): Promise<StartedApplication> {
  const applications = ctx.applications;
  if (!applications) throw new Error('the matching service was built without the applications service');
  if (key !== undefined && (key.length < 8 || key.length > 200))
    throw new InputError([
      {
        path: 'Idempotency-Key',
        rule: 'length',
        zh: '幂等键长度应为 8–200 个字符',
        en: 'an idempotency key has 8 to 200 characters',
      },
    ]);
  const repo = new MatchingRepository(ctx.db);
  const row = await repo.getInterest(id);
  if (!row) throw notFound('interest');
  const { enterprise } = await projectParties(ctx.db, row);
  if (user.role !== 'enterprise' || user.organisationId !== enterprise.id) {
    if (user.organisationId === row.from_organisation_id || user.organisationId === row.to_organisation_id)
      throw forbidden({ zh: '由企业一方提出申请', en: 'the enterprise side applies' });
    throw notFound('interest');
  }

  /** The draft an earlier request made, when this one is its retry. */
  const replayOf = async (tx: Tx | typeof ctx.db, locked: InterestRow): Promise<string | null> => {
    if (locked.application_id === null) return null;
    if (key === undefined || locked.application_key !== key) throw duplicate();
    const made = await tx
      .selectFrom('applications')
      .select('measure_id')
      .where('id', '=', locked.application_id)
      .executeTakeFirst();
    if (made?.measure_id !== body.measureId) throw keyReused();
    return locked.application_id;
  };

  // A retry after the first request committed: answered before anything is checked again.
  const early = await replayOf(ctx.db, row);
  if (early) return { interest: await interestView(ctx, user, row), applicationId: early, replayed: true };
  if (row.project_kind === null)
    throw new ConflictError({ zh: '请先组建项目', en: 'form the project first' }, { rule: 'no_project' });
  if (!(row.project_measure_ids ?? []).includes(body.measureId))
    throw new InputError([
      {
        path: 'measureId',
        rule: 'not_for_project',
        zh: `该项目可申请：${(row.project_measure_ids ?? []).join('、')}`,
        en: `this project may apply under ${(row.project_measure_ids ?? []).join(', ')}`,
      },
    ]);

  try {
    const result = await ctx.db.transaction().execute(async (tx) => {
      const txRepo = new MatchingRepository(tx);
      // The engagement's lock orders concurrent requests: the second sees what the first wrote.
      const locked = await txRepo.lockInterest(id);
      if (!locked) throw notFound('interest');
      const replayed = await replayOf(tx, locked);
      if (replayed) return { row: locked, applicationId: replayed, replayed: true };
      const input = locked.project_calc_input as { matters: { id: string }[] };
      const application = await applications.createFromSelfCheckIn(tx, user, {
        measureId: body.measureId,
        input,
        matterId: input.matters[0]!.id,
        title: locked.project_title ?? undefined,
      });
      const updated = await txRepo.updateInterest(id, locked.version, {
        application_id: application.id,
        application_organisation_id: application.organisationId,
        application_key: key ?? null,
        updated_at: ctx.clock.now(),
      });
      await ctx.record(tx, user, 'matching.interest.start_application', `matching_interest:${id}`, {
        applicationId: application.id,
        measureId: body.measureId,
        ...(key !== undefined && { idempotencyKey: key }),
      });
      return { row: updated, applicationId: application.id, replayed: false };
    });
    return {
      interest: await interestView(ctx, user, result.row),
      applicationId: result.applicationId,
      replayed: result.replayed,
    };
  } catch (error) {
    // The key is unique across engagements: sent for another one, it is refused, and nothing was written.
    if (isUniqueViolation(error)) throw keyReused();
    throw error;
  }
}
