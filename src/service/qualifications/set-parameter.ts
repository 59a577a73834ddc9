/**
 * An officer sets a local threshold (a parameter criterion, e.g. 瞪羚 营业收入增长率) with the document it
 * comes from — never a bare number: `source` is required. The value is typed in people's units (万元,
 * %, 人, 年) and kept in the metric's unit; every revision stays (history), and clearing it puts the
 * criterion back to “待…设定”. Thresholds a public rule prints cannot be set here.
 */
import { InputError, NotFoundError } from '../../core/errors.ts';
import { parameterFromInput } from '../../core/qualifications/criteria.ts';
import { formatMetric, METRICS } from '../../core/qualifications/metrics.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { appendParameter, parameterHistory } from '../../storage/repositories/qualifications/rewards.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, PARAMETER_ROLES, type QualificationContext, requireReader } from './context.ts';
import { parameterInputSchema } from './schemas.ts';

export { parameterInputSchema };

function parameterCriterion(ctx: QualificationContext, kind: string, criterion: string) {
  const c = ctx.policy.byCode.get(kind)?.criteria.find((x) => x.id === criterion);
  if (!c) throw new NotFoundError({ zh: '没有该资质条件', en: 'no such criterion' });
  if (c.rule.kind !== 'parameter')
    throw new InputError([
      {
        path: 'criterion',
        rule: 'not_a_parameter',
        zh: '该条件的标准由公开规定印明（或需审核认定），不能由经办人员设定',
        en: 'this criterion’s threshold is printed by a public rule (or left to a reviewer): it is not an officer parameter',
      },
    ]);
  return { criterion: c, metric: c.rule.metric };
}

export async function setParameter(
  ctx: QualificationContext,
  user: SessionUser,
  kind: string,
  criterion: string,
  body: unknown,
) {
  if (!(PARAMETER_ROLES as readonly string[]).includes(user.role))
    throw forbidden('只有审批人或管理员可以设定认定标准', 'only approvers and admins set thresholds');
  const { metric } = parameterCriterion(ctx, kind, criterion);
  const input = parseOrThrow(parameterInputSchema, body);
  let value: number | null = null;
  if (input.value !== null) {
    value = parameterFromInput(metric, input.value);
    if (value === null)
      throw new InputError([
        {
          path: 'value',
          rule: 'metric_value',
          zh: `数值格式不正确（单位：${{ fen: '万元', bp: '%', count: '人', years: '年' }[METRICS[metric].unit]}）`,
          en: `not a valid value in ${{ fen: '10k yuan', bp: 'percent', count: 'persons', years: 'years' }[METRICS[metric].unit]}`,
        },
      ]);
  }
  const at = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const r = await appendParameter(tx, {
      kind,
      criterion,
      value,
      source: input.source,
      note: input.note ?? null,
      set_by: user.username,
      set_at: at,
    });
    await ctx.record(tx, user.username, 'qualification.parameter', `criterion:${kind}.${criterion}`, {
      value,
      source: input.source,
      revision: r.revision,
    });
    return r;
  });
  return parameterView(row, METRICS[metric].unit);
}

function parameterView(
  r: {
    kind: string;
    criterion: string;
    revision: number;
    value: number | null;
    source: string;
    note: string | null;
    set_by: string;
    set_at: Date;
  },
  unit: 'fen' | 'bp' | 'count' | 'years',
) {
  return {
    kind: r.kind,
    criterion: r.criterion,
    revision: r.revision,
    value: r.value === null ? null : Number(r.value),
    valueText: r.value === null ? null : formatMetric(unit, Number(r.value)),
    source: r.source,
    note: r.note,
    setBy: r.set_by,
    setAt: new Date(r.set_at).toISOString(),
  };
}

export async function readParameterHistory(
  ctx: QualificationContext,
  user: SessionUser,
  kind: string,
  criterion: string,
) {
  requireReader(user);
  const { metric } = parameterCriterion(ctx, kind, criterion);
  return {
    items: (await parameterHistory(ctx.db, kind, criterion)).map((r) =>
      parameterView(r, METRICS[metric].unit),
    ),
  };
}
