/**
 * What every way of entering an observation shares (the form, the import, the API push): who may,
 * the rules a value must meet for its target, and writing a revision. Values are statistics in the
 * target's unit; the period must have ended; a derived target takes no typed-in value (the platform
 * computes it); a qualitative target takes an assessment instead of a number.
 */
import type { z } from 'zod';
import { shanghaiDate } from '../../core/dates.ts';
import {
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  InputError,
  NotFoundError,
} from '../../core/errors.ts';
import { hasEnded, parsePeriod } from '../../core/plan/periods.ts';
import type { Assessment } from '../../core/plan/status.ts';
import type { Plan, PlanTarget } from '../../core/plan/types.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Tx } from '../../storage/schema.ts';
import type { ObservationChannel } from '../../storage/tables/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { OFFICER_ROLES, STAFF_ROLES } from '../auth/types.ts';
import { type ObservationView, toObservationView } from './evaluate.ts';
import type { PlanDeps } from './ports.ts';
import type { observationInputSchema } from './schemas.ts';

export const READERS: ReadonlySet<string> = new Set(STAFF_ROLES);
export const WRITERS: ReadonlySet<string> = new Set(OFFICER_ROLES);
export const ADMINS = new Set(['admin']);

export function authorise(
  actor: Pick<Actor, 'role'>,
  roles: ReadonlySet<string>,
  what: { zh: string; en: string },
) {
  if (!roles.has(actor.role)) {
    throw new ForbiddenError(
      { zh: `当前角色无权${what.zh}`, en: `your role may not ${what.en}` },
      { role: actor.role, allowedRoles: [...roles] },
    );
  }
}

export function findTarget(plan: Plan, id: string): PlanTarget {
  const target = plan.targets.find((t) => t.id === id);
  if (!target) throw new NotFoundError({ zh: `规划中没有目标“${id}”`, en: `no target "${id}" in the plan` });
  return target;
}

export { observationInputSchema } from './schemas.ts';

export type ObservationInput = z.infer<typeof observationInputSchema>;

const issue = (path: string, rule: string, zh: string, en: string): FieldIssue => ({ path, rule, zh, en });

/** The rules a value must meet for its target on `today`; each broken rule names its field. */
export function checkObservation(
  plan: Plan,
  target: PlanTarget,
  input: ObservationInput,
  today: string,
  prefix = '',
): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (target.derived) {
    out.push(
      issue(
        `${prefix}targetId`,
        'derived_target',
        `“${target.title.zh}”由平台数据实时计算（${target.derived.label.zh}），不接受录入`,
        `"${target.title.en}" is derived live from platform data (${target.derived.label.en}); values cannot be entered`,
      ),
    );
    return out;
  }
  const p = parsePeriod(input.period);
  if (!p || p.kind === 'day') {
    out.push(
      issue(
        `${prefix}period`,
        'period_format',
        '期间格式应为 2027、2027-Q2 或 2027-05',
        'period must be a year (2027), a quarter (2027-Q2) or a month (2027-05)',
      ),
    );
  } else {
    const from = plan.document.baselinePeriod.from;
    const to = plan.document.targetYear;
    if (p.year < from || p.year > to)
      out.push(
        issue(
          `${prefix}period`,
          'period_range',
          `期间应在 ${from}–${to} 年之间`,
          `period must lie in ${from}–${to}`,
        ),
      );
    else if (!hasEnded(p, today))
      out.push(
        issue(
          `${prefix}period`,
          'period_not_ended',
          `期间 ${input.period} 尚未结束，不能录入`,
          `period ${input.period} has not ended yet`,
        ),
      );
  }
  if (target.kind === 'qualitative') {
    if (!input.assessment)
      out.push(
        issue(
          `${prefix}assessment`,
          'required',
          '定性目标须填写评估结论',
          'a qualitative target takes an assessment',
        ),
      );
    if (input.value !== undefined && input.value !== null)
      out.push(
        issue(`${prefix}value`, 'not_allowed', '定性目标不填数值', 'a qualitative target takes no value'),
      );
  } else {
    if (input.value === undefined || input.value === null)
      out.push(
        issue(
          `${prefix}value`,
          'required',
          `须填写数值（单位：${target.unit?.zh}）`,
          `a value is required (${target.unit?.en})`,
        ),
      );
    else if (Math.abs(input.value) > 1e12)
      out.push(issue(`${prefix}value`, 'too_big', '数值超出范围', 'value out of range'));
    else if (Number(input.value.toFixed(6)) !== input.value)
      out.push(issue(`${prefix}value`, 'decimals', '最多 6 位小数', 'at most 6 decimals'));
    if (input.assessment)
      out.push(
        issue(
          `${prefix}assessment`,
          'not_allowed',
          '数值型目标不填评估结论',
          'only qualitative targets take an assessment',
        ),
      );
  }
  return out;
}

export function today(deps: Pick<PlanDeps, 'clock'>): string {
  return shanghaiDate(deps.clock.now());
}

export type WriteMode = 'create' | 'revise' | 'upsert';

export interface WriteResult {
  outcome: 'created' | 'revised' | 'unchanged';
  observation: ObservationView;
}

const sameContent = (
  row: { value: string | null; assessment: string | null; source: string; comment: string },
  input: ObservationInput,
) =>
  (row.value === null ? null : Number(row.value)) === (input.value ?? null) &&
  row.assessment === (input.assessment ?? null) &&
  row.source === input.source &&
  row.comment === (input.comment ?? '');

/**
 * Writes one observation as a new revision, inside the caller's transaction (which holds the
 * target's lock). `create` refuses a period that has a different value; `revise` needs one; `upsert`
 * (import, API push) creates or revises. The same content again changes nothing: retries are harmless.
 */
export async function writeObservation(
  tx: Tx,
  deps: Pick<PlanDeps, 'clock' | 'ids'>,
  who: { id: string | null; name: string },
  targetId: string,
  input: ObservationInput,
  how: {
    mode: WriteMode;
    channel: ObservationChannel;
    reason?: string;
    expectedRevision?: number;
    importFile?: string;
    demo?: boolean;
  },
): Promise<WriteResult> {
  const repo = new PlanRepository(tx);
  const current = await repo.latestRevision(targetId, input.period);
  const live = current && !current.withdrawn ? current : undefined;
  // The same content again (a retried form, import or push) changes nothing, whatever the mode.
  if (live && sameContent(live, input) && how.expectedRevision === undefined)
    return { outcome: 'unchanged', observation: toObservationView(live) };
  if (how.mode === 'create' && live) {
    throw new ConflictError(
      {
        zh: `${input.period} 已有数值（第 ${live.revision} 版），请使用修订`,
        en: `${input.period} already has a value (revision ${live.revision}): revise it`,
      },
      { revision: live.revision },
    );
  }
  if (how.mode === 'revise' && !live) {
    throw new NotFoundError({
      zh: `${input.period} 尚无数值可修订`,
      en: `no value for ${input.period} to revise`,
    });
  }
  if (how.expectedRevision !== undefined && (live?.revision ?? 0) !== how.expectedRevision) {
    throw new ConflictError(
      {
        zh: `数值已被他人修订（当前第 ${live?.revision ?? 0} 版），请刷新后重试`,
        en: `the value was revised meanwhile (now revision ${live?.revision ?? 0}): reload and retry`,
      },
      { revision: live?.revision ?? 0 },
    );
  }
  if (live && sameContent(live, input)) return { outcome: 'unchanged', observation: toObservationView(live) };
  const revision = (current?.revision ?? 0) + 1;
  const fallback =
    how.mode === 'create'
      ? '撤回后重新录入'
      : how.importFile
        ? `导入 ${how.importFile}`
        : `${how.channel} 更新`;
  const reason = revision === 1 ? null : (how.reason ?? fallback);
  if (revision > 1 && how.mode === 'revise' && !how.reason) {
    throw new InputError([issue('reason', 'required', '修订须说明原因', 'a revision needs a reason')]);
  }
  const row = {
    id: deps.ids.next(),
    target_id: targetId,
    period: input.period,
    revision,
    value: input.value ?? null,
    assessment: input.assessment ?? null,
    source: input.source,
    comment: input.comment ?? '',
    reason,
    channel: how.channel,
    is_demo: how.demo ?? false,
    import_file: how.importFile ?? null,
    recorded_by: who.id,
    recorded_by_name: who.name,
    recorded_at: deps.clock.now(),
  };
  await repo.insertObservation(row);
  const written = await repo.latestRevision(targetId, input.period);
  return { outcome: live ? 'revised' : 'created', observation: toObservationView(written!) };
}

export type { Assessment };
