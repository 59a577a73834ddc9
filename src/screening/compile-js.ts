/**
 * Compiles a measure's applicant conditions into JavaScript over the columnar registry: every code
 * and set is resolved to an integer, a bit mask or a day number once, at compile time, so a row test
 * is a handful of typed-array loads and integer compares, with no string compare and no allocation.
 *
 * Semantics are those of the reference evaluator (src/core/conditions.ts `holds`/`testLeaf`); the
 * differential tests hold the two together. Where a leaf's verdict depends on one enum value, the
 * compiler does not re-implement the operator: it runs `testLeaf` on every dictionary code (and on
 * null) and compiles the resulting truth table. Where the verdict cannot depend on the row (an
 * operator that never matches a list, a matter fact read without a matter, an unknown fact), it folds
 * the leaf to the constant `testLeaf` gives.
 *
 * Two products:
 * - `compilePredicate`: `(row) => boolean` for one condition list;
 * - `compileScreen`: one generated loop over a row range that tests many measures per row and writes
 *   one bitset per measure (32 rows per word, built in registers). Measures sharing leading
 *   conditions (a document's applicability) test them once per row. Its source is plain JavaScript
 *   over named arrays, so worker threads rebuild the same function over shared memory.
 */
import type { Condition, Leaf } from '../core/catalogue/types.ts';
import { leafOn, testLeaf } from '../core/conditions.ts';
import type { IsoDate } from '../core/dates.ts';
import type { FactDef } from '../core/facts.ts';
import type { Applicant } from '../core/input.ts';
import { type ColumnarRegistry, type Dictionaries, dayNumber } from './columnar.ts';

/** What the generated code needs to know about a registry (no data): workers rebuild from this. */
export interface RegistryShape {
  dict: Dictionaries;
  sectorWords: number;
  licenceWords: number;
  /** Layers allocated per qualification code. */
  qualificationLayers: number[];
}

export function shapeOf(reg: ColumnarRegistry): RegistryShape {
  return {
    dict: reg.dict,
    sectorWords: reg.sectorWords,
    licenceWords: reg.licenceWords,
    qualificationLayers: reg.qualifications.map((l) => l.length),
  };
}

/** The arrays generated code reads, in the order of its parameters. */
export const COLUMN_PARAMS = ['K', 'C', 'O', 'S', 'L', 'Q'] as const;

export function columnArgs(reg: ColumnarRegistry): unknown[] {
  return [reg.kind, reg.city, reg.centreOriginCity, reg.sectors, reg.licences, reg.qualifications];
}

/**
 * How each applicant fact is stored. Facts absent here are not per-row. `firstReached` reads the
 * qualification layers too: the earliest `from` of a code is the day it was first reached.
 */
type Column =
  | { type: 'enum'; variable: 'K' | 'C' | 'O'; dict: keyof Dictionaries }
  | { type: 'set'; variable: 'S' | 'L'; dict: 'sectors' | 'licences'; words: 'sectorWords' | 'licenceWords' }
  | { type: 'qualifications' }
  | { type: 'firstReached' };

export const APPLICANT_COLUMNS: Readonly<Record<string, Column>> = {
  'applicant.kind': { type: 'enum', variable: 'K', dict: 'kinds' },
  'applicant.city': { type: 'enum', variable: 'C', dict: 'cities' },
  'applicant.centreOriginCity': { type: 'enum', variable: 'O', dict: 'cities' },
  'applicant.sectors': { type: 'set', variable: 'S', dict: 'sectors', words: 'sectorWords' },
  'applicant.licences': { type: 'set', variable: 'L', dict: 'licences', words: 'licenceWords' },
  'applicant.qualifications': { type: 'qualifications' },
  'applicant.firstReached': { type: 'firstReached' },
};

// ---------------------------------------------------------------------------------------------
// A tiny expression IR with constant folding.

type Expr = { c: boolean } | { js: string };
const TRUE: Expr = { c: true };
const FALSE: Expr = { c: false };
const constant = (b: boolean): Expr => (b ? TRUE : FALSE);

function and(xs: Expr[]): Expr {
  const parts: string[] = [];
  for (const x of xs) {
    if ('c' in x) {
      if (!x.c) return FALSE;
    } else parts.push(x.js);
  }
  if (parts.length === 0) return TRUE;
  return { js: parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})` };
}

function or(xs: Expr[]): Expr {
  const parts: string[] = [];
  for (const x of xs) {
    if ('c' in x) {
      if (x.c) return TRUE;
    } else parts.push(x.js);
  }
  if (parts.length === 0) return FALSE;
  return { js: parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})` };
}

function not(x: Expr): Expr {
  return 'c' in x ? constant(!x.c) : { js: `!(${x.js})` };
}

export function exprSource(x: Expr): string {
  return 'c' in x ? String(x.c) : x.js;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

/** A word's mask as a JS literal. */
function hex(mask: number): string {
  return `0x${(mask >>> 0).toString(16)}`;
}

export interface CompileOptions {
  /** The screening date: qualifications are tested on it. */
  date: IsoDate;
  /**
   * The first day of the document window of the measure compiled (applicant.firstReached counts
   * qualifications first reached from it); absent or null: no lower bound. A screen of many
   * measures sets it per target.
   */
  windowFrom?: IsoDate | null;
  /** The fact registry (factRegistry(reference)): non-applicant facts fold to what they read without a matter. */
  facts: ReadonlyMap<string, FactDef>;
}

/** An applicant that no applicant fact is read from: only used to fold non-row facts to constants. */
const NO_APPLICANT = {
  kind: '',
  city: '',
  sectors: [],
  qualifications: [],
  licences: [],
} as unknown as Applicant;

/**
 * The verdict of a leaf on a fact that is not stored per row: what the reference reads for it when
 * there is no matter (screening has none), or null for a fact it does not know. Shared with the SQL
 * compiler so both fold the same way.
 */
export function rowIndependentVerdict(
  leaf: Leaf,
  facts: ReadonlyMap<string, FactDef>,
  date: IsoDate,
): boolean {
  const fact = facts.get(leaf.fact);
  const actual = fact ? fact.read({ applicant: NO_APPLICANT, matter: null, date }) : null;
  return testLeaf(leafOn(leaf, date), actual);
}

class Compiler {
  private readonly day: number;
  /** Day number of the window's first day for applicant.firstReached; null: no lower bound. */
  windowDay: number | null;

  constructor(
    private readonly shape: RegistryShape,
    private readonly opts: CompileOptions,
  ) {
    this.day = dayNumber(opts.date);
    this.windowDay = opts.windowFrom ? dayNumber(opts.windowFrom) : null;
  }

  condition(c: Condition): Expr {
    if ('all' in c) return and(c.all.map((x) => this.condition(x)));
    if ('any' in c) return or(c.any.map((x) => this.condition(x)));
    if ('not' in c) return not(this.condition(c.not));
    return this.leaf(c);
  }

  conjunction(cs: readonly Condition[]): Expr {
    return and(cs.map((c) => this.condition(c)));
  }

  leaf(dated: Leaf): Expr {
    // A named set with members that count from a date (a partner city added later), as on this day.
    const leaf = leafOn(dated, this.opts.date);
    const column = APPLICANT_COLUMNS[leaf.fact];
    if (!column) return constant(rowIndependentVerdict(leaf, this.opts.facts, this.opts.date));
    if (column.type === 'enum') return this.enumLeaf(leaf, column.variable, this.shape.dict[column.dict]);
    if (column.type === 'set') {
      const dict = this.shape.dict[column.dict];
      const words = this.shape[column.words];
      return this.setLeaf(leaf, dict, (bits) => this.bitsetTest(column.variable, words, bits));
    }
    if (column.type === 'firstReached')
      return this.setLeaf(leaf, this.shape.dict.qualifications, (codes) =>
        or(codes.map((q) => this.first(q))),
      );
    return this.setLeaf(leaf, this.shape.dict.qualifications, (codes) => or(codes.map((q) => this.held(q))));
  }

  /** Truth table over the dictionary (code 0 = null), compiled to a compare, a mask or a lookup. */
  private enumLeaf(leaf: Leaf, variable: string, dict: readonly string[]): Expr {
    const table = [testLeaf(leaf, null), ...dict.map((code) => testLeaf(leaf, code))];
    const yes = table.flatMap((t, i) => (t ? [i] : []));
    const v = `${variable}[r]`;
    if (yes.length === 0) return FALSE;
    if (yes.length === table.length) return TRUE;
    if (yes.length === 1) return { js: `(${v} === ${yes[0]})` };
    if (yes.length === table.length - 1) return { js: `(${v} !== ${table.indexOf(false)})` };
    if (table.length <= 32) {
      const mask = yes.reduce((m, i) => (m | (1 << i)) >>> 0, 0);
      return { js: `(((${hex(mask)} >>> ${v}) & 1) === 1)` };
    }
    return { js: `(${yes.map((i) => `${v} === ${i}`).join(' || ')})` };
  }

  /**
   * A set-valued fact (sectors, licences, qualifications held). Only has/hasAny/present look inside
   * the set; every other operator gives the same verdict for any list, so it folds to a constant.
   */
  private setLeaf(leaf: Leaf, dict: readonly string[], test: (codes: number[]) => Expr): Expr {
    const indexOf = (v: unknown) => (typeof v === 'string' ? dict.indexOf(v) : -1);
    switch (leaf.op) {
      case 'has': {
        const i = indexOf(leaf.value);
        return i < 0 ? FALSE : test([i]);
      }
      case 'hasAny': {
        const codes = [...new Set(asList(leaf.value).map(indexOf))].filter((i) => i >= 0);
        return test(codes);
      }
      case 'present':
        return test(dict.map((_, i) => i));
      case 'allIn': {
        // Every member is allowed: no member outside the list.
        const allowed = new Set(asList(leaf.value));
        return not(test(dict.flatMap((code, i) => (allowed.has(code) ? [] : [i]))));
      }
      default: {
        // eq, ne, in, notIn and the numeric tests compare the list as a whole: the verdict is the
        // same for every list (checked against the reference on an empty and a non-empty one).
        const a = testLeaf(leaf, []);
        const b = testLeaf(leaf, dict.length ? [dict[0]] : ['\u0000']);
        if (a !== b) throw new Error(`compile-js: operator ${leaf.op} on ${leaf.fact} depends on the set`);
        return constant(a);
      }
    }
  }

  private bitsetTest(variable: string, words: number, bits: number[]): Expr {
    if (bits.length === 0) return FALSE;
    const masks = new Array<number>(words).fill(0);
    for (const b of bits) masks[b >>> 5] = (masks[b >>> 5]! | (1 << (b & 31))) >>> 0;
    return or(
      masks.flatMap((m, w) => {
        if (m === 0) return [];
        const at = words === 1 ? `${variable}[r]` : `${variable}[r * ${words} + ${w}]`;
        return [{ js: `((${at} & ${hex(m)}) !== 0)` }];
      }),
    );
  }

  private held(q: number): Expr {
    const layers = this.shape.qualificationLayers[q] ?? 0;
    const tests: Expr[] = [];
    for (let l = 0; l < layers; l++)
      tests.push({ js: `(QF${q}_${l}[r] <= ${this.day} && QT${q}_${l}[r] >= ${this.day})` });
    return or(tests);
  }

  /** First reached inside [windowDay, day]: the earliest `from` over the code's layers. */
  private first(q: number): Expr {
    const layers = this.shape.qualificationLayers[q] ?? 0;
    if (layers === 0) return FALSE;
    const froms = Array.from({ length: layers }, (_, l) => `QF${q}_${l}[r]`);
    const first = froms.length === 1 ? froms[0]! : `Math.min(${froms.join(', ')})`;
    // No holding is from = NO_DAY (2^31 − 1), after any screening day, so it never passes.
    return this.windowDay === null
      ? { js: `(${first} <= ${this.day})` }
      : { js: `(${first} >= ${this.windowDay} && ${first} <= ${this.day})` };
  }
}

/** `const QF0_0 = Q[0][0].from, …` for the layers an expression uses. */
function qualificationBindings(source: string): string {
  const names = [...new Set(source.match(/Q[FT]\d+_\d+/g) ?? [])].sort();
  return names
    .map((n) => {
      const [, which, q, l] = /Q([FT])(\d+)_(\d+)/.exec(n)!;
      return `const ${n} = Q[${q}][${l}].${which === 'F' ? 'from' : 'to'};\n`;
    })
    .join('');
}

export function compileExpression(
  conditions: readonly Condition[],
  shape: RegistryShape,
  opts: CompileOptions,
): string {
  return exprSource(new Compiler(shape, opts).conjunction(conditions));
}

export type RowPredicate = (row: number) => boolean;

/** Source of a factory `(K, C, O, S, L, Q) => (r) => boolean`. */
export function predicateSource(
  conditions: readonly Condition[],
  shape: RegistryShape,
  opts: CompileOptions,
): string {
  const expr = compileExpression(conditions, shape, opts);
  return `${qualificationBindings(expr)}return function predicate(r) { return ${expr}; };`;
}

/** Compiles conditions (implicitly all of them) to a row predicate over this registry. */
export function compilePredicate(
  conditions: readonly Condition[],
  reg: ColumnarRegistry,
  opts: CompileOptions,
): RowPredicate {
  const factory = new Function(...COLUMN_PARAMS, predicateSource(conditions, shapeOf(reg), opts));
  return factory(...columnArgs(reg)) as RowPredicate;
}

// ---------------------------------------------------------------------------------------------
// Many measures, one loop.

export interface ScreenTarget {
  id: string;
  conditions: readonly Condition[];
  /** The first day of the measure's document window (see CompileOptions.windowFrom). */
  windowFrom?: IsoDate | null;
}

/**
 * Fills result bitsets for rows [start, end): bit (r & 31) of out[m][r >>> 5] is set when measure m
 * holds for row r. `start` must be a multiple of 32 (so ranges own whole words); `end` may be ragged
 * only at the end of the registry.
 */
export type ScreenKernel = (start: number, end: number, out: Uint32Array[]) => void;

interface TrieNode {
  test: string;
  measures: number[];
  children: TrieNode[];
}

/** Groups measures by their leading conjuncts, so a shared applicability test runs once per row. */
function buildTrie(conjuncts: string[][]): TrieNode {
  const root: TrieNode = { test: 'true', measures: [], children: [] };
  conjuncts.forEach((list, m) => {
    let node = root;
    for (const test of list) {
      let child = node.children.find((c) => c.test === test);
      if (!child) {
        child = { test, measures: [], children: [] };
        node.children.push(child);
      }
      node = child;
    }
    node.measures.push(m);
  });
  return root;
}

function emitTrie(node: TrieNode, indent: string): string {
  let s = '';
  for (const m of node.measures) s += `${indent}b${m} |= bit;\n`;
  for (const child of node.children) {
    s += `${indent}if (${child.test}) {\n${emitTrie(child, `${indent}  `)}${indent}}\n`;
  }
  return s;
}

/** Source of a factory `(K, C, O, S, L, Q) => ScreenKernel` for these measures. */
export function screenSource(
  targets: readonly ScreenTarget[],
  shape: RegistryShape,
  opts: CompileOptions,
): string {
  const compiler = new Compiler(shape, opts);
  const conjuncts = targets.map((t) => {
    const from = t.windowFrom !== undefined ? t.windowFrom : opts.windowFrom;
    compiler.windowDay = from ? dayNumber(from) : null;
    const parts: string[] = [];
    for (const c of t.conditions) {
      const x = compiler.condition(c);
      if ('c' in x) {
        if (!x.c) return ['false'];
        continue;
      }
      parts.push(x.js);
    }
    return parts;
  });
  const body = emitTrie(buildTrie(conjuncts), '      ');
  const n = targets.length;
  const ids = Array.from({ length: n }, (_, m) => m);
  const src =
    `return function screen(start, end, out) {\n` +
    ids.map((m) => `  const OUT${m} = out[${m}];\n`).join('') +
    `  for (let w0 = start; w0 < end; w0 += 32) {\n` +
    (n ? `    let ${ids.map((m) => `b${m} = 0`).join(', ')};\n` : '') +
    `    const lim = w0 + 32 < end ? w0 + 32 : end;\n` +
    `    for (let r = w0, bit = 1; r < lim; r++, bit <<= 1) {\n${body}    }\n` +
    `    const w = w0 >>> 5;\n` +
    ids.map((m) => `    OUT${m}[w] = b${m};\n`).join('') +
    `  }\n};`;
  return qualificationBindings(src) + src;
}

export function instantiateKernel(source: string, args: unknown[]): ScreenKernel {
  const factory = new Function(...COLUMN_PARAMS, source);
  return factory(...args) as ScreenKernel;
}

export function compileScreen(
  targets: readonly ScreenTarget[],
  reg: ColumnarRegistry,
  opts: CompileOptions,
): { source: string; kernel: ScreenKernel } {
  const source = screenSource(targets, shapeOf(reg), opts);
  return { source, kernel: instantiateKernel(source, columnArgs(reg)) };
}
