/**
 * A meeting (洽谈) between the two sides, recorded by either side or the assigned broker: its date and
 * a short note join the engagement's timeline. A broker's first meeting or note stops their clock.
 */
import { meetingSchema } from '../../core/matching/engagement.ts';
import { parseOrThrow } from '../../core/validation.ts';
import type { SessionUser } from '../auth/types.ts';
import { assertNotFuture, type MatchingContext } from './context.ts';
import { stepInterest } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function recordMeeting(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<InterestView> {
  const body = parseOrThrow(meetingSchema, raw);
  assertNotFuture('date', body.date, ctx.today());
  return stepInterest(
    ctx,
    user,
    id,
    'record_meeting',
    { version: body.version, detail: { date: body.date } },
    async ({ row, repo, at }) => {
      await repo.insertEvent({
        id: ctx.ids.next(),
        interest_id: row.id,
        kind: 'meeting',
        on_date: body.date,
        text: body.note,
        actor_id: user.id,
        actor_role: user.role,
        at,
      });
      return {
        meetings: row.meetings + 1,
        ...(user.role === 'broker' && row.broker_first_response_at === null
          ? { broker_first_response_at: at }
          : {}),
      };
    },
  );
}
