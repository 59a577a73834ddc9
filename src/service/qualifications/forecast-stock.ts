/**
 * The cohort forecast of a kind's stock to a year (default 2030, the 十五五 plan's end): valid now +
 * expected new − expiring + expected renewals, year by year, with the rates it assumed (from the
 * ledger's history, or given). The plan-monitoring capability reads it through plan-port.ts.
 */
import type { IsoDate } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { cohortForecast } from '../../core/qualifications/forecast.ts';
import { cohortFigures } from '../../storage/repositories/qualifications/queries.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireReader } from './context.ts';

export interface ForecastQuery {
  kind: string;
  date?: IsoDate;
  toYear?: number;
  city?: string | null;
  levels?: string[] | null;
  newPerYear?: number;
  renewalRate?: number;
  validityYears?: number;
  lookBackYears?: number;
}

export async function forecastOf(
  ctx: Pick<QualificationContext, 'policy'>,
  ex: Executor,
  q: ForecastQuery & { date: IsoDate },
) {
  const kind = ctx.policy.byCode.get(q.kind);
  if (!kind)
    throw new InputError([
      {
        path: 'query.kind',
        rule: 'unknown_kind',
        zh: `未知资质类型“${q.kind}”`,
        en: `unknown kind "${q.kind}"`,
      },
    ]);
  const lookBackYears = q.lookBackYears ?? 3;
  const figures = await cohortFigures(ex, {
    codes: [q.kind],
    on: q.date,
    city: q.city ?? null,
    levels: q.levels ?? null,
    lookBackYears,
  });
  const rule = kind.validity.kind === 'years' ? kind.validity.years : null;
  const forecast = cohortForecast(
    {
      date: q.date,
      validNow: figures.validNow,
      expiringByYear: figures.expiringByYear,
      newByYear: figures.newByYear,
      ranOut: figures.ranOut,
      renewed: figures.renewed,
      validityYears: rule ?? figures.observedYears,
      validitySource: rule ? 'rule' : figures.observedYears ? 'observed' : null,
    },
    {
      toYear: q.toYear ?? 2030,
      lookBackYears,
      ...(q.newPerYear !== undefined && { newPerYear: q.newPerYear }),
      ...(q.renewalRate !== undefined && { renewalRate: q.renewalRate }),
      ...(q.validityYears !== undefined && { validityYears: q.validityYears }),
    },
  );
  return {
    kind: q.kind,
    label: kind.label,
    date: q.date,
    city: q.city ?? null,
    levels: q.levels ?? null,
    validNow: figures.validNow,
    expiringByYear: [...figures.expiringByYear]
      .sort((a, b) => a[0] - b[0])
      .map(([year, count]) => ({ year, count })),
    newByYear: [...figures.newByYear].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
    forecast,
  };
}

export async function forecastStock(ctx: QualificationContext, user: SessionUser, q: ForecastQuery) {
  requireReader(user);
  return forecastOf(ctx, ctx.db, { ...q, date: q.date ?? ctx.today() });
}
