/**
 * The catalogue's applicant conditions as json-rules-engine rules, for the comparison the brief asks
 * for ("≥ 20× json-rules-engine on the same rules and data"). One rule per measure, event type = the
 * measure id; facts are the applicant's fields, with the qualifications held on the screening date
 * (as the reference evaluator reads them). Operators map to json-rules-engine's own where they mean
 * the same thing; `hasAny` and `present` are added as custom operators.
 */
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { Condition, Leaf } from '../src/core/catalogue/types.ts';
import type { IsoDate } from '../src/core/dates.ts';
import { firstReachedWithin, qualificationsOn } from '../src/core/facts.ts';
import type { Applicant } from '../src/core/input.ts';
import type { ScreenTarget } from '../src/screening/compile-js.ts';

/** Applicant facts as the peers' facts objects name them, and whether each is a list. */
export const FACT: Record<string, { name: string; set: boolean }> = {
  'applicant.kind': { name: 'kind', set: false },
  'applicant.city': { name: 'city', set: false },
  'applicant.centreOriginCity': { name: 'centreOriginCity', set: false },
  'applicant.sectors': { name: 'sectors', set: true },
  'applicant.licences': { name: 'licences', set: true },
  'applicant.qualifications': { name: 'qualifications', set: true },
};

/**
 * A peer's fact for a leaf: applicant.firstReached depends on the measure's document window, so each
 * window gets a fact of its own (`firstReached_20260701`, `firstReached_any`), filled by peerFacts.
 */
export function peerFact(
  fact: string,
  windowFrom: IsoDate | null | undefined,
): { name: string; set: boolean } | undefined {
  if (fact === 'applicant.firstReached') return { name: firstReachedName(windowFrom ?? null), set: true };
  return FACT[fact];
}

function firstReachedName(windowFrom: IsoDate | null): string {
  return `firstReached_${windowFrom ? windowFrom.replaceAll('-', '') : 'any'}`;
}

/** The facts object both peers get: the applicant's fields, held qualifications, first-reached per window. */
export function peerFacts(a: Applicant, date: IsoDate, windows: readonly (IsoDate | null)[]): JreFacts {
  const facts: JreFacts = {
    kind: a.kind,
    city: a.city,
    centreOriginCity: a.centreOriginCity ?? null,
    sectors: a.sectors,
    licences: a.licences,
    qualifications: qualificationsOn(a, date),
  };
  for (const w of new Set(windows)) facts[firstReachedName(w)] = firstReachedWithin(a, w, date);
  return facts;
}

const NUMERIC: Record<string, string> = {
  gte: 'greaterThanInclusive',
  gt: 'greaterThan',
  lte: 'lessThanInclusive',
  lt: 'lessThan',
};

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

function leaf(l: Leaf, windowFrom: IsoDate | null): NestedCondition {
  const f = peerFact(l.fact, windowFrom);
  if (!f) throw new Error(`json-rules-engine translation: fact ${l.fact} is not an applicant fact`);
  const c = (operator: string, value: unknown): NestedCondition =>
    ({ fact: f.name, operator, value }) as NestedCondition;
  switch (l.op) {
    case 'eq':
      return c('equal', l.value);
    case 'ne':
      return c('notEqual', l.value);
    case 'in':
      return c('in', asList(l.value));
    case 'notIn':
      return c('notIn', asList(l.value));
    case 'has':
      // On a single value `contains` would be a substring test: use equality there.
      return f.set ? c('contains', l.value) : c('equal', l.value === null ? '\u0000never' : l.value);
    case 'hasAny':
      return f.set ? c('hasAny', asList(l.value)) : c('in', asList(l.value));
    case 'present':
      return c('present', null);
    default:
      return c(NUMERIC[l.op]!, l.value);
  }
}

function condition(cond: Condition, windowFrom: IsoDate | null): NestedCondition {
  if ('all' in cond) return { all: cond.all.map((c) => condition(c, windowFrom)) };
  if ('any' in cond) return { any: cond.any.map((c) => condition(c, windowFrom)) };
  if ('not' in cond) return { not: condition(cond.not, windowFrom) };
  return leaf(cond, windowFrom);
}

/** One rule per screening target (a measure's conditions from its document's window). */
export function ruleOf(target: ScreenTarget): RuleProperties {
  const w = target.windowFrom ?? null;
  const conditions: TopLevelCondition = { all: target.conditions.map((c) => condition(c, w)) };
  return { name: target.id, conditions, event: { type: target.id } };
}

export function jreEngine(targets: readonly ScreenTarget[]): Engine {
  const engine = new Engine(targets.map(ruleOf), { allowUndefinedFacts: true });
  engine.addOperator('hasAny', (fact: unknown, want: unknown) => {
    const list = want as unknown[];
    return Array.isArray(fact) && fact.some((x) => list.includes(x));
  });
  engine.addOperator(
    'present',
    (fact: unknown) => fact !== null && fact !== undefined && !(Array.isArray(fact) && fact.length === 0),
  );
  return engine;
}

export type JreFacts = Record<string, unknown>;

/** The measure ids whose rule fired. */
export async function jreRun(engine: Engine, facts: JreFacts): Promise<string[]> {
  const { events } = await engine.run(facts);
  return events.map((e) => e.type);
}
