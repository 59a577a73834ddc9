/**
 * The plan's read-only port onto the ledger (src/service/plan/ports.ts QualificationCountPort;
 * DESIGN.md: plan ◀── read-only queries ── qualifications). 003's "有效期内高新技术企业累计达 3000 家" and
 * "市级以上专精特新企业达 1800 家" are stocks on a day: organisations holding any of the codes on it
 * (an early end — revocation, downgrade — already shortens the holding), optionally in a city and at
 * levels (“市级以上” = national, municipal). `forecast` is the cohort forecast to a year (valid now +
 * expected new − expiring + expected renewals) for a target's projected value. Never writes.
 */

import { qualificationPolicyFor } from '../../catalogue/load-qualifications.ts';
import type { Catalogue } from '../../core/catalogue/types.ts';
import type { IsoDate } from '../../core/dates.ts';
import { countValid } from '../../storage/repositories/qualifications/queries.ts';
import type { Executor } from '../../storage/schema.ts';
import { forecastOf } from './forecast-stock.ts';

export function ledgerQualificationPort(db: Executor) {
  return {
    countValid(q: {
      codes: readonly string[];
      city: string | null;
      on: IsoDate;
      levels?: readonly string[] | null;
    }): Promise<number> {
      return countValid(db, { codes: q.codes, on: q.on, city: q.city, levels: q.levels ?? null });
    },
  };
}

/** The cohort forecast of a kind to `toYear`, as of `on` (read only), by the catalogue's qualification policy. */
export function ledgerForecastPort(db: Executor, catalogue: Catalogue) {
  const ctx = { policy: qualificationPolicyFor(catalogue) };
  return {
    forecast(q: {
      kind: string;
      on: IsoDate;
      toYear: number;
      city: string | null;
      levels?: string[] | null;
    }) {
      return forecastOf(ctx, db, {
        kind: q.kind,
        date: q.on,
        toYear: q.toYear,
        city: q.city,
        levels: q.levels ?? null,
      });
    },
  };
}
