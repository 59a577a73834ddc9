/**
 * A stored run at the speed of the scan (the `bulk` method): the registry is read out of the database
 * with COPY (registry-copy.ts) — only the organisations the measures' conditions on the row's own
 * columns let through (compile-sql.ts prefilterSql) — screened in memory by the compiled kernel
 * (compile-js.ts), the amounts worked out by the engine for the pairs that carry one (assess.ts), and
 * every pair written back in PostgreSQL's binary COPY format into the run's own partition
 * (partitions.ts), the notices the same way. runs.ts wraps this in the run's transaction with its
 * audit entry.
 *
 * Pairs stay columnar (a registry row and an assessment index each, organisation by organisation in
 * registry order, measure by measure within one): a project measure's fields are encoded once for
 * every organisation, only pairs the engine evaluated have fields of their own, and the ids are
 * copied from the registry's bytes — no object or string per pair.
 */
import type { Measure } from '../core/catalogue/types.ts';
import { yearOf } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
import {
  BinaryCopyWriter,
  int8Field,
  jsonbField,
  textField,
  timestampField,
} from '../storage/copy-binary.ts';
import type { Db } from '../storage/schema.ts';
import {
  type Assessment,
  assessPair,
  figureYear,
  type MeasurePlan,
  planMeasure,
  projectAssessment,
} from './assess.ts';
import { toApplicant } from './columnar.ts';
import { compileScreen } from './compile-js.ts';
import { prefilterSql } from './compile-sql.ts';
import { loadPairFacts } from './pair-facts.ts';
import { copyRegistryFromDb, idAt, UUID_LENGTH } from './registry-copy.ts';
import type { ScreeningRules } from './rules.ts';
import { allocateBitsets, popcount, rowsOf, screenTarget } from './screen.ts';

/** The columns of a run's partition a bulk run writes, in the order of its binary COPY. */
export const RESULT_COLUMNS = [
  'organisation_id',
  'measure_id',
  'mode',
  'amount_min',
  'amount_max',
  'cap',
  'basis',
  'run_id',
] as const;

/** A new notice: the pair's fields, then the run, its status and times. */
export const NOTICE_COLUMNS = [...RESULT_COLUMNS, 'status', 'created_at', 'updated_at'] as const;

/** A notice refreshed with its pair's latest money (staged, then one UPDATE … FROM). */
export const REFRESH_COLUMNS = RESULT_COLUMNS.slice(0, 7);

export interface BulkInput {
  runId: string;
  date: string;
  adopt: Record<string, string>;
  measures: readonly Measure[];
}

/**
 * Every (organisation, measure) pair of a run, columnar: pair p is registry row `pairRow[p]` with
 * assessment `tails[pairTail[p]]` — one shared per project measure (the same invitation for all),
 * one of its own per pair the engine evaluated. In (row, measure) order.
 */
export interface BulkOutput {
  /** 36 ASCII bytes per registry row: the organisation's id. */
  ids: Uint8Array;
  pairRow: Int32Array;
  pairTail: Int32Array;
  rows: number;
  tails: PairTail[];
  /** Organisations in the registry. */
  organisations: number;
  /** Of which read and screened in memory (the others cannot fit any measure). */
  read: number;
  /** Pairs the engine evaluated (the rest are projects: invitation, the text's cap). */
  evaluated: number;
  unknownCodes: number;
  timings: { load: number; screen: number; amounts: number };
}

/** One assessment and its measure, with the binary COPY fields measure_id … basis encoded once. */
export interface PairTail {
  measureId: string;
  assessment: Assessment;
  fields: Buffer;
}

/** The fields after the organisation id, for one pair (binary COPY). */
export function pairTail(measureId: string, a: Assessment): PairTail {
  return {
    measureId,
    assessment: a,
    fields: Buffer.concat([
      textField(measureId),
      textField(a.mode),
      int8Field(a.amount?.min ?? null),
      int8Field(a.amount?.max ?? null),
      int8Field(a.cap),
      jsonbField(a.basis),
    ]),
  };
}

/** A uuid's 16 bytes from its text. */
function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

/** The run's partition rows, binary COPY (RESULT_COLUMNS). */
export function encodeResults(out: BulkOutput, runId: string): Buffer[] {
  const w = new BinaryCopyWriter();
  const run = uuidBytes(runId);
  const { ids, pairRow, pairTail: tailOf, tails } = out;
  for (let p = 0; p < out.rows; p++) {
    w.tuple(RESULT_COLUMNS.length);
    w.uuidAscii(ids, pairRow[p]! * UUID_LENGTH);
    w.bytes(tails[tailOf[p]!]!.fields);
    w.uuidBytes(run);
  }
  return w.finish();
}

/** A notice as it stands: what decides whether a run refreshes it. */
export interface ExistingNotice {
  status: string;
  mode: string;
  amountMin: string | null;
  amountMax: string | null;
  cap: string | null;
  /** The basis as jsonb prints it. */
  basis: string | null;
}

/** The query reading the notices of a run's measures (COPY text: key, status and money). */
export function existingNoticesQuery(measureIds: readonly string[]): string {
  const list = measureIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
  return `SELECT organisation_id, measure_id, status, mode, amount_min, amount_max, cap, basis
    FROM screening_notices WHERE measure_id IN (${list || 'NULL'})`;
}

/** COPY text field: \N is null; backslash escapes undone. */
function copyField(s: string): string | null {
  if (s === '\\N') return null;
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) =>
    c === 't'
      ? '\t'
      : c === 'n'
        ? '\n'
        : c === 'r'
          ? '\r'
          : c === 'b'
            ? '\b'
            : c === 'f'
              ? '\f'
              : c === 'v'
                ? '\v'
                : c,
  );
}

/** The notices read by existingNoticesQuery, by `organisation id \t measure id`. */
export function parseExistingNotices(text: Buffer): Map<string, ExistingNotice> {
  const out = new Map<string, ExistingNotice>();
  if (text.length === 0) return out;
  for (const line of text.toString('utf8').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    out.set(`${copyField(f[0]!)}\t${copyField(f[1]!)}`, {
      status: f[2]!,
      mode: f[3]!,
      amountMin: copyField(f[4]!),
      amountMax: copyField(f[5]!),
      cap: copyField(f[6]!),
      basis: copyField(f[7]!),
    });
  }
  return out;
}

/** JSON with object keys sorted: two values jsonb holds equal print the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Whether a notice shows what the pair's assessment says (mode, amounts, cap, basis). */
function sameMoney(n: ExistingNotice, a: Assessment): boolean {
  if (n.mode !== a.mode || n.amountMin !== str(a.amount?.min) || n.amountMax !== str(a.amount?.max))
    return false;
  if (n.cap !== str(a.cap)) return false;
  if (n.basis === null || a.basis === null) return n.basis === null && a.basis === null;
  return canonical(JSON.parse(n.basis)) === canonical(JSON.parse(JSON.stringify(a.basis)));
}

export interface NoticeWrites {
  /** New notices, binary COPY (NOTICE_COLUMNS). */
  insert: Buffer[];
  inserts: number;
  /** Notices not yet acted on whose money changed, binary COPY (REFRESH_COLUMNS). */
  refresh: Buffer[];
  refreshes: number;
}

/**
 * The notices a run writes: one for each pair not used up that has none yet, and the pair's latest
 * money for a notice not yet acted on (new or read) that shows something else. A notice confirmed or
 * dismissed is left as it is.
 */
export function encodeNotices(
  out: BulkOutput,
  runId: string,
  now: Date,
  existing: ReadonlyMap<string, ExistingNotice>,
): NoticeWrites {
  const insert = new BinaryCopyWriter();
  const refresh = new BinaryCopyWriter();
  const run = uuidBytes(runId);
  const trailer = Buffer.concat([uuidField(run), textField('new'), timestampField(now), timestampField(now)]);
  const { ids, pairRow, pairTail: tailOf, tails } = out;
  for (let p = 0; p < out.rows; p++) {
    const tail = tails[tailOf[p]!]!;
    if (tail.assessment.mode === 'exhausted') continue;
    const at = pairRow[p]! * UUID_LENGTH;
    if (existing.size > 0) {
      const n = existing.get(`${idAt(ids, pairRow[p]!)}\t${tail.measureId}`);
      if (n) {
        if ((n.status === 'new' || n.status === 'read') && !sameMoney(n, tail.assessment)) {
          refresh.tuple(REFRESH_COLUMNS.length);
          refresh.uuidAscii(ids, at);
          refresh.bytes(tail.fields);
        }
        continue;
      }
    }
    insert.tuple(NOTICE_COLUMNS.length);
    insert.uuidAscii(ids, at);
    insert.bytes(tail.fields);
    insert.bytes(trailer);
  }
  return {
    inserts: insert.rows,
    refreshes: refresh.rows,
    insert: insert.finish(),
    refresh: refresh.finish(),
  };
}

function uuidField(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(20);
  out.writeInt32BE(16, 0);
  bytes.copy(out, 4);
  return out;
}

export async function computeBulk(
  deps: { db: Db; engine: Engine; rules: ScreeningRules; onPhase?: (phase: string) => void },
  input: BulkInput,
  signal?: AbortSignal,
): Promise<BulkOutput> {
  const { db, engine, rules, onPhase } = deps;
  const t0 = performance.now();
  const measures = input.measures;
  // Each measure from its document's window on the run's date (001·十 counts tiers first reached
  // since adoption, a simulated adoption honoured).
  const targets = measures.map((m) => screenTarget(m, input.date, input.adopt));
  // Only the organisations that can fit some measure are read (the document's applicability, a
  // kind …: conditions on the row's own columns); the kernel then tests every condition on them.
  const where = prefilterSql(targets, { date: input.date, facts: engine.facts });
  const {
    registry: reg,
    ids,
    total,
    unknownCodes,
  } = await copyRegistryFromDb(db, engine.catalogue.reference, {
    where,
  });
  const t1 = performance.now();
  onPhase?.('load');
  signal?.throwIfAborted();

  const { kernel } = compileScreen(targets, reg, { date: input.date, facts: engine.facts });
  const bits = allocateBitsets(measures.length, reg.size);
  kernel(0, reg.size, bits);
  const t2 = performance.now();
  onPhase?.('screen');
  signal?.throwIfAborted();

  // Amounts: only measures the engine evaluates per organisation (no matter, or a registry matter).
  const plans: MeasurePlan[] = measures.map((m) => planMeasure(m, rules));
  const years = [
    ...new Set(
      plans.flatMap((p) => (p.kind === 'evaluate' && p.rule ? [figureYear(p.rule, input.date)] : [])),
    ),
  ];
  const rowsToEvaluate = new Set<number>();
  plans.forEach((p, m) => {
    if (p.kind === 'evaluate') for (const r of rowsOf(bits[m]!, reg.size)) rowsToEvaluate.add(r);
  });
  // One tail per project measure (the same invitation for every organisation), one per pair the
  // engine evaluates.
  const tails: PairTail[] = [];
  const projectTail = plans.map((p, m) => {
    if (p.kind !== 'project') return -1;
    tails.push(pairTail(measures[m]!.id, projectAssessment(measures[m]!)));
    return tails.length - 1;
  });
  const evaluatedTail = measures.map(() => new Map<number, number>());
  let evaluated = 0;
  if (rowsToEvaluate.size > 0) {
    const rowIds = new Map([...rowsToEvaluate].map((r) => [r, idAt(ids, r)]));
    const factsOf = await loadPairFacts(
      db,
      [...rowIds.values()],
      years.length ? years : [yearOf(input.date)],
    );
    plans.forEach((plan, m) => {
      if (plan.kind !== 'evaluate') return;
      const measure = measures[m]!;
      for (const r of rowsOf(bits[m]!, reg.size)) {
        const facts = factsOf(rowIds.get(r)!);
        const a = assessPair(engine, measure, plan, {
          applicant: toApplicant(reg, r),
          figures: facts.figures,
          history: facts.history,
          date: input.date,
          adopt: input.adopt,
        });
        tails.push(pairTail(measure.id, a));
        evaluatedTail[m]!.set(r, tails.length - 1);
        evaluated++;
      }
    });
  }
  // Pairs organisation by organisation (registry order), measure by measure within one.
  const n = measures.length;
  let rows = 0;
  for (let m = 0; m < n; m++) rows += popcount(bits[m]!);
  const pairRow = new Int32Array(rows);
  const pairTailOf = new Int32Array(rows);
  let p = 0;
  const words = Math.ceil(reg.size / 32);
  for (let w = 0; w < words; w++) {
    let any = 0;
    for (let m = 0; m < n; m++) any |= bits[m]![w]!;
    if (any === 0) continue;
    const end = Math.min(32, reg.size - w * 32);
    for (let b = 0; b < end; b++) {
      if (((any >>> b) & 1) === 0) continue;
      const r = w * 32 + b;
      for (let m = 0; m < n; m++) {
        if (((bits[m]![w]! >>> b) & 1) === 0) continue;
        pairRow[p] = r;
        pairTailOf[p] = projectTail[m]! >= 0 ? projectTail[m]! : evaluatedTail[m]!.get(r)!;
        p++;
      }
    }
  }
  const t3 = performance.now();
  onPhase?.('amounts');
  return {
    ids,
    pairRow,
    pairTail: pairTailOf,
    rows,
    tails,
    organisations: total,
    read: reg.size,
    evaluated,
    unknownCodes,
    timings: { load: t1 - t0, screen: t2 - t1, amounts: t3 - t2 },
  };
}
