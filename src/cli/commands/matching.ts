/**
 * `ceyuan matching eval [--json] [--per-query] [--no-bigrams]`: the matcher against the plain-keyword
 * baseline on the labelled set (eval/matching/README.md): precision@5, recall@10, nDCG@10.
 * `ceyuan matching bench`: the 20,000-listings-a-side benchmark (bench/matching.ts), also in `npm run bench`.
 */
import type { Command } from 'commander';
import { runMatchingBench } from '../../../bench/matching.ts';
import { evaluateMatcher } from '../../service/matching/evaluate-matcher.ts';
import { catalogueAndEngine } from '../context.ts';
import { table } from '../format.ts';

const f3 = (x: number) => x.toFixed(3);

/** Configures `ceyuan matching` on the command main.ts made (name and summary live there). */
export function registerMatching(command: Command): void {
  command
    .command('eval')
    .description('匹配质量 / matcher vs plain-keyword baseline: precision@5, recall@10, nDCG@10')
    .option('--json', 'print JSON')
    .option('--per-query', "print each need's top five under both systems")
    .option('--no-bigrams', 'matcher without character bigrams (to see what they add)')
    .action((opts: { json?: boolean; perQuery?: boolean; bigrams: boolean }) => {
      const { catalogue } = catalogueAndEngine();
      const r = evaluateMatcher(catalogue.reference, { bigrams: opts.bigrams });
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify(opts.perQuery ? r : { ...r, perQuery: undefined }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        `双向发榜 matching evaluation: ${r.needs} needs, ${r.offers} offers, ${r.matcher.queries} needs with relevant offers\n\n`,
      );
      process.stdout.write(
        table(
          ['system', 'precision@5', 'recall@10', 'nDCG@10'],
          [
            [
              'matcher (jieba + lexicon + BM25 + factors)',
              f3(r.matcher.precisionAt5),
              f3(r.matcher.recallAt10),
              f3(r.matcher.ndcgAt10),
            ],
            [
              'baseline (plain keywords)',
              f3(r.baseline.precisionAt5),
              f3(r.baseline.recallAt10),
              f3(r.baseline.ndcgAt10),
            ],
          ],
        ),
      );
      process.stdout.write('\n');
      if (opts.perQuery) {
        process.stdout.write('\n');
        process.stdout.write(
          table(
            ['need', 'relevant', 'matcher top 5', 'baseline top 5'],
            r.perQuery.map((q) => [q.need, q.relevant.join(' '), q.matcher.join(' '), q.baseline.join(' ')]),
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
