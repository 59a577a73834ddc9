/**
 * What a notice says for one organisation and one measure it fits: 免申即享 or 快申快享, the amount
 * range and the data it was worked out from. Pure: the engine's own evaluation (evaluateMeasure, with
 * its amount and history rules) does every yuan; this module only builds the matter the registry
 * files (policies/screening.yaml) and reads the evaluation.
 *
 * The decision, per organisation and measure:
 * - a measure whose matter only the applicant can describe (a 揭榜 project, a consortium …) is an
 *   invitation with no amount: the notice shows the text's cap;
 * - a measure with no matter, or whose matter the registry files, is evaluated: with every figure
 *   filed, no judgement left and an amount the text fixes, it is automatic (免申即享); a missing
 *   figure, a claim a reviewer confirms or tiers awaiting the implementing rules make it an
 *   invitation — with the amount range when it could be worked out;
 * - an earlier grant that uses the benefit up (once only, annual cap reached) means no notice.
 */
import type { Condition, Measure } from '../core/catalogue/types.ts';
import { yearOf } from '../core/dates.ts';
import type { AmountRange } from '../core/engine/amount.ts';
import { type Engine, evaluateMeasure } from '../core/engine/calculate.ts';
import type { Applicant, CalcInput, GrantRecord, Matter } from '../core/input.ts';
import type { Fen } from '../core/money.ts';
import type { Text } from '../core/text.ts';
import type { RegistryMatterRule, ScreeningRules } from './rules.ts';

/** A figure the registry holds for an organisation: per figure code and year, with its source. */
export interface BaseFigure {
  figure: string;
  year: number;
  amount: Fen;
  source: string;
}

export type MeasurePlan =
  /** The matter is a project only the applicant can describe: no amount before an application. */
  | { kind: 'project'; matterType: string }
  /** No matter, or one the registry files (`rule`): the engine evaluates it per organisation. */
  | { kind: 'evaluate'; rule: RegistryMatterRule | null; claims: string[]; pending: boolean };

/** Claims (matter.claims) a measure tests: each needs a reviewer's judgement. */
export function claimsTested(conditions: readonly Condition[]): string[] {
  const out = new Set<string>();
  const walk = (c: Condition) => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if (c.fact === 'matter.claims' && (c.op === 'has' || c.op === 'hasAny')) {
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === 'string') out.add(v);
    }
  };
  conditions.forEach(walk);
  return [...out].sort();
}

export function planMeasure(measure: Measure, rules: ScreeningRules): MeasurePlan {
  const rule = measure.matterType ? (rules.registryMatters.get(measure.matterType) ?? null) : null;
  if (measure.matterType && !rule) return { kind: 'project', matterType: measure.matterType };
  const b = measure.benefit;
  return {
    kind: 'evaluate',
    rule,
    claims: claimsTested([...measure.applicant, ...measure.matter]),
    pending: b.kind === 'tiered_pending' || b.kind === 'unspecified',
  };
}

/** The largest sum the text allows, shown when no amount can be worked out without an application. */
export function textCap(measure: Measure): Fen | null {
  const b = measure.benefit;
  switch (b.kind) {
    case 'rate_cap':
    case 'upper_bound':
    case 'tiered_pending':
      return b.cap;
    case 'fixed':
      return b.amount;
    default:
      return null;
  }
}

/** The year whose figures a registry matter takes on a date. */
export function figureYear(rule: RegistryMatterRule, date: string): number {
  return rule.year === 'previous' ? yearOf(date) - 1 : yearOf(date);
}

/** The matter the registry files for a measure on a date, and what it used or lacked. */
export function registryMatter(
  rule: RegistryMatterRule,
  claims: string[],
  figures: readonly BaseFigure[],
  date: string,
): { matter: Matter & { id: string; date: string }; used: BaseFigure[]; missing: string[]; year: number } {
  const year = figureYear(rule, date);
  const used: BaseFigure[] = [];
  const missing: string[] = [];
  const values: Record<string, Fen> = {};
  for (const code of rule.figures) {
    const f = figures.find((x) => x.figure === code && x.year === year);
    if (f) {
      used.push(f);
      values[code] = f.amount;
    } else missing.push(code);
  }
  return {
    matter: {
      id: `${rule.matterType}-${year}`,
      type: rule.matterType,
      date,
      cities: [],
      partners: [],
      challengeLists: [],
      // Claims are presumed for the ceiling and listed as the judgement a reviewer still makes.
      claims,
      figures: values,
    } as Matter & { id: string; date: string },
    used,
    missing,
    year,
  };
}

export interface NoticeBasis {
  /** The year the figures are of (registry matters). */
  year: number | null;
  figures: BaseFigure[];
  /** Figure codes the registry has not filed for that year. */
  missing: string[];
  /** Claims a reviewer must confirm before any money moves. */
  judgement: string[];
  /** The matter an application confirmed from the notice carries (null: the measure takes none). */
  matter: { id: string; type: string; figures: Record<string, Fen>; claims: string[] } | null;
  /** The engine's formula for the amount, when it could be worked out. */
  formula: Text | null;
  /** What the text leaves to the implementing rules. */
  pending: Text[];
}

export type PairMode = 'automatic' | 'invitation' | 'exhausted';

export interface Assessment {
  mode: PairMode;
  amount: AmountRange | null;
  /** The text's cap, when no amount could be worked out. */
  cap: Fen | null;
  /** Null for a project measure (nothing but the clause to show). */
  basis: NoticeBasis | null;
}

export interface PairFacts {
  applicant: Applicant;
  figures: readonly BaseFigure[];
  history: readonly GrantRecord[];
  date: string;
  adopt: Record<string, string>;
}

/** A measure whose matter only the applicant describes: an invitation showing the text's cap. */
export function projectAssessment(measure: Measure): Assessment {
  return { mode: 'invitation', amount: null, cap: textCap(measure), basis: null };
}

/** One organisation × one measure it fits by its profile (the screen's verdict). */
export function assessPair(
  engine: Engine,
  measure: Measure,
  plan: MeasurePlan,
  facts: PairFacts,
): Assessment {
  if (plan.kind === 'project') return projectAssessment(measure);
  const built = plan.rule ? registryMatter(plan.rule, plan.claims, facts.figures, facts.date) : null;
  const input: CalcInput = {
    applicant: facts.applicant,
    matters: built ? [built.matter] : [],
    asOf: facts.date,
    history: [...facts.history],
    simulate: { adopt: facts.adopt },
  };
  const ev = evaluateMeasure(engine, measure, input, built?.matter ?? null);
  const basis: NoticeBasis = {
    year: built?.year ?? null,
    figures: built?.used ?? [],
    missing: built?.missing ?? [],
    judgement: plan.claims,
    matter: built
      ? {
          id: built.matter.id,
          type: built.matter.type,
          figures: built.matter.figures as Record<string, Fen>,
          claims: plan.claims,
        }
      : null,
    formula: ev.eligible ? ev.formula : null,
    pending: ev.warnings,
  };
  if (ev.outcome === 'exhausted') return { mode: 'exhausted', amount: null, cap: null, basis };
  const amount = ev.eligible ? ev.amount : null;
  const complete = ev.eligible && basis.missing.length === 0 && plan.claims.length === 0 && !plan.pending;
  return {
    mode: complete ? 'automatic' : 'invitation',
    amount,
    cap: amount ? null : textCap(measure),
    basis,
  };
}

/**
 * How a measure can reach the organisations it fits, at best: automatic when data complete enough
 * make it 免申即享, invitation when it always needs an application or a judgement, none for a
 * constraint. A run's per-organisation mode can only be this or an invitation.
 */
export function bestMode(measure: Measure, rules: ScreeningRules): 'automatic' | 'invitation' | 'none' {
  if (measure.benefit.kind === 'constraint' || measure.benefit.kind === 'service') return 'none';
  const plan = planMeasure(measure, rules);
  if (plan.kind === 'project') return 'invitation';
  return plan.claims.length === 0 && !plan.pending ? 'automatic' : 'invitation';
}
