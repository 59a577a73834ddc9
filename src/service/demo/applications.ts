/**
 * Demo applications, one in each interesting state, so that `npm start` shows the workflow: a
 * draft, a submitted one, one under review, one approved and in public notice (公示), and one
 * partially paid. They are made through the application service (so every row, decision, ledger
 * entry and audit line is what real use would write), with a clock that walks from 40 days ago to
 * today. The applicant must be an enterprise in the G60 corridor (the demo registry's first firm).
 */
import { addDays, shanghaiDate, yearOf } from '../../core/dates.ts';
import { windowOn } from '../../core/engine/window.ts';
import { wanToFen } from '../../core/money.ts';
import type { Actor, ApplicationDeps, Clock } from '../applications/ports.ts';
import { createApplicationService } from '../applications/service.ts';
import { createLedgerService } from '../ledger/service.ts';

export interface DemoCast {
  /** An enterprise user of a firm in the corridor (000·二/三/五/七 apply to it). */
  enterprise: Actor;
  reviewer: Actor;
  approver: Actor;
  /** Publishes notices, schedules and pays stages, sets the budget. */
  admin: Actor;
}

export interface DemoApplications {
  skipped?: string;
  applications: { id: string; state: string; measureId: string; title: string }[];
}

/** A clock that the seeding moves forward day by day (noon in Shanghai). */
class WalkingClock implements Clock {
  private day: string;
  constructor(day: string) {
    this.day = day;
  }
  set(day: string) {
    this.day = day;
  }
  now(): Date {
    return new Date(`${this.day}T04:00:00Z`);
  }
}

export async function seedDemoApplications(
  deps: Omit<ApplicationDeps, 'clock'> & { clock: Clock },
  cast: DemoCast,
): Promise<DemoApplications> {
  const today = shanghaiDate(deps.clock.now());
  const start = addDays(today, -40);
  const doc = deps.engine.catalogue.documents.find((d) => d.code === '000');
  if (!doc || !windowOn(doc, start, {}).inForce || !windowOn(doc, today, {}).inForce) {
    return { skipped: `document 000 is not in force from ${start} to ${today}`, applications: [] };
  }
  const clock = new WalkingClock(start);
  const at = (offset: number) => clock.set(addDays(start, offset));
  const svc = createApplicationService({ ...deps, clock });
  const ledger = createLedgerService({ db: deps.db, engine: deps.engine, clock, audit: deps.audit });
  const { enterprise, reviewer, approver, admin } = cast;
  const made: DemoApplications['applications'] = [];
  const keep = (v: { id: string; state: string; measureId: string; title: string }) => {
    made.push({ id: v.id, state: v.state, measureId: v.measureId, title: v.title });
  };

  // The special fund for this year (and the start's year, if the window spans New Year).
  for (const year of new Set([yearOf(start), yearOf(today)])) {
    const current = await ledger.getBudget(admin, '000', year);
    if (current.amount === null)
      await ledger.setBudget(admin, { fund: '000', year, amount: wanToFen(50_000) });
  }

  // Partially paid: an innovation consortium (000·三), ceiling 30% of 60m yuan R&D = 18m yuan,
  // recommended at the ceiling, paid in the 3 stages the workflow proposes (分阶段).
  at(0);
  let consortium = await svc.create(enterprise, {
    measureId: '000·三',
    title: '长三角新能源汽车电驱动系统创新联合体',
    requestedAmount: wanToFen(1800),
    matter: {
      id: 'DEMO-CONSORTIUM-01',
      type: 'consortium',
      partners: [
        { kind: 'university', city: 'hangzhou', name: '浙江大学' },
        { kind: 'enterprise', city: 'suzhou', name: '苏州某电机企业' },
      ],
      figures: { rdInput: wanToFen(6000) },
    },
    attachments: [
      { name: '联合体协议.pdf', type: 'application/pdf', size: 482_113 },
      { name: '研发投入专项审计报告.pdf', type: 'application/pdf', size: 1_203_884 },
    ],
  });
  await svc.submit(enterprise, consortium.id);
  at(2);
  await svc.accept(reviewer, consortium.id);
  at(3);
  await svc.startReview(reviewer, consortium.id);
  at(10);
  await svc.recommend(reviewer, consortium.id, wanToFen(1800));
  at(12);
  await svc.approve(approver, consortium.id);
  at(13);
  await svc.publishNotice(admin, consortium.id, 7);
  at(20);
  await svc.closeNotice(admin, consortium.id);
  at(21);
  await svc.scheduleStages(admin, consortium.id, { weights: [4, 3, 3] });
  at(25);
  const stages = (await svc.get(admin, consortium.id)).stages;
  consortium = (await svc.payStage(admin, consortium.id, stages[0]!.id, `demo-${consortium.id}-1`))
    .application;
  keep(consortium);

  // Approved and in public notice: a challenge (000·二), ceiling 30% of a 30m yuan bid = 9m yuan,
  // recommended below it with the reviewer's written reason (the approval rests on that reason).
  // Under review: an industry–university project (000·五), up to 2m yuan, the reviewer's call.
  at(30);
  const challenge = await svc.create(enterprise, {
    measureId: '000·二',
    title: '车规级功率芯片揭榜攻关',
    matter: {
      id: 'DEMO-CHALLENGE-01',
      type: 'challenge',
      challengeLists: ['songjiang_demand'],
      figures: { bidAmount: wanToFen(3000) },
    },
    attachments: [{ name: '揭榜合同.pdf', type: 'application/pdf', size: 356_201 }],
  });
  await svc.submit(enterprise, challenge.id);
  at(31);
  await svc.accept(reviewer, challenge.id);
  await svc.startReview(reviewer, challenge.id);
  at(33);
  const iur = await svc.create(enterprise, {
    measureId: '000·五',
    title: '与东华大学合作的高性能纤维复合材料项目',
    requestedAmount: wanToFen(200),
    matter: {
      id: 'DEMO-IUR-01',
      type: 'iur_project',
      partners: [{ kind: 'university', city: 'songjiang', name: '东华大学' }],
      figures: { projectInput: wanToFen(800) },
    },
  });
  await svc.submit(enterprise, iur.id);
  at(35);
  await svc.accept(reviewer, iur.id);
  const underReview = await svc.startReview(reviewer, iur.id);
  at(36);
  await svc.recommend(reviewer, challenge.id, wanToFen(800), {
    reason: '根据项目投入核定：揭榜合同中首期研发投入尚未全部到位，按已核实投入核定800万元',
  });
  at(38);
  await svc.approve(approver, challenge.id);
  at(39);
  keep(await svc.publishNotice(admin, challenge.id, 7));
  keep(underReview);

  // Submitted, waiting for 受理: a cross-region layout project (000·七), up to 30% of 10m yuan = 3m yuan.
  at(40);
  const layout = await svc.create(enterprise, {
    measureId: '000·七',
    title: '金华—松江智能装备产线跨域布局',
    matter: {
      id: 'DEMO-LAYOUT-01',
      type: 'cross_region_layout',
      cities: ['songjiang', 'jinhua'],
      claims: ['quality_enterprise', 'chain_resilience'],
      figures: { totalInvestment: wanToFen(1000) },
    },
  });
  keep(await svc.submit(enterprise, layout.id));

  // A draft, not yet submitted.
  keep(
    await svc.create(enterprise, {
      measureId: '000·二',
      title: '工业视觉检测算法揭榜（草稿）',
      matter: {
        id: 'DEMO-CHALLENGE-02',
        type: 'challenge',
        challengeLists: ['songjiang_demand'],
        figures: { bidAmount: wanToFen(800) },
      },
    }),
  );

  return { applications: made };
}
