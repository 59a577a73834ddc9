/** An officer withdraws a holding entered in error (撤回): it leaves the holdings; its events stay. */
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, applyOperations } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { recordOrThrow } from './read-ledger.ts';
import { withdrawInputSchema } from './schemas.ts';

export async function withdrawQualification(
  ctx: QualificationContext,
  user: SessionUser,
  recordId: string,
  body: unknown,
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(withdrawInputSchema, body);
  const record = await recordOrThrow(ctx, recordId);
  return applyOperations(
    ctx,
    user.username,
    [{ organisationId: record.organisationId, op: { op: 'withdraw', recordId, reason: input.reason } }],
    { source: 'officer', sourceRef: null },
    {
      action: 'qualification.withdraw',
      subject: `organisation:${record.organisationId}`,
      detail: { recordId, reason: input.reason },
    },
  );
}
