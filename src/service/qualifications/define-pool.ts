/**
 * Officers define cultivation pools (高企培育库, 小巨人培育库, 种子选手 …): a name, the target qualification,
 * and an entry rule over the registry and the ledger (src/core/qualifications/pools.ts). Codes are
 * checked against the policy and the reference lists; a rule on a metric with no data source is
 * refused (it could never admit anyone). Creating and editing are audited.
 */
import type { z } from 'zod';
import { ConflictError, type FieldIssue, InputError, NotFoundError } from '../../core/errors.ts';
import { METRICS } from '../../core/qualifications/metrics.ts';
import { unavailableMetrics } from '../../core/qualifications/pools.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { isUuid } from '../../storage/repositories/organisations.ts';
import {
  getPool,
  insertPool,
  poolByName,
  updatePool,
} from '../../storage/repositories/qualifications/pools.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { poolInputSchema } from './schemas.ts';

export { poolInputSchema };

function checkCodes(ctx: QualificationContext, input: z.output<typeof poolInputSchema>): void {
  const ref = ctx.engine.catalogue.reference;
  const issues: FieldIssue[] = [];
  const known = (
    path: string,
    codes: readonly string[] | undefined,
    allowed: Set<string>,
    what: { zh: string; en: string },
  ) =>
    codes?.forEach((c, i) => {
      if (!allowed.has(c))
        issues.push({
          path: `${path}.${i}`,
          rule: 'unknown_code',
          zh: `未知${what.zh}“${c}”`,
          en: `unknown ${what.en} "${c}"`,
        });
    });
  const kinds = new Set(ctx.policy.kinds.map((k) => k.code));
  const target = ctx.policy.byCode.get(input.target.kind);
  if (!target)
    issues.push({ path: 'target.kind', rule: 'unknown_code', zh: '未知资质类型', en: 'unknown kind' });
  else if (input.target.grade && !target.grades.some((g) => g.code === input.target.grade))
    issues.push({
      path: 'target.grade',
      rule: 'unknown_code',
      zh: '该资质没有此等级',
      en: 'the kind has no such grade',
    });
  known('rule.holdsAny', input.rule.holdsAny, kinds, { zh: '资质类型', en: 'kind' });
  known('rule.holdsNone', input.rule.holdsNone, kinds, { zh: '资质类型', en: 'kind' });
  known('rule.cities', input.rule.cities, new Set(ref.cities.map((c) => c.code)), { zh: '城市', en: 'city' });
  known('rule.orgKinds', input.rule.orgKinds, new Set(ref.orgKinds.map((c) => c.code)), {
    zh: '单位类型',
    en: 'organisation kind',
  });
  known('rule.sectors', input.rule.sectors, new Set(ref.sectors.map((c) => c.code)), {
    zh: '产业领域',
    en: 'sector',
  });
  for (const m of unavailableMetrics(input.rule)) {
    const i = input.rule.metrics!.findIndex((x) => x.metric === m);
    issues.push({
      path: `rule.metrics.${i}.metric`,
      rule: 'no_data_source',
      zh: `“${METRICS[m].label.zh}”暂无数据来源，不能作为入库条件`,
      en: `“${METRICS[m].label.en}” has no data source yet and cannot be an entry condition`,
    });
  }
  if (issues.length) throw new InputError(issues);
}

function duplicateName(): ConflictError {
  return new ConflictError({ zh: '已有同名培育库', en: 'a pool with this name exists' }, [
    { path: 'name', rule: 'unique', zh: '已有同名培育库', en: 'a pool with this name exists' },
  ]);
}

export async function createPool(ctx: QualificationContext, user: SessionUser, body: unknown) {
  requireOfficer(user);
  const input = parseOrThrow(poolInputSchema, body);
  checkCodes(ctx, input);
  const id = ctx.ids.next();
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    if (await poolByName(tx, input.name)) throw duplicateName();
    await insertPool(tx, {
      id,
      name: input.name,
      description: input.description,
      target_kind: input.target.kind,
      target_grade: input.target.grade ?? null,
      rule: input.rule,
      active: input.active,
      created_by: user.username,
      created_at: at,
      updated_at: at,
    });
    await ctx.record(tx, user.username, 'qualification.pool.create', `pool:${id}`, {
      name: input.name,
      target: input.target,
      rule: input.rule,
    });
  });
  return id;
}

export async function editPool(ctx: QualificationContext, user: SessionUser, id: string, body: unknown) {
  requireOfficer(user);
  const input = parseOrThrow(poolInputSchema, body);
  checkCodes(ctx, input);
  await ctx.db.transaction().execute(async (tx) => {
    const before = isUuid(id) ? await getPool(tx, id) : undefined;
    if (!before) throw new NotFoundError({ zh: '未找到该培育库', en: 'no such pool' });
    const other = await poolByName(tx, input.name);
    if (other && other.id !== id) throw duplicateName();
    await updatePool(
      tx,
      id,
      {
        name: input.name,
        description: input.description,
        target_kind: input.target.kind,
        target_grade: input.target.grade ?? null,
        rule: input.rule,
        active: input.active,
      },
      ctx.clock.now(),
    );
    await ctx.record(tx, user.username, 'qualification.pool.edit', `pool:${id}`, {
      before: { name: before.name, target: before.target_kind, rule: before.rule, active: before.active },
      after: { name: input.name, target: input.target, rule: input.rule, active: input.active },
    });
  });
  return id;
}
