/** The pools with their target, rule in words, members by status and (on request) candidate counts. */
import type { IsoDate } from '../../core/dates.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import {
  getPool,
  listPools,
  memberCounts,
  type PoolRow,
} from '../../storage/repositories/qualifications/pools.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireReader } from './context.ts';
import { poolOrThrow, rankedPage, ruleText } from './find-candidates.ts';
import { labels } from './views.ts';

function poolView(
  ctx: QualificationContext,
  p: PoolRow,
  members: { active: number; graduated: number; left: number },
) {
  const l = labels(ctx.policy);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    target: {
      kind: p.target_kind,
      grade: p.target_grade,
      label: l.title(p.target_kind, null, p.target_grade),
    },
    rule: p.rule,
    ruleText: ruleText(ctx, p.rule),
    active: p.active,
    version: p.version,
    members,
    createdBy: p.created_by,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

export async function readPools(
  ctx: QualificationContext,
  user: SessionUser,
  q: { date?: IsoDate; counts?: boolean },
) {
  requireReader(user);
  const [pools, counts] = await Promise.all([listPools(ctx.db), memberCounts(ctx.db)]);
  const date = q.date ?? ctx.today();
  const items = [];
  for (const p of pools) {
    const view = poolView(ctx, p, counts.get(p.id) ?? { active: 0, graduated: 0, left: 0 });
    items.push(
      q.counts
        ? {
            ...view,
            candidates: (await rankedPage(ctx, ctx.db, p, date, { offset: 0, limit: 0 })).candidates,
          }
        : view,
    );
  }
  return { date, items };
}

export async function readPool(ctx: QualificationContext, user: SessionUser, id: string) {
  requireReader(user);
  const p = poolOrThrow(isUuid(id) ? await getPool(ctx.db, id) : undefined);
  const counts = await memberCounts(ctx.db);
  return poolView(ctx, p, counts.get(p.id) ?? { active: 0, graduated: 0, left: 0 });
}
