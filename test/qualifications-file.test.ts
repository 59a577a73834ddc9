/**
 * policies/qualifications.yaml, the criteria as data (issue 13 item 2): the shipped file loads; each
 * threshold a public rule prints carries its citation and a verbatim quote with the figure in it;
 * local thresholds (瞪羚, 潜力瞪羚, …) are officer parameters “待区科委设定”, never a number. The loader
 * (and so the server and `ceyuan qualifications check`) refuses an unsourced threshold or validity, a
 * quote not found in its source, and a figure not printed in its quote — naming file and path.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, readPolicyYaml, readSource } from '../src/catalogue/load.ts';
import { QUALIFICATIONS_FILE, readQualificationPolicy } from '../src/catalogue/load-qualifications.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { buildQualificationPolicy } from '../src/core/qualifications/build.ts';
import { checkQualificationPolicy, summariseCriteria } from '../src/core/qualifications/check.ts';
import { testCatalogue } from './support/fixtures.ts';

const catalogue = testCatalogue();
const shipped = () => structuredClone(readPolicyYaml(DEFAULT_POLICY_DIR, QUALIFICATIONS_FILE).data) as Data;

type Data = {
  kinds: { code: string; validity: Record<string, unknown>; criteria: Record<string, unknown>[] }[];
};

const kindOf = (d: Data, code: string) => d.kinds.find((k) => k.code === code)!;

function issuesOf(data: unknown): { path: string; rule: string }[] {
  try {
    const policy = buildQualificationPolicy(QUALIFICATIONS_FILE, data, 'test', catalogue.reference);
    const texts = new Map<string, string>();
    for (const s of policy.sources.values()) texts.set(s.file, readSource(s.file));
    return checkQualificationPolicy(policy, texts)
      .filter((f) => f.level === 'error')
      .map((f) => ({ path: f.where, rule: f.message }));
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueError);
    return (e as CatalogueError).issues.map((i) => ({ path: i.path, rule: i.rule }));
  }
}

describe('the shipped qualification kinds and criteria', () => {
  const { policy } = readQualificationPolicy(catalogue);
  const summary = summariseCriteria(policy);

  it('has the kinds the issue names, as reference data', () => {
    expect(policy.kinds.map((k) => k.label.zh)).toEqual([
      '高新技术企业',
      '科技型中小企业',
      '专精特新企业',
      '科技小巨人企业',
      '潜力瞪羚企业',
      '瞪羚企业',
      '潜力独角兽企业',
      '独角兽企业',
      '链主企业',
      '规上企业',
    ]);
  });

  it('prints a number only with a public rule’s citation: 高企 (国科发火〔2016〕32号) and 科技型中小企业 (国科发政〔2017〕115号)', () => {
    const sourced = summary.filter((s) => s.basis === 'sourced');
    expect(sourced.map((s) => `${s.kind}.${s.criterion}`)).toEqual([
      'high_tech.years_registered',
      'high_tech.tech_staff_ratio',
      'high_tech.rd_ratio',
      'high_tech.high_tech_revenue_share',
      'tech_sme.staff',
      'tech_sme.revenue',
      'tech_sme.assets',
    ]);
    for (const s of sourced.filter((x) => x.kind === 'high_tech'))
      expect(s.citation).toContain('国科发火〔2016〕32号');
    for (const s of sourced.filter((x) => x.kind === 'tech_sme'))
      expect(s.citation).toContain('国科发政〔2017〕115号');
  });

  it('leaves the district’s tier thresholds to the 区科委: parameters, no number', () => {
    for (const code of ['potential_gazelle', 'gazelle', 'potential_unicorn', 'unicorn']) {
      const kind = policy.kinds.find((k) => k.code === code)!;
      const numeric = kind.criteria.filter((c) => c.rule.kind !== 'judgement');
      expect(numeric.length, code).toBeGreaterThan(0);
      for (const c of numeric) {
        expect(c.rule.kind, `${code}.${c.id}`).toBe('parameter');
        if (c.rule.kind === 'parameter') expect(c.rule.parameter.setBy.zh).toBe('区科委');
      }
      expect(kind.validity.kind, code).toBe('parameter');
    }
  });
});

describe('the check refuses what is not sourced', () => {
  it('the shipped file passes', () => {
    expect(issuesOf(shipped())).toEqual([]);
  });

  it('a threshold typed in for 瞪羚 without a source', () => {
    const d = shipped();
    const c = kindOf(d, 'gazelle').criteria[0]!;
    delete c.parameter;
    c.threshold = { percent: 20, printed: '20%' };
    const issues = issuesOf(d);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toMatch(/^kinds\.5\(gazelle\)\.criteria\.0\(revenue_growth\)$/);
    expect(issues[0]!.rule).toMatch(/unsourced threshold/);
  });

  it('a validity length without a source', () => {
    const d = shipped();
    kindOf(d, 'unicorn').validity = { years: 2 };
    const issues = issuesOf(d);
    expect(issues.map((i) => i.path)).toEqual(['kinds.7(unicorn).validity']);
    expect(issues[0]!.rule).toMatch(/unsourced number/);
  });

  it('a quote that is not verbatim in its source', () => {
    const d = shipped();
    const c = kindOf(d, 'high_tech').criteria.find((x) => x.id === 'tech_staff_ratio')!;
    c.quote = '企业科技人员占企业当年职工总数的比例不低于10%';
    const issues = issuesOf(d);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => /not verbatim/.test(i.rule))).toBe(true);
    expect(issues[0]!.path).toContain('tech_staff_ratio');
  });

  it('a figure that its quote does not print', () => {
    const d = shipped();
    const c = kindOf(d, 'high_tech').criteria.find((x) => x.id === 'tech_staff_ratio')!;
    c.threshold = { percent: 15, printed: '15%' };
    const issues = issuesOf(d);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.rule).toMatch(/“15%” is not printed in its quote/);
  });
});
