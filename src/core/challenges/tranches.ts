/**
 * 根据项目投入，分阶段给予 (000·二, 001·二): the approved amount split into one tranche per milestone, and
 * when a tranche may be released. All arithmetic is src/core/money.ts (integer 分, rounding down).
 *
 * - Plan: the approved amount is split by the milestones' planned input (splitIntoStages: each tranche
 *   rounded down, the remainder in the last), so the tranches always sum to the approved amount.
 * - Release: tranche k is released only after milestone k's 验收 passed, after tranches 1..k−1, and only
 *   when what has been released up to and including it stays within the rate of the text (30%) times
 *   the project input verified by acceptance so far; never above the approved amount. The texts give
 *   the rate and the cap; how a shortfall is handled they do not say: here a tranche waits (the
 *   workflow pays a stage whole) until later verified input covers it — the platform's reading.
 * - A failed final acceptance stops every unpaid tranche (`stopAfterFailure`).
 */
import { applyRate, type BasisPoints, type Fen, splitIntoStages, sumFen } from '../money.ts';
import type { Text } from '../text.ts';

/** One tranche per milestone, in milestone order, by planned input; they sum to `approved`. */
export function planTranches(approved: Fen, plannedInputs: readonly Fen[]): Fen[] {
  if (plannedInputs.length === 0) throw new RangeError('a project needs at least one milestone');
  if (plannedInputs.some((x) => !Number.isSafeInteger(x) || x <= 0))
    throw new RangeError('each milestone needs a planned input above zero');
  return splitIntoStages(approved, [...plannedInputs]);
}

export interface TrancheState {
  amount: Fen;
  /** The milestone's 验收 passed (or its conditions were cleared). */
  accepted: boolean;
  /** The project input the acceptance verified for this milestone (fen), null until accepted. */
  verifiedInput: Fen | null;
  paid: boolean;
}

export type ReleaseVerdict =
  | { ok: true; amount: Fen; limit: Fen; verifiedSoFar: Fen; releasedAfter: Fen }
  | {
      ok: false;
      rule: 'not_accepted' | 'earlier_unpaid' | 'already_paid' | 'input_short' | 'above_approved';
      text: Text;
      limit: Fen;
      verifiedSoFar: Fen;
    };

/** Whether tranche `index` (0-based) may be released now, and the limit it is checked against. */
export function releaseVerdict(
  approved: Fen,
  rate: BasisPoints,
  tranches: readonly TrancheState[],
  index: number,
): ReleaseVerdict {
  const t = tranches[index];
  if (!t) throw new RangeError(`no tranche ${index + 1}`);
  const upTo = tranches.slice(0, index + 1);
  const verifiedSoFar = sumFen(upTo.map((x) => x.verifiedInput ?? 0));
  const limit = Math.min(applyRate(verifiedSoFar, rate), approved);
  const base = { limit, verifiedSoFar };
  const seq = index + 1;
  if (t.paid)
    return {
      ok: false,
      rule: 'already_paid',
      text: { zh: `第${seq}期已拨付`, en: `tranche ${seq} is paid` },
      ...base,
    };
  if (!t.accepted)
    return {
      ok: false,
      rule: 'not_accepted',
      text: { zh: `第${seq}个里程碑尚未验收通过`, en: `milestone ${seq} has not passed acceptance` },
      ...base,
    };
  if (tranches.slice(0, index).some((x) => !x.paid))
    return {
      ok: false,
      rule: 'earlier_unpaid',
      text: { zh: '须先拨付前一期', en: 'the earlier tranches are paid first' },
      ...base,
    };
  const releasedAfter = sumFen(tranches.filter((x) => x.paid).map((x) => x.amount)) + t.amount;
  if (releasedAfter > approved)
    return {
      ok: false,
      rule: 'above_approved',
      text: { zh: '累计拨付将超过批准金额', en: 'the total released would exceed the approved amount' },
      ...base,
    };
  if (releasedAfter > limit)
    return {
      ok: false,
      rule: 'input_short',
      text: {
        zh: `累计拨付不得超过经验收核实的项目投入的${rate / 100}%：核实投入尚不足以拨付本期`,
        en: `the total released may not exceed ${rate / 100}% of the project input verified so far: not enough verified input for this tranche yet`,
      },
      ...base,
    };
  return { ok: true, amount: t.amount, limit, verifiedSoFar, releasedAfter };
}

/**
 * After a failed final acceptance: the tranches not paid are stopped, and what was released is what
 * the officer may recover (the texts name no share to recover: the officer records the figure, at
 * most what was released).
 */
export function stopAfterFailure(tranches: readonly TrancheState[]): { stopped: number[]; released: Fen } {
  return {
    stopped: tranches.flatMap((t, i) => (t.paid ? [] : [i])),
    released: sumFen(tranches.filter((t) => t.paid).map((t) => t.amount)),
  };
}
