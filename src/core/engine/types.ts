import type { Benefit } from '../catalogue/types.ts';
import type { LeafResult } from '../conditions.ts';
import type { Text } from '../text.ts';
import type { AmountRange } from './amount.ts';

export type Outcome = 'eligible' | 'ineligible' | 'not_in_force' | 'needs_matter' | 'exhausted';

export interface Evaluation {
  measureId: string;
  matterId: string | null;
  title: Text;
  documentCode: string;
  outcome: Outcome;
  eligible: boolean;
  /** The document is a draft evaluated under a simulated adoption ("if adopted"). */
  simulated: boolean;
  /** Some condition is a claim only a reviewer can confirm (快申快享 rather than 免申即享). */
  requiresReview: boolean;
  benefitKind: Benefit['kind'];
  staged: boolean;
  overlapGroup: string | null;
  conditions: LeafResult[];
  amount: AmountRange | null;
  formula: Text | null;
  warnings: Text[];
  reasons: Text[];
  clause: { quote: string; citation: Text };
}

export interface Grant {
  measureId: string;
  matterId: string | null;
  amount: AmountRange | null;
  overlapGroup: string | null;
  simulated: boolean;
  reason: Text;
  /** Measures that supported the same matter and lost under 从优、就高、不重复, with why. */
  displaced: { measureId: string; amount: AmountRange | null; reason: Text }[];
}

export interface CalcResult {
  catalogueVersion: string;
  asOf: string;
  evaluations: Evaluation[];
  granted: Grant[];
  /** Sum of granted amounts (min and max), in fen. */
  total: AmountRange;
}
