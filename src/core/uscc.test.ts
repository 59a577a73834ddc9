import { describe, expect, it } from 'vitest';
import {
  isValidUscc,
  normaliseUscc,
  USCC_CHARSET,
  usccCheckChar,
  usccProblem,
  withUsccCheck,
} from './uscc.ts';

describe('USCC (GB 32100-2015)', () => {
  it('accepts the standard example and published codes', () => {
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T']) {
      expect(usccProblem(code)).toBeNull();
    }
  });

  it('accepts codes built with the algorithm and rejects each one with one character changed', () => {
    const bodies = ['91310117MA1J3A2B0', '12310000425012345', '52310117MJ0000001', '31310000MD0123456'];
    for (const body of bodies) {
      const code = withUsccCheck(body);
      expect(isValidUscc(code)).toBe(true);
      // Mutating any one of the first 17 characters to another valid one breaks the check: the
      // weights are non-zero and 31 is prime, so a single substitution always changes Σ mod 31.
      for (let i = 0; i < 17; i++) {
        const other = code[i] === '1' ? '2' : '1';
        const mutated = code.slice(0, i) + other + code.slice(i + 1);
        expect(usccProblem(mutated)?.rule).toBe('uscc_check');
      }
      const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      expect(usccProblem(wrongCheck)?.rule).toBe('uscc_check');
    }
  });

  it('maps Σ mod 31 = 0 to check character 0', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('names the rule: length, charset, check; zh and en', () => {
    expect(usccProblem('91350100M000100Y4')?.rule).toBe('uscc_length');
    const charset = usccProblem('91350100M000100I43');
    expect(charset?.rule).toBe('uscc_charset');
    expect(charset?.text.zh).toContain('第16位');
    expect(charset?.text.en).toContain('character 16');
    for (const letter of 'IOSVZ') expect(USCC_CHARSET).not.toContain(letter);
    const check = usccProblem('91350100M000100Y44');
    expect(check?.text.zh).toContain('应为“3”');
  });

  it('normalises case and spaces before checking', () => {
    expect(isValidUscc(normaliseUscc(' 91350100m000100y43 '))).toBe(true);
  });
});
