/**
 * Who may do what, in one table. Services call `authorise` before they touch anything; a refusal is
 * a ForbiddenError (audited by the HTTP layer). Visibility (an enterprise sees only its own
 * organisation) is enforced where the data is read, answering 404 rather than 403 so that the
 * existence of another organisation's records is not revealed.
 */
import { ForbiddenError } from '../../core/errors.ts';
import type { Role, SessionUser } from './types.ts';

export const PERMISSIONS = {
  /** Read every organisation in the registry (enterprise users read their own only). */
  'registry.read_all': ['reviewer', 'approver', 'admin', 'auditor'],
  /** Create, edit, delete and import organisations. */
  'registry.write': ['admin'],
  'users.manage': ['admin'],
  'users.read': ['admin', 'auditor'],
  'audit.read': ['admin', 'auditor'],
  /** Fill in the facts of a measure's 办事指南 that the policy text does not give. */
  'guides.write': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(user: Pick<SessionUser, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(user.role);
}

export function authorise(user: Pick<SessionUser, 'role'>, permission: Permission): void {
  if (!can(user, permission)) {
    throw new ForbiddenError(
      { zh: `当前角色无权执行此操作（${permission}）`, en: `your role may not do this (${permission})` },
      { permission, role: user.role },
    );
  }
}
