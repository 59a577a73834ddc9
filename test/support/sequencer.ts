/**
 * The order test files start in. Workers take files from the front of this list as they free up, so a
 * long file started late runs on alone while the other workers sit idle: the run should start its
 * longest files first.
 *
 * Vitest orders by each file's duration in its results cache, but CI runs on a fresh clone, with no
 * cache: it falls back to file size, which puts the browser files (a minute or two each, five to ten
 * times the length of a typical file) among the others and the shortest of them late (test/e2e/
 * security.test.ts, one of the smallest files, starts near the end). So the browser files go first,
 * slowest first, by their test time in a full CI run (below; a file not listed comes after those
 * listed). The first of them seeds the demo the others start from (test/e2e/harness.ts), so the next
 * two places go to the two files vitest would have started first: the other two workers do something
 * useful while the demo is seeded instead of waiting for it. Everything else keeps vitest's order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds of test time of each browser file in the fresh-clone CI run of 2026-12-01 (10 min 37 s). */
const BROWSER_SECONDS: Record<string, number> = {
  'test/e2e/matching.test.ts': 138,
  'test/e2e/qualifications.test.ts': 104,
  'test/e2e/workflow.test.ts': 101,
  'test/e2e/challenges-desk.test.ts': 96,
  'test/e2e/challenges-bidder.test.ts': 86,
  'test/e2e/screening.test.ts': 71,
  'test/e2e/plan.test.ts': 71,
  'test/e2e/self-check.test.ts': 58,
  'test/e2e/public.test.ts': 57,
  'test/e2e/security.test.ts': 43,
};

export default class BrowserFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const path = (f: TestSpecification) => relative(f.project.config.root, f.moduleId).replaceAll('\\', '/');
    const isBrowser = (f: TestSpecification) => path(f).startsWith('test/e2e/');
    const browser = sorted
      .filter(isBrowser)
      // Stable: files not in the table keep vitest's order, after the listed ones.
      .sort((a, b) => (BROWSER_SECONDS[path(b)] ?? 0) - (BROWSER_SECONDS[path(a)] ?? 0));
    const others = sorted.filter((f) => !isBrowser(f));
    if (browser.length === 0) return others;
    return [browser[0]!, ...others.slice(0, 2), ...browser.slice(1), ...others.slice(2)];
  }
}
