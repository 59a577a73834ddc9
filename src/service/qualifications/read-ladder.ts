/**
 * The ladder chart: per ladder, firms on each step at every year end (a funnel over time) and the
 * movements from one year end to the next (a Sankey: entered, up, same, down, left).
 */
import type { IsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { funnelPoint, MOVEMENT_LABELS, transitions } from '../../core/qualifications/ladder.ts';
import { ladderCounts, ladderTransitions } from '../../storage/repositories/qualifications/queries.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireReader } from './context.ts';
import { yearEnds } from './read-ledger.ts';

export async function readLadder(
  ctx: QualificationContext,
  user: SessionUser,
  q: { ladder?: string; fromYear?: number; date?: IsoDate; city?: string | null },
) {
  requireReader(user);
  const date = q.date ?? ctx.today();
  const ladder = ctx.policy.ladders.find((l) => l.id === (q.ladder ?? ctx.policy.ladders[0]!.id));
  if (!ladder)
    throw new InputError([
      {
        path: 'query.ladder',
        rule: 'unknown_ladder',
        zh: '没有该梯度',
        en: `no such ladder; known: ${ctx.policy.ladders.map((l) => l.id).join(', ')}`,
      },
    ]);
  const fromYear = q.fromYear ?? Number(date.slice(0, 4)) - 5;
  const dates = yearEnds(fromYear, date);
  const funnel = [];
  for (const d of dates)
    funnel.push(funnelPoint(ladder, d, await ladderCounts(ctx.db, ladder.steps, d, q.city)));
  const moves = [];
  for (let i = 1; i < dates.length; i++) {
    const pairs = await ladderTransitions(ctx.db, ladder.steps, dates[i - 1]!, dates[i]!, q.city);
    moves.push(transitions(ladder, dates[i - 1]!, dates[i]!, pairs));
  }
  return {
    ladder: { id: ladder.id, label: ladder.label, exclusive: ladder.exclusive, citation: ladder.citation },
    ladders: ctx.policy.ladders.map((l) => ({ id: l.id, label: l.label })),
    steps: ladder.steps.map((s) => ({
      key: s.key,
      kind: s.kind,
      grade: s.grade,
      level: s.level,
      label: s.label,
    })),
    date,
    city: q.city ?? null,
    funnel,
    transitions: moves,
    movementLabels: MOVEMENT_LABELS,
  };
}
