/**
 * Chinese text for matching: the lexicon file (every sector's source quote is in its policy text,
 * every code is reference.yaml's, a word belongs to one synonym group), the jieba segmenter with the
 * lexicon as user dictionary, and the analysis (aliases read as their canonical word, stopwords
 * dropped, bigrams for unknown compounds, title counted double).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_POLICY_DIR } from '../src/catalogue/load.ts';
import { LEXICON_FILE, loadLexicon } from '../src/catalogue/matching-lexicon.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { analyse, BIGRAM_PREFIX } from '../src/core/matching/analyse.ts';
import { buildLexicon } from '../src/core/matching/lexicon.ts';
import { createPlainSegmenter, createSegmenter } from '../src/core/matching/segment.ts';
import { testCatalogue } from './support/fixtures.ts';

const reference = testCatalogue().reference;
const lexicon = loadLexicon(reference);
const segmenter = createSegmenter(lexicon);
const cut = (s: string) => segmenter.cut(s.normalize('NFKC').toLowerCase());
const terms = (s: string, strong: string[] = []) =>
  analyse({ strong, body: [s] }, segmenter, lexicon, { surfaces: true });

describe('the matching lexicon (policies/matching/lexicon.yaml)', () => {
  const raw = parse(readFileSync(join(DEFAULT_POLICY_DIR, LEXICON_FILE), 'utf8'));
  const sources = Object.fromEntries(
    // The five documents only: sources/rules/ holds national rules the qualification ledger cites.
    readdirSync(join(DEFAULT_POLICY_DIR, 'sources'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => [
        f.slice(0, 3),
        readFileSync(join(DEFAULT_POLICY_DIR, 'sources', f), 'utf8').replace(/\s+/g, ''),
      ]),
  );

  it('cites each sector from its policy text, verbatim', () => {
    for (const [code, s] of Object.entries(lexicon.sources)) {
      expect(sources[s.doc], `${code}: no source ${s.doc}`).toBeDefined();
      expect(sources[s.doc]!.includes(s.quote.replace(/\s+/g, '')), `${code}: quote not in ${s.doc}`).toBe(
        true,
      );
    }
  });

  it('covers every sector of reference.yaml, and only those', () => {
    expect(Object.keys(raw.sectors).sort()).toEqual(reference.sectors.map((s) => s.code).sort());
  });

  it('refuses an unknown sector, a word in two synonym groups, and a stopword that is also a term', () => {
    const bad = {
      sectors: { warp: { source: { doc: '000', quote: '测试' }, synonyms: [['甲', '乙']], terms: [] } },
      general: { source: { doc: '000', quote: '测试' }, synonyms: [['丙', '乙']], terms: ['丁'] },
      stopwords: ['丁'],
    };
    let error: unknown;
    try {
      buildLexicon(bad, ['ai']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogueError);
    const rules = (error as CatalogueError).issues.map((i) => `${i.path}: ${i.rule}`).join('\n');
    expect(rules).toContain('sectors.warp: unknown sector code');
    expect(rules).toContain('general.synonyms.0.1: "乙" already reads as "甲"');
    expect(rules).toContain('stopwords');
    expect(() => buildLexicon({ sectors: {}, general: { source: { doc: '000' } } }, [])).toThrow(
      CatalogueError,
    );
  });
});

describe('segmentation (jieba + the lexicon as user dictionary)', () => {
  it('keeps the corridor’s words whole that the standard dictionary splits', () => {
    const plain = createPlainSegmenter();
    expect(plain.cut('太赫兹射频前端')).not.toContain('太赫兹');
    expect(cut('面向6G的太赫兹射频前端芯片')).toEqual(['面向', '6g', '的', '太赫兹', '射频前端', '芯片']);
    expect(cut('信创数据库迁移')).toEqual(['信创', '数据库迁移']);
    expect(cut('全钒液流电池储能')).toContain('全钒液流电池');
    expect(cut('低轨卫星相控阵天线')).toEqual(['低轨卫星', '相控阵天线']);
  });
});

describe('analysis', () => {
  it('reads synonyms and abbreviations as their canonical word, keeping how they were written', () => {
    const a = terms('信息技术应用创新改造，SiC器件，星座互联网终端，手机直连卫星');
    expect([...a.terms.keys()]).toEqual(expect.arrayContaining(['信创', '碳化硅', '卫星互联网', '星地直连']));
    expect([...a.surfaces.get('碳化硅')!]).toEqual(['sic']);
    expect([...a.surfaces.get('卫星互联网')!]).toEqual(['星座互联网']);
    expect(a.sectorEvidence.get('xinchuang')).toBe(1);
  });

  it('drops stopwords, punctuation, numbers and single characters', () => {
    const a = terms('我们需要一种技术，提升300%的良率。');
    expect([...a.terms.keys()].filter((t) => !t.startsWith(BIGRAM_PREFIX))).toEqual(['良率']);
  });

  it('adds bigrams of unknown compounds at a lower weight, and counts the title double', () => {
    const a = terms('柔性电路板', ['气凝胶']);
    expect(a.terms.get('气凝胶')).toBe(2);
    const bigrams = [...a.terms.entries()].filter(([t]) => t.startsWith(BIGRAM_PREFIX));
    expect(bigrams.length).toBeGreaterThan(0);
    for (const [, w] of bigrams) expect(w).toBeCloseTo(0.3, 12);
    const without = analyse({ strong: [], body: ['柔性电路板'] }, segmenter, lexicon, { bigrams: false });
    expect([...without.terms.keys()].some((t) => t.startsWith(BIGRAM_PREFIX))).toBe(false);
  });
});
