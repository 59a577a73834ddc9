/**
 * Screening in worker threads over row ranges. The registry's columns and the result bitsets live on
 * SharedArrayBuffers, so nothing is copied: each worker receives the kernel's source (plain JS, built
 * by compile-js.ts), rebuilds it once per (source, registry), and fills whole 32-row words of its
 * range. Workers are plain JavaScript (eval'd), so they need no TypeScript loader.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Catalogue } from '../core/catalogue/types.ts';
import type { ColumnarRegistry } from './columnar.ts';
import { COLUMN_PARAMS, columnArgs } from './compile-js.ts';
import {
  allocateBitsets,
  kernelSource,
  prepareScreen,
  resultOf,
  type ScreenOptions,
  type ScreenResult,
} from './screen.ts';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let key = null;
let kernel = null;
parentPort.on('message', (m) => {
  try {
    if (m.key !== key) {
      kernel = new Function(${COLUMN_PARAMS.map((p) => `'${p}'`).join(', ')}, m.source)(...m.args);
      key = m.key;
    }
    const t0 = performance.now();
    kernel(m.start, m.end, m.out);
    parentPort.postMessage({ id: m.id, ms: performance.now() - t0 });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.stack || e) });
  }
});
`;

interface Job {
  resolve: (ms: number) => void;
  reject: (e: Error) => void;
}

export class ScreeningPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Job>();
  private nextId = 1;
  private registryIds = new WeakMap<ColumnarRegistry, number>();
  private nextRegistry = 1;

  constructor(readonly size = availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (m: { id: number; ms?: number; error?: string }) => {
        const job = this.pending.get(m.id);
        if (!job) return;
        this.pending.delete(m.id);
        if (m.error) job.reject(new Error(m.error));
        else job.resolve(m.ms ?? 0);
      });
      w.on('error', (e) => {
        for (const job of this.pending.values()) job.reject(e);
        this.pending.clear();
      });
      return w;
    });
  }

  private registryId(reg: ColumnarRegistry): number {
    let id = this.registryIds.get(reg);
    if (id === undefined) {
      id = this.nextRegistry++;
      this.registryIds.set(reg, id);
    }
    return id;
  }

  /**
   * Runs a kernel over rows [0, reg.size) split into one 32-aligned range per worker; `out` must be
   * SharedArrayBuffer-backed. Resolves with each worker's kernel time (ms).
   */
  run(source: string, reg: ColumnarRegistry, out: Uint32Array[]): Promise<number[]> {
    if (!reg.shared) throw new Error('parallel screening needs a registry allocated with { shared: true }');
    const key = `${this.registryId(reg)}:${source}`;
    const args = columnArgs(reg);
    const n = this.workers.length;
    const per = Math.ceil(reg.size / n / 32) * 32;
    const jobs: Promise<number>[] = [];
    for (let i = 0; i < n; i++) {
      const start = i * per;
      const end = Math.min(reg.size, start + per);
      if (start >= end) break;
      const id = this.nextId++;
      jobs.push(
        new Promise<number>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          this.workers[i]!.postMessage({ id, key, source, args, out, start, end });
        }),
      );
    }
    return Promise.all(jobs);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Screens the whole (shared) registry in the pool's workers. */
export async function screenParallel(
  pool: ScreeningPool,
  reg: ColumnarRegistry,
  catalogue: Catalogue,
  opts: ScreenOptions,
): Promise<ScreenResult> {
  const prepared = prepareScreen(catalogue, opts);
  const bitsets = allocateBitsets(prepared.measures.length, reg.size, true);
  await pool.run(kernelSource(prepared, reg), reg, bitsets);
  return resultOf(prepared, reg, bitsets);
}
