/**
 * policies/challenges.yaml: it loads against the catalogue, every quote is verbatim in its source, the
 * rate each basis carries is the catalogue measure's (not a number of its own), and a broken file is
 * refused naming the file, the path and the rule.
 */
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/catalogue/load.ts';
import { loadChallengePolicy } from '../src/catalogue/load-challenges.ts';
import { buildChallengePolicy, checkChallengeQuotes } from '../src/core/challenges/policy.ts';
import { CatalogueError } from '../src/core/errors.ts';
import { testCatalogue } from './support/fixtures.ts';

const catalogue = testCatalogue();
const policy = loadChallengePolicy(catalogue);

describe('challenges.yaml', () => {
  it('rests lists on 000·二 (九城市) and 001·二 (全球, a draft)', () => {
    expect(policy.bases.map((b) => [b.measureId, b.list, b.eligibility.scope, b.draft])).toEqual([
      ['000·二', 'songjiang_demand', 'nine_cities', false],
      ['001·二', 'corridor_source', 'global', true],
    ]);
  });

  it('takes the rate from the catalogue measure ("不超过揭榜额 30%")', () => {
    for (const b of policy.bases) {
      const m = catalogue.byId.get(b.measureId)!;
      expect(b.rate).toBe((m.benefit as { rate: number }).rate);
      expect(b.rate).toBe(3000);
    }
  });

  it('quotes every source verbatim', () => {
    expect(checkChallengeQuotes(policy, (s) => readSource(s))).toEqual([]);
  });

  it('marks its judging figures as platform defaults, not the texts’', () => {
    expect(policy.judging.platformDefault).toBe(true);
    expect(policy.judging.criteria.map((c) => c.code)).toEqual([
      'technical_route',
      'team',
      'input',
      'milestones',
      'price',
    ]);
  });

  it('refuses a basis that is not a challenge measure, naming the path', () => {
    const broken = {
      bases: [{ ...rawBasis(), measureId: '000·五' }],
      mechanism: policy.mechanism,
      stageRelease: policy.stageRelease,
      judging: policy.judging,
    };
    try {
      buildChallengePolicy('challenges.yaml', broken, 'x', catalogue);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogueError);
      expect((e as CatalogueError).issues[0]).toMatchObject({
        file: 'challenges.yaml',
        path: 'bases.0.measureId',
      });
    }
  });

  it('refuses a criterion listed twice', () => {
    const c = policy.judging.criteria[0]!;
    const broken = {
      bases: [rawBasis()],
      mechanism: policy.mechanism,
      stageRelease: policy.stageRelease,
      judging: { ...policy.judging, criteria: [c, c] },
    };
    expect(() => buildChallengePolicy('challenges.yaml', broken, 'x', catalogue)).toThrow(CatalogueError);
  });
});

function rawBasis() {
  const b = policy.bases[0]!;
  return {
    measureId: b.measureId,
    list: b.list,
    name: b.name,
    source: b.source,
    quote: b.quote,
    eligibility: b.eligibility,
    issuing: b.issuing,
  };
}
