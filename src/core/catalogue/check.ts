/**
 * Lints the catalogue before publication. Errors block publication; warnings are for the editor.
 * Sources are passed in as text so the check stays pure.
 */
import { formatRate, formatWan } from '../money.ts';
import { adoptedWindow } from './build.ts';
import type { Benefit, Catalogue, Condition, DocumentInfo, Leaf, Measure } from './types.ts';

export interface Finding {
  level: 'error' | 'warning' | 'info';
  where: string;
  message: string;
}

/** The sources are PDF text with line and page breaks inside sentences: compare without white space. */
export function normaliseForQuote(text: string): string {
  return text.replace(/\s+/g, '');
}

export function quoteAppears(quote: string, source: string): boolean {
  return normaliseForQuote(source).includes(normaliseForQuote(quote));
}

function leavesOf(conditions: readonly Condition[]): Leaf[] {
  return conditions.flatMap((c): Leaf[] => {
    if ('all' in c) return leavesOf(c.all);
    if ('any' in c) return leavesOf(c.any);
    if ('not' in c) return leavesOf([c.not]);
    return [c];
  });
}

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * Every condition names the words it implements (`quote`, verbatim) or the reading that explains it
 * (`reading`); a number in a condition is printed in its quote or explained by a reading.
 */
function checkConditions(m: Measure, source: string | undefined, add: (message: string) => void): void {
  for (const leaf of leavesOf([...m.applicant, ...m.matter])) {
    const what = `condition ${leaf.fact} ${leaf.op}`;
    if (leaf.quote !== undefined && source !== undefined && !quoteAppears(leaf.quote, source))
      add(`${what}: its quote is not verbatim in ${m.document.source}`);
    if (leaf.quote === undefined && leaf.reading === undefined)
      add(`${what}: no quote of the clause and no documented reading`);
    if (typeof leaf.value === 'number' && leaf.reading === undefined) {
      const printed = leaf.quote !== undefined && normaliseForQuote(leaf.quote).includes(String(leaf.value));
      if (!printed) add(`${what} ${leaf.value}: the number is not in its quote and no reading explains it`);
    }
  }
}

/**
 * A benefit's numbers and shape come from its quote: each rate and amount is printed there, 分阶段
 * exactly when it is paid in stages, 每年 for an annual cap, 一次性 exactly for a one-off award.
 */
function checkBenefit(m: Measure, source: string | undefined, add: (message: string) => void): void {
  const b: Benefit = m.benefit;
  if (b.kind === 'service' || b.kind === 'constraint') return;
  if (b.quote === undefined) {
    add('benefit: no quote of the words that print its amount and shape');
    return;
  }
  if (source !== undefined && !quoteAppears(b.quote, source))
    add(`benefit: its quote is not verbatim in ${m.document.source}`);
  const q = normaliseForQuote(b.quote);
  const needs: string[] = [];
  if (b.kind === 'rate_cap') needs.push(formatRate(b.rate), formatWan(b.cap));
  if (b.kind === 'upper_bound' || b.kind === 'tiered_pending') needs.push(formatWan(b.cap));
  if (b.kind === 'fixed') needs.push(formatWan(b.amount));
  for (const n of needs) if (!q.includes(n)) add(`benefit: ${n} is not printed in its quote`);
  const years = 'periodYears' in b ? b.periodYears : undefined;
  if (years !== undefined && !q.includes(`${years}年`) && !q.includes(`${CHINESE_NUMERALS[years] ?? ''}年`))
    add(`benefit: the ${years}-year period is not printed in its quote`);
  const staged = 'staged' in b && b.staged;
  if (staged !== q.includes('分阶段'))
    add(
      staged
        ? 'benefit: paid in stages, but its quote has no 分阶段'
        : 'benefit: its quote says 分阶段, but it is not staged',
    );
  if (b.period === 'annual' && !q.includes('每年')) add('benefit: an annual cap, but its quote has no 每年');
  if (q.includes('一次性') && !b.oneOff) add('benefit: its quote says 一次性, but it is not marked oneOff');
  if (b.oneOff && !q.includes('一次性')) add('benefit: marked oneOff, but its quote has no 一次性');
}

function windowOf(doc: DocumentInfo, assumedAdoption: string): { from: string; to: string } {
  if (doc.status === 'draft') return adoptedWindow(assumedAdoption, doc.validity.years ?? 5);
  return { from: doc.validity.from ?? '0000-01-01', to: doc.validity.to ?? '9999-12-31' };
}

export function checkCatalogue(
  catalogue: Catalogue,
  sources: ReadonlyMap<string, string>,
  /** Drafts have no dates; their windows are compared as if adopted today. */
  today: string,
): Finding[] {
  const findings: Finding[] = [];
  const add = (level: Finding['level'], where: string, message: string) =>
    findings.push({ level, where, message });

  const seen = new Set<string>();
  for (const m of catalogue.measures) {
    if (seen.has(m.id)) add('error', m.id, 'duplicate id');
    seen.add(m.id);
  }

  for (const doc of catalogue.documents) {
    const src = sources.get(doc.source);
    if (src === undefined) {
      add('error', doc.code, `source file ${doc.source} not found`);
      continue;
    }
    const v = doc.validity;
    if (doc.status === 'draft' && !v.years) add('error', doc.code, 'a draft needs its validity in years');
    if (doc.status !== 'draft' && !v.from) add('error', doc.code, 'a document in force needs a start date');
    if (v.from && v.to && v.to < v.from)
      add('error', doc.code, `validity ends (${v.to}) before it starts (${v.from})`);
    if (doc.status === 'in_force' && !v.to) add('warning', doc.code, 'no end date: the text states none');
    for (const [what, quote] of [
      ['validity', v.quote],
      ['applicability', doc.applicabilityQuote],
      ['overlap rule', doc.overlapRuleQuote],
    ] as const) {
      if (quote && !quoteAppears(quote, src))
        add('error', doc.code, `${what} quote is not verbatim in ${doc.source}`);
    }
  }

  for (const m of catalogue.measures) {
    const src = sources.get(m.document.source);
    if (src !== undefined && !quoteAppears(m.quote, src))
      add('error', m.id, `quote is not verbatim in ${m.document.source}`);
    const fail = (message: string) => add('error', m.id, message);
    checkConditions(m, src, fail);
    checkBenefit(m, src, fail);
    for (const r of m.readings)
      if (src !== undefined && !quoteAppears(r.quote, src))
        fail(`reading ${r.id}: its quote is not verbatim in ${m.document.source}`);
    const b = m.benefit;
    if (b.kind === 'tiered_pending' || b.kind === 'unspecified') {
      add('warning', m.id, `parameters pending implementing rules: ${b.pending.en}`);
    }
    if ('period' in b && !m.example) add('warning', m.id, 'a measure with money has no worked example');
  }

  const groups = new Map<string, Measure[]>();
  for (const m of catalogue.measures) {
    if (m.overlapGroup) groups.set(m.overlapGroup, [...(groups.get(m.overlapGroup) ?? []), m]);
  }
  for (const [group, members] of groups) {
    const types = new Set(members.map((m) => m.matterType));
    if (types.size > 1) {
      add(
        'error',
        group,
        `overlap group mixes matters: ${members.map((m) => `${m.id}→${m.matterType ?? 'none'}`).join(', ')}`,
      );
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [a, b] = [members[i]!, members[j]!];
        const wa = windowOf(a.document, today);
        const wb = windowOf(b.document, today);
        if (wa.from <= wb.to && wb.from <= wa.to) {
          const ruled = a.document.overlapRuleQuote || b.document.overlapRuleQuote;
          add(
            ruled ? 'info' : 'warning',
            group,
            `${a.id} and ${b.id} can be in force together${a.document.status === 'draft' || b.document.status === 'draft' ? ' (draft assumed adopted)' : ''}: ${ruled ? 'resolved by 从优、就高、不重复' : 'no overlap rule quoted in either document'}`,
          );
        }
      }
    }
  }
  return findings;
}
