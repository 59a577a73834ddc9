import { ConflictError } from '../../../core/errors.ts';

/**
 * An update guarded by the version read: no row back means someone changed it meanwhile — the one
 * error shape's 409, never a 500.
 */
export function written<T>(row: T | undefined): T {
  if (row === undefined)
    throw new ConflictError({
      zh: '数据已被他人修改，请刷新后重试',
      en: 'it was changed by someone else: reload and try again',
    });
  return row;
}
