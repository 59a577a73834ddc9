/**
 * policies/guides.yaml (办事指南) holds only what the texts say: every quote is in its source, every
 * entry names a measure or document of the catalogue, and what no text gives stays pending (待补录).
 */
import { describe, expect, it } from 'vitest';
import { loadGuides } from '../src/catalogue/guides.ts';
import { readSource } from '../src/catalogue/load.ts';
import { buildGuide, GUIDE_FIELDS, materialsOf } from '../src/core/catalogue/guide.ts';
import { isMonetary } from '../src/core/catalogue/types.ts';
import { testCatalogue } from './support/fixtures.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('办事指南 data', () => {
  const catalogue = testCatalogue();
  const { data, unknown } = loadGuides(catalogue);

  it('names only measures and documents of the catalogue', () => {
    expect(unknown).toEqual([]);
  });

  it('quotes its sources verbatim (white space aside)', () => {
    const quotes = [
      ...Object.values(data.documents).flatMap((d) => Object.values(d)),
      ...Object.values(data.measures).flatMap((m) => Object.values(m)),
    ].filter((f): f is { quote: string; source: string } => typeof f === 'object' && 'quote' in f);
    expect(quotes.length).toBeGreaterThan(4);
    for (const q of quotes) expect(squash(readSource(q.source)), q.quote).toContain(squash(q.quote));
  });

  it('quotes 000 on who interprets it, and leaves the contact and processing time pending', () => {
    const g = buildGuide(catalogue.byId.get('000·七')!, catalogue.reference, data);
    expect(g.interpretation?.quote).toContain('在各自职责范围内负责解释');
    expect(g.facts.contact.pending).toBe(true);
    expect(g.facts.processingTime.pending).toBe(true);
    expect(g.facts.rounds.pending).toBe(true);
  });

  it('gives every measure with money a guide of every field and a checklist from its conditions', () => {
    for (const m of catalogue.measures.filter((x) => isMonetary(x.benefit))) {
      const g = buildGuide(m, catalogue.reference, data);
      expect(Object.keys(g.facts).sort()).toEqual([...GUIDE_FIELDS].sort());
      const materials = materialsOf(m, catalogue.reference);
      const codes = materials.map((x) => x.code);
      expect(new Set(codes).size, m.id).toBe(codes.length);
      if (m.benefit.kind === 'rate_cap') expect(codes, m.id).toContain(`f:${m.benefit.base}`);
    }
    const challenge = materialsOf(catalogue.byId.get('000·二')!, catalogue.reference);
    expect(challenge.map((x) => x.basis.zh)).toEqual(
      expect.arrayContaining([expect.stringContaining('攻关'), '支持金额按揭榜额计算']),
    );
  });
});
