/**
 * An officer records a downgrade (降级): the tier ends the day before, the lower step, grade or level
 * starts that day (by default until the old expiry).
 */
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, applyOperations } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { recordOrThrow } from './read-ledger.ts';
import { downgradeInputSchema } from './schemas.ts';

export async function downgradeQualification(
  ctx: QualificationContext,
  user: SessionUser,
  recordId: string,
  body: unknown,
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(downgradeInputSchema, body);
  const record = await recordOrThrow(ctx, recordId);
  return applyOperations(
    ctx,
    user.username,
    [{ organisationId: record.organisationId, op: { op: 'downgrade', kind: record.kind, ...input } }],
    { source: 'officer', sourceRef: null },
    {
      action: 'qualification.downgrade',
      subject: `organisation:${record.organisationId}`,
      detail: { recordId, on: input.on, to: input.to, reason: input.reason },
    },
  );
}
