/**
 * Publishes the approval for public notice (公示): N calendar days from today (the service's
 * default when the officer does not say), objections recorded up to and including the last day.
 */
import { noticeWindow } from '../../core/workflow.ts';
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function publishNotice(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  days: number | undefined,
  opts: TransitionOptions = {},
) {
  return transition(ctx, id, actor, 'publish_notice', opts, async (_tx, w) => {
    const window = noticeWindow(w.today, days ?? ctx.noticeDays);
    return {
      patch: { notice_starts_on: window.startsOn, notice_ends_on: window.endsOn },
      detail: { notice: window },
    };
  });
}
