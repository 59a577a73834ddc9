/**
 * The approver sends a recommendation back to review: the recommended amount and the reviewer are
 * cleared, so the next approval is judged on a new recommendation (and its reviewer).
 */
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function sendBack(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions) {
  return transition(ctx, id, actor, 'send_back', opts, async () => ({
    patch: { recommended_amount: null, recommended_by: null, recommended_reason: null },
  }));
}
