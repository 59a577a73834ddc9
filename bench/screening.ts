/**
 * The kernel and its peers, in memory, on the same rows in the same process: the compiled screen over
 * the columnar registry (one thread, and worker threads), then the reference evaluator, json-rules-engine
 * and GoRules ZEN on the first `sample` organisations of the same registry, each against the same
 * measures, their eligible counts checked against the kernel's on those rows. Warm: no I/O, objects
 * and facts prepared before timing. Every figure is `repeat` timed runs (min and median).
 */
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { holds } from '../src/core/conditions.ts';
import { registryBytes, toApplicant } from '../src/screening/columnar.ts';
import { compileScreen } from '../src/screening/compile-js.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { ScreeningPool } from '../src/screening/parallel.ts';
import { allocateBitsets, hasRow, kernelSource, popcount, prepareScreen } from '../src/screening/screen.ts';
import { jreEngine, jreRun, peerFacts } from './jre.ts';
import { zenDecision } from './zen.ts';

export interface PeerResult {
  name: string;
  rows: number;
  /** µs per organisation (every measure), one per timed run. */
  usPerRow: number[];
  sameCounts: boolean;
}

export interface MemoryResult {
  size: number;
  measures: number;
  registryMb: number;
  generateMs: number;
  /** ms per full screen, one per timed run. */
  kernel1: number[];
  kernelN: number[];
  threads: number;
  pairs: number;
  peers: PeerResult[];
  maxRssMb: number;
}

async function timed(repeat: number, fn: () => unknown): Promise<number[]> {
  await fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function memoryBench(
  catalogue: Catalogue,
  o: {
    size: number;
    seed: number;
    date: string;
    adopt: Record<string, string>;
    threads: number;
    sample: number;
    repeat: number;
  },
): Promise<MemoryResult> {
  const g0 = performance.now();
  const reg = generateRegistry(catalogue.reference, { count: o.size, seed: o.seed, shared: true });
  const generateMs = performance.now() - g0;
  const prepared = prepareScreen(catalogue, { date: o.date, adopt: o.adopt });
  const opts = { date: prepared.date, facts: prepared.facts };
  const { kernel } = compileScreen(prepared.targets, reg, opts);
  const bits = allocateBitsets(prepared.targets.length, reg.size);
  const kernel1 = await timed(o.repeat, () => kernel(0, reg.size, bits));
  const pool = new ScreeningPool(o.threads);
  const shared = allocateBitsets(prepared.targets.length, reg.size, true);
  let kernelN: number[];
  try {
    const source = kernelSource(prepared, reg);
    kernelN = await timed(o.repeat, () => pool.run(source, reg, shared));
  } finally {
    await pool.close();
  }
  const rows = Math.min(o.sample, reg.size);
  const expected = bits.map((b) => {
    let n = 0;
    for (let r = 0; r < rows; r++) if (hasRow(b, r)) n++;
    return n;
  });
  const same = (counts: number[]) => JSON.stringify(counts) === JSON.stringify(expected);
  const applicants = Array.from({ length: rows }, (_, r) => toApplicant(reg, r));
  const peers: PeerResult[] = [];
  // Each measure's document window: what applicant.firstReached counts from.
  const windows = prepared.targets.map((t) => t.windowFrom ?? null);

  {
    const lists = prepared.targets.map((t) => t.conditions);
    let counts: number[] = [];
    const runs = await timed(o.repeat, () => {
      counts = lists.map(() => 0);
      for (const applicant of applicants) {
        for (let m = 0; m < lists.length; m++) {
          // Each measure from its document's window (applicant.firstReached counts from it).
          const ctx = { applicant, matter: null, date: o.date, windowFrom: windows[m]! };
          if (lists[m]!.every((c) => holds(c, ctx, prepared.facts))) counts[m]!++;
        }
      }
    });
    peers.push({
      name: 'reference evaluator (holds)',
      rows,
      usPerRow: runs.map((ms) => (ms * 1000) / rows),
      sameCounts: same(counts),
    });
  }
  {
    const facts = applicants.map((a) => peerFacts(a, o.date, windows));
    const engine = jreEngine(prepared.targets);
    const index = new Map(prepared.measures.map((m, i) => [m.id, i]));
    let counts: number[] = [];
    const runs = await timed(o.repeat, async () => {
      counts = prepared.measures.map(() => 0);
      for (const f of facts) for (const id of await jreRun(engine, f)) counts[index.get(id)!]!++;
    });
    peers.push({
      name: 'json-rules-engine',
      rows,
      usPerRow: runs.map((ms) => (ms * 1000) / rows),
      sameCounts: same(counts),
    });
  }
  {
    const facts = applicants.map((a) => peerFacts(a, o.date, windows));
    const zen = zenDecision(prepared.targets, prepared.facts, o.date);
    let counts: number[] = [];
    try {
      const runs = await timed(o.repeat, async () => {
        counts = prepared.measures.map(() => 0);
        for (const f of facts) for (const m of await zen.run(f)) counts[m]!++;
      });
      peers.push({
        name: 'GoRules ZEN (@gorules/zen-engine)',
        rows,
        usPerRow: runs.map((ms) => (ms * 1000) / rows),
        sameCounts: same(counts),
      });
    } finally {
      zen.dispose();
    }
  }
  return {
    size: reg.size,
    measures: prepared.targets.length,
    registryMb: registryBytes(reg) / 2 ** 20,
    generateMs,
    kernel1,
    kernelN,
    threads: o.threads,
    pairs: bits.reduce((a, b) => a + popcount(b), 0),
    peers,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
