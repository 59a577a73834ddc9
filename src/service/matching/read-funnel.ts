/**
 * The funnel for officers (listings → matches → contacts → contracts → funded projects) by month,
 * quarter or year, optionally by city, over a date range (Shanghai dates): the dated events from the
 * database, the maths in src/core/matching/funnel.ts.
 */
import { addDays } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import {
  type Funnel,
  type FunnelEvent,
  type FunnelStage,
  funnel,
  type Granularity,
} from '../../core/matching/funnel.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isOfficer, type MatchingContext } from './context.ts';

export interface FunnelQuery {
  from: string;
  to: string;
  by: Granularity;
  byCity: boolean;
}

/** Shanghai midnight of a date, as an instant (UTC+8, no daylight saving). */
export const shanghaiStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

export async function funnelOf(executor: Executor, q: FunnelQuery): Promise<Funnel> {
  if (q.from > q.to)
    throw new InputError([
      { path: 'query.to', rule: 'date_order', zh: '结束日期早于开始日期', en: 'to is before from' },
    ]);
  const rows = await new MatchingRepository(executor).funnelEvents(
    shanghaiStart(q.from),
    shanghaiStart(addDays(q.to, 1)),
  );
  const events: FunnelEvent[] = rows.map((r) => ({
    stage: r.stage as FunnelStage,
    date: r.date,
    city: r.city,
    ...(r.amount !== null ? { amount: r.amount } : {}),
  }));
  return funnel(events, q);
}

export async function readFunnel(ctx: MatchingContext, user: SessionUser, q: FunnelQuery): Promise<Funnel> {
  if (!isOfficer(user) && user.role !== 'auditor')
    throw forbidden({ zh: '仅审核人员和审计员', en: 'officers and auditors only' });
  return funnelOf(ctx.db, q);
}
