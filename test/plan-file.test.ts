/**
 * policies/plan-003.yaml: it loads, every quote is verbatim in its source (003 or 004), every printed
 * figure is in its quote, each target has the kind its sentence says, nothing is guessed, and a broken
 * file is refused naming the file, the path and the rule.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, readSource } from '../src/catalogue/load.ts';
import { loadPlan, PLAN_FILE } from '../src/catalogue/load-plan.ts';
import { quoteAppears } from '../src/core/catalogue/check.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { planQuotes } from '../src/core/plan/build.ts';
import { testCatalogue } from './support/fixtures.ts';

const catalogue = testCatalogue();
const plan = loadPlan(catalogue);

describe('plan-003.yaml', () => {
  it('holds 003’s targets, its 十四五 figures and 004’s context', () => {
    expect(plan.document).toMatchObject({ code: '003', number: '沪松府〔2026〕67号', targetYear: 2030 });
    expect(plan.targets).toHaveLength(16);
    expect(plan.indicators.length).toBeGreaterThanOrEqual(20);
    expect(plan.context.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'g60-auction-turnover-6',
        'competition-financing',
        'g60-fund-songjiang-amount',
      ]),
    );
  });

  // The kind each sentence's wording gives it: 达 → level, 左右 → band, 每年 → annual flow, 五年累计 → five-year sum,
  // 至少 / 超 → minimum, 有效期内…累计 → stock, no number → qualitative.
  it.each([
    ['rd-intensity', 'level', 6.4, null],
    ['tech-contract-turnover', 'level', 160, null],
    ['sei-output-share', 'band', 50, null],
    ['digital-core-growth', 'level', 5, null],
    ['high-tech-enterprises', 'stock', 3000, 'registry.qualifications'],
    ['specialised-smes', 'level', 1800, 'registry.qualifications'],
    ['high-level-talent', 'annual_flow', 1000, null],
    ['high-value-patents', 'level', 45, null],
    ['new-listings', 'cumulative', 18, null],
    ['hq-incubators', 'minimum', 1, null],
    ['talent-housing', 'minimum', 5, null],
    ['original-results', 'qualitative', null, null],
    ['cluster-scale', 'qualitative', null, null],
    ['hardcore-tech-firms', 'qualitative', null, null],
    ['model-cases', 'qualitative', null, null],
    ['pioneer-zone', 'qualitative', null, null],
  ] as const)('%s is %s (%s), derived: %s', (id, kind, value, derived) => {
    const t = plan.targets.find((x) => x.id === id)!;
    expect(t.kind).toBe(kind);
    expect(t.target?.value ?? null).toBe(value);
    expect(t.derived?.source ?? null).toBe(derived);
  });

  it('guesses no baseline: 003 prints none for its targets, so each is 待补录 or does not apply', () => {
    for (const t of plan.targets) expect(['missing', 'not_applicable'], t.id).toContain(t.baseline.status);
  });

  it('leaves the width of 左右 to the responsible department', () => {
    expect(plan.targets.find((t) => t.id === 'sei-output-share')!.band).toEqual({ tolerance: null });
  });

  it('uses 超 as strictly more than and 不少于 / 至少 as at least', () => {
    expect(plan.targets.find((t) => t.id === 'talent-housing')!.target!.comparison).toBe('more_than');
    expect(plan.targets.find((t) => t.id === 'new-listings')!.target!.comparison).toBe('at_least');
    expect(plan.targets.find((t) => t.id === 'hq-incubators')!.target!.comparison).toBe('at_least');
  });

  describe('every quote is verbatim in its source, and prints its figure', () => {
    it.each(planQuotes(plan).map((q) => [q.where, q] as const))('%s', (_where, q) => {
      expect(quoteAppears(q.quote, readSource(q.source))).toBe(true);
      if (q.figure) expect(q.quote.replace(/\s+/g, '')).toContain(q.figure);
    });
  });

  it('a retyped quote is caught', () => {
    expect(
      quoteAppears('全社会研发经费支出占地区生产总值比重达 6.5%', readSource(plan.document.source)),
    ).toBe(false);
  });

  it('links targets only to measures of the catalogue', () => {
    const ids = new Set(catalogue.measures.map((m) => m.id));
    for (const t of plan.targets) for (const m of t.measures) expect(ids, `${t.id} → ${m}`).toContain(m);
  });
});

describe('loading a broken plan file', () => {
  function issuesFor(edit: (text: string) => string) {
    const dir = mkdtempSync(join(tmpdir(), 'ceyuan-plan-'));
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, PLAN_FILE), edit(readFileSync(join(dir, PLAN_FILE), 'utf8')));
    try {
      loadPlan(catalogue, dir);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogueError);
      return (e as CatalogueError).issues;
    }
    throw new Error('expected the plan to be refused');
  }

  it.each([
    [
      'an unknown kind',
      (t: string) => t.replace('kind: level', 'kind: level_ish'),
      'targets.0.kind',
      /Invalid option/,
    ],
    [
      'an unknown measure',
      (t: string) => t.replace("measures: ['001·一', '000·三'", "measures: ['001·九十九', '000·三'"),
      'targets.0.measures.0',
      /not a measure of the catalogue/,
    ],
    [
      'a guessed baseline on a flow',
      (t: string) => t.replace(/(kind: annual_flow[\s\S]*?)baseline: 不适用/, '$1baseline: 待补录'),
      'targets.9.baseline',
      /has no baseline/,
    ],
    [
      'a band without its width field',
      (t: string) => t.replace('    band: { tolerance: null }\n', ''),
      'targets.3.band',
      /needs band/,
    ],
    [
      'an unknown qualification code',
      (t: string) => t.replace('codes: [high_tech]', 'codes: [high_tec]'),
      'targets.6.derived.codes.0',
      /not a qualification code/,
    ],
    [
      'a duplicate id',
      (t: string) => t.replace('id: tech-contract-turnover', 'id: rd-intensity'),
      'targets.1.id',
      /duplicate id/,
    ],
    [
      'a related target that does not exist',
      (t: string) => t.replace('relatedTargets: [high-value-patents]', 'relatedTargets: [no-such-target]'),
      'indicators.1.relatedTargets.0',
      /not a target id/,
    ],
  ])('names the file, path and rule of %s', (_what, edit, path, rule) => {
    const issues = issuesFor(edit);
    expect(issues).toContainEqual(
      expect.objectContaining({ file: PLAN_FILE, path, rule: expect.stringMatching(rule) }),
    );
  });
});
