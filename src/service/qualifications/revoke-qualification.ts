/**
 * An officer records a revocation (取消资格, e.g. 《高新技术企业认定管理办法》第十九条): the holding ends the
 * day before it takes effect; revoked from its first day, it was never held and leaves the holdings
 * (the events keep it).
 */
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, applyOperations } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { recordOrThrow } from './read-ledger.ts';
import { revokeInputSchema } from './schemas.ts';

export async function revokeQualification(
  ctx: QualificationContext,
  user: SessionUser,
  recordId: string,
  body: unknown,
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(revokeInputSchema, body);
  const record = await recordOrThrow(ctx, recordId);
  return applyOperations(
    ctx,
    user.username,
    [
      {
        organisationId: record.organisationId,
        op: {
          op: 'revoke',
          kind: record.kind,
          on: input.on,
          reason: input.reason,
          grantedOn: record.grantedOn,
        },
      },
    ],
    { source: 'officer', sourceRef: null },
    {
      action: 'qualification.revoke',
      subject: `organisation:${record.organisationId}`,
      detail: { recordId, on: input.on, reason: input.reason },
    },
  );
}
