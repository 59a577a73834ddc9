/**
 * 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from 0-9 and A-Z without I, O, S, V, Z; the
 * last is a check character over the first 17: check = 31 − (Σ value·weight mod 31), 31 → 0.
 * Pure: used by the registry service, the import and the API schemas.
 */
import type { Text } from './text.ts';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE = new Map([...USCC_CHARSET].map((ch, i) => [ch, i]));

/** The check character for the first 17 characters, or null if one of them is outside the charset. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]!);
    if (v === undefined) return null;
    sum += v * WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UsccRule = 'uscc_length' | 'uscc_charset' | 'uscc_check';

export interface UsccProblem {
  rule: UsccRule;
  text: Text;
}

/** People type codes in lower case and with stray spaces; the stored form is upper case, trimmed. */
export function normaliseUscc(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Why a (normalised) code is not a valid USCC, or null when it is. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) {
    return {
      rule: 'uscc_length',
      text: {
        zh: `统一社会信用代码应为18位，实际${code.length}位`,
        en: `a USCC has 18 characters, got ${code.length}`,
      },
    };
  }
  const bad = [...code].findIndex((ch) => !VALUE.has(ch));
  if (bad >= 0) {
    return {
      rule: 'uscc_charset',
      text: {
        zh: `第${bad + 1}位字符“${code[bad]}”不是统一社会信用代码允许的字符（数字及除I、O、S、V、Z外的大写字母）`,
        en: `character ${bad + 1} "${code[bad]}" is not allowed in a USCC (digits and capitals except I, O, S, V, Z)`,
      },
    };
  }
  const expected = usccCheckChar(code.slice(0, 17))!;
  if (code[17] !== expected) {
    return {
      rule: 'uscc_check',
      text: {
        zh: `校验位错误（GB 32100-2015）：第18位应为“${expected}”，实际为“${code[17]}”`,
        en: `check character wrong (GB 32100-2015): position 18 should be "${expected}", got "${code[17]}"`,
      },
    };
  }
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** Completes 17 characters with their check character (demo data and tests build valid codes this way). */
export function withUsccCheck(first17: string): string {
  const check = usccCheckChar(first17);
  if (check === null) throw new RangeError(`not 17 USCC characters: ${first17}`);
  return first17 + check;
}
