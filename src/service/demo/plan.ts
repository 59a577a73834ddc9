/**
 * Demo observations for the plan dashboard (`serve --demo`). Every one is labelled: source "演示数据",
 * channel `demo`, `is_demo` — the dashboard, the public view and the report say so on every value.
 * These are NOT statistics of Songjiang: they are made up to show each kind of target in a different
 * state (on track, needs acceleration, a band without a width, a five-year sum behind its pace…).
 * Baselines stay 待补录: the demo fills observations only, never a baseline. Derived targets (valid
 * high-tech and 专精特新 firms) come from the demo registry itself. Periods not yet ended on the day
 * are left out; seeding is skipped when demo observations exist (idempotent). A scan on the day
 * records the statuses, so later changes alert.
 */
import type { Catalogue } from '../../core/catalogue/types.ts';
import { shanghaiDate } from '../../core/dates.ts';
import { hasEnded, parsePeriod } from '../../core/plan/periods.ts';
import type { Assessment } from '../../core/plan/status.ts';
import type { Plan } from '../../core/plan/types.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Db } from '../../storage/schema.ts';
import type { IdSource } from '../applications/ports.ts';
import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../clock.ts';
import { createMessageService } from '../messages/service.ts';
import { writeBatch } from '../plan/batch.ts';
import { DEMO_SOURCE } from '../plan/evaluate.ts';
import { scanPlan } from '../plan/scan-plan.ts';

type Row = [targetId: string, period: string, value: number | Assessment, comment?: string];

const DEMO_ROWS: Row[] = [
  ['rd-intensity', '2024', 5.1],
  ['rd-intensity', '2025', 5.3],
  ['tech-contract-turnover', '2024', 98],
  ['tech-contract-turnover', '2025', 112],
  ['sei-output-share', '2026-Q1', 51.2],
  ['sei-output-share', '2026-Q2', 49.8],
  ['sei-output-share', '2026-Q3', 47.6, '演示：区间宽度待责任部门设定'],
  ['digital-core-growth', '2024', 3.6],
  ['digital-core-growth', '2025', 4.2],
  ['high-level-talent', '2025', 960],
  ['high-level-talent', '2026-Q1', 210],
  ['high-level-talent', '2026-Q2', 260],
  ['high-level-talent', '2026-Q3', 240],
  ['high-value-patents', '2024', 38.5],
  ['high-value-patents', '2025', 40.1],
  ['new-listings', '2026-Q1', 1],
  ['new-listings', '2026-Q2', 0],
  ['new-listings', '2026-Q3', 1],
  ['hq-incubators', '2025', 0],
  ['talent-housing', '2025-Q4', 3.1],
  ['talent-housing', '2026-Q1', 3.25],
  ['talent-housing', '2026-Q2', 3.4],
  ['talent-housing', '2026-Q3', 3.48],
  ['cluster-scale', '2025', 'acceleration_needed', '演示：集群规模效应初显，需加快'],
];

export interface DemoPlan {
  observations: number;
  skipped?: string;
}

export async function seedDemoPlan(deps: {
  db: Db;
  plan: Plan;
  catalogue: Catalogue;
  clock: Clock;
  ids: IdSource;
  audit: AuditService;
}): Promise<DemoPlan> {
  if (await new PlanRepository(deps.db).hasDemoObservations())
    return { observations: 0, skipped: 'demo observations exist' };
  const today = shanghaiDate(deps.clock.now());
  const known = new Set(deps.plan.targets.map((t) => t.id));
  const rows = DEMO_ROWS.filter(([id, period]) => known.has(id) && hasEnded(parsePeriod(period)!, today)).map(
    ([targetId, period, value, comment], at) => ({
      targetId,
      at,
      input: {
        period,
        ...(typeof value === 'number' ? { value } : { assessment: value }),
        source: DEMO_SOURCE,
        comment: comment ?? '演示数据，非统计数据',
      },
    }),
  );
  const messages = createMessageService({ db: deps.db, clock: deps.clock, ids: deps.ids });
  const planDeps = { ...deps, messages };
  await writeBatch(
    planDeps,
    { id: null, name: 'system' },
    rows,
    { channel: 'demo', demo: true, today },
    async (tx, r) => {
      await deps.audit.append(tx, {
        actor: 'system',
        action: 'demo.seed_plan',
        subject: `plan:${deps.plan.document.code}`,
        detail: { created: r.created, source: DEMO_SOURCE },
      });
    },
  );
  await scanPlan(planDeps, { date: today, actor: 'system' });
  return { observations: rows.length };
}
