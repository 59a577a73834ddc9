/**
 * One error hierarchy for the whole platform. Every error has a stable `code` (for clients and
 * tests) and a message in zh and en (for people). The HTTP layer maps codes to status codes.
 */
import type { Text } from './text.ts';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "applicant.city" or "matters.0.figures.bidAmount". */
  path: string;
  /** The rule that failed, stable for clients: "invalid_enum", "too_small", "custom", … */
  rule: string;
  zh: string;
  en: string;
}

export class CeyuanError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** Bad input: names each field and rule; nothing was computed or changed. */
export class InputError extends CeyuanError {
  constructor(readonly issues: FieldIssue[]) {
    super(
      'INVALID_INPUT',
      {
        zh: `输入有误：${issues.map((i) => `${i.path}：${i.zh}`).join('；')}`,
        en: `Invalid input: ${issues.map((i) => `${i.path}: ${i.en}`).join('; ')}`,
      },
      issues,
    );
  }
}

export interface CatalogueIssue {
  file: string;
  path: string;
  rule: string;
}

/** A policy file that does not validate: names the file, the path inside it and the rule. */
export class CatalogueError extends CeyuanError {
  constructor(readonly issues: CatalogueIssue[]) {
    super(
      'CATALOGUE_INVALID',
      {
        zh: `政策目录校验失败：\n${issues.map((i) => `  ${i.file} ${i.path}: ${i.rule}`).join('\n')}`,
        en: `Catalogue does not validate:\n${issues.map((i) => `  ${i.file} ${i.path}: ${i.rule}`).join('\n')}`,
      },
      issues,
    );
  }
}
