/** The sender withdraws an expression of interest while it is still pending. */
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { stepInterest } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function withdrawInterest(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  version?: number,
): Promise<InterestView> {
  return stepInterest(ctx, user, id, 'withdraw', { version });
}
