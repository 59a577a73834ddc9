/** An officer withdraws a holding entered in error (撤回): it leaves the holdings; its events stay. */
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, changeRecord } from './apply-operations.ts';
import type { QualificationContext } from './context.ts';
import { withdrawInputSchema } from './schemas.ts';

export async function withdrawQualification(
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
    withdrawInputSchema,
    'qualification.withdraw',
    (_record, input) => ({
      op: { op: 'withdraw', recordId, reason: input.reason },
      detail: { reason: input.reason },
    }),
  );
}
