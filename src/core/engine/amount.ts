/**
 * The amount a measure gives, as a range in fen, with the formula in words.
 *
 * "不超过 X%、最高 N 万元" is a ceiling the officer decides within after review, not an entitlement:
 * the range is [minimum, ceiling] with ceiling = min(X% × base − what this matter (project) already
 * received, N − what the cap's period (the project; the year for an annual cap; the N years) already
 * received) — for a per-project benefit simply min(X% × base, N) − already received — and minimum =
 * what the text fixes (0: no text fixes one). "最高 N 万元" alone gives 0 … N less what the period
 * received. A sum the text fixes ("给予 5000 万元的一次性奖励") is exact. The headline is the ceiling:
 * "最高可获 …".
 */
import type { Benefit, Period, Reference } from '../catalogue/types.ts';
import type { Matter } from '../input.ts';
import { applyRate, type Fen, formatRate, formatWan, formatYuan, minFen, remaining } from '../money.ts';
import type { Text } from '../text.ts';
import type { Usage } from './history.ts';

export interface AmountRange {
  min: Fen;
  max: Fen;
}

export interface AmountResult {
  amount: AmountRange | null;
  /** The text fixes the sum (min = max): nothing for a reviewer to decide. */
  exact: boolean;
  /** "最高可获 ¥…" (a ceiling) or "可获 ¥…（定额）" (a fixed sum); null without an amount. */
  headline: Text | null;
  formula: Text | null;
  warnings: Text[];
  /** The ceiling is used up by earlier grants, or a once-only benefit was already received. */
  exhausted: boolean;
}

/** What earlier grants are subtracted as, by period: the same project, this year, the N years, ever. */
function usedWords(period: Period, years: number | undefined): Text {
  switch (period) {
    case 'per_matter':
      return { zh: '同一事项（项目）已获', en: 'already granted for this matter (project)' };
    case 'annual':
      return { zh: '本年度已获', en: 'already granted this year' };
    case 'cumulative':
      return { zh: `${years ?? ''}年内已获`, en: `granted in the last ${years ?? ''} years` };
    case 'once':
      return { zh: '已获', en: 'already granted' };
  }
}

function minus(used: Fen, period: Period, years?: number): Text {
  if (used === 0) return { zh: '', en: '' };
  const w = usedWords(period, years);
  return { zh: ` − ${w.zh}${formatYuan(used)}`, en: ` − ${formatYuan(used)} ${w.en}` };
}

const DECIDED = {
  zh: '具体金额由审核人员在此范围内核定，低于最高可获金额的须写明理由',
  en: 'the reviewer decides the figure within this range, with a written reason below the ceiling',
};

export function ceilingHeadline(max: Fen): Text {
  const yuan = formatYuan(max);
  return { zh: `最高可获${yuan}`, en: `up to ${yuan}` };
}

export function fixedHeadline(amount: Fen): Text {
  return { zh: `可获${formatYuan(amount)}（定额）`, en: `${formatYuan(amount)} (a fixed sum)` };
}

function range(max: Fen): { amount: AmountRange; headline: Text; exact: false } {
  return { amount: { min: 0, max }, headline: ceilingHeadline(max), exact: false };
}

export function amountFor(
  benefit: Benefit,
  matter: Matter | null,
  usage: Pick<Usage, 'used' | 'usedForMatter'>,
  ref: Reference,
  /** false: the amount only, no formula in words (the compact answer does not show one). */
  explain = true,
): AmountResult {
  const { used } = usage;
  switch (benefit.kind) {
    case 'rate_cap': {
      const base = matter?.figures[benefit.base] ?? 0;
      const byRate = applyRate(base, benefit.rate);
      const mine = usage.usedForMatter;
      // What the project already received counts against its own ceiling, rate and cap alike; what
      // other matters of the cap's period (the year) received counts against the cap only.
      const ceiling = minFen(remaining(byRate, mine), remaining(benefit.cap, used));
      const exhausted = used > 0 && ceiling === 0;
      if (!explain) return { ...range(ceiling), exhausted, warnings: [], formula: null };
      const label = ref.figures.find((f) => f.code === benefit.base) ?? {
        zh: benefit.base,
        en: benefit.base,
      };
      const product = {
        zh: `${label.zh}${formatYuan(base)} × ${formatRate(benefit.rate)} = ${formatYuan(byRate)}`,
        en: `${label.en} ${formatYuan(base)} × ${formatRate(benefit.rate)} = ${formatYuan(byRate)}`,
      };
      const tail = {
        zh: ` = ${formatYuan(ceiling)}；可获金额为 ${formatYuan(0)} 至 ${formatYuan(ceiling)}，${DECIDED.zh}`,
        en: ` = ${formatYuan(ceiling)}; the grant lies between ${formatYuan(0)} and ${formatYuan(ceiling)}: ${DECIDED.en}`,
      };
      if (mine === used) {
        const u = minus(used, benefit.period, benefit.periodYears);
        return {
          ...range(ceiling),
          exhausted,
          warnings: [],
          formula: {
            zh: `最高可获 = min(${product.zh}，上限${formatWan(benefit.cap)})${u.zh}${tail.zh}`,
            en: `ceiling = min(${product.en}, cap ${formatWan(benefit.cap)})${u.en}${tail.en}`,
          },
        };
      }
      const m = minus(mine, 'per_matter');
      const p = minus(used, benefit.period, benefit.periodYears);
      return {
        ...range(ceiling),
        exhausted,
        warnings: [],
        formula: {
          zh: `最高可获 = min(${product.zh}${m.zh}，上限${formatWan(benefit.cap)}${p.zh})${tail.zh}`,
          en: `ceiling = min(${product.en}${m.en}, cap ${formatWan(benefit.cap)}${p.en})${tail.en}`,
        },
      };
    }
    case 'upper_bound': {
      const ceiling = remaining(benefit.cap, used);
      if (!explain) return { ...range(ceiling), exhausted: ceiling === 0, warnings: [], formula: null };
      const u = minus(used, benefit.period, benefit.periodYears);
      return {
        ...range(ceiling),
        exhausted: ceiling === 0,
        warnings: [],
        formula: {
          zh: `最高可获 = 上限${formatWan(benefit.cap)}${u.zh} = ${formatYuan(ceiling)}（条文未规定比例）；可获金额为 ${formatYuan(0)} 至 ${formatYuan(ceiling)}，${DECIDED.zh}`,
          en: `ceiling = cap ${formatWan(benefit.cap)}${u.en} = ${formatYuan(ceiling)} (no rate is printed); the grant lies between ${formatYuan(0)} and ${formatYuan(ceiling)}: ${DECIDED.en}`,
        },
      };
    }
    case 'fixed':
      return {
        amount: used > 0 ? null : { min: benefit.amount, max: benefit.amount },
        exact: true,
        headline: used > 0 ? null : fixedHeadline(benefit.amount),
        exhausted: used > 0,
        warnings: [],
        formula: explain
          ? {
              zh: `条文规定的定额${formatWan(benefit.amount)}`,
              en: `a fixed ${formatWan(benefit.amount)} set by the text`,
            }
          : null,
      };
    case 'tiered_pending': {
      const ceiling = remaining(benefit.cap, used);
      if (!explain)
        return { ...range(ceiling), exhausted: ceiling === 0, warnings: [benefit.pending], formula: null };
      const u = minus(used, benefit.period);
      return {
        ...range(ceiling),
        exhausted: ceiling === 0,
        warnings: [benefit.pending],
        formula: {
          zh: `分档奖励，最高${formatWan(benefit.cap)}${u.zh}；档位待实施细则公布，可获金额为 ${formatYuan(0)} 至 ${formatYuan(ceiling)}`,
          en: `tiered award up to ${formatWan(benefit.cap)}${u.en}; tiers pending implementing rules, so ${formatYuan(0)} to ${formatYuan(ceiling)}`,
        },
      };
    }
    case 'unspecified':
      return {
        amount: null,
        exact: false,
        headline: null,
        exhausted: false,
        warnings: [benefit.pending],
        formula: { zh: '金额未在政策文本中规定', en: 'no amount is printed in the policy text' },
      };
    case 'service':
    case 'constraint':
      return { amount: null, exact: false, headline: null, exhausted: false, warnings: [], formula: null };
  }
}
