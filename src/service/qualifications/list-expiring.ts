/**
 * Qualifications running out in the next N days (90 / 180 …): each with its last day, days left,
 * whether a renewal is already recorded, and the firm's service officers. Officers filter by kind,
 * city and their own firms (`officerId`).
 */
import type { IsoDate } from '../../core/dates.ts';
import { daysBetween } from '../../core/qualifications/expiry.ts';
import { expiringWithin } from '../../storage/repositories/qualifications/queries.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireReader } from './context.ts';
import { labels } from './views.ts';

export interface ExpiringQuery {
  date?: IsoDate;
  within?: number;
  kind?: string;
  city?: string;
  officerId?: string;
  includeRenewed?: boolean;
  limit?: number;
  offset?: number;
}

export async function listExpiring(ctx: QualificationContext, user: SessionUser, q: ExpiringQuery) {
  requireReader(user);
  const date = q.date ?? ctx.today();
  const within = q.within ?? 90;
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 10_000);
  const offset = Math.max(q.offset ?? 0, 0);
  const { rows, total } = await expiringWithin(ctx.db, {
    date,
    days: within,
    codes: q.kind ? [q.kind] : null,
    city: q.city ?? null,
    officerId: q.officerId ?? null,
    includeRenewed: q.includeRenewed ?? false,
    limit,
    offset,
  });
  const l = labels(ctx.policy);
  return {
    date,
    within,
    total,
    limit,
    offset,
    items: rows.map((r) => ({
      organisationId: r.organisation_id,
      uscc: r.uscc,
      name: r.name,
      city: r.city,
      recordId: r.record_id,
      kind: r.code,
      title: l.title(r.code, r.level, r.grade),
      level: r.level,
      grade: r.grade,
      certificateNo: r.certificate_no,
      grantedOn: r.valid_from,
      lastDay: r.valid_to,
      daysLeft: daysBetween(date, r.valid_to),
      renewed: r.renewed,
      officers: r.officers ?? [],
    })),
  };
}
