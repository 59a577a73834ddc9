/**
 * Screening the columnar registry against the measures in force on a date: which measures count
 * (document windows, drafts only when simulated with an adoption date), how each one reaches an
 * organisation (免申即享 or 快申快享), and the screen itself — one compiled kernel, in one thread
 * or in worker threads over row ranges (see parallel.ts).
 */
import type { Catalogue, Condition, Measure } from '../core/catalogue/types.ts';
import type { IsoDate } from '../core/dates.ts';
import { windowOn } from '../core/engine/window.ts';
import { type FactDef, factRegistry } from '../core/facts.ts';
import type { ColumnarRegistry } from './columnar.ts';
import { compileScreen, type ScreenTarget, screenSource, shapeOf } from './compile-js.ts';

/**
 * - `automatic` (免申即享): no matter needed and no reviewer judgement — the system finds the
 *   organisation and it confirms.
 * - `invitation` (快申快享): a reviewer must judge (a condition on the applicant's claims) or the
 *   benefit needs a matter with its figures — the organisation is invited to a short application.
 * - `none`: a constraint (e.g. 001·十八, a lease term limit) grants nothing to notify about.
 */
export type ScreeningMode = 'automatic' | 'invitation' | 'none';

/** Whether a tree tests a criterion only a reviewer can confirm (as `evaluateLeaf` marks `judgement`). */
export function needsJudgement(conditions: readonly Condition[]): boolean {
  const walk = (c: Condition): boolean => {
    if ('all' in c) return c.all.some(walk);
    if ('any' in c) return c.any.some(walk);
    if ('not' in c) return walk(c.not);
    return c.fact === 'matter.claims';
  };
  return conditions.some(walk);
}

/** The one place that decides how a measure reaches the organisations it fits. */
export function screeningMode(measure: Measure): ScreeningMode {
  if (measure.benefit.kind === 'constraint') return 'none';
  if (measure.matterType !== null) return 'invitation';
  if (needsJudgement(measure.applicant) || needsJudgement(measure.matter)) return 'invitation';
  return 'automatic';
}

/** Measures in force on the date (a draft only when `adopt` gives it an adoption date). */
export function measuresInForce(
  catalogue: Catalogue,
  date: IsoDate,
  adopt: Record<string, IsoDate> = {},
): Measure[] {
  return catalogue.measures.filter((m) => windowOn(m.document, date, adopt).inForce);
}

export interface ScreenOptions {
  date: IsoDate;
  adopt?: Record<string, IsoDate>;
  /** Screen these measures instead of those in force. */
  measures?: readonly Measure[];
  facts?: ReadonlyMap<string, FactDef>;
}

export interface ScreenResult {
  date: IsoDate;
  size: number;
  measures: Measure[];
  modes: ScreeningMode[];
  /** One bitset per measure: bit (r & 31) of word r >>> 5 set when row r qualifies. */
  bitsets: Uint32Array[];
  counts: number[];
}

/** Set bits in one 32-bit word. */
export function popcount32(word: number): number {
  let v = word >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export function popcount(words: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) n += popcount32(words[i]!);
  return n;
}

export function hasRow(bits: Uint32Array, row: number): boolean {
  return ((bits[row >>> 5]! >>> (row & 31)) & 1) === 1;
}

/** Row numbers whose bit is set, ascending. */
export function rowsOf(bits: Uint32Array, size: number): Int32Array {
  const out = new Int32Array(popcount(bits));
  let k = 0;
  for (let w = 0; w < bits.length; w++) {
    let v = bits[w]!;
    while (v !== 0) {
      const low = v & -v;
      const r = (w << 5) + (31 - Math.clz32(low));
      if (r < size) out[k++] = r;
      v = (v ^ low) >>> 0;
    }
  }
  return k === out.length ? out : out.slice(0, k);
}

export function allocateBitsets(count: number, size: number, shared = false): Uint32Array[] {
  const words = Math.ceil(size / 32);
  return Array.from({ length: count }, () =>
    shared ? new Uint32Array(new SharedArrayBuffer(words * 4)) : new Uint32Array(words),
  );
}

export interface PreparedScreen {
  date: IsoDate;
  measures: Measure[];
  targets: ScreenTarget[];
  facts: ReadonlyMap<string, FactDef>;
}

/**
 * A measure as a screening target: its applicant conditions, and the first day of its document's
 * window on `date` (what "首次达标" counts from, a simulated adoption honoured).
 */
export function screenTarget(m: Measure, date: IsoDate, adopt: Record<string, IsoDate> = {}): ScreenTarget {
  return { id: m.id, conditions: m.applicant, windowFrom: windowOn(m.document, date, adopt).from };
}

export function prepareScreen(catalogue: Catalogue, opts: ScreenOptions): PreparedScreen {
  const measures = [...(opts.measures ?? measuresInForce(catalogue, opts.date, opts.adopt))];
  return {
    date: opts.date,
    measures,
    targets: measures.map((m) => screenTarget(m, opts.date, opts.adopt)),
    facts: opts.facts ?? factRegistry(catalogue.reference),
  };
}

/** Source of the kernel for a prepared screen over a registry of this shape (for worker threads). */
export function kernelSource(prepared: PreparedScreen, reg: ColumnarRegistry): string {
  return screenSource(prepared.targets, shapeOf(reg), { date: prepared.date, facts: prepared.facts });
}

export function resultOf(
  prepared: PreparedScreen,
  reg: ColumnarRegistry,
  bitsets: Uint32Array[],
): ScreenResult {
  return {
    date: prepared.date,
    size: reg.size,
    measures: prepared.measures,
    modes: prepared.measures.map(screeningMode),
    bitsets,
    counts: bitsets.map(popcount),
  };
}

/** Screens the whole registry in this thread. */
export function screenColumnar(
  reg: ColumnarRegistry,
  catalogue: Catalogue,
  opts: ScreenOptions,
): ScreenResult {
  const prepared = prepareScreen(catalogue, opts);
  const { kernel } = compileScreen(prepared.targets, reg, { date: prepared.date, facts: prepared.facts });
  const bitsets = allocateBitsets(prepared.measures.length, reg.size);
  kernel(0, reg.size, bitsets);
  return resultOf(prepared, reg, bitsets);
}
