import type { Benefit } from '../catalogue/types.ts';
import type { LeafResult } from '../conditions.ts';
import type { StageProposal } from '../stages.ts';
import type { Text } from '../text.ts';
import type { AmountRange } from './amount.ts';

export type Outcome = 'eligible' | 'ineligible' | 'not_in_force' | 'needs_matter' | 'exhausted';

/**
 * What 从优、就高、不重复 and the compact answer need of one measure: the verdict and the amount,
 * without the explanations. `decide()` computes only this; `calculate()` computes the same verdict
 * through the same code (calculate.ts `assess`) and explains it (Evaluation).
 */
export interface Verdict {
  measureId: string;
  matterId: string | null;
  title: Text;
  documentCode: string;
  outcome: Outcome;
  eligible: boolean;
  /** The document is a draft evaluated under a simulated adoption ("if adopted"). */
  simulated: boolean;
  benefitKind: Benefit['kind'];
  staged: boolean;
  overlapGroup: string | null;
  /** [minimum, ceiling]: the text's minimum (0 unless it fixes a sum) and min(rate × base, cap) − used. */
  amount: AmountRange | null;
  /** The text fixes the sum (min = max); otherwise the reviewer decides within the range. */
  exact: boolean;
  /** "最高可获 ¥…" / "可获 ¥…（定额）": what an applicant reads first. */
  headline: Text | null;
}

/** One measure (for one matter) evaluated and explained. */
export interface Evaluation extends Verdict {
  /** Some condition is a claim only a reviewer can confirm (快申快享 rather than 免申即享). */
  requiresReview: boolean;
  /** Paid in stages or not, and the plan the workflow proposes by default for the ceiling. */
  stages: StageProposal;
  conditions: LeafResult[];
  formula: Text | null;
  warnings: Text[];
  reasons: Text[];
  clause: { quote: string; citation: Text };
}

/**
 * Two measures one project may fall into where the texts leave 不重复 to the reviewer: two measures
 * of one document (its overlap clause speaks of other policies only), or measures that would overlap
 * if two matters the applicant gave separately are one project. Flagged, never silently granted twice.
 */
export interface OverlapCheck {
  measureIds: [string, string];
  matterIds: [string | null, string | null];
  /** same_matter: one matter qualifies under both; different_matters: only if they are one project. */
  kind: 'same_matter' | 'different_matters';
  /** The link of policies/overlaps.yaml (or the overlap group) that pairs them. */
  link: string;
  reason: Text;
}

export interface Grant {
  measureId: string;
  matterId: string | null;
  amount: AmountRange | null;
  exact: boolean;
  headline: Text | null;
  overlapGroup: string | null;
  simulated: boolean;
  reason: Text;
  /** Measures that supported the same matter and lost under 从优、就高、不重复, with why. */
  displaced: { measureId: string; amount: AmountRange | null; reason: Text }[];
  /** Measures granted beside this one that the reviewer must judge (see `CalcResult.overlapChecks`). */
  reviewWith: string[];
}

/** The verdicts of every measure and what is granted after 从优、就高、不重复 (`decide()`). */
export interface CalcDecision<E extends Verdict = Verdict> {
  catalogueVersion: string;
  asOf: string;
  evaluations: E[];
  granted: Grant[];
  /** Sum of granted amounts (min and max), in fen: max is the "最高可获" headline of the whole result. */
  total: AmountRange;
  /** Pairs the reviewer must judge before both are paid (从优、就高、不重复 left to a person). */
  overlapChecks: OverlapCheck[];
}

/** The full, explained result (`calculate()`). */
export type CalcResult = CalcDecision<Evaluation>;
