/**
 * `ceyuan matching eval [--json] [--per-query] [--no-bigrams] [--relevance-full x]`: the matcher against
 * the plain-keyword baseline on the labelled set (eval/matching/README.md): precision@5, recall@10,
 * nDCG@10 on the development and held-out needs, and what the score thresholds do.
 * `ceyuan matching bench`: the 20,000-listings-a-side benchmark (bench/matching.ts), also in `npm run bench`.
 */
import type { Command } from 'commander';
import { runMatchingBench } from '../../../bench/matching.ts';
import { InputError } from '../../core/errors.ts';
import type { Metrics, ThresholdMetrics } from '../../core/matching/evaluate.ts';
import { RELEVANCE_FULL } from '../../core/matching/score.ts';
import { MATCH_THRESHOLD, STRONG_MATCH_THRESHOLD } from '../../core/matching/vocabulary.ts';
import { evaluateMatcher } from '../../service/matching/evaluate-matcher.ts';
import { catalogueAndEngine } from '../context.ts';
import { table } from '../format.ts';

const f3 = (x: number) => x.toFixed(3);
const figures = (m: Metrics) => [f3(m.precisionAt5), f3(m.recallAt10), f3(m.ndcgAt10)];

/** Configures `ceyuan matching` on the command main.ts made (name and summary live there). */
export function registerMatching(command: Command): void {
  command
    .command('eval')
    .description('匹配质量 / matcher vs plain-keyword baseline: precision@5, recall@10, nDCG@10')
    .option('--json', 'print JSON')
    .option('--per-query', "print each need's top five under both systems")
    .option('--no-bigrams', 'matcher without character bigrams (to see what they add)')
    .option(
      '--relevance-full <share>',
      `text relevance from which the fields count in full (default ${RELEVANCE_FULL}; 0 = no relevance gate)`,
    )
    .action((opts: { json?: boolean; perQuery?: boolean; bigrams: boolean; relevanceFull?: string }) => {
      const { catalogue } = catalogueAndEngine();
      const relevanceFull = opts.relevanceFull === undefined ? undefined : Number(opts.relevanceFull);
      if (relevanceFull !== undefined && !(relevanceFull >= 0 && relevanceFull <= 1))
        throw new InputError([
          {
            path: '--relevance-full',
            rule: 'range',
            zh: '应为 0 到 1 之间的数',
            en: 'takes a number from 0 to 1',
          },
        ]);
      const r = evaluateMatcher(catalogue.reference, { bigrams: opts.bigrams, relevanceFull });
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify(opts.perQuery ? r : { ...r, perQuery: undefined }, null, 2)}\n`,
        );
        return;
      }
      const { dev, holdout } = r.splits;
      process.stdout.write(
        `双向发榜 matching evaluation: ${r.needs} needs (${dev.needs} dev, ${holdout.needs} held out), ${r.offers} offers\n` +
          `ranking figures over the needs with a relevant offer (dev ${dev.matcher.queries}, held out ${holdout.matcher.queries})\n\n`,
      );
      const rows = (name: string, s: { matcher: Metrics; baseline: Metrics }) => [
        [`${name}: matcher (jieba + lexicon + BM25 + factors)`, ...figures(s.matcher)],
        [`${name}: baseline (plain keywords)`, ...figures(s.baseline)],
      ];
      process.stdout.write(
        table(
          ['set: system', 'precision@5', 'recall@10', 'nDCG@10'],
          [...rows('dev', dev), ...rows('held out', holdout), ...rows('all', r)],
        ),
      );
      const t = (s: { thresholds: ThresholdMetrics }) => s.thresholds;
      const frac = (a: number, b: number) => `${a}/${b}`;
      process.stdout.write(
        `\nthresholds (matcher): a pair ≥ ${MATCH_THRESHOLD} is recorded, ≥ ${STRONG_MATCH_THRESHOLD} notifies both sides\n\n`,
      );
      process.stdout.write(
        table(
          ['', 'dev', 'held out', 'all'],
          (
            [
              ['relevant pairs recorded', (m) => frac(m.relevantRecorded, m.relevantPairs)],
              ['solving (grade 2) pairs recorded', (m) => frac(m.solvingRecorded, m.solvingPairs)],
              ['irrelevant pairs recorded', (m) => String(m.falseRecorded)],
              ['notices to an irrelevant pair / all notices', (m) => frac(m.falseNotices, m.notices)],
              [
                'needs with no good answer: recording a match',
                (m) => frac(m.noAnswerRecorded, m.noAnswerNeeds),
              ],
              ['needs with no good answer: notified', (m) => frac(m.noAnswerNotified, m.noAnswerNeeds)],
            ] as [string, (m: ThresholdMetrics) => string][]
          ).map(([label, f]) => [label, f(t(dev)), f(t(holdout)), f(t(r))]),
        ),
      );
      process.stdout.write('\n');
      if (opts.perQuery) {
        process.stdout.write('\n');
        process.stdout.write(
          table(
            ['need', 'relevant', 'matcher top 5 (score)', 'baseline top 5'],
            r.perQuery.map((q) => [
              `${q.need}${q.holdout ? ' (held out)' : ''}`,
              q.relevant.join(' ') || '—',
              q.matcher.map((id, i) => `${id}(${q.scores[i]})`).join(' '),
              q.baseline.join(' '),
            ]),
          ),
        );
      }
    });

  command
    .command('bench')
    .description('匹配性能 / index build, memory and top-20 for a new listing at 20,000 listings a side')
    .option('--size <n>', 'listings per side', '20000')
    .option('--runs <n>', 'runs (min and median are printed)', '3')
    .action(async (opts: { size: string; runs: string }) => {
      const { catalogue } = catalogueAndEngine();
      await runMatchingBench(catalogue.reference, { size: Number(opts.size), runs: Number(opts.runs) }, (s) =>
        process.stdout.write(s),
      );
    });
}
