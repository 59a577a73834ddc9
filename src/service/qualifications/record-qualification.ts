/**
 * An officer records a certificate or listing (认定) for an organisation: the ledger works out the
 * event (granted — for the first time or again —, renewed, upgraded, downgraded, or corrected when
 * the same holding is entered again with other details). A tier reached for the first time raises its
 * reward decision (001·十) in the same transaction.
 */
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ApplyResult, applyOperations } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { organisationExists } from './read-ledger.ts';
import { recordInputSchema } from './schemas.ts';

export async function recordQualification(
  ctx: QualificationContext,
  user: SessionUser,
  body: unknown,
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(recordInputSchema, body);
  await organisationExists(ctx, input.organisationId);
  const { organisationId, ...op } = input;
  return applyOperations(
    ctx,
    user.username,
    [{ organisationId, op: { op: 'certify', ...op } }],
    { source: 'officer', sourceRef: null },
    {
      action: 'qualification.record',
      subject: `organisation:${organisationId}`,
      detail: { kind: input.kind, grantedOn: input.grantedOn },
    },
  );
}
