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
import type { Text } from '../text.ts';
import {
  type BenefitFile,
  type ConditionFile,
  type DocumentFile,
  documentSchema,
  overlapsSchema,
  type ReferenceFile,
  referenceSchema,
} from './schema.ts';
import {
  type Benefit,
  type Catalogue,
  type Condition,
  type DocumentInfo,
  isMonetary,
  type Measure,
  type OverlapLink,
  type Reading,
  type Reference,
  type Scalar,
} from './types.ts';

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
    Object.entries(raw.citySets).map(([name, set]) => {
      const members = raw.cities.filter((c) => set.roles.includes(c.role));
      const since = Object.fromEntries(
        members.flatMap((c) => (c.role === 'partner' && c.partnerSince ? [[c.code, c.partnerSince]] : [])),
      );
      return [
        name,
        {
          zh: set.zh,
          en: set.en,
          codes: members.map((c) => c.code),
          since,
          ...(set.openNote ? { openNote: set.openNote } : {}),
        },
      ];
    }),
  );
  return { ...raw, citySets };
}

const DOMAIN_OF_FACT_TYPE = new Set(['enum', 'set', 'qualifications']);

class ConditionResolver {
  /** The ids of the readings of the measure being resolved (a condition's `reading` must name one). */
  readingIds: ReadonlySet<string> = new Set();

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
    // Screening runs applicant conditions without a matter, so they may not read one; a matter
    // condition may read the applicant (e.g. "a qualification, or a claim the reviewer confirms").
    if (scope === 'applicant' && fact.scope !== 'applicant')
      fail(`fact "${c.fact}" belongs under conditions.${fact.scope}`);
    if (c.reading && !this.readingIds.has(c.reading))
      fail(`reading "${c.reading}" is not one of the measure's readings`);
    let value: Scalar | Scalar[] | null = null;
    let refName: string | undefined;
    let since: Record<string, string> | undefined;
    if (c.value !== undefined && typeof c.value === 'object' && !Array.isArray(c.value)) {
      refName = c.value.ref;
      const set = this.ref.citySets[refName];
      if (!set) fail(`unknown named set "${refName}"`);
      value = set?.codes ?? [];
      if (set && Object.keys(set.since).length > 0) since = set.since;
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
    return {
      fact: c.fact,
      op: c.op,
      value,
      ...(refName ? { ref: refName } : {}),
      ...(since ? { since } : {}),
      label,
      ...(c.quote ? { quote: c.quote } : {}),
      ...(c.reading ? { reading: c.reading } : {}),
    };
  }
}

function buildBenefit(b: BenefitFile, ref: Reference, fail: (path: string, rule: string) => void): Benefit {
  if ((b.kind === 'rate_cap' || b.kind === 'upper_bound') && b.period === 'cumulative' && !b.periodYears) {
    fail('benefit.periodYears', 'a cumulative period needs periodYears');
  }
  if (b.kind === 'service' || b.kind === 'constraint') return b;
  const shape = { period: b.period, oneOff: b.oneOff ?? false, ...(b.quote ? { quote: b.quote } : {}) };
  switch (b.kind) {
    case 'rate_cap':
      if (!ref.figures.some((f) => f.code === b.base)) fail('benefit.base', `unknown figure "${b.base}"`);
      return {
        kind: 'rate_cap',
        base: b.base,
        rate: percentToBasisPoints(b.ratePercent),
        cap: wanToFen(b.capWan),
        ...shape,
        ...(b.periodYears ? { periodYears: b.periodYears } : {}),
        staged: b.staged,
      };
    case 'upper_bound':
      return {
        kind: 'upper_bound',
        cap: wanToFen(b.capWan),
        ...shape,
        ...(b.periodYears ? { periodYears: b.periodYears } : {}),
        staged: b.staged,
      };
    case 'fixed':
      return { kind: 'fixed', amount: wanToFen(b.amountWan), ...shape, staged: b.staged };
    case 'tiered_pending':
      return {
        kind: 'tiered_pending',
        cap: wanToFen(b.capWan),
        ...shape,
        staged: b.staged,
        pending: b.pending,
      };
    case 'unspecified':
      return { kind: 'unspecified', ...shape, pending: b.pending };
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
    ...(d.applicability
      ? { applicabilityQuote: d.applicability.quote, applicabilityReadings: d.applicability.readings }
      : {}),
    ...(d.overlapRule ? { overlapRuleQuote: d.overlapRule.quote } : {}),
  };
}

/** The window of a draft treated as adopted on `adopted`: N years, ending the day before the anniversary. */
export function adoptedWindow(adopted: string, years: number): { from: string; to: string } {
  return { from: adopted, to: addDays(addYears(adopted, years), -1) };
}

/** The readings of a measure as one paragraph per language (the older `notes`). */
function notesOf(readings: readonly Reading[]): Text | undefined {
  if (readings.length === 0) return undefined;
  return { zh: readings.map((r) => r.zh).join(''), en: readings.map((r) => r.en).join(' ') };
}

function buildLinks(
  source: SourceFile | undefined,
  documents: readonly DocumentInfo[],
  byId: ReadonlyMap<string, Measure>,
  issues: CatalogueIssue[],
): OverlapLink[] {
  if (!source) return [];
  const parsed = overlapsSchema.safeParse(source.data);
  if (!parsed.success) {
    issues.push(...zodIssues(source.file, parsed.error));
    return [];
  }
  // A catalogue built from some documents only (a test, a what-if) keeps the links among those.
  const loaded = new Set(documents.map((d) => d.code));
  return parsed.data.links.flatMap((l, i) => {
    const measures = l.measures.filter((id, j) => {
      if (!loaded.has(id.split('·')[0]!)) return false;
      const m = byId.get(id);
      const fail = (rule: string) =>
        issues.push({ file: source.file, path: `links.${i}.measures.${j}`, rule });
      if (!m) fail(`unknown measure "${id}"`);
      else if (!m.matterType || !isMonetary(m.benefit)) fail(`${id} supports no matter with money`);
      return true;
    });
    return measures.length >= 2 ? [{ ...l, measures }] : [];
  });
}

export function buildCatalogue(input: {
  reference: SourceFile;
  documents: SourceFile[];
  /** policies/overlaps.yaml, when there is one. */
  overlaps?: SourceFile;
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
    const docReadings = d.applicability?.readings ?? [];
    resolver.readingIds = new Set(docReadings.map((r) => r.id));
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
      // The document's readings of its applicability come first: they bind every measure too.
      const readings = [...docReadings, ...m.readings];
      const readingIds = new Set<string>();
      readings.forEach((r, j) => {
        if (readingIds.has(r.id))
          fail(`readings.${j - docReadings.length}.id`, `duplicate reading id "${r.id}"`);
        readingIds.add(r.id);
      });
      resolver.readingIds = readingIds;
      const notes = notesOf(readings);
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
        readings,
        ...(notes ? { notes } : {}),
        ...(m.example ? { example: m.example } : {}),
      });
    });
    resolver.readingIds = new Set();
  }
  const byId = new Map<string, Measure>();
  for (const m of measures) {
    if (byId.has(m.id)) issues.push({ file: m.document.source, path: m.id, rule: 'duplicate measure id' });
    byId.set(m.id, m);
  }
  const overlapLinks = buildLinks(input.overlaps, documents, byId, issues);
  if (issues.length > 0) throw new CatalogueError(issues);
  return { version: input.version, reference, documents, measures, byId, overlapLinks };
}
