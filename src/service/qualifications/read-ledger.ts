/**
 * Reading the ledger: one firm's whole history (records, events, continuous periods per kind, where
 * it stands on each ladder at every year end — the tier timeline), the stock on any day, who held a
 * kind on a day, and the events of the whole ledger. An enterprise user reads its own firm only.
 */
import { addDays, type IsoDate, yearOf } from '../../core/dates.ts';
import { NotFoundError } from '../../core/errors.ts';
import {
  firstReached,
  heldOn,
  type LedgerRecord,
  positionOn,
  spans,
} from '../../core/qualifications/ledger.ts';
import type { Text } from '../../core/text.ts';
import { isUuid, OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { listEvents, recordsOf } from '../../storage/repositories/qualifications/ledger.ts';
import { listMembers } from '../../storage/repositories/qualifications/pools.ts';
import { holdersOn, stockOn } from '../../storage/repositories/qualifications/queries.ts';
import { listRewards } from '../../storage/repositories/qualifications/rewards.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, readableOrganisation, requireReader } from './context.ts';
import { rewardView } from './read-rewards.ts';
import { type EventView, eventView, labels, type RecordView, recordView } from './views.ts';

export async function organisationExists(ctx: QualificationContext, id: string) {
  const org = isUuid(id)
    ? await ctx.db
        .selectFrom('organisations')
        .select(['id', 'uscc', 'name', 'kind', 'city'])
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!org) throw new NotFoundError({ zh: '未找到该单位', en: 'no such organisation' });
  return org;
}

/** A record by id (any organisation: officers only call this). */
export async function recordOrThrow(ctx: QualificationContext, id: string): Promise<LedgerRecord> {
  const row = isUuid(id)
    ? await ctx.db
        .selectFrom('organisation_qualifications')
        .select('organisation_id')
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  const record = row
    ? (await recordsOf(ctx.db, [row.organisation_id])).get(row.organisation_id)?.find((r) => r.id === id)
    : undefined;
  if (!record) throw new NotFoundError({ zh: '未找到该资质记录', en: 'no such qualification record' });
  return record;
}

/** Year ends from `fromYear` to the date's year (the last point is the date itself when earlier). */
export function yearEnds(fromYear: number, date: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let y = fromYear; y <= yearOf(date); y++) out.push(`${y}-12-31` < date ? `${y}-12-31` : date);
  return out;
}

export interface LadderTimeline {
  ladder: string;
  label: Text;
  steps: { key: string; label: Text }[];
  /** Position today (−1: on no step) and at every year end since the first holding. */
  position: number;
  history: { date: string; position: number }[];
}

export async function readOrganisationLedger(
  ctx: QualificationContext,
  user: SessionUser,
  organisationId: string | undefined,
  date?: IsoDate,
) {
  const id = readableOrganisation(user, organisationId);
  const org = await organisationExists(ctx, id);
  const on = date ?? ctx.today();
  const records = (await recordsOf(ctx.db, [id])).get(id) ?? [];
  const [events, rewards, members] = await Promise.all([
    listEvents(ctx.db, { organisationId: id, limit: 1000, offset: 0 }),
    listRewards(ctx.db, { organisationId: id, limit: 100, offset: 0 }),
    listMembers(ctx.db, { organisationId: id, limit: 100, offset: 0 }),
  ]);
  const policy = ctx.policy;
  const l = labels(policy);
  const kinds = [...new Set(records.map((r) => r.kind))];
  const firstYear = records.length ? Math.min(...records.map((r) => yearOf(r.grantedOn))) : yearOf(on);
  const ends = yearEnds(firstYear, on);
  const ladders: LadderTimeline[] = policy.ladders.map((ladder) => ({
    ladder: ladder.id,
    label: ladder.label,
    steps: ladder.steps.map((s) => ({ key: s.key, label: s.label })),
    position: positionOn(records, ladder.steps, on),
    history: ends.map((d) => ({ date: d, position: positionOn(records, ladder.steps, d) })),
  }));
  const isEnterprise = user.role === 'enterprise';
  return {
    organisation: org,
    date: on,
    held: heldOn(records, on).map((r) => recordView(policy, r, on)),
    records: records.map((r) => recordView(policy, r, on)),
    events: events.rows.map((e) => eventView(policy, e)),
    periods: kinds.map((k) => ({
      kind: k,
      kindLabel: l.kindLabel(k),
      firstReached: firstReached(records, k),
      spans: spans(records, k),
    })),
    ladders,
    rewards: rewards.rows.map((r) => rewardView(ctx, r)),
    // An enterprise sees that it is being served, and by whom; not the officers' notes.
    pools: members.rows.map((m) => ({
      poolId: m.pool_id,
      poolName: m.pool_name,
      status: m.status,
      enrolledOn: m.enrolled_on,
      officer: m.officer_name ? { name: m.officer_name, department: m.officer_department } : null,
      ...(isEnterprise
        ? {}
        : { outcome: m.outcome, note: m.note, services: m.services, lastServiceOn: m.last_service_on }),
    })),
  };
}

/** The stock on a day: per kind (and level), the organisations holding it. */
export async function readStock(
  ctx: QualificationContext,
  user: SessionUser,
  q: { date?: IsoDate; city?: string | null },
) {
  requireReader(user);
  const date = q.date ?? ctx.today();
  const rows = await stockOn(ctx.db, { on: date, city: q.city ?? null });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const l = labels(ctx.policy);
  return {
    date,
    city: q.city ?? null,
    kinds: ctx.policy.kinds.map((k) => ({
      kind: k.code,
      label: k.label,
      holders: byCode.get(k.code)?.holders ?? 0,
      byLevel: Object.entries(byCode.get(k.code)?.byLevel ?? {}).map(([level, n]) => ({
        level,
        label: l.levelLabel(level),
        holders: n,
      })),
    })),
  };
}

/** Who held a kind on a day, page by page. */
export async function readHolders(
  ctx: QualificationContext,
  user: SessionUser,
  q: {
    kind: string;
    date?: IsoDate;
    city?: string | null;
    level?: string | null;
    q?: string | null;
    limit?: number;
    offset?: number;
  },
) {
  requireReader(user);
  const date = q.date ?? ctx.today();
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = Math.max(q.offset ?? 0, 0);
  const { rows, total } = await holdersOn(ctx.db, {
    code: q.kind,
    on: date,
    city: q.city ?? null,
    level: q.level ?? null,
    search: q.q ?? null,
    limit,
    offset,
  });
  const l = labels(ctx.policy);
  return {
    date,
    kind: q.kind,
    total,
    limit,
    offset,
    items: rows.map((r) => ({
      organisationId: r.organisation_id,
      uscc: r.uscc,
      name: r.name,
      city: r.city,
      recordId: r.record_id,
      title: l.title(q.kind, r.level, r.grade),
      level: r.level,
      grade: r.grade,
      certificateNo: r.certificate_no,
      issuer: r.issuer,
      grantedOn: r.valid_from,
      validTo: r.valid_to,
      expiresOn: r.expires_on,
      firstReached: r.first_reached,
    })),
  };
}

/** Events of the whole ledger (or one firm's, for its own enterprise user), newest first. */
export async function readEvents(
  ctx: QualificationContext,
  user: SessionUser,
  q: {
    organisationId?: string;
    from?: IsoDate;
    to?: IsoDate;
    kind?: string;
    event?: string;
    limit?: number;
    offset?: number;
  },
): Promise<{ items: EventView[]; total: number; limit: number; offset: number }> {
  const organisationId =
    user.role === 'enterprise' || q.organisationId ? readableOrganisation(user, q.organisationId) : undefined;
  if (!organisationId) requireReader(user);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = Math.max(q.offset ?? 0, 0);
  const { rows, total } = await listEvents(ctx.db, {
    organisationId,
    from: q.from,
    to: q.to,
    codes: q.kind ? [q.kind] : undefined,
    events: q.event ? [q.event] : undefined,
    limit,
    offset,
  });
  return { items: rows.map((e) => eventView(ctx.policy, e)), total, limit, offset };
}

/** The organisation by USCC, for forms that name a firm by its code. */
export async function organisationByUscc(ctx: QualificationContext, uscc: string) {
  const id = (await new OrganisationRepository(ctx.db).idsByUscc([uscc])).get(uscc);
  return id ?? null;
}

export type RecordViews = RecordView[];
export const dayAfter = (d: IsoDate) => addDays(d, 1);
