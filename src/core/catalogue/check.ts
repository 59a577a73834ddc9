/**
 * Lints the catalogue before publication. Errors block publication; warnings are for the editor.
 * Sources are passed in as text so the check stays pure.
 */
import { adoptedWindow } from './build.ts';
import type { Catalogue, DocumentInfo, Measure } from './types.ts';

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
