/**
 * From contract to project: the two sides form a 产学研合作项目 (000·五) or a 创新联合体 (000·三 /
 * 001·四). The project's calculator input is built here and kept with the engagement: the enterprise
 * side's registry profile as the applicant, the university or institute (and any further partners) as
 * partners, the project's input as the figure the measure's base names. The web opens the self-check
 * with it; `startApplication` turns it into a draft application. Eligibility is the engine's to say.
 */
import { parseCalcInput } from '../../core/engine/calculate.ts';
import { projectSchema } from '../../core/matching/engagement.ts';
import { PROJECT_MEASURES, projectCalcInput } from '../../core/matching/prefill.ts';
import { PUBLISHER_KINDS } from '../../core/matching/vocabulary.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { OrganisationRepository, toApplicant } from '../../storage/repositories/organisations.ts';
import type { Executor } from '../../storage/schema.ts';
import type { InterestRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { assertNotFuture, type MatchingContext } from './context.ts';
import { parties, stepInterest } from './interest-steps.ts';
import type { InterestView } from './views.ts';

/** Which party is the enterprise (the applicant) and which the university or institute. */
export async function projectParties(executor: Executor, row: InterestRow) {
  const registry = new OrganisationRepository(executor);
  const [a, b] = await Promise.all(parties(row).map((id) => registry.get(id)));
  if (!a || !b) throw new Error('an engagement’s organisations are missing from the registry');
  const enterprise = PUBLISHER_KINDS.need.includes(a.kind) ? a : b;
  const institution = enterprise === a ? b : a;
  return { enterprise, institution };
}

export async function formProject(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<InterestView> {
  const body = parseOrThrow(projectSchema(ctx.engine.catalogue.reference), raw);
  const today = ctx.today();
  const formedOn = body.formedOn ?? today;
  assertNotFuture('formedOn', formedOn, today);
  return stepInterest(
    ctx,
    user,
    id,
    'form_project',
    { version: body.version, detail: { kind: body.kind, title: body.title, input: body.input } },
    async ({ tx, row, at }) => {
      const { enterprise, institution } = await projectParties(tx, row);
      const need = row.need_id
        ? await tx
            .selectFrom('matching_listings')
            .select('sectors')
            .where('id', '=', row.need_id)
            .executeTakeFirst()
        : undefined;
      const input = projectCalcInput(toApplicant(enterprise, enterprise.qualifications), {
        kind: body.kind,
        matterId: `matching-${row.id.slice(0, 8)}`,
        date: formedOn,
        sector: body.sector ?? need?.sectors[0] ?? null,
        partners: [
          { kind: institution.kind, city: institution.city, name: institution.name },
          ...body.partners,
        ],
        input: body.input,
      });
      // The same validation the calculator applies: a prefill the self-check would refuse is a bug here.
      parseCalcInput(ctx.engine, input, today);
      return {
        project_kind: body.kind,
        project_title: body.title,
        project_input: body.input,
        project_formed_on: formedOn,
        project_calc_input: JSON.stringify(input),
        project_measure_ids: [...PROJECT_MEASURES[body.kind]],
        project_recorded_at: at,
      };
    },
    async (tx, row) => {
      for (const organisationId of parties(row)) {
        await ctx.notify(tx, {
          to: { organisationId },
          kind: 'matching.project_formed',
          subject: { zh: `项目“${body.title}”已组建`, en: `Project "${body.title}" formed` },
          body: {
            zh: `可据此自测 ${PROJECT_MEASURES[body.kind].join('、')} 并申请支持。`,
            en: `Run the self-check for ${PROJECT_MEASURES[body.kind].join(', ')} and apply.`,
          },
          link: `/matching/interests/${row.id}`,
          ref: `matching_interest:${row.id}`,
          dedupeKey: `matching.project:${row.id}:${organisationId}`,
        });
      }
    },
  );
}
