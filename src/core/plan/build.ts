/**
 * Builds the plan from its parsed file (plain data in, plain data out): validates the shape, then the
 * rules that tie fields together (a band has a tolerance field, a flow has no baseline, a derived count
 * names its codes…), that ids are unique, that related ids exist and that every measure a target names
 * is in the catalogue. Every problem is reported at once, naming the file, the path and the rule.
 */
import type { z } from 'zod';
import { CatalogueError, type CatalogueIssue } from '../errors.ts';
import {
  BASELINE_MISSING,
  BASELINE_NOT_APPLICABLE,
  type ContextFile,
  type IndicatorFile,
  planFileSchema,
  type TargetFile,
} from './schema.ts';
import type { Baseline, Derived, Plan, PlanTarget } from './types.ts';

export interface PlanBuildOptions {
  /** Measure ids of the catalogue, to check each target's `measures`. */
  measureIds: ReadonlySet<string>;
  /** Qualification codes of policies/reference.yaml, to check derived counts. */
  qualificationCodes?: ReadonlySet<string>;
  /** City codes of policies/reference.yaml. */
  cityCodes?: ReadonlySet<string>;
}

const LEVEL_LIKE = new Set(['level', 'stock', 'minimum']);
const RISING = new Set(['at_least', 'more_than']);
const FALLING = new Set(['at_most', 'less_than']);

function checkTarget(t: TargetFile, path: string, add: (path: string, rule: string) => void): void {
  const numeric = t.kind !== 'qualitative';
  if (numeric) {
    if (!t.target) add(`${path}.target`, `a ${t.kind} target needs target: { value, comparison }`);
    if (!t.unit) add(`${path}.unit`, `a ${t.kind} target needs a unit`);
    if (!t.direction) add(`${path}.direction`, `a ${t.kind} target needs a direction`);
  } else {
    for (const field of ['target', 'unit', 'direction', 'band', 'derived'] as const)
      if (t[field] !== undefined)
        add(`${path}.${field}`, 'a qualitative target has no number, unit or direction');
  }
  if (t.kind === 'band') {
    if (!t.band) add(`${path}.band`, 'a band target (左右) needs band: { tolerance } (null until set)');
    if (t.target && t.target.comparison !== 'about') add(`${path}.target.comparison`, 'a band is "about"');
    if (t.direction && t.direction !== 'maintain') add(`${path}.direction`, 'a band is kept: "maintain"');
  } else {
    if (t.band) add(`${path}.band`, 'only a band target (左右) has a band');
    if (t.target?.comparison === 'about') add(`${path}.target.comparison`, '"about" is for band targets');
    if (t.direction === 'maintain') add(`${path}.direction`, '"maintain" is for band targets');
  }
  if (t.target && t.direction === 'increase' && !RISING.has(t.target.comparison))
    add(`${path}.target.comparison`, 'a rising target compares at_least or more_than');
  if (t.target && t.direction === 'decrease' && !FALLING.has(t.target.comparison))
    add(`${path}.target.comparison`, 'a falling target compares at_most or less_than');
  if ((t.kind === 'annual_flow' || t.kind === 'cumulative') && t.direction && t.direction !== 'increase')
    add(`${path}.direction`, `a ${t.kind} target counts up: "increase"`);
  const noBaseline = t.kind === 'annual_flow' || t.kind === 'cumulative' || t.kind === 'qualitative';
  if (noBaseline && t.baseline !== BASELINE_NOT_APPLICABLE)
    add(`${path}.baseline`, `a ${t.kind} target has no baseline: write ${BASELINE_NOT_APPLICABLE}`);
  if (!noBaseline && t.baseline === BASELINE_NOT_APPLICABLE)
    add(
      `${path}.baseline`,
      `a ${t.kind} target has a baseline: its value, or ${BASELINE_MISSING} until entered`,
    );
  if (t.derived && !LEVEL_LIKE.has(t.kind))
    add(`${path}.derived`, 'only level, stock and minimum targets can be derived (a value on a date)');
}

function baselineOf(t: TargetFile): Baseline {
  if (t.baseline === BASELINE_MISSING) return { status: 'missing' };
  if (t.baseline === BASELINE_NOT_APPLICABLE) return { status: 'not_applicable' };
  return { status: 'given', ...t.baseline };
}

function derivedOf(d: TargetFile['derived']): Derived | null {
  return d ? { source: d.source, codes: d.codes ?? [], city: d.city ?? null, label: d.label } : null;
}

export function buildPlan(file: string, data: unknown, version: string, options: PlanBuildOptions): Plan {
  const parsed = planFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogueError(
      parsed.error.issues.map((i: z.core.$ZodIssue) => ({
        file,
        path: i.path.join('.') || '(root)',
        rule: i.message,
      })),
    );
  }
  const raw = parsed.data;
  const issues: CatalogueIssue[] = [];
  const add = (path: string, rule: string) => issues.push({ file, path, rule });

  const seen = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const earlier = seen.get(id);
    if (earlier) add(`${path}.id`, `duplicate id "${id}" (also ${earlier})`);
    else seen.set(id, path);
  };
  for (const [i, t] of raw.targets.entries()) claim(t.id, `targets.${i}`);
  for (const [i, x] of raw.indicators.entries()) claim(x.id, `indicators.${i}`);
  for (const [i, x] of raw.context.entries()) claim(x.id, `context.${i}`);
  const targetIds = new Set(raw.targets.map((t) => t.id));

  const checkDerived = (d: TargetFile['derived'], path: string) => {
    if (!d) return;
    if (d.source === 'registry.qualifications') {
      if (!d.codes?.length) add(`${path}.codes`, 'a qualification count names the codes it counts');
      for (const [j, c] of (d.codes ?? []).entries())
        if (options.qualificationCodes && !options.qualificationCodes.has(c))
          add(`${path}.codes.${j}`, `"${c}" is not a qualification code of reference.yaml`);
      if (d.city && options.cityCodes && !options.cityCodes.has(d.city))
        add(`${path}.city`, `"${d.city}" is not a city code of reference.yaml`);
    } else if (d.codes || d.city) {
      add(path, `${d.source} takes no codes or city`);
    }
  };

  raw.targets.forEach((t, i) => {
    const path = `targets.${i}`;
    checkTarget(t, path, add);
    checkDerived(t.derived, `${path}.derived`);
    t.measures.forEach((m, j) => {
      if (!options.measureIds.has(m))
        add(`${path}.measures.${j}`, `"${m}" is not a measure of the catalogue`);
    });
  });
  const checkFigure = (
    x: { value: number | null; relatedTargets: string[]; derived?: unknown },
    path: string,
  ) => {
    if (x.value === null && !x.derived)
      add(`${path}.value`, 'only a derived indicator may have no printed value');
    x.relatedTargets.forEach((r, j) => {
      if (!targetIds.has(r)) add(`${path}.relatedTargets.${j}`, `"${r}" is not a target id`);
    });
  };
  raw.indicators.forEach((x, i) => {
    checkFigure(x, `indicators.${i}`);
    checkDerived(x.derived, `indicators.${i}.derived`);
  });
  for (const [i, x] of raw.context.entries()) checkFigure(x, `context.${i}`);
  if (issues.length > 0) throw new CatalogueError(issues);

  const targets: PlanTarget[] = raw.targets.map((t) => ({
    id: t.id,
    section: t.section,
    title: t.title,
    quote: t.quote,
    kind: t.kind,
    direction: t.direction ?? null,
    unit: t.unit ? { zh: t.unit.zh, en: t.unit.en, decimals: t.unit.decimals ?? 0 } : null,
    target: t.target ?? null,
    band: t.band ?? null,
    baseline: baselineOf(t),
    department: t.department,
    reporting: t.reporting,
    measures: t.measures,
    derived: derivedOf(t.derived),
  }));
  const figure = (x: IndicatorFile | ContextFile) => ({
    id: x.id,
    title: x.title,
    quote: x.quote,
    qualifier: x.qualifier ?? 'exact',
    unit: { zh: x.unit.zh, en: x.unit.en, decimals: x.unit.decimals ?? 2 },
    print: x.print ?? null,
    relatedTargets: x.relatedTargets,
  });
  return {
    version,
    file,
    document: raw.document,
    targets,
    indicators: raw.indicators.map((x) => ({
      ...figure(x),
      value: x.value,
      section: x.section,
      derived: derivedOf(x.derived),
    })),
    context: raw.context.map((x) => ({ ...figure(x), value: x.value, source: x.source })),
  };
}

/** Every quote and where it must appear, for the verbatim check (test and `ceyuan plan check`). */
export function planQuotes(plan: Plan): { where: string; quote: string; source: string; figure?: string }[] {
  const main = plan.document.source;
  const printed = (x: { value: number | null; print: string | null }) =>
    x.print ?? (x.value === null ? undefined : String(x.value));
  return [
    { where: 'document.monitoringQuote', quote: plan.document.monitoringQuote, source: main },
    ...plan.targets.map((t) => ({
      where: `target ${t.id}`,
      quote: t.quote,
      source: main,
      ...(t.target && { figure: String(t.target.value) }),
    })),
    ...plan.targets.flatMap((t) =>
      t.baseline.status === 'given'
        ? [
            {
              where: `target ${t.id} baseline`,
              quote: t.baseline.quote,
              source: main,
              figure: String(t.baseline.value),
            },
          ]
        : [],
    ),
    ...plan.indicators.map((x) => ({
      where: `indicator ${x.id}`,
      quote: x.quote,
      source: main,
      figure: printed(x),
    })),
    ...plan.context.map((x) => ({
      where: `context ${x.id}`,
      quote: x.quote,
      source: x.source,
      figure: printed(x),
    })),
  ];
}
