/**
 * End to end from a file: a registry file streamed row by row into the columnar form (every row
 * checked), then screened against every measure in force in worker threads — measured in a process of
 * its own, so the peak memory is the whole process's. The file is written beforehand by
 * `bench --child file-setup` (NDJSON, as `ceyuan generate` writes it).
 */
import { statSync } from 'node:fs';
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { generateRegistry, writeRegistryFile } from '../src/screening/generate.ts';
import { ScreeningPool, screenParallel } from '../src/screening/parallel.ts';
import { streamRegistryFile } from '../src/screening/registry-stream.ts';

export interface FileRunResult {
  size: number;
  fileMb: number;
  loadMs: number;
  screenMs: number;
  totalMs: number;
  pairs: number;
  measures: number;
  maxRssMb: number;
}

export function fileSetup(
  catalogue: Catalogue,
  o: { file: string; size: number; seed: number },
): { bytes: number } {
  const reg = generateRegistry(catalogue.reference, { count: o.size, seed: o.seed });
  return { bytes: writeRegistryFile(reg, catalogue.reference, o.file, 'ndjson') };
}

export async function fileRun(
  catalogue: Catalogue,
  o: { file: string; date: string; adopt: Record<string, string>; threads: number },
): Promise<FileRunResult> {
  const t0 = performance.now();
  const reg = await streamRegistryFile(catalogue.reference, o.file, { shared: true });
  const t1 = performance.now();
  const pool = new ScreeningPool(o.threads);
  try {
    const result = await screenParallel(pool, reg, catalogue, { date: o.date, adopt: o.adopt });
    const t2 = performance.now();
    return {
      size: reg.size,
      fileMb: statSync(o.file).size / 2 ** 20,
      loadMs: t1 - t0,
      screenMs: t2 - t1,
      totalMs: t2 - t0,
      pairs: result.counts.reduce((a, b) => a + b, 0),
      measures: result.measures.length,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await pool.close();
  }
}
