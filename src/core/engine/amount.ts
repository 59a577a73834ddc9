/** The amount a measure gives, as a range in fen, with the formula in words. */
import type { Benefit, Reference } from '../catalogue/types.ts';
import type { Matter } from '../input.ts';
import { applyRate, type Fen, formatRate, formatWan, formatYuan, remaining } from '../money.ts';
import type { Text } from '../text.ts';

export interface AmountRange {
  min: Fen;
  max: Fen;
}

export interface AmountResult {
  amount: AmountRange | null;
  formula: Text | null;
  warnings: Text[];
  /** The cap (after earlier grants) is used up, or a once-only benefit was already received. */
  exhausted: boolean;
}

function usedNote(used: Fen): Text {
  return used > 0
    ? { zh: `，扣除已获${formatYuan(used)}`, en: `, less ${formatYuan(used)} already granted` }
    : { zh: '', en: '' };
}

export function amountFor(benefit: Benefit, matter: Matter | null, used: Fen, ref: Reference): AmountResult {
  switch (benefit.kind) {
    case 'rate_cap': {
      const base = matter?.figures[benefit.base] ?? 0;
      const label = ref.figures.find((f) => f.code === benefit.base) ?? {
        zh: benefit.base,
        en: benefit.base,
      };
      const byRate = applyRate(base, benefit.rate);
      const capLeft = remaining(benefit.cap, used);
      const amount = Math.min(byRate, capLeft);
      const u = usedNote(used);
      return {
        amount: { min: amount, max: amount },
        exhausted: capLeft === 0,
        warnings: [],
        formula: {
          zh: `min(${label.zh}${formatYuan(base)} × ${formatRate(benefit.rate)} = ${formatYuan(byRate)}，上限${formatWan(benefit.cap)}${u.zh}) = ${formatYuan(amount)}`,
          en: `min(${label.en} ${formatYuan(base)} × ${formatRate(benefit.rate)} = ${formatYuan(byRate)}, cap ${formatWan(benefit.cap)}${u.en}) = ${formatYuan(amount)}`,
        },
      };
    }
    case 'upper_bound': {
      const capLeft = remaining(benefit.cap, used);
      const u = usedNote(used);
      return {
        amount: { min: 0, max: capLeft },
        exhausted: capLeft === 0,
        warnings: [],
        formula: {
          zh: `最高${formatWan(benefit.cap)}${u.zh}：0 至 ${formatYuan(capLeft)}，具体金额由审核人员根据项目投入确定`,
          en: `up to ${formatWan(benefit.cap)}${u.en}: 0 to ${formatYuan(capLeft)}, the figure set by the reviewer`,
        },
      };
    }
    case 'fixed':
      return {
        amount: used > 0 ? null : { min: benefit.amount, max: benefit.amount },
        exhausted: used > 0,
        warnings: [],
        formula: { zh: `定额${formatWan(benefit.amount)}`, en: `fixed ${formatWan(benefit.amount)}` },
      };
    case 'tiered_pending': {
      const capLeft = remaining(benefit.cap, used);
      return {
        amount: { min: 0, max: capLeft },
        exhausted: capLeft === 0,
        warnings: [benefit.pending],
        formula: {
          zh: `分档奖励，最高${formatWan(benefit.cap)}；档位待实施细则公布`,
          en: `tiered award up to ${formatWan(benefit.cap)}; tiers pending implementing rules`,
        },
      };
    }
    case 'unspecified':
      return {
        amount: null,
        exhausted: false,
        warnings: [benefit.pending],
        formula: { zh: '金额未在政策文本中规定', en: 'no amount is printed in the policy text' },
      };
    case 'service':
    case 'constraint':
      return { amount: null, exhausted: false, warnings: [], formula: null };
  }
}
