/**
 * A stored run at the speed of the scan (the `bulk` method): the registry is read out of the database
 * with COPY (registry-copy.ts) — only the organisations the measures' conditions on the row's own
 * columns let through (compile-sql.ts prefilterSql) — screened in memory by the compiled kernel
 * (compile-js.ts), the
 * amounts worked out by the engine for the pairs that carry one (assess.ts), and every pair written
 * back with one COPY into the run's own partition (partitions.ts). runs.ts wraps this in the run's
 * transaction with its notices and audit entry.
 *
 * Pairs are emitted organisation by organisation (registry order), measure by measure within one, as
 * COPY text: the run id and organisation id are copied as bytes, a measure's fixed part is encoded
 * once, and only pairs with an amount build a string of their own.
 */
import type { Measure } from '../core/catalogue/types.ts';
import { yearOf } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
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
import { allocateBitsets, rowsOf, screenTarget } from './screen.ts';

export const RESULT_COLUMNS = [
  'run_id',
  'organisation_id',
  'measure_id',
  'mode',
  'amount_min',
  'amount_max',
  'cap',
  'basis',
] as const;

export interface BulkInput {
  runId: string;
  date: string;
  adopt: Record<string, string>;
  measures: readonly Measure[];
}

export interface BulkOutput {
  /** COPY text of every (organisation, measure) pair, in chunks. */
  chunks: Buffer[];
  rows: number;
  /** Organisations in the registry. */
  organisations: number;
  /** Of which read and screened in memory (the others cannot fit any measure). */
  read: number;
  /** Pairs the engine evaluated (the rest are projects: invitation, the text's cap). */
  evaluated: number;
  unknownCodes: number;
  timings: { load: number; screen: number; amounts: number; encode: number };
}

/** COPY text of a value: backslash, tab and line breaks escaped; null as \N. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

/** The columns after the organisation id, for one pair. */
export function resultTail(measureId: string, a: Assessment): string {
  return `\t${copyText(measureId)}\t${a.mode}\t${copyText(a.amount?.min ?? null)}\t${copyText(a.amount?.max ?? null)}\t${copyText(a.cap)}\t${copyText(a.basis ? JSON.stringify(a.basis) : null)}\n`;
}

/** Appends bytes to 1 MiB buffers. */
class ChunkWriter {
  readonly chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(1 << 20);
  private at = 0;

  write(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const n = end - start;
    if (this.at + n > this.current.length) this.flush(n);
    this.current.set(bytes.subarray(start, end), this.at);
    this.at += n;
  }

  private flush(need: number): void {
    if (this.at > 0) this.chunks.push(this.current.subarray(0, this.at));
    this.current = Buffer.allocUnsafe(Math.max(1 << 20, need));
    this.at = 0;
  }

  finish(): Buffer[] {
    if (this.at > 0) this.chunks.push(this.current.subarray(0, this.at));
    this.at = 0;
    return this.chunks;
  }
}

export async function computeBulk(
  deps: { db: Db; engine: Engine; rules: ScreeningRules },
  input: BulkInput,
  signal?: AbortSignal,
): Promise<BulkOutput> {
  const { db, engine, rules } = deps;
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
  signal?.throwIfAborted();

  const { kernel } = compileScreen(targets, reg, { date: input.date, facts: engine.facts });
  const bits = allocateBitsets(measures.length, reg.size);
  kernel(0, reg.size, bits);
  const t2 = performance.now();
  signal?.throwIfAborted();

  // Amounts: only measures the engine evaluates per organisation (no matter, or a registry matter).
  const plans: MeasurePlan[] = measures.map((m) => planMeasure(m, rules));
  const evaluatedTails = measures.map(() => new Map<number, Buffer>());
  const years = [
    ...new Set(
      plans.flatMap((p) => (p.kind === 'evaluate' && p.rule ? [figureYear(p.rule, input.date)] : [])),
    ),
  ];
  const rowsToEvaluate = new Set<number>();
  plans.forEach((p, m) => {
    if (p.kind === 'evaluate') for (const r of rowsOf(bits[m]!, reg.size)) rowsToEvaluate.add(r);
  });
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
        evaluatedTails[m]!.set(r, Buffer.from(resultTail(measure.id, a)));
        evaluated++;
      }
    });
  }
  const t3 = performance.now();
  signal?.throwIfAborted();

  // Encode: organisation by organisation, so the rows reach the index in the registry's order.
  const out = new ChunkWriter();
  const prefix = Buffer.from(`${input.runId}\t`);
  const projectTails = measures.map((m, i) =>
    plans[i]!.kind === 'project' ? Buffer.from(resultTail(m.id, projectAssessment(m))) : null,
  );
  let rows = 0;
  const n = measures.length;
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
        out.write(prefix);
        out.write(ids, r * UUID_LENGTH, (r + 1) * UUID_LENGTH);
        out.write(projectTails[m] ?? evaluatedTails[m]!.get(r)!);
        rows++;
      }
    }
  }
  const chunks = out.finish();
  const t4 = performance.now();
  return {
    chunks,
    rows,
    organisations: total,
    read: reg.size,
    evaluated,
    unknownCodes,
    timings: { load: t1 - t0, screen: t2 - t1, amounts: t3 - t2, encode: t4 - t3 },
  };
}
