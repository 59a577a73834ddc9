/**
 * A run's money, for the officer: per measure, who was found and how (免申即享 / 快申快享 / used up),
 * the sums of the amount ranges worked out (and of the 免申即享 ceilings: what moves once the
 * organisations confirm), and for the pairs without an amount the sum of the text's caps; per fund
 * (document) and the run's year, the same against the special fund's budget. Sums are taken by the
 * database over the run's partition; amounts were worked out by the engine when the run stored them.
 */
import { CompiledQuery } from 'kysely';
import { type IsoDate, yearOf } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
import { type Fen, remaining } from '../core/money.ts';
import type { Text } from '../core/text.ts';
import { committedTotal, findBudget, ledgerTotals } from '../storage/repositories/ledger.ts';
import type { Db } from '../storage/schema.ts';
import { resultPartition } from './partitions.ts';
import type { RunView } from './runs.ts';
import type { Row } from './views.ts';

/** One measure in a run's summary: who was found, how, and the money at stake. */
export interface SummaryMeasure {
  measureId: string;
  title: Text;
  fund: string;
  organisations: number;
  automatic: number;
  invitation: number;
  /** Pairs left out: the benefit is already used up by earlier grants. */
  exhausted: number;
  /** Pairs with an amount range, and the sums of their minimums and ceilings (fen). */
  withAmount: number;
  amountMin: Fen;
  amountMax: Fen;
  /** Of which 免申即享: the money that moves once the organisations confirm. */
  automaticMax: Fen;
  /** Pairs without an amount (a project to describe), and the sum of the text's caps over them. */
  withoutAmount: number;
  capTotal: Fen;
}

/** One fund (document) and year: the run's money against the special fund's budget. */
export interface SummaryFund {
  fund: string;
  year: number;
  amountMin: Fen;
  amountMax: Fen;
  automaticMax: Fen;
  capTotal: Fen;
  /** null: no budget set for the fund and year. */
  budget: Fen | null;
  committed: Fen;
  /** Paid out of the fund in the year (the ledger's payments), summed by the database. */
  paid: Fen;
  available: Fen;
  /** The ceilings of the 免申即享 notices exceed what is available. */
  automaticOverBudget: boolean;
}

export interface RunSummary {
  runId: string;
  date: IsoDate;
  measures: SummaryMeasure[];
  funds: SummaryFund[];
}

/** bigint sums arrive as text (numeric): exact up to 2^53 fen, refused beyond. */
function fen(v: unknown): Fen {
  const n = Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`sum ${String(v)} exceeds the safe integer range`);
  return n;
}

export async function runSummary(db: Db, engine: Engine, run: RunView): Promise<RunSummary> {
  const runId = run.id;
  const { rows } = await db.executeQuery<Row>(
    CompiledQuery.raw(`SELECT measure_id, mode, count(*)::int AS n, count(amount_max)::int AS priced,
       coalesce(sum(amount_min), 0)::text AS min, coalesce(sum(amount_max), 0)::text AS max,
       coalesce(sum(cap) FILTER (WHERE amount_max IS NULL), 0)::text AS caps
     FROM ${resultPartition(runId)} GROUP BY measure_id, mode`),
  );
  const year = yearOf(run.date);
  const measures: SummaryMeasure[] = run.measures.map((rm) => {
    const m = engine.catalogue.byId.get(rm.id);
    const mine = rows.filter((r) => r.measure_id === rm.id);
    const by = (mode: string) => mine.filter((r) => r.mode === mode);
    const count = (rs: Row[]) => rs.reduce((a, r) => a + Number(r.n), 0);
    const sum = (rs: Row[], k: string) => rs.reduce((a, r) => a + fen(r[k]), 0);
    const live = mine.filter((r) => r.mode !== 'exhausted');
    return {
      measureId: rm.id,
      title: m?.title ?? { zh: rm.id, en: rm.id },
      fund: m?.document.code ?? rm.id.split('·')[0]!,
      organisations: count(live),
      automatic: count(by('automatic')),
      invitation: count(by('invitation')),
      exhausted: count(by('exhausted')),
      withAmount: live.reduce((a, r) => a + Number(r.priced), 0),
      amountMin: sum(live, 'min'),
      amountMax: sum(live, 'max'),
      automaticMax: sum(by('automatic'), 'max'),
      withoutAmount: live.reduce((a, r) => a + Number(r.n) - Number(r.priced), 0),
      capTotal: sum(live, 'caps'),
    };
  });
  const funds: SummaryFund[] = [];
  for (const fund of [...new Set(measures.map((m) => m.fund))].sort()) {
    const ms = measures.filter((m) => m.fund === fund);
    const total = (k: 'amountMin' | 'amountMax' | 'automaticMax' | 'capTotal') =>
      ms.reduce((a, m) => a + m[k], 0);
    const [budget, committed, ledger] = await Promise.all([
      findBudget(db, fund, year),
      committedTotal(db, fund, year),
      ledgerTotals(db, { fund, year }),
    ]);
    const paid = ledger.reduce((a, l) => a + fen(l.paid), 0);
    const available = budget ? remaining(budget.amount, committed) : 0;
    funds.push({
      fund,
      year,
      amountMin: total('amountMin'),
      amountMax: total('amountMax'),
      automaticMax: total('automaticMax'),
      capTotal: total('capTotal'),
      budget: budget?.amount ?? null,
      committed,
      paid,
      available,
      automaticOverBudget: total('automaticMax') > available,
    });
  }
  return { runId, date: run.date, measures, funds };
}
