/** Bad input gets an error naming the field and the rule, in zh and en, and no result. */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { calculateRaw, createEngine } from '../src/core/engine/calculate.ts';
import { InputError } from '../src/core/errors.ts';

const engine = createEngine(loadCatalogue());
const applicant = { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' };

function issuesOf(raw: unknown) {
  try {
    calculateRaw(engine, raw, '2026-11-21');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).issues;
  }
  throw new Error('expected an InputError');
}

describe('calculator input errors', () => {
  it.each([
    [
      'negative money',
      { applicant, matters: [{ type: 'challenge', figures: { bidAmount: -1 } }] },
      'matters.0.figures.bidAmount',
    ],
    [
      'money that is not whole fen',
      { applicant, matters: [{ type: 'challenge', figures: { bidAmount: 10.5 } }] },
      'matters.0.figures.bidAmount',
    ],
    ['an impossible date', { applicant, asOf: '2026-02-30' }, 'asOf'],
    ['an unknown city', { applicant: { ...applicant, city: 'atlantis' } }, 'applicant.city'],
    ['an unknown kind', { applicant: { ...applicant, kind: 'club' } }, 'applicant.kind'],
    ['a missing field', { applicant: { city: 'songjiang' } }, 'applicant.kind'],
    ['an unknown matter type', { applicant, matters: [{ type: 'lottery' }] }, 'matters.0.type'],
    ['an unknown field', { applicant, bonus: 1 }, '(root)'],
    [
      'a qualification that ends before it starts',
      {
        applicant: {
          ...applicant,
          qualifications: [{ code: 'high_tech', from: '2026-01-01', to: '2025-01-01' }],
        },
      },
      'applicant.qualifications.0.to',
    ],
  ])('%s names the field', (_name, raw, path) => {
    const issues = issuesOf(raw);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.rule).toMatch(/\w+/);
    expect(issue!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(issue!.en).toMatch(/[a-z]/i);
  });

  it('reports every bad field at once', () => {
    const issues = issuesOf({ applicant: { kind: 'club', city: 'atlantis' }, asOf: 'yesterday' });
    expect(issues.map((i) => i.path).sort()).toEqual(['applicant.city', 'applicant.kind', 'asOf']);
  });
});
