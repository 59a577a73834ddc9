/**
 * Check characters for synthetic USCCs (统一社会信用代码), on byte arrays: the generator writes
 * millions of codes straight into the columnar registry and must not allocate a string per code.
 * The core's validator (src/core/uscc.ts) is the reference; the generator test holds the two
 * together on random codes, and `isValidUscc` here is the core's.
 */
import { USCC_CHARSET as CORE_CHARSET, isValidUscc as coreIsValidUscc } from '../core/uscc.ts';

/** GB 32100-2015 character set: digits and upper-case letters without I, O, S, V, Z. */
export const USCC_CHARSET = CORE_CHARSET;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) VALUE_OF[USCC_CHARSET.charCodeAt(i)] = i;

/** GB 32100-2015: check = 31 − (Σ value·weight mod 31), 31 → 0. Returns the character code, or -1 if a character is invalid. */
export function usccCheckCharCode(bytes: Uint8Array, offset = 0): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE_OF[bytes[offset + i]! & 127]!;
    if (v < 0 || bytes[offset + i]! > 127) return -1;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charCodeAt(check);
}

/** True when an 18-character string is a well-formed USCC with the right check character. */
export const isValidUscc = coreIsValidUscc;

/**
 * GB 11714 organisation code check (the 9th character of the 9-character body inside a USCC):
 * weights 3,7,9,10,5,8,4,2 over the first 8 characters; check = 11 − (Σ mod 11), 10 → X, 11 → 0.
 */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
export function orgCodeCheckCharCode(bytes: Uint8Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = bytes[offset + i]!;
    // Digits are their value; letters A… count from 10 (GB 11714).
    const v = ch <= 57 ? ch - 48 : ch - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  if (c === 10) return 88; // 'X'
  if (c === 11) return 48; // '0'
  return 48 + c;
}
