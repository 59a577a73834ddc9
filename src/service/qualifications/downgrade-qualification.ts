/**
 * An officer records a downgrade (降级): the tier ends the day before, the lower step, grade or level
 * starts that day (by default until the old expiry).
 */
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, changeRecord } from './apply-operations.ts';
import type { QualificationContext } from './context.ts';
import { downgradeInputSchema } from './schemas.ts';

export async function downgradeQualification(
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
    downgradeInputSchema,
    'qualification.downgrade',
    (record, input) => ({
      op: { op: 'downgrade', kind: record.kind, ...input },
      detail: { on: input.on, to: input.to, reason: input.reason },
    }),
  );
}
