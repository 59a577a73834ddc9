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

/** No valid session: log in first. */
export class NotAuthenticatedError extends CeyuanError {
  constructor(text: Text = { zh: '请先登录', en: 'please log in' }, details?: unknown) {
    super('NOT_AUTHENTICATED', text, details);
  }
}

/** Logged in, but the role may not do this. */
export class ForbiddenError extends CeyuanError {
  constructor(text: Text = { zh: '无权执行此操作', en: 'not allowed for your role' }, details?: unknown) {
    super('FORBIDDEN', text, details);
  }
}

/** Does not exist, or exists but is not visible to the caller (we do not say which). */
export class NotFoundError extends CeyuanError {
  constructor(text: Text = { zh: '未找到', en: 'not found' }, details?: unknown) {
    super('NOT_FOUND', text, details);
  }
}

/** The request contradicts the current state (a duplicate, a stale transition). */
export class ConflictError extends CeyuanError {
  constructor(text: Text, details?: unknown) {
    super('CONFLICT', text, details);
  }
}

/** A version the caller read is no longer current (optimistic concurrency): someone changed it meanwhile. */
export function staleError(): ConflictError {
  return new ConflictError({
    zh: '数据已被他人修改，请刷新后重试',
    en: 'it was changed by someone else: reload and try again',
  });
}

/**
 * A state table's refused step (`{ rule, text }`) as the one error shape: a missing reason is bad input
 * on `reason`, the wrong actor is forbidden, anything else a conflict carrying the rule.
 */
export function refusedStep(step: { rule: string; text: Text }): CeyuanError {
  if (step.rule === 'reason_required')
    return new InputError([{ path: 'reason', rule: 'required', zh: step.text.zh, en: step.text.en }]);
  if (step.rule === 'wrong_actor') return new ForbiddenError(step.text, { rule: step.rule });
  return new ConflictError(step.text, { rule: step.rule });
}

/** A cap, budget or stage total would be exceeded. */
export class LimitExceededError extends CeyuanError {
  constructor(text: Text, details?: unknown) {
    super('LIMIT_EXCEEDED', text, details);
  }
}

/** Too many failed logins: the account is locked until `until` (ISO instant). */
export class AccountLockedError extends CeyuanError {
  constructor(readonly until: string) {
    super(
      'ACCOUNT_LOCKED',
      {
        zh: `登录失败次数过多，账户已锁定至 ${until}`,
        en: `too many failed logins: account locked until ${until}`,
      },
      { until },
    );
  }
}

/**
 * An import file with row errors: nothing was imported. Same code as any bad input (400); the issues
 * carry the row and column. The message stays short however many rows are wrong.
 */
export class ImportRejectedError extends CeyuanError {
  constructor(
    readonly issues: (FieldIssue & { row: number; column: string })[],
    readonly rows: number,
  ) {
    const bad = new Set(issues.map((i) => i.row)).size;
    super(
      'INVALID_INPUT',
      {
        zh: `导入文件共 ${rows} 行，其中 ${bad} 行有错误，未导入任何数据（可选择只导入正确的行）`,
        en: `${bad} of ${rows} rows have errors: nothing was imported (you may import the valid rows only)`,
      },
      issues,
    );
  }
}

/** HTTP status for each stable error code; anything unlisted is a 500. */
export const HTTP_STATUS: Readonly<Record<string, number>> = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  NOT_AUTHENTICATED: 401,
  ACCOUNT_LOCKED: 423,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LIMIT_EXCEEDED: 422,
  // Applications and the ledger (src/core/ledger.ts, docs/workflow.md).
  NOT_ELIGIBLE: 422,
  OUT_OF_RANGE: 422,
  REASON_REQUIRED: 422,
  OVERLAP: 409,
  BUDGET_MISSING: 422,
  BUDGET_EXCEEDED: 422,
  BUDGET_BELOW_COMMITTED: 409,
  STAGES_INVALID: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  CATALOGUE_INVALID: 500,
};
