/**
 * The matcher against the plain-keyword baseline on the labelled set (eval/matching/README.md), through
 * the command officers run. Prints the figures into the CI log; asserts only that the command runs and
 * that the matcher beats the baseline — the figures themselves are reported, not pinned.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('runs `ceyuan matching eval` and the matcher beats the plain-keyword baseline', () => {
  const run = (args: string[]) =>
    execFileSync(process.execPath, ['bin/ceyuan.js', 'matching', 'eval', ...args], { encoding: 'utf8' });
  const printed = run([]);
  console.log(printed);
  expect(printed).toContain('precision@5');
  const r = JSON.parse(run(['--json'])) as {
    needs: number;
    offers: number;
    splits: Record<
      'dev' | 'holdout',
      { matcher: { queries: number }; thresholds: { noAnswerNeeds: number } }
    >;
    matcher: { precisionAt5: number; recallAt10: number; ndcgAt10: number };
    baseline: { precisionAt5: number; recallAt10: number; ndcgAt10: number };
  };
  const f = (m: { precisionAt5: number; recallAt10: number; ndcgAt10: number }) =>
    `precision@5 ${m.precisionAt5.toFixed(3)}  recall@10 ${m.recallAt10.toFixed(3)}  nDCG@10 ${m.ndcgAt10.toFixed(3)}`;
  console.log(
    `matching eval (${r.needs} needs, ${r.offers} offers)\n  matcher  ${f(r.matcher)}\n  baseline ${f(r.baseline)}`,
  );
  expect(r.needs).toBeGreaterThanOrEqual(40);
  expect(r.offers).toBeGreaterThanOrEqual(60);
  // Both parts are measured and printed: the one the score was calibrated on and the one held out.
  expect(printed).toContain('held out: matcher');
  expect(printed).toContain('notices to an irrelevant pair');
  expect(r.splits.dev.matcher.queries).toBeGreaterThan(0);
  expect(r.splits.holdout.matcher.queries).toBeGreaterThan(0);
  expect(r.splits.holdout.thresholds.noAnswerNeeds).toBeGreaterThan(0);
  expect(r.matcher.ndcgAt10).toBeGreaterThan(r.baseline.ndcgAt10);
  expect(r.matcher.precisionAt5).toBeGreaterThanOrEqual(r.baseline.precisionAt5);
  expect(r.matcher.recallAt10).toBeGreaterThanOrEqual(r.baseline.recallAt10);
}, 60_000);
