/**
 * Builds the catalogue from parsed policy files (plain data in, plain data out): validates each file
 * against its schema, resolves named sets, converts 万元 to fen and percentages to basis points, and
 * checks that every fact, code and figure a measure names exists. All problems are reported at once.
 */
import type { z } from 'zod';
import { describeLeaf } from '../conditions.ts';
import { addDays, addYears } from '../dates.ts';
import { CatalogueError, type CatalogueIssue } from '../errors.ts';
import { type FactDef, factRegistry } from '../facts.ts';
import { percentToBasisPoints, wanToFen } from '../money.ts';
import {
  type BenefitFile,
  type ConditionFile,
  type DocumentFile,
  documentSchema,
  type ReferenceFile,
  referenceSchema,
} from './schema.ts';
import type { Benefit, Catalogue, Condition, DocumentInfo, Measure, Reference, Scalar } from './types.ts';

export interface SourceFile {
  /** Path relative to the policies folder, used in error messages. */
  file: string;
  data: unknown;
}

function zodIssues(file: string, error: z.ZodError): CatalogueIssue[] {
  return error.issues.map((i) => ({ file, path: i.path.join('.') || '(root)', rule: i.message }));
}

export function buildReference(raw: ReferenceFile): Reference {
  const citySets = Object.fromEntries(
    Object.entries(raw.citySets).map(([name, set]) => [
      name,
      {
        zh: set.zh,
        en: set.en,
        codes: raw.cities.filter((c) => set.roles.includes(c.role)).map((c) => c.code),
      },
    ]),
  );
  return { ...raw, citySets };
}

const DOMAIN_OF_FACT_TYPE = new Set(['enum', 'set', 'qualifications']);

class ConditionResolver {
  constructor(
    private readonly ref: Reference,
    private readonly facts: ReadonlyMap<string, FactDef>,
    private readonly issues: CatalogueIssue[],
    private readonly file: string,
  ) {}

  resolve(c: ConditionFile, path: string, scope: 'applicant' | 'matter'): Condition {
    if ('all' in c) return { all: c.all.map((x, i) => this.resolve(x, `${path}.all.${i}`, scope)) };
    if ('any' in c) return { any: c.any.map((x, i) => this.resolve(x, `${path}.any.${i}`, scope)) };
    if ('not' in c) return { not: this.resolve(c.not, `${path}.not`, scope) };
    const fact = this.facts.get(c.fact);
    const fail = (rule: string) => this.issues.push({ file: this.file, path, rule });
    if (!fact) {
      fail(`unknown fact "${c.fact}"; known: ${[...this.facts.keys()].join(', ')}`);
      return { fact: c.fact, op: c.op, value: null, label: c.label ?? { zh: c.fact, en: c.fact } };
    }
    if (fact.scope !== scope) fail(`fact "${c.fact}" belongs under conditions.${fact.scope}`);
    let value: Scalar | Scalar[] | null = null;
    let refName: string | undefined;
    if (c.value !== undefined && typeof c.value === 'object' && !Array.isArray(c.value)) {
      refName = c.value.ref;
      const set = this.ref.citySets[refName];
      if (!set) fail(`unknown named set "${refName}"`);
      value = set?.codes ?? [];
    } else if (c.value !== undefined) {
      value = c.value as Scalar | Scalar[];
    } else if (c.op !== 'present') {
      fail(`operator "${c.op}" needs a value`);
    }
    if (fact.domain && DOMAIN_OF_FACT_TYPE.has(fact.type)) {
      const known = new Set((this.ref[fact.domain] as { code: string }[]).map((x) => x.code));
      for (const v of Array.isArray(value) ? value : value === null ? [] : [value]) {
        if (!known.has(String(v))) fail(`"${v}" is not a known ${fact.domain} code`);
      }
    }
    const numeric = ['gte', 'gt', 'lte', 'lt'].includes(c.op);
    if (numeric && (typeof value !== 'number' || !['number', 'money'].includes(fact.type))) {
      fail(`operator "${c.op}" needs a numeric fact and a number`);
    }
    const label = c.label ?? describeLeaf(fact, c.op, value, this.ref, refName);
    return refName
      ? { fact: c.fact, op: c.op, value, ref: refName, label }
      : { fact: c.fact, op: c.op, value, label };
  }
}

function buildBenefit(b: BenefitFile, ref: Reference, fail: (path: string, rule: string) => void): Benefit {
  if ((b.kind === 'rate_cap' || b.kind === 'upper_bound') && b.period === 'cumulative' && !b.periodYears) {
    fail('benefit.periodYears', 'a cumulative period needs periodYears');
  }
  switch (b.kind) {
    case 'rate_cap':
      if (!ref.figures.some((f) => f.code === b.base)) fail('benefit.base', `unknown figure "${b.base}"`);
      return {
        kind: 'rate_cap',
        base: b.base,
        rate: percentToBasisPoints(b.ratePercent),
        cap: wanToFen(b.capWan),
        period: b.period,
        ...(b.periodYears ? { periodYears: b.periodYears } : {}),
        staged: b.staged,
      };
    case 'upper_bound':
      return {
        kind: 'upper_bound',
        cap: wanToFen(b.capWan),
        period: b.period,
        ...(b.periodYears ? { periodYears: b.periodYears } : {}),
        staged: b.staged,
      };
    case 'fixed':
      return { kind: 'fixed', amount: wanToFen(b.amountWan), period: b.period, staged: b.staged };
    case 'tiered_pending':
      return {
        kind: 'tiered_pending',
        cap: wanToFen(b.capWan),
        period: b.period,
        staged: b.staged,
        pending: b.pending,
      };
    default:
      return b;
  }
}

function documentInfo(d: DocumentFile): DocumentInfo {
  const validity =
    'years' in d.validity
      ? { from: null, to: null, years: d.validity.years, quote: d.validity.quote }
      : { from: d.validity.from, to: d.validity.to, quote: d.validity.quote };
  return {
    code: d.code,
    number: d.number,
    title: d.title,
    issuer: d.issuer,
    issued: d.issued,
    status: d.status,
    source: d.source,
    validity,
    ...(d.applicability ? { applicabilityQuote: d.applicability.quote } : {}),
    ...(d.overlapRule ? { overlapRuleQuote: d.overlapRule.quote } : {}),
  };
}

/** The window of a draft treated as adopted on `adopted`: N years, ending the day before the anniversary. */
export function adoptedWindow(adopted: string, years: number): { from: string; to: string } {
  return { from: adopted, to: addDays(addYears(adopted, years), -1) };
}

export function buildCatalogue(input: {
  reference: SourceFile;
  documents: SourceFile[];
  version: string;
}): Catalogue {
  const issues: CatalogueIssue[] = [];
  const refParsed = referenceSchema.safeParse(input.reference.data);
  if (!refParsed.success) throw new CatalogueError(zodIssues(input.reference.file, refParsed.error));
  const reference = buildReference(refParsed.data);
  const facts = factRegistry(reference);

  const documents: DocumentInfo[] = [];
  const measures: Measure[] = [];
  for (const src of input.documents) {
    const parsed = documentSchema.safeParse(src.data);
    if (!parsed.success) {
      issues.push(...zodIssues(src.file, parsed.error));
      continue;
    }
    const d = parsed.data;
    const info = documentInfo(d);
    documents.push(info);
    const resolver = new ConditionResolver(reference, facts, issues, src.file);
    const applicability = (d.applicability?.conditions ?? []).map((c, i) =>
      resolver.resolve(c, `applicability.conditions.${i}`, 'applicant'),
    );
    d.measures.forEach((m, i) => {
      const at = `measures.${i}`;
      const fail = (path: string, rule: string) =>
        issues.push({ file: src.file, path: `${at}.${path}`, rule });
      if (!m.id.startsWith(`${d.code}·`)) fail('id', `id must start with the document code ${d.code}·`);
      if (m.matterType && !reference.matterTypes.some((t) => t.code === m.matterType)) {
        fail('matterType', `unknown matter type "${m.matterType}"`);
      }
      const benefit = buildBenefit(m.benefit, reference, fail);
      if (benefit.kind === 'rate_cap' && !m.matterType)
        fail('benefit', 'a rate needs a matter to take its base from');
      measures.push({
        id: m.id,
        document: info,
        title: m.title,
        quote: m.quote,
        matterType: m.matterType ?? null,
        applicant: [
          ...applicability,
          ...m.conditions.applicant.map((c, j) =>
            resolver.resolve(c, `${at}.conditions.applicant.${j}`, 'applicant'),
          ),
        ],
        matter: m.conditions.matter.map((c, j) =>
          resolver.resolve(c, `${at}.conditions.matter.${j}`, 'matter'),
        ),
        benefit,
        overlapGroup: m.overlapGroup ?? null,
        tags: m.tags,
        ...(m.notes ? { notes: m.notes } : {}),
        ...(m.example ? { example: m.example } : {}),
      });
    });
  }
  const byId = new Map<string, Measure>();
  for (const m of measures) {
    if (byId.has(m.id)) issues.push({ file: m.document.source, path: m.id, rule: 'duplicate measure id' });
    byId.set(m.id, m);
  }
  if (issues.length > 0) throw new CatalogueError(issues);
  return { version: input.version, reference, documents, measures, byId };
}
