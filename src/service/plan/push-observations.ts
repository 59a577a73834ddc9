/**
 * A statistics system pushes values by API (`POST /api/plan/observations`): up to 1,000 items, each a
 * target, a period, a value (or an assessment), its source and an optional comment and reason. All or
 * nothing: any bad item is a 400 naming `items.N.field`, and nothing is written. A period that has a
 * value is revised; the same content again is "unchanged", so a retried push is harmless. Audited as
 * `plan.push`.
 */
import { z } from 'zod';
import { type FieldIssue, InputError } from '../../core/errors.ts';
import { parseOrThrow, safeText } from '../../core/validation.ts';
import type { Actor } from '../applications/ports.ts';
import { writeBatch } from './batch.ts';
import { authorise, checkObservation, observationInputSchema, today, WRITERS } from './observations.ts';
import type { PlanDeps } from './ports.ts';

export const pushItemSchema = observationInputSchema.extend({
  targetId: safeText({ min: 1, max: 80 }),
  reason: safeText({ min: 1, max: 500, multiline: true })
    .optional()
    .describe('why a value that exists changes'),
});
export const pushInputSchema = z.object({ items: z.array(pushItemSchema).min(1).max(1000) }).strict();

export async function pushObservations(deps: PlanDeps, actor: Actor, raw: unknown) {
  authorise(actor, WRITERS, { zh: '推送规划监测数据', en: 'push plan observations' });
  const { items } = parseOrThrow(pushInputSchema, raw);
  const day = today(deps);
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const target = deps.plan.targets.find((t) => t.id === item.targetId);
    if (!target) {
      issues.push({
        path: `items.${i}.targetId`,
        rule: 'unknown_target',
        zh: `规划中没有目标“${item.targetId}”`,
        en: `no target "${item.targetId}" in the plan`,
      });
      return;
    }
    const { targetId: _t, reason: _r, ...input } = item;
    issues.push(...checkObservation(deps.plan, target, input, day, `items.${i}.`));
    const key = `${item.targetId}|${item.period}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      issues.push({
        path: `items.${i}.period`,
        rule: 'duplicate_in_request',
        zh: `与第 ${earlier} 项的指标和期间重复`,
        en: `same target and period as item ${earlier}`,
      });
    else seen.set(key, i);
  });
  if (issues.length > 0) throw new InputError(issues);
  const rows = items.map(({ targetId, reason, ...input }, at) => ({
    targetId,
    input,
    at,
    ...(reason && { reason }),
  }));
  return writeBatch(
    deps,
    { id: actor.id, name: actor.username },
    rows,
    { channel: 'api', today: day },
    async (tx, r) => {
      await deps.audit.append(tx, {
        actor: actor.username,
        action: 'plan.push',
        subject: null,
        detail: {
          items: items.length,
          created: r.created,
          revised: r.revised,
          unchanged: r.unchanged,
          written: r.results
            .filter((x) => x.outcome !== 'unchanged')
            .slice(0, 500)
            .map((x) => ({ target: x.targetId, period: x.period, revision: x.revision })),
        },
      });
    },
  );
}
