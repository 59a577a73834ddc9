/**
 * Password rules and hashing. Rules follow what a 等保三级 system is expected to enforce: at least 10
 * characters from at least 3 of 4 classes (lower case, upper case, digits, symbols), not containing
 * the username; and, since such rules alone admit `Password1!`, not guessable: zxcvbn-ts (its
 * common-password list and strength estimate) must score it 3 of 4 or better, and no common password
 * may make up most of it. Hashes are argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane).
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import type { FieldIssue } from '../../core/errors.ts';

export const PASSWORD_MIN_LENGTH = 10;
/** Upper bound so a megabyte "password" cannot tie up the hasher. */
export const PASSWORD_MAX_LENGTH = 128;

const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function passwordIssues(password: string, username?: string, path = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    issues.push({
      path,
      rule: 'password_length',
      zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位（当前 ${length} 位）`,
      en: `password must have at least ${PASSWORD_MIN_LENGTH} characters (has ${length})`,
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    issues.push({
      path,
      rule: 'password_length',
      zh: `密码最多 ${PASSWORD_MAX_LENGTH} 位`,
      en: `password must have at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    issues.push({
      path,
      rule: 'password_classes',
      zh: '密码须包含小写字母、大写字母、数字、符号中的至少三类',
      en: 'password must mix at least 3 of: lower case, upper case, digits, symbols',
    });
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    issues.push({
      path,
      rule: 'password_contains_username',
      zh: '密码不能包含用户名',
      en: 'password must not contain the username',
    });
  }
  // Only for a password that passes the rules above: one problem at a time, the simplest first.
  if (issues.length === 0) {
    const weak = weakPasswordIssue(password, username, path);
    if (weak) issues.push(weak);
  }
  return issues;
}

/** zxcvbn's lowest acceptable score (0 too guessable … 4 very unguessable). */
export const PASSWORD_MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  // Built on first use: loading the dictionaries takes a few hundred milliseconds.
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  return estimator;
}

/** Too guessable: a low zxcvbn score, or mostly one entry of the common-password list. */
export function weakPasswordIssue(password: string, username?: string, path = 'password'): FieldIssue | null {
  const result = strength().check(password.slice(0, 100), [username ?? '', 'ceyuan', 'songjiang', 'g60']);
  const common = result.sequence.some(
    (m) =>
      m.pattern === 'dictionary' &&
      (m as { dictionaryName?: string }).dictionaryName === 'passwords-common' &&
      m.token.length * 2 >= password.length,
  );
  if (result.score >= PASSWORD_MIN_SCORE && !common) return null;
  return {
    path,
    rule: common ? 'password_common' : 'password_weak',
    zh: common
      ? '密码过于常见（在常用密码表中），请换一个'
      : `密码太容易被猜中（强度 ${result.score}/4，至少 ${PASSWORD_MIN_SCORE}），请加长或混用不相关的词`,
    en: common
      ? 'this password is on the list of common passwords: choose another'
      : `password too easy to guess (strength ${result.score}/4, at least ${PASSWORD_MIN_SCORE}): make it longer or mix unrelated words`,
  };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never authenticates.
    return false;
  }
}

/**
 * A hash of a random password, checked when the username does not exist, so that a login for an
 * unknown user takes as long as one with a wrong password (no user enumeration by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}-Aa1!`);
  return dummy;
}
