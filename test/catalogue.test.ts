/** The catalogue loads, every quote is verbatim in its source, the lint passes, and examples hold. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, loadCatalogue, readPolicyFiles, readSource } from '../src/catalogue/load.ts';
import { checkCatalogue, quoteAppears } from '../src/core/catalogue/check.ts';
import { calculate, createEngine, parseCalcInput } from '../src/core/engine/calculate.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { exampleInput } from '../src/core/explain.ts';
import { FEN_PER_WAN } from '../src/core/money.ts';

const catalogue = loadCatalogue();
const engine = createEngine(catalogue);
const sources = new Map(catalogue.documents.map((d) => [d.source, readSource(d.source)]));

describe('catalogue', () => {
  it('holds documents 000, 001 and 002', () => {
    expect(catalogue.documents.map((d) => d.code)).toEqual(['000', '001', '002']);
  });

  it('passes its own pre-publication lint with no errors', () => {
    const errors = checkCatalogue(catalogue, sources, '2026-11-21').filter((f) => f.level === 'error');
    expect(errors).toEqual([]);
  });

  describe('every quote is verbatim in its source', () => {
    it.each(catalogue.measures.map((m) => [m.id, m] as const))('%s', (_id, m) => {
      expect(quoteAppears(m.quote, sources.get(m.document.source)!)).toBe(true);
    });
  });

  it('a quote that was retyped is caught', () => {
    const src = sources.get(catalogue.documents[0]!.source)!;
    expect(quoteAppears('给予不超过揭榜额 35%、最高 2000 万元的经费支持', src)).toBe(false);
  });

  describe('worked examples give what they say', () => {
    const withExamples = catalogue.measures.filter((m) => m.example);
    it.each(withExamples.map((m) => [`${m.id} ${m.example!.title.zh}`, m] as const))('%s', (_name, m) => {
      const x = m.example!;
      const input = parseCalcInput(engine, exampleInput(x), '2026-11-21');
      const e = calculate(engine, input).evaluations.find((v) => v.measureId === m.id)!;
      const why = e.reasons.map((r) => r.zh).join('\n');
      expect(e.eligible, why).toBe(x.expect.eligible);
      if (x.expect.maxWan !== undefined) expect(e.amount?.max, why).toBe(x.expect.maxWan * FEN_PER_WAN);
      if (x.expect.minWan !== undefined) expect(e.amount?.min, why).toBe(x.expect.minWan * FEN_PER_WAN);
    });
  });

  it('every measure with money has a worked example', () => {
    const missing = catalogue.measures.filter((m) => 'period' in m.benefit && !m.example).map((m) => m.id);
    expect(missing).toEqual([]);
  });
});

describe('loading a broken catalogue', () => {
  function brokenCopy(edit: (text: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'ceyuan-policies-'));
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '000.yaml'), edit(readFileSync(join(dir, '000.yaml'), 'utf8')));
    return dir;
  }

  function issuesFor(dir: string) {
    try {
      loadCatalogue(dir);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogueError);
      return (e as CatalogueError).issues;
    }
    throw new Error('expected the catalogue to be refused');
  }

  it('names the file, the path and the rule of a bad rate', () => {
    const dir = brokenCopy((t) =>
      t.replace('ratePercent: 30, capWan: 2000', 'ratePercent: -30, capWan: 2000'),
    );
    expect(issuesFor(dir)).toContainEqual(
      expect.objectContaining({ file: '000.yaml', path: 'measures.1.benefit.ratePercent' }),
    );
  });

  it('names an unknown fact', () => {
    const dir = brokenCopy((t) => t.replace('fact: applicant.city, op: in', 'fact: applicant.town, op: in'));
    const issue = issuesFor(dir).find((i) => i.path.startsWith('measures.1.conditions.applicant'));
    expect(issue?.rule).toMatch(/unknown fact "applicant.town"/);
  });

  it('names an unknown city in a condition', () => {
    const dir = brokenCopy((t) => t.replace('value: enterprise }', 'value: corporation }'));
    expect(issuesFor(dir).some((i) => /"corporation" is not a known orgKinds code/.test(i.rule))).toBe(true);
  });

  it('gives a new version when any file changes', () => {
    const dir = brokenCopy((t) => `${t}\n# an edit\n`);
    expect(readPolicyFiles(dir).version).not.toBe(catalogue.version);
  });
});
