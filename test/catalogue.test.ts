/** The catalogue loads, every quote is verbatim in its source, the lint passes, and examples hold. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, loadCatalogue, readPolicyFiles, readSource } from '../src/catalogue/load.ts';
import { checkCatalogue, quoteAppears } from '../src/core/catalogue/check.ts';
import { calculate, createEngine, parseCalcInput } from '../src/core/engine/calculate.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { exampleInput, readingsMarkdown } from '../src/core/explain.ts';
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

describe('catalogue check: every condition and number has a quote or a documented reading', () => {
  function findingsFor(edit: (text: string) => string, file = '000.yaml') {
    const dir = mkdtempSync(join(tmpdir(), 'ceyuan-policies-'));
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    const c = loadCatalogue(dir);
    const src = new Map(c.documents.map((d) => [d.source, readSource(d.source, dir)]));
    return checkCatalogue(c, src, '2026-11-21').filter((f) => f.level === 'error');
  }

  it('fails a condition with neither a quote nor a reading', () => {
    const errors = findingsFor((t) => t.replace(', quote: 支持九城市各类机构“揭榜挂帅” }', ' }'));
    expect(errors).toContainEqual({
      level: 'error',
      where: '000·二',
      message: 'condition applicant.city in: no quote of the clause and no documented reading',
    });
  });

  it('fails a condition whose quote is not in the source', () => {
    const errors = findingsFor((t) =>
      t.replace('quote: 支持九城市各类机构“揭榜挂帅”', 'quote: 支持十城市各类机构'),
    );
    expect(errors.map((e) => e.message)).toContain(
      'condition applicant.city in: its quote is not verbatim in sources/000_653adb80d5e05616.txt',
    );
  });

  it('fails a number in a condition that its quote does not print and no reading explains', () => {
    const errors = findingsFor((t) =>
      t.replace('quote: 跨区域协同项目, reading: cross_region }', 'quote: 跨区域协同项目 }'),
    );
    expect(errors.map((e) => e.message)).toContain(
      'condition matter.cityCount gte 2: the number is not in its quote and no reading explains it',
    );
  });

  it('fails a rate or a cap its quote does not print', () => {
    const errors = findingsFor((t) =>
      t.replace('ratePercent: 30\n      capWan: 2000', 'ratePercent: 35\n      capWan: 2000'),
    );
    expect(errors).toContainEqual({
      level: 'error',
      where: '000·二',
      message: 'benefit: 35% is not printed in its quote',
    });
  });

  it('fails 分阶段 and 一次性 that the data and the quote do not agree on', () => {
    const staged = findingsFor((t) =>
      t.replace('period: per_matter\n      staged: true', 'period: per_matter\n      staged: false'),
    );
    expect(staged.map((e) => e.message)).toContain('benefit: its quote says 分阶段, but it is not staged');
    const oneOff = findingsFor(
      (t) =>
        t.replace(
          'period: per_matter\n      oneOff: true\n      staged: false',
          'period: per_matter\n      staged: false',
        ),
      '001.yaml',
    );
    expect(oneOff).toContainEqual({
      level: 'error',
      where: '001·十三·创新产品',
      message: 'benefit: its quote says 一次性, but it is not marked oneOff',
    });
  });

  it('docs/catalogue.md lists every reading with its quote, as `ceyuan catalogue readings` prints them', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'catalogue.md'), 'utf8');
    const block = /<!-- readings:begin -->\n([\s\S]*)<!-- readings:end -->/.exec(doc)?.[1];
    expect(block).toBe(readingsMarkdown(catalogue));
  });

  it('every measure lists its readings, each with a verbatim quote', () => {
    const withReadings = catalogue.measures.filter((m) => m.readings.length > 0);
    expect(withReadings.length).toBeGreaterThan(30);
    for (const m of withReadings)
      for (const r of m.readings)
        expect(quoteAppears(r.quote, sources.get(m.document.source)!), `${m.id} ${r.id}`).toBe(true);
  });
});

describe('open list of strategic partner cities', () => {
  /** A copy of the policies with 嘉善 added as a partner from 2027-01-01, as an officer would add it. */
  function withJiashan() {
    const dir = mkdtempSync(join(tmpdir(), 'ceyuan-policies-'));
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    const file = join(dir, 'reference.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '  - { code: kunming,',
        '  - { code: jiashan, zh: 嘉善, en: Jiashan, role: partner, division: "330421", partnerSince: 2027-01-01 }\n  - { code: kunming,',
      ),
    );
    return createEngine(loadCatalogue(dir));
  }

  const centre = (date: string) => ({
    applicant: { kind: 'innovation_centre', city: 'songjiang', centreOriginCity: 'jiashan' },
    matters: [
      {
        type: 'centre_operation',
        date,
        claims: ['cross_region_effect'],
        figures: { operatingSpend: 200_000_000 },
      },
    ],
  });

  it('an added partner city counts from the date it became a partner, as data, without a code change', () => {
    const e = withJiashan();
    const before = calculate(e, parseCalcInput(e, centre('2026-12-31'), '2026-12-31'));
    const after = calculate(e, parseCalcInput(e, centre('2027-01-01'), '2027-01-01'));
    const of = (r: typeof before) => r.evaluations.find((v) => v.measureId === '000·十二')!;
    expect(of(before).outcome).toBe('ineligible');
    expect(
      of(before)
        .reasons.map((x) => x.zh)
        .join('\n'),
    ).toContain('嘉善自2027-01-01起列为战略合作城市');
    expect(of(after).outcome).toBe('eligible');
    expect(of(after).amount).toEqual({ min: 0, max: 60_000_000 });
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
      t.replace('ratePercent: 30\n      capWan: 2000', 'ratePercent: -30\n      capWan: 2000'),
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
    const dir = brokenCopy((t) => t.replace('value: enterprise, quote', 'value: corporation, quote'));
    expect(issuesFor(dir).some((i) => /"corporation" is not a known orgKinds code/.test(i.rule))).toBe(true);
  });

  it('names a condition that points at a reading the measure does not have', () => {
    const dir = brokenCopy((t) => t.replace('reading: nine_city_academics', 'reading: no_such_reading'));
    expect(issuesFor(dir).some((i) => /reading "no_such_reading"/.test(i.rule))).toBe(true);
  });

  it('names an overlap link to a measure that does not exist', () => {
    const dir = brokenCopy((t) => t);
    const file = join(dir, 'overlaps.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('000·六, 000·七', '000·六, 000·九十九'));
    expect(issuesFor(dir)).toContainEqual(
      expect.objectContaining({ file: 'overlaps.yaml', rule: 'unknown measure "000·九十九"' }),
    );
  });

  it('gives a new version when any file changes', () => {
    const dir = brokenCopy((t) => `${t}\n# an edit\n`);
    expect(readPolicyFiles(dir).version).not.toBe(catalogue.version);
  });
});
