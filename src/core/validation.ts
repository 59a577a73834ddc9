/**
 * Turns a zod failure into field issues in zh and en. Zod's own locales word the standard rules;
 * a custom rule may carry its own pair in `params`.
 */
import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { type FieldIssue, InputError } from './errors.ts';

const zhCN = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

type RawIssue = Parameters<typeof zhCN>[0];

function word(map: typeof zhCN, issue: RawIssue): string {
  const out = map(issue);
  return typeof out === 'string' ? out : (out?.message ?? issue.message ?? '');
}

/** Options for a custom zod rule whose message exists in both languages, optionally with its own rule name. */
export function bilingual(zh: string, en: string, rule?: string) {
  return { message: en, params: rule ? { zh, en, rule } : { zh, en } };
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const params = (issue as { params?: { zh?: string; en?: string; rule?: string } }).params;
    if (issue.code === 'custom') {
      return {
        path,
        rule: params?.rule ?? 'custom',
        zh: params?.zh ?? issue.message,
        en: params?.en ?? issue.message,
      };
    }
    const raw = issue as unknown as RawIssue;
    return { path, rule: issue.code, zh: word(zhCN, raw), en: word(en, raw) };
  });
}

/** Parse or throw an InputError that names every bad field; nothing else happens on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw new InputError(fieldIssues(result.error));
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// The one set of rules for text and dates that comes from outside (HTTP, CLI, files).
//
// Every string a route accepts goes through `safeText()` (or is an enum / a fixed pattern), every date
// through `isoDate()`. The same rules run once more over every request part in the API's validator
// (`unsafeInputIssues`), so a field typed `z.unknown()` or `z.record(…)` cannot smuggle them in.
// Why: PostgreSQL text and jsonb refuse NUL; a lone surrogate cannot be encoded in UTF-8 and is
// silently replaced by the driver, so what was hashed would differ from what is stored; C0 control
// characters in a name are never meant and spoof logs and exports.
// ---------------------------------------------------------------------------------------------

/** What is wrong with a string by the text rules, or null when it is clean. */
export type TextFault = 'nul' | 'lone_surrogate' | 'control';

/**
 * One pass over the UTF-16 code units: NUL first, then a high surrogate not followed by a low one
 * (or a low one alone), then C0 controls and DEL (tab, LF and CR pass only in multi-line text).
 */
export function textFault(value: string, multiline = false): TextFault | null {
  let control = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return 'nul';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'lone_surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'lone_surrogate';
    } else if (c < 0x20 || c === 0x7f) {
      if (!(multiline && (c === 0x09 || c === 0x0a || c === 0x0d))) control = true;
    }
  }
  return control ? 'control' : null;
}

const FAULT_TEXT: Record<TextFault, { zh: string; en: string }> = {
  nul: { zh: '不能包含空字符（NUL）', en: 'must not contain NUL characters' },
  lone_surrogate: {
    zh: '不是有效的 Unicode 文本（含不成对的代理项）',
    en: 'is not well-formed Unicode (lone surrogate)',
  },
  control: { zh: '不能包含控制字符', en: 'must not contain control characters' },
};

export function textFaultIssue(path: string, fault: TextFault): FieldIssue {
  return { path, rule: `text_${fault}`, ...FAULT_TEXT[fault] };
}

export interface TextOptions {
  /** Fewest characters (after trimming when `trim`). Default 0. */
  min?: number;
  /** Most UTF-16 code units (after trimming). Required: every text has a bound. */
  max: number;
  /** Strip leading and trailing white space first (default true). */
  trim?: boolean;
  /** Allow tab, line feed and carriage return (default false). */
  multiline?: boolean;
}

/**
 * A string from outside, checked: well-formed Unicode, no NUL, no control characters (line breaks
 * only when `multiline`), between `min` and `max` long. Use it for every free-text field of a route
 * schema: `safeText({ max: 200 })`, `safeText({ min: 1, max: 4000, multiline: true })`.
 */
export function safeText(options: TextOptions) {
  const { min = 0, max, trim = true, multiline = false } = options;
  let s = z.string();
  if (trim) s = s.trim();
  return s
    .min(min)
    .max(max)
    .superRefine((value, c) => {
      const fault = textFault(value, multiline);
      if (fault)
        c.addIssue({
          code: 'custom',
          message: FAULT_TEXT[fault].en,
          params: { ...FAULT_TEXT[fault], rule: `text_${fault}` },
        });
    });
}

/** An ISO calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function isoDate() {
  return z
    .string()
    .max(10)
    .refine(
      isIsoDate,
      bilingual('须为有效的日历日期（YYYY-MM-DD）', 'must be a calendar date YYYY-MM-DD', 'date'),
    )
    .meta({ format: 'date' });
}

/** Limits the API applies to any request part, whatever its schema. */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays. */
  depth: 32,
  /** Issues reported at most (the rest are the same kind of fault). */
  issues: 50,
} as const;

/**
 * Every text-rule fault (NUL, lone surrogate; in values and in keys) and every nesting deeper than
 * INPUT_LIMITS.depth in a parsed request part, as field issues. Control characters are left to the
 * field's own schema (free text may allow line breaks). Empty when the value is clean.
 */
export function unsafeInputIssues(value: unknown, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  visitUnsafe(value, prefix.replace(/\.$/, ''), 0, issues);
  return issues;
}

// Module-level, not closures inside unsafeInputIssues: it runs on every request part, and closures
// made per call (each named by tsx's keepNames helper) cost as much as the walk. A path is built
// only for a nested object or an issue, not for every clean leaf.
function joinPath(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function checkString(v: string, path: string, key: string | number | null, issues: FieldIssue[]): void {
  const fault = textFault(v, true);
  if (fault === 'nul' || fault === 'lone_surrogate')
    issues.push(textFaultIssue(key === null ? path || '(root)' : joinPath(path, key), fault));
}

function visitUnsafe(v: unknown, path: string, depth: number, issues: FieldIssue[]): void {
  if (issues.length >= INPUT_LIMITS.issues) return;
  if (typeof v === 'string') {
    checkString(v, path, null, issues);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (depth >= INPUT_LIMITS.depth) {
    issues.push({
      path: path || '(root)',
      rule: 'too_deep',
      zh: `嵌套层数超过 ${INPUT_LIMITS.depth}`,
      en: `nested deeper than ${INPUT_LIMITS.depth} levels`,
    });
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) visitChild(v[i], path, i, depth, issues);
    return;
  }
  if (ArrayBuffer.isView(v)) return;
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const fault = textFault(key, true);
    if (fault === 'nul' || fault === 'lone_surrogate') {
      issues.push(textFaultIssue(joinPath(path, '(key)'), fault));
      continue;
    }
    visitChild((v as Record<string, unknown>)[key], path, key, depth, issues);
  }
}

function visitChild(
  item: unknown,
  path: string,
  key: string | number,
  depth: number,
  issues: FieldIssue[],
): void {
  if (issues.length >= INPUT_LIMITS.issues) return;
  if (typeof item === 'string') checkString(item, path, key, issues);
  else if (typeof item === 'object' && item !== null)
    visitUnsafe(item, joinPath(path, key), depth + 1, issues);
}
