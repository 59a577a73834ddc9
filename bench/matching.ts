/**
 * 双向发榜 matching at scale (issue 12: "a new listing's top 20 in under 200 ms with 20,000 listings on
 * each side"). Prints figures, asserts nothing. Synthetic listings are made by recombining the
 * sentences of the labelled set (eval/matching) with fresh numbers, so the vocabulary and lengths are
 * those of real listings; a seeded generator makes every run see the same data.
 *
 * Per run (a fresh matcher each time): the index build (segment, analyse and index every listing of
 * both sides), the heap it holds and the process's RSS, then the top 20 for 200 new listings that are
 * not in the index (analyse + retrieve + score every factor + sort), reported as median and p95 per
 * listing. Three runs; min and median of each figure. CPU time (user + system) is printed beside wall
 * time: on a machine shared with other work it shows what the work itself costs. Run it with
 * `node --expose-gc` (the CLI does) so the heap figure is measured after a collection.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { table } from '../src/cli/format.ts';
import type { Reference } from '../src/core/catalogue/types.ts';
import { type IndexedListing, Matcher } from '../src/core/matching/matcher.ts';
import { Mulberry32 } from '../src/screening/prng.ts';
import { loadEvaluationSet } from '../src/service/matching/evaluate-matcher.ts';
import { matcherContext } from '../src/service/matching/matcher-context.ts';

export interface MatchingBenchOptions {
  size: number;
  runs: number;
  queries?: number;
  seed?: number;
}

function sentences(text: string): string[] {
  return text.split(/(?<=[。；！？])/).filter((s) => s.trim().length > 0);
}

/** `count` listings of one side, recombined from the labelled set's listings of that side. */
export function synthesise(
  base: IndexedListing[],
  count: number,
  prefix: string,
  seed: number,
): IndexedListing[] {
  const rng = new Mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.nextU32() % xs.length]!;
  const out: IndexedListing[] = [];
  for (let i = 0; i < count; i++) {
    const a = pick(base);
    const b = pick(base);
    const c = pick(base);
    const body = [
      ...sentences(a.summary),
      ...sentences(b.summary).slice(0, 1),
      ...sentences(c.summary).slice(-1),
    ]
      .join('')
      .replace(/\d+/g, () => String(1 + (rng.nextU32() % 500)));
    const org = `${prefix}-org-${rng.nextU32() % Math.max(1, Math.floor(count / 3))}`;
    out.push({
      ...a,
      id: `${prefix}-${i}`,
      organisationId: org,
      group: org,
      title: `${a.title}${i % 7 === 0 ? `（${b.title.slice(0, 6)}）` : ''}`,
      summary: body,
      sectors: [...new Set([...a.sectors, ...(i % 5 === 0 ? b.sectors.slice(0, 1) : [])])].slice(0, 3),
    });
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const gc = (globalThis as { gc?: () => void }).gc;

export interface MatchingRun {
  buildMs: number;
  /** CPU time of this process for the build (user + system): less sensitive to a busy machine. */
  buildCpuMs: number;
  /** CPU time per new listing's top 20, averaged over the queries. */
  top20CpuMs: number;
  heapBytes: number;
  rssBytes: number;
  top20MedianMs: number;
  top20P95Ms: number;
}

export async function runMatchingBench(
  reference: Reference,
  o: MatchingBenchOptions,
  write: (s: string) => void,
): Promise<MatchingRun[]> {
  const queries = o.queries ?? 200;
  const seed = o.seed ?? 1;
  write(`双向发榜 matching benchmark — ${new Date().toISOString().slice(0, 19)}Z\n`);
  write(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}; parallelism ${availableParallelism()}; node ${process.version}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`,
  );
  const set = loadEvaluationSet(reference);
  const ctx = matcherContext(reference);
  const needs = synthesise(set.needs, o.size, 'need', seed);
  const offers = synthesise(set.offers, o.size, 'offer', seed + 1);
  const fresh = [
    ...synthesise(set.needs, queries / 2, 'new-need', seed + 2),
    ...synthesise(set.offers, queries / 2, 'new-offer', seed + 3),
  ];
  write(
    `${o.size.toLocaleString('en')} needs + ${o.size.toLocaleString('en')} offers (recombined from eval/matching), ${queries} new listings ranked per run; ${o.runs} runs${gc ? '' : ' (no --expose-gc: heap figure includes garbage)'}\n\n`,
  );
  // The segmenter's dictionary loads once per process (~0.1 s), outside the figures.
  ctx.segmenter.cut('预热');

  const runs: MatchingRun[] = [];
  // Outside the loop, so the previous run's index is dropped (and collected) before the next is built.
  let matcher: Matcher | null = null;
  for (let r = 0; r < o.runs; r++) {
    matcher = null;
    gc?.();
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    matcher = new Matcher(ctx);
    for (const l of needs) matcher.upsert(l);
    for (const l of offers) matcher.upsert(l);
    const buildMs = performance.now() - t0;
    const buildCpu = process.cpuUsage(cpu0);
    gc?.();
    const mem = process.memoryUsage();
    const times: number[] = [];
    let checksum = 0;
    const cpu1 = process.cpuUsage();
    for (const l of fresh) {
      const t = performance.now();
      const top = matcher.rank(l, { limit: 20 });
      times.push(performance.now() - t);
      checksum += top.length;
    }
    const rankCpu = process.cpuUsage(cpu1);
    if (checksum === 0) throw new Error('no matches at all: the benchmark data is wrong');
    runs.push({
      buildMs,
      buildCpuMs: (buildCpu.user + buildCpu.system) / 1000,
      top20CpuMs: (rankCpu.user + rankCpu.system) / 1000 / fresh.length,
      heapBytes: mem.heapUsed - heapBefore,
      rssBytes: mem.rss,
      top20MedianMs: median(times),
      top20P95Ms: p95(times),
    });
    write(
      `run ${r + 1}: build ${(buildMs / 1000).toFixed(2)} s, index heap ${mib(mem.heapUsed - heapBefore)}, RSS ${mib(mem.rss)}, top 20 median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms\n`,
    );
  }
  const col = (f: (r: MatchingRun) => number, fmt: (x: number) => string) => [
    fmt(Math.min(...runs.map(f))),
    fmt(median(runs.map(f))),
  ];
  const s2 = (x: number) => x.toFixed(2);
  const ms1 = (x: number) => x.toFixed(1);
  write('\n');
  write(
    table(
      ['figure', 'min', 'median'],
      [
        ['index build, both sides (s)', ...col((r) => r.buildMs / 1000, s2)],
        ['  of which CPU time (s)', ...col((r) => r.buildCpuMs / 1000, s2)],
        ['index heap', ...col((r) => r.heapBytes, mib)],
        ['process RSS after build', ...col((r) => r.rssBytes, mib)],
        ['top 20 for a new listing, median (ms)', ...col((r) => r.top20MedianMs, ms1)],
        ['top 20 for a new listing, p95 (ms)', ...col((r) => r.top20P95Ms, ms1)],
        ['top 20 for a new listing, mean CPU time (ms)', ...col((r) => r.top20CpuMs, ms1)],
      ],
    ),
  );
  write('\n');
  return runs;
}
