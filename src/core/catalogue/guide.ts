/**
 * 办事指南: how to apply for a measure. Facts come from three places, always said which:
 *  - the policy text, quoted with its source (policies/guides.yaml, by document and by measure);
 *  - an administrator, who fills in what the text leaves open (待补录), naming where the fact comes from;
 *  - the measure itself: its checklist of materials follows from its conditions (evidence that each
 *    holds) and the figure its amount is computed on, each item citing the condition it proves.
 * Nothing here is invented: a fact no text gives stays "pending" until someone with a source fills it.
 */
import { z } from 'zod';
import type { Text } from '../text.ts';
import type { Condition, Leaf, Measure, Reference } from './types.ts';

export const GUIDE_FIELDS = ['department', 'processingTime', 'contact', 'rounds'] as const;
export type GuideField = (typeof GUIDE_FIELDS)[number];

const quoted = z.object({ quote: z.string().min(1), source: z.string().min(1) }).strict();
const fieldData = z.union([quoted, z.object({ pending: z.literal(true) }).strict()]);

const documentGuide = z
  .object({
    interpretation: quoted.optional(),
    rules: quoted.optional(),
    department: fieldData,
    processingTime: fieldData,
    contact: fieldData,
    rounds: fieldData,
  })
  .strict();

const measureGuide = z
  .object({
    department: fieldData.optional(),
    processingTime: fieldData.optional(),
    contact: fieldData.optional(),
    rounds: fieldData.optional(),
  })
  .strict();

export const guideFileSchema = z
  .object({
    documents: z.record(z.string().regex(/^\d{3}$/), documentGuide),
    measures: z.record(z.string().min(1), measureGuide).default({}),
  })
  .strict();

export type GuideFile = z.infer<typeof guideFileSchema>;

export interface Quote {
  quote: string;
  source: string;
}

/** A fact an administrator filled in (guide_entries). */
export interface FilledFact {
  field: GuideField;
  value: string;
  source: string;
  by: string;
  at: string;
}

export interface GuideFact {
  /** From the policy text. */
  quote: Quote | null;
  /** Filled in on the platform where the text gives none (or to add the practical detail). */
  filled: FilledFact | null;
  /** Neither: 待补录. */
  pending: boolean;
}

export interface Material {
  /** Stable code of the checklist item; an attachment names it to tick the item. */
  code: string;
  label: Text;
  /** The condition (or figure) that asks for it, in the catalogue's words. */
  basis: Text;
}

export interface Guide {
  measureId: string;
  interpretation: Quote | null;
  rules: Quote | null;
  facts: Record<GuideField, GuideFact>;
  materials: Material[];
}

function leaves(conditions: Condition[], out: Leaf[] = []): Leaf[] {
  for (const c of conditions) {
    if ('fact' in c) out.push(c);
    else if ('all' in c) leaves(c.all, out);
    else if ('any' in c) leaves(c.any, out);
    // A "not" asks for the absence of something: no document proves it, the reviewer checks it.
  }
  return out;
}

/**
 * The materials a measure asks for: one per condition it tests (evidence that it holds) and one for
 * the figure its amount is a rate of. Same fact twice (two conditions on partners) → one item each.
 */
export function materialsOf(measure: Measure, reference: Reference): Material[] {
  const out: Material[] = [];
  const seen = new Map<string, number>();
  for (const leaf of leaves([...measure.applicant, ...measure.matter])) {
    const n = (seen.get(leaf.fact) ?? 0) + 1;
    seen.set(leaf.fact, n);
    out.push({
      code: `c:${leaf.fact}${n > 1 ? `:${n}` : ''}`,
      label: { zh: `证明材料：${leaf.label.zh}`, en: `Evidence that ${leaf.label.en}` },
      basis: leaf.label,
    });
  }
  const base = measure.benefit.kind === 'rate_cap' ? measure.benefit.base : null;
  if (base) {
    const figure = reference.figures.find((f) => f.code === base);
    const name = figure ? { zh: figure.zh, en: figure.en } : { zh: base, en: base };
    out.push({
      code: `f:${base}`,
      label: { zh: `${name.zh}的证明材料`, en: `Evidence of the ${name.en}` },
      basis: { zh: `支持金额按${name.zh}计算`, en: `the amount is computed on the ${name.en}` },
    });
  }
  return out;
}

export function buildGuide(
  measure: Measure,
  reference: Reference,
  data: GuideFile,
  filled: FilledFact[] = [],
): Guide {
  const doc = data.documents[measure.document.code];
  const own = data.measures[measure.id] ?? {};
  const facts = {} as Record<GuideField, GuideFact>;
  for (const field of GUIDE_FIELDS) {
    const d = own[field] ?? doc?.[field];
    const quote = d && 'quote' in d ? d : null;
    const entry = filled.find((f) => f.field === field) ?? null;
    facts[field] = { quote, filled: entry, pending: !quote && !entry };
  }
  return {
    measureId: measure.id,
    interpretation: doc?.interpretation ?? null,
    rules: doc?.rules ?? null,
    facts,
    materials: materialsOf(measure, reference),
  };
}
