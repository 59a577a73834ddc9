/**
 * An officer records a revocation (取消资格, e.g. 《高新技术企业认定管理办法》第十九条): the holding ends the
 * day before it takes effect; revoked from its first day, it was never held and leaves the holdings
 * (the events keep it).
 */
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, changeRecord } from './apply-operations.ts';
import type { QualificationContext } from './context.ts';
import { revokeInputSchema } from './schemas.ts';

export async function revokeQualification(
  ctx: QualificationContext,
  user: SessionUser,
  recordId: string,
  body: unknown,
): Promise<ApplyResult> {
  return changeRecord(
    ctx,
    user,
    recordId,
    body,
    revokeInputSchema,
    'qualification.revoke',
    (record, input) => ({
      op: {
        op: 'revoke',
        kind: record.kind,
        on: input.on,
        reason: input.reason,
        grantedOn: record.grantedOn,
      },
      detail: { on: input.on, reason: input.reason },
    }),
  );
}
