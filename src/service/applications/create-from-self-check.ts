/**
 * A draft prefilled from a self-check: the calculator input the enterprise just ran, the measure it
 * picked and, when it gave several matters, which one. The applicant part of the self-check is not
 * used: the registry is the source of the applicant's profile.
 */
import { parseCalcInput } from '../../core/engine/calculate.ts';
import { InputError } from '../../core/errors.ts';
import { measureOrThrow } from '../../core/ledger.ts';
import type { Tx } from '../../storage/schema.ts';
import type { CaseContext } from './case-context.ts';
import { type CreateApplication, createApplication, createApplicationIn } from './create-application.ts';
import type { Actor } from './ports.ts';
import type { ApplicationView } from './views.ts';

export interface SelfCheckDraft {
  measureId: string;
  input: unknown;
  matterId?: string;
  title?: string;
}

export async function createFromSelfCheck(
  ctx: CaseContext,
  actor: Actor,
  input: SelfCheckDraft,
): Promise<ApplicationView> {
  return createApplication(ctx, actor, fromSelfCheck(ctx, input));
}

/** The same inside the caller's transaction (create-application.ts createApplicationIn). */
export async function createFromSelfCheckIn(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  input: SelfCheckDraft,
): Promise<ApplicationView> {
  return createApplicationIn(ctx, tx, actor, fromSelfCheck(ctx, input));
}

function fromSelfCheck(ctx: CaseContext, input: SelfCheckDraft): CreateApplication {
  const measure = measureOrThrow(ctx.engine, input.measureId);
  const parsed = parseCalcInput(ctx.engine, input.input, ctx.today());
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
  // The draft carries what the self-check showed: the evaluation and, as the amount asked, its ceiling
  // (recomputed from the registry's profile, which is what the application will be judged on).
  return { measureId: measure.id, matter: raw, title: input.title, evaluate: true };
}
