/**
 * What Ceyuan would fund for a bid (揭榜), read from the catalogue's own 揭榜挂帅 measures through the
 * engine — never re-computed here. A bid on a list is the matter {type: challenge, challengeLists:
 * [the list], figures: {bidAmount: 揭榜额}}; the engine answers with the ceiling min(揭榜额 × 30%, 2000 万元)
 * less what the same project already received (000·二 / 001·二), why an ineligible bidder is refused,
 * and, when the project is on both lists, which measure 从优就高不重复 keeps. "不超过…、最高…" is a
 * ceiling: the officer decides the approved figure within it in the applications workflow.
 */

import type { AmountRange } from '../engine/amount.ts';
import { calculateRaw, type Engine } from '../engine/calculate.ts';
import type { Outcome } from '../engine/types.ts';
import type { Applicant, GrantRecord } from '../input.ts';
import type { Fen } from '../money.ts';
import type { Text } from '../text.ts';
import type { ChallengeBasis } from './policy.ts';

export interface BidEntitlement {
  measureId: string;
  outcome: Outcome;
  eligible: boolean;
  /** The document is a draft (001): the figure is what it would fund once adopted (simulated). */
  simulated: boolean;
  /** [0, ceiling] in fen; null when not eligible. */
  amount: AmountRange | null;
  headline: Text | null;
  formula: Text | null;
  reasons: Text[];
  warnings: Text[];
  clause: { quote: string; citation: Text };
  /** Kept under 从优、就高、不重复 when the project is on several lists (false: another measure won). */
  kept: boolean;
  /** The measure that displaced this one, with the engine's reason. */
  displacedBy: { measureId: string; reason: Text } | null;
}

/** The calculator's matter for a bid on a list (also the matter prefilled into the application). */
export function bidMatter(
  basis: Pick<ChallengeBasis, 'list'>,
  bidAmount: Fen,
  date: string,
  otherLists: readonly string[] = [],
) {
  return {
    id: 'challenge-bid',
    type: 'challenge',
    date,
    challengeLists: [...new Set([basis.list, ...otherLists])],
    figures: { bidAmount },
  };
}

/**
 * The entitlement of `applicant` for a bid of `bidAmount` on a list resting on `basis`, on `date`.
 * `adopt` simulates a draft's adoption (001): { "001": "2026-07-01" }.
 */
export function bidEntitlement(
  engine: Engine,
  basis: ChallengeBasis,
  input: {
    applicant: Applicant;
    bidAmount: Fen;
    date: string;
    history?: GrantRecord[];
    otherLists?: readonly string[];
    adopt?: Record<string, string>;
  },
): BidEntitlement {
  const result = calculateRaw(
    engine,
    {
      applicant: input.applicant,
      matters: [bidMatter(basis, input.bidAmount, input.date, input.otherLists)],
      asOf: input.date,
      history: input.history ?? [],
      simulate: { adopt: input.adopt ?? {} },
    },
    input.date,
  );
  const evaluation = result.evaluations.find((e) => e.measureId === basis.measureId);
  if (!evaluation) throw new Error(`the engine did not evaluate ${basis.measureId}`);
  const kept = result.granted.some((g) => g.measureId === basis.measureId);
  let displacedBy: BidEntitlement['displacedBy'] = null;
  if (!kept)
    for (const g of result.granted) {
      const d = g.displaced.find((x) => x.measureId === basis.measureId);
      if (d) displacedBy = { measureId: g.measureId, reason: d.reason };
    }
  return {
    measureId: basis.measureId,
    outcome: evaluation.outcome,
    eligible: evaluation.eligible,
    simulated: evaluation.simulated,
    amount: evaluation.amount,
    headline: evaluation.headline,
    formula: evaluation.formula,
    reasons: evaluation.reasons,
    warnings: evaluation.warnings,
    clause: evaluation.clause,
    kept,
    displacedBy,
  };
}
