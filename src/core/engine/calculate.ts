/**
 * The entitlement calculator: one applicant, its matters, one date, its grant history. For every
 * measure it says whether it applies, why, and how much; then it resolves 从优、就高、不重复.
 */
import { type Catalogue, isMonetary, type Measure } from '../catalogue/types.ts';
import { evaluateCondition, formatValue, holds, type LeafResult } from '../conditions.ts';
import { type FactDef, factRegistry } from '../facts.ts';
import { type CalcInput, type CalcInputRaw, calcInputSchema, type ParsedInput } from '../input.ts';
import { formatYuan, sumFen } from '../money.ts';
import { isStaged, proposeStages } from '../stages.ts';
import type { Text } from '../text.ts';
import { parseOrThrow } from '../validation.ts';
import { type AmountResult, amountFor } from './amount.ts';
import { type Usage, usageFor } from './history.ts';
import { type OverlapIndex, overlapIndex, resolveOverlaps } from './overlap.ts';
import type { CalcDecision, CalcResult, Evaluation, Outcome, Verdict } from './types.ts';
import { windowOn } from './window.ts';

/** Everything derived once per catalogue, so a calc does no set-up work. */
export interface Engine {
  catalogue: Catalogue;
  facts: ReadonlyMap<string, FactDef>;
  schema: ReturnType<typeof calcInputSchema>;
  /** Which measures overlap (groups and links), and how: resolved by the engine or flagged. */
  overlaps: OverlapIndex;
}

export function createEngine(catalogue: Catalogue): Engine {
  return {
    catalogue,
    facts: factRegistry(catalogue.reference),
    schema: calcInputSchema(catalogue.reference),
    overlaps: overlapIndex(catalogue),
  };
}

/** Validates raw input (throws InputError naming each bad field) and fills in dates and matter ids. */
export function parseCalcInput(engine: Engine, raw: unknown, today: string): CalcInput {
  return withDefaults(parseOrThrow(engine.schema, raw), today);
}

/** Fills in what validated input may leave out: asOf (today), each matter's id and date. */
export function withDefaults(parsed: ParsedInput, today: string): CalcInput {
  const asOf = parsed.asOf ?? today;
  return {
    ...parsed,
    asOf,
    matters: parsed.matters.map((m, i) => ({ ...m, id: m.id ?? `matter-${i + 1}`, date: m.date ?? asOf })),
  };
}

const citations = new WeakMap<Measure, Text>();

/** 沪松科创规〔2026〕1号第二条 — the clause a result rests on. */
export function citation(measure: Measure): Text {
  const known = citations.get(measure);
  if (known) return known;
  const numeral = measure.id.split('·')[1];
  const doc = measure.document;
  const text = {
    zh: `${doc.number ?? `《${doc.title.zh}》`}第${numeral}条`,
    en: `${doc.number ?? doc.title.en}, measure ${numeral}`,
  };
  citations.set(measure, text);
  return text;
}

function conditionReason(c: LeafResult, engine: Engine): Text {
  const fact = engine.facts.get(c.fact);
  const seen = formatValue(c.actual, fact, engine.catalogue.reference);
  const mark = c.held ? '✓' : '✗';
  const review =
    c.judgement && c.held ? { zh: '（待审核认定）', en: ' (reviewer to confirm)' } : { zh: '', en: '' };
  const gap = c.gap ? { zh: `；${c.gap.zh}`, en: `; ${c.gap.en}` } : { zh: '', en: '' };
  return {
    zh: `${mark} ${c.label.zh}（实际：${seen.zh}${gap.zh}）${review.zh}`,
    en: `${mark} ${c.label.en} (seen: ${seen.en}${gap.en})${review.en}`,
  };
}

const OUTCOME_TEXT: Record<Outcome, Text> = {
  eligible: { zh: '符合条件', en: 'eligible' },
  ineligible: { zh: '不符合条件', en: 'not eligible' },
  not_in_force: { zh: '不在有效期内', en: 'not in force' },
  needs_matter: { zh: '需提供具体事项方可测算', en: 'needs a matter to assess' },
  exhausted: { zh: '额度已用完或已享受过', en: 'cap used up or already received' },
};

const NO_USAGE: Usage = { used: 0, usedForMatter: 0, grants: [] };

/** What `amountFor` says of a measure that is not eligible, where only `exact` is ever shown. */
function noAmount(benefit: Measure['benefit']): AmountResult {
  return {
    amount: null,
    exact: benefit.kind === 'fixed',
    headline: null,
    formula: null,
    warnings: [],
    exhausted: false,
  };
}

/** A matter after defaults (id and date filled in), or none. */
type GivenMatter = CalcInput['matters'][number] | null;

/**
 * The verdict and the amount of one measure for one matter: the single code path both the explained
 * result and the compact answer go through. With `explain` false the conditions are tested as a
 * plain predicate (`holds`, the same verdict as `evaluateCondition`) and no words are built.
 */
function assess(engine: Engine, measure: Measure, input: CalcInput, matter: GivenMatter, explain: boolean) {
  const ref = engine.catalogue.reference;
  const date = matter?.date ?? input.asOf;
  const window = windowOn(measure.document, date, input.simulate.adopt);
  const ctx = { applicant: input.applicant, matter, date, windowFrom: window.from };
  const conditions: LeafResult[] = [];
  const benefit = measure.benefit;
  let held = true;
  if (explain) {
    for (const c of measure.applicant)
      held = evaluateCondition(c, ctx, engine.facts, ref, conditions) && held;
    if (matter)
      for (const c of measure.matter) held = evaluateCondition(c, ctx, engine.facts, ref, conditions) && held;
  } else if (window.inForce) {
    // Only the verdict: stop at the first failed test, and test nothing out of force.
    for (const c of measure.applicant) held = held && holds(c, ctx, engine.facts);
    if (matter) for (const c of measure.matter) held = held && holds(c, ctx, engine.facts);
  }

  // A rate needs its base: a missing or zero base is a failed condition, not a zero grant.
  if (matter && benefit.kind === 'rate_cap') {
    const ok = (matter.figures[benefit.base] ?? 0) > 0;
    held = held && ok;
    if (explain) {
      const figure = ref.figures.find((f) => f.code === benefit.base)!;
      conditions.push({
        fact: `matter.figures.${benefit.base}`,
        op: 'gt',
        label: { zh: `已填报${figure.zh}`, en: `${figure.en} is given` },
        expected: 0,
        actual: matter.figures[benefit.base] ?? null,
        held: ok,
        judgement: false,
      });
    }
  }

  let outcome: Outcome | null = null;
  if (!window.inForce) outcome = 'not_in_force';
  else if (!held) outcome = 'ineligible';
  else if (measure.matterType && !matter) outcome = 'needs_matter';
  // Without explanations, a measure that fails before its amount needs neither history nor amount:
  // it is shown with none (`amount` is null unless eligible), exactly as the explained path shows it.
  const skipMoney = !explain && outcome !== null;
  const usage = skipMoney
    ? NO_USAGE
    : usageFor(measure, engine.overlaps.peers.get(measure.id)!, input.history, matter?.id ?? null, date);
  const money = skipMoney ? noAmount(benefit) : amountFor(benefit, matter, usage, ref, explain);
  // Without a figure to subtract from, any earlier grant in the period uses the benefit up; a
  // once-only benefit (period once, or 一次性 for the matter) is used up by any earlier grant at all.
  const onceTaken =
    usage.grants.length > 0 &&
    isMonetary(benefit) &&
    (benefit.period === 'once' || benefit.oneOff || benefit.kind === 'unspecified');
  if (outcome === null) outcome = money.exhausted || onceTaken ? 'exhausted' : 'eligible';
  const eligible = outcome === 'eligible';
  const verdict: Verdict = {
    measureId: measure.id,
    matterId: matter?.id ?? null,
    title: measure.title,
    documentCode: measure.document.code,
    outcome,
    eligible,
    simulated: window.simulated,
    benefitKind: benefit.kind,
    staged: isStaged(benefit),
    overlapGroup: measure.overlapGroup,
    amount: eligible ? money.amount : null,
    exact: money.exact,
    headline: eligible ? money.headline : null,
  };
  return { verdict, window, conditions, usage, money, onceTaken };
}

/** The verdict and amount of one measure, without explanations (what `decide()` needs). */
export function verdictOn(engine: Engine, measure: Measure, input: CalcInput, matter: GivenMatter): Verdict {
  return assess(engine, measure, input, matter, false).verdict;
}

export function evaluateMeasure(
  engine: Engine,
  measure: Measure,
  input: CalcInput,
  matter: GivenMatter,
): Evaluation {
  const ref = engine.catalogue.reference;
  const { verdict, window, conditions, usage, money, onceTaken } = assess(
    engine,
    measure,
    input,
    matter,
    true,
  );
  const { outcome, eligible } = verdict;
  const benefit = measure.benefit;

  const reasons: Text[] = [
    { zh: `结论：${OUTCOME_TEXT[outcome].zh}`, en: `Outcome: ${OUTCOME_TEXT[outcome].en}` },
    window.reason,
    ...conditions.map((c) => conditionReason(c, engine)),
  ];
  if (outcome === 'needs_matter') {
    const t = ref.matterTypes.find((x) => x.code === measure.matterType)!;
    reasons.push({
      zh: `请提供"${t.zh}"类事项及其金额以测算`,
      en: `give a matter of type "${t.en}" with its figures to assess`,
    });
  }
  if (usage.grants.length > 0) {
    const list = (sep: string) =>
      usage.grants
        .map((g) => `${g.measureId} ${g.date} ${formatYuan(g.amount)}${g.matterId ? ` (${g.matterId})` : ''}`)
        .join(sep);
    reasons.push({ zh: `已获同类支持：${list('；')}`, en: `earlier grants counted: ${list('; ')}` });
    if (onceTaken && isMonetary(benefit) && benefit.oneOff && benefit.period !== 'once') {
      reasons.push({
        zh: '条文规定为一次性奖励，同一事项已获奖励的不再给予',
        en: 'a one-off award by the text: nothing more for a matter that already received it',
      });
    }
  }
  const showMoney = eligible || outcome === 'exhausted';
  if (eligible && money.headline) reasons.push(money.headline);
  if (showMoney && money.formula) reasons.push(money.formula);
  reasons.push(...money.warnings);
  const stages = proposeStages(benefit, eligible ? (money.amount?.max ?? null) : null);
  if (eligible && money.amount) reasons.push(stages.basis);
  const cite = citation(measure);
  reasons.push({ zh: `依据：${cite.zh}`, en: `Source: ${cite.en}` });

  return {
    ...verdict,
    // A claim counts only where it carried the verdict (an `any` may hold on a registered fact).
    requiresReview: conditions.some((c) => c.judgement && c.held),
    stages,
    conditions,
    formula: showMoney ? money.formula : null,
    warnings: money.warnings,
    reasons,
    clause: { quote: measure.quote, citation: cite },
  };
}

/** Every measure of the catalogue (once per matter of its type), then 从优、就高、不重复. */
function evaluateAll<E extends Verdict>(
  engine: Engine,
  input: CalcInput,
  one: (measure: Measure, matter: GivenMatter) => E,
): CalcDecision<E> {
  const evaluations: E[] = [];
  for (const measure of engine.catalogue.measures) {
    const matters = measure.matterType ? input.matters.filter((m) => m.type === measure.matterType) : [];
    if (matters.length === 0) evaluations.push(one(measure, null));
    for (const matter of matters) evaluations.push(one(measure, matter));
  }
  const { granted, checks } = resolveOverlaps(evaluations, engine.overlaps);
  return {
    catalogueVersion: engine.catalogue.version,
    asOf: input.asOf,
    evaluations,
    granted,
    total: {
      min: sumFen(granted.map((g) => g.amount?.min ?? 0)),
      max: sumFen(granted.map((g) => g.amount?.max ?? 0)),
    },
    overlapChecks: checks,
  };
}

/** Evaluates and explains every measure of the catalogue for a validated input. */
export function calculate(engine: Engine, input: CalcInput): CalcResult {
  return evaluateAll(engine, input, (measure, matter) => evaluateMeasure(engine, measure, input, matter));
}

/**
 * The same verdicts, amounts and grants as `calculate()` — the same `assess` per measure and the
 * same overlap resolution — without building the explanation of every condition of every measure:
 * for the compact answer (summary.ts), where only the grants and one reason each are shown.
 */
export function decide(engine: Engine, input: CalcInput): CalcDecision {
  return evaluateAll(engine, input, (measure, matter) => verdictOn(engine, measure, input, matter));
}

/** Validate and calculate in one call, for shells that hold raw JSON. */
export function calculateRaw(engine: Engine, raw: CalcInputRaw | unknown, today: string): CalcResult {
  return calculate(engine, parseCalcInput(engine, raw, today));
}
