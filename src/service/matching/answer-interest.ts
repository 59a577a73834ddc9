/**
 * The receiver accepts (contacts become visible to both sides) or declines (with an optional note) an
 * expression of interest. The sender is told.
 */
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { stepInterest } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function answerInterest(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  decision: 'accept' | 'decline',
  opts: { note?: string | null; version?: number } = {},
): Promise<InterestView> {
  const note = opts.note?.trim() || null;
  return stepInterest(
    ctx,
    user,
    id,
    decision,
    { version: opts.version, detail: note ? { note } : {} },
    async ({ at }) => ({ answered_at: at, answered_by: user.id, answer_note: note }),
    async (tx, row) => {
      await ctx.notify(tx, {
        to: { organisationId: row.from_organisation_id },
        kind: 'matching.interest_answered',
        subject:
          decision === 'accept'
            ? {
                zh: '对方已接受您的对接意向，联系方式已交换',
                en: 'Your interest was accepted: contacts are shared',
              }
            : { zh: '对方婉拒了您的对接意向', en: 'Your interest was declined' },
        body: { zh: note ?? '', en: note ?? '' },
        link: `/matching/interests/${row.id}`,
        ref: `matching_interest:${row.id}`,
        dedupeKey: `matching.answer:${row.id}`,
      });
    },
  );
}
