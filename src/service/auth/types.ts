/** A signed-in user as services see it (structurally the workflow's Actor: id, role, organisationId, username). */
import type { Role } from '../../storage/tables/auth-audit.ts';

export { ROLES } from '../../storage/tables/auth-audit.ts';
export type { Role };

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The one organisation an enterprise user acts for; null for officers and auditors. */
  organisationId: string | null;
}

/** 区科委 / 科创办 officers: they screen, review, approve and run lists, pools and plans. */
export const OFFICER_ROLES = ['reviewer', 'approver', 'admin'] as const satisfies readonly Role[];
/** Officers and the auditor, who reads all they do (every capability names the same staff). */
export const STAFF_ROLES = [...OFFICER_ROLES, 'auditor'] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  enterprise: { zh: '企业用户', en: 'enterprise user' },
  reviewer: { zh: '审核人', en: 'reviewer' },
  approver: { zh: '审批人', en: 'approver' },
  admin: { zh: '管理员', en: 'administrator' },
  auditor: { zh: '审计员（只读）', en: 'auditor (read-only)' },
  expert: { zh: '评审专家', en: 'expert' },
  broker: { zh: '技术经理人', en: 'technology broker' },
};
