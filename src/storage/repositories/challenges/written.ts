import { staleError } from '../../../core/errors.ts';

/**
 * An update guarded by the version read: no row back means someone changed it meanwhile — the one
 * error shape's 409, never a 500.
 */
export function written<T>(row: T | undefined): T {
  if (row === undefined) throw staleError();
  return row;
}
