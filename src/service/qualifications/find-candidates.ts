/**
 * A pool's candidates on a day: the firms its rule admits, each with its distance to the target
 * qualification criterion by criterion (“R&D 占比 3.1%，需 ≥ 5%”), closest first (fewest unmet
 * criteria, then the smallest shortfall, then the name), with whether it is already a member and its
 * officer. The database selects and ranks (src/storage/repositories/qualifications/pools.ts, with the
 * core's closeness compiled to SQL); ties by name, and the distances, are the core's and Node's.
 */
import type { IsoDate } from '../../core/dates.ts';
import { NotFoundError } from '../../core/errors.ts';
import {
  type CriterionDistance,
  closenessTerms,
  closenessTo,
  distanceTo,
} from '../../core/qualifications/criteria.ts';
import { type Metrics, metricsOf, referenceYear } from '../../core/qualifications/metrics.ts';
import { describePoolRule, type PoolRule } from '../../core/qualifications/pools.ts';
import type { Text } from '../../core/text.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import {
  type CandidateRow,
  candidateRows,
  getPool,
  listMembers,
  type PoolRow,
  poolCandidates,
  type RankedRow,
  rankedCandidates,
  targetOn,
} from '../../storage/repositories/qualifications/pools.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireReader } from './context.ts';
import { labels } from './views.ts';

export interface Candidate {
  organisationId: string;
  uscc: string;
  name: string;
  city: string;
  unmet: number;
  distance: CriterionDistance[];
  /** Holds the target already (a renewal pool), and until when. */
  targetHeld: boolean;
  targetLastDay: string | null;
  member: { status: string; officerId: string | null; officerName: string | null } | null;
}

export function poolOrThrow(row: PoolRow | undefined): PoolRow {
  if (!row) throw new NotFoundError({ zh: '未找到该培育库', en: 'no such pool' });
  return row;
}

export function ruleText(ctx: QualificationContext, rule: PoolRule): Text {
  const ref = ctx.engine.catalogue.reference;
  const l = labels(ctx.policy);
  return describePoolRule(rule, (domain, code) => {
    if (domain === 'qualification') return l.kindLabel(code);
    const list = domain === 'city' ? ref.cities : domain === 'orgKind' ? ref.orgKinds : ref.sectors;
    const x = list.find((c) => c.code === code);
    return x ? { zh: x.zh, en: x.en } : { zh: code, en: code };
  });
}

/** A candidate ranked by closeness, its distance and target not looked up yet (`details` does). */
export interface RankedCandidate
  extends Omit<Candidate, 'member' | 'distance' | 'targetHeld' | 'targetLastDay'> {
  key: [number, number];
  metrics: Metrics;
}

/** The metrics of a candidate's row (the reference year's figures and the two years' before). */
function metricsFrom(r: CandidateRow, year: number): Metrics {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return metricsOf(
    [
      { year, revenue: num(r.y0_revenue), rdExpense: num(r.y0_rd), employees: num(r.y0_employees) },
      { year: year - 1, revenue: num(r.y1_revenue), rdExpense: num(r.y1_rd), employees: null },
      { year: year - 2, revenue: num(r.y2_revenue), rdExpense: num(r.y2_rd), employees: null },
    ],
    year,
  );
}

/** Chinese collation for ties, one collator for every comparison (localeCompare(…, 'zh') builds one a call). */
const zh = new Intl.Collator('zh');

/**
 * Every candidate ranked closest first (fewest unmet criteria, then the smallest shortfall, then the
 * name), with its key but without its distance: the page and the export build the distances they
 * show (`withDistance`), so a pool of a hundred thousand candidates does not build eight sentences
 * for each.
 */
export async function candidatesOf(ctx: QualificationContext, ex: Executor, pool: PoolRow, date: IsoDate) {
  const year = referenceYear(date);
  const [rows, params] = await Promise.all([
    poolCandidates(ex, { rule: pool.rule, target: pool.target_kind, day: date, year }),
    ctx.parameters(ex),
  ]);
  const target = ctx.policy.byCode.get(pool.target_kind)!;
  const items: RankedCandidate[] = [];
  for (const r of rows) {
    const metrics = metricsFrom(r, year);
    const key = closenessTo(target, metrics, params);
    if (pool.rule.maxUnmet !== undefined && key[0] > pool.rule.maxUnmet) continue;
    items.push({
      organisationId: r.id,
      uscc: r.uscc,
      name: r.name,
      city: r.city,
      unmet: key[0],
      key,
      metrics,
    });
  }
  items.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || zh.compare(a.name, b.name));
  /** The candidates a page or an export shows, with their distance and whether they hold the target. */
  const details = async (shown: readonly RankedCandidate[]): Promise<Omit<Candidate, 'member'>[]> => {
    const held = await targetOn(ex, {
      ids: shown.map((i) => i.organisationId),
      target: pool.target_kind,
      day: date,
    });
    return shown.map((i) => ({
      organisationId: i.organisationId,
      uscc: i.uscc,
      name: i.name,
      city: i.city,
      unmet: i.unmet,
      distance: distanceTo(ctx.policy, target, i.metrics, params),
      targetHeld: held.get(i.organisationId)?.held ?? false,
      targetLastDay: held.get(i.organisationId)?.last ?? null,
    }));
  };
  return { year, items, details };
}

/** Chinese collation of the names, then the id: how candidates with the same closeness are ordered. */
function tieOrder(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return zh.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The first `m` of `items` in `order`, sorted. A pool's first page needs 50 of tens of thousands of
 * ties, and each comparison of two names is a collation: keeping the best `m` seen so far compares
 * most items once (with the worst kept), where a full sort compares each some fifteen times.
 */
export function firstOf<T>(items: readonly T[], m: number, order: (a: T, b: T) => number): T[] {
  if (m <= 0) return [];
  if (m * 8 >= items.length) return [...items].sort(order).slice(0, m);
  const kept: T[] = [];
  for (const x of items) {
    if (kept.length === m && order(x, kept[m - 1]!) >= 0) continue;
    // Binary search for the first kept item after x (equal items keep their arrival order).
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(x, kept[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    kept.splice(lo, 0, x);
    if (kept.length > m) kept.pop();
  }
  return kept;
}

/**
 * One page of a pool's candidates, ranked as `candidatesOf` ranks them, without bringing the pool into
 * memory: the database ranks every candidate by closeness (closenessSql, equal to the core's
 * closenessTo) and hands back the counts and the candidates of the closeness groups the page reaches
 * into; ties within a group are put in order here (names in Chinese collation, then the id, as the
 * stable sort of the ids-ordered list does), and only the page's candidates get their figures read and
 * their distance built by the core.
 */
export async function rankedPage(
  ctx: QualificationContext,
  ex: Executor,
  pool: PoolRow,
  date: IsoDate,
  q: { unmet?: number; offset: number; limit: number },
) {
  const year = referenceYear(date);
  const params = await ctx.parameters(ex);
  const target = ctx.policy.byCode.get(pool.target_kind)!;
  const r = await rankedCandidates(ex, {
    rule: pool.rule,
    target: pool.target_kind,
    day: date,
    year,
    terms: closenessTerms(target, params),
    ...(q.unmet === undefined ? {} : { unmet: q.unmet }),
    offset: q.offset,
    limit: q.limit,
  });
  const order = (a: RankedRow, b: RankedRow) =>
    a.unmet - b.unmet || a.relative - b.relative || tieOrder(a, b);
  const page = firstOf(r.rows, q.offset - r.before + q.limit, order).slice(q.offset - r.before);
  const ids = page.map((i) => i.id);
  const [rows, held] = await Promise.all([
    candidateRows(ex, { ids, year }),
    targetOn(ex, { ids, target: pool.target_kind, day: date }),
  ]);
  const byId = new Map(rows.map((x) => [x.id, x]));
  const items: Omit<Candidate, 'member'>[] = page.map((i) => {
    const row = byId.get(i.id)!;
    return {
      organisationId: i.id,
      uscc: row.uscc,
      name: row.name,
      city: row.city,
      unmet: i.unmet,
      distance: distanceTo(ctx.policy, target, metricsFrom(row, year), params),
      targetHeld: held.get(i.id)?.held ?? false,
      targetLastDay: held.get(i.id)?.last ?? null,
    };
  });
  return { year, candidates: r.candidates, byUnmet: r.byUnmet, total: r.total, items };
}

export async function findCandidates(
  ctx: QualificationContext,
  user: SessionUser,
  poolId: string,
  q: { date?: IsoDate; limit?: number; offset?: number; unmet?: number },
) {
  requireReader(user);
  const pool = poolOrThrow(isUuid(poolId) ? await getPool(ctx.db, poolId) : undefined);
  const date = q.date ?? ctx.today();
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = Math.max(q.offset ?? 0, 0);
  const { year, candidates, byUnmet, total, items } = await rankedPage(ctx, ctx.db, pool, date, {
    ...(q.unmet === undefined ? {} : { unmet: q.unmet }),
    offset,
    limit,
  });
  const members = await listMembers(ctx.db, {
    poolId,
    organisationIds: items.map((i) => i.organisationId),
    limit: items.length,
    offset: 0,
  });
  const byOrg = new Map(members.rows.map((m) => [m.organisation_id, m]));
  return {
    pool: {
      id: pool.id,
      name: pool.name,
      target: { kind: pool.target_kind, grade: pool.target_grade },
      rule: pool.rule,
      ruleText: ruleText(ctx, pool.rule),
    },
    date,
    referenceYear: year,
    total,
    candidates,
    byUnmet,
    limit,
    offset,
    items: items.map((i) => {
      const m = byOrg.get(i.organisationId);
      return {
        ...i,
        member: m ? { status: m.status, officerId: m.officer_id, officerName: m.officer_name } : null,
      };
    }),
  };
}
