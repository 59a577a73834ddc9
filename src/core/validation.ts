/**
 * Turns a zod failure into field issues in zh and en. Zod's own locales word the standard rules;
 * a custom rule may carry its own pair in `params`.
 */
import { z } from 'zod';
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
