/**
 * Payment stages (分阶段): whether the text pays a measure in stages, and the plan the workflow
 * proposes by default. The texts say only "根据项目投入，分阶段给予" — how many stages and in what
 * proportion is not printed, so the proposal is the platform's starting point for the approver
 * (three stages, 4:3:3, paid as the project's input is verified), never a number the policy gives;
 * the approver changes it when scheduling. A measure not paid in stages is paid in one.
 */
import type { Benefit } from './catalogue/types.ts';
import { type Fen, splitIntoStages } from './money.ts';
import type { Text } from './text.ts';

/** The platform's default proposal for a staged measure: three stages, 4:3:3 (not from a text). */
export const DEFAULT_STAGE_WEIGHTS: readonly number[] = [4, 3, 3];

export interface StageProposal {
  /** The text pays in stages (分阶段). */
  staged: boolean;
  /** Whole-number weights the amount is split by (ledger.ts planStages), rounding down, remainder last. */
  weights: number[];
  /** The amounts those weights give for `of`, in fen (empty when there is no amount to split). */
  amounts: Fen[];
  /** What the plan is and where it comes from, in words. */
  basis: Text;
}

export function isStaged(benefit: Benefit): boolean {
  return 'staged' in benefit && benefit.staged;
}

/** The plan proposed for paying `of` fen under a benefit (staged or not). */
export function proposeStages(benefit: Benefit, of: Fen | null): StageProposal {
  const staged = isStaged(benefit);
  const weights = staged ? [...DEFAULT_STAGE_WEIGHTS] : [1];
  return {
    staged,
    weights,
    amounts: of !== null && of > 0 ? splitIntoStages(of, weights) : [],
    basis: staged
      ? {
          zh: '条文规定分阶段给予，未规定期数和比例；平台默认建议分3期（4:3:3），由审批人员根据项目投入核实情况调整',
          en: 'the text pays in stages but prints neither their number nor their shares; the platform proposes three stages (4:3:3), which the approver adjusts to the verified project input',
        }
      : { zh: '条文未规定分阶段，一次拨付', en: 'the text does not pay in stages: one payment' },
  };
}
