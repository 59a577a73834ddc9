/**
 * Demo 揭榜挂帅 (演示数据), made through the challenge service so every row, audit line and notice is what
 * real use writes, with a clock that walks from 70 days ago to today: two lists, one per document —
 * 000·二's 攻关项目需求榜单 (closed, judged) and 001·二's 策源地攻关项目榜单 (open now) — ten problems, bids,
 * a judged problem where an expert of the bidder's firm is blocked (conflict of interest), a winner in
 * 公示, and its project with the first milestone accepted and its tranche paid through the workflow, the
 * second milestone's evidence waiting for 验收, and one more problem waiting for the officer's review;
 * a second winner whose application is in 公示 now (its objection window open), a problem being judged
 * with one expert's sheet still to fill, and a project whose final 验收 failed (its first tranche paid,
 * the rest stopped) with the amount to recover due in the fund ledger, for the approver's 退回款 form.
 * 000·二's second batch is open now with two problems, so a demo organisation can bid and watch the live
 * entitlement. Runs once: nothing is seeded when a list exists. The lists are marked demo and say 演示数据.
 */
import { challengePolicyFor } from '../../catalogue/load-challenges.ts';
import { bidEntitlement } from '../../core/challenges/grant.ts';
import { addDays, shanghaiDate, yearOf } from '../../core/dates.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { windowOn } from '../../core/engine/window.ts';
import { wanToFen } from '../../core/money.ts';
import { OrganisationRepository, toApplicant } from '../../storage/repositories/organisations.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditPort, Clock, IdSource } from '../applications/ports.ts';
import { createApplicationService } from '../applications/service.ts';
import { databaseBlobs } from '../attachments/blob-store.ts';
import { createAttachmentService } from '../attachments/service.ts';
import type { AuditService } from '../audit/service.ts';
import type { SessionUser } from '../auth/types.ts';
import { challengeAttachmentSubjects, milestoneFolderId } from '../challenges/attachment-subjects.ts';
import { bidFolderId } from '../challenges/read-bids.ts';
import { createChallengeService } from '../challenges/service.ts';
import { createLedgerService } from '../ledger/service.ts';
import { createMessageService } from '../messages/service.ts';

export interface DemoChallenges {
  skipped?: string;
  lists: number;
  problems: number;
  bids: number;
  paid: number;
}

export type DemoChallengeCast = Record<
  'poser' | 'poser2' | 'university' | 'bidder' | 'bidder3' | 'bidder4' | 'reviewer' | 'approver' | 'admin',
  SessionUser
> & { experts: SessionUser[] };

class WalkingClock implements Clock {
  constructor(private day: string) {}
  set(day: string) {
    this.day = day;
  }
  now(): Date {
    return new Date(`${this.day}T04:00:00Z`);
  }
}

const W = wanToFen;
const DEMO = '（演示数据）';

const PROBLEMS_A = [
  {
    title: '车规级碳化硅功率模块封装可靠性攻关',
    need: '面向新能源汽车主驱逆变器，解决碳化硅功率模块在高温功率循环下的焊层疲劳与键合线脱落问题，使模块寿命达到车规要求。',
    indicators: [
      { name: '功率循环寿命', target: '≥ 50万次（ΔTj=100K）' },
      { name: '最高结温', target: '175℃ 连续工作' },
    ],
    deliverables: '样品 100 套、可靠性测试报告、封装工艺规范',
    sector: 'integrated_circuits',
    budget: [2000, 6000],
  },
  {
    title: '12英寸晶圆CMP抛光液国产化',
    need: '现用进口铜互连抛光液供货周期长、成本高，需开发去除速率与缺陷率达到量产要求的国产抛光液并完成产线验证。',
    indicators: [
      { name: '去除速率', target: '≥ 600 nm/min' },
      { name: '缺陷密度', target: '≤ 0.05 个/cm²' },
    ],
    deliverables: '配方、中试批次、产线验证报告',
    sector: 'new_materials',
    budget: [1000, 3000],
  },
  {
    title: '工业视觉大模型缺陷检测平台',
    need: '电子装配线缺陷种类多、样本少，需小样本条件下可快速迁移的视觉检测模型，并在产线上稳定运行。',
    indicators: [
      { name: '检出率', target: '≥ 99.5%' },
      { name: '误报率', target: '≤ 0.3%' },
    ],
    deliverables: '检测平台软件、部署方案、产线运行报告',
    sector: 'ai',
    budget: [500, 1500],
  },
  {
    title: '低轨卫星相控阵终端降本',
    need: '车载、船载卫星宽带终端的Ka频段相控阵天线成本过高，需新的阵面架构把成本降低一半以上而不降低扫描角与EIRP。',
    indicators: [
      { name: '扫描范围', target: '±60°' },
      { name: '单台成本', target: '降低 ≥ 50%' },
    ],
    deliverables: '工程样机 20 台、测试报告',
    sector: 'satellite_internet',
    budget: [800, 2500],
  },
  {
    title: '便携式质谱仪离子源小型化',
    need: '环境应急监测需要背负式质谱仪，现有离子源体积和功耗过大，需小型化设计并保持灵敏度。',
    indicators: [
      { name: '整机重量', target: '≤ 8 kg' },
      { name: '检出限', target: '≤ 1 ppb' },
    ],
    deliverables: '原理样机、第三方检测报告',
    sector: 'scientific_instruments',
    budget: [600, 1800],
  },
  {
    title: '信创数据库异构迁移工具',
    need: '金融核心系统从国外数据库迁移到国产数据库时存储过程改写量大，需自动化迁移与一致性校验工具。',
    indicators: [
      { name: '自动改写率', target: '≥ 90%' },
      { name: '数据一致性', target: '100% 校验通过' },
    ],
    deliverables: '迁移工具、两家金融机构试点报告',
    sector: 'xinchuang',
    budget: [500, 1200],
  },
];

const PROBLEMS_B = [
  {
    title: '6G太赫兹收发芯片',
    need: '面向6G外场试验，需要硅基太赫兹收发芯片，实现百吉比特级无线传输并控制功耗。',
    indicators: [
      { name: '传输速率', target: '≥ 100 Gbps' },
      { name: '功耗', target: '≤ 2 W' },
    ],
    deliverables: '芯片样品、外场试验报告',
    sector: '6g',
    budget: [3000, 8000],
  },
  {
    title: '脑机接口柔性电极长期植入稳定性',
    need: '现有柔性电极植入后信号衰减快，需提高长期稳定性与生物相容性。',
    indicators: [
      { name: '信号稳定期', target: '≥ 12 个月' },
      { name: '通道数', target: '≥ 1024' },
    ],
    deliverables: '电极样品、动物实验报告',
    sector: 'brain_computer_interface',
    budget: [2000, 5000],
  },
  {
    title: '商业航天液体火箭发动机增材制造',
    need: '液体火箭发动机喷注器与推力室结构复杂、周期长，需增材制造工艺与检测方法。',
    indicators: [
      { name: '制造周期', target: '缩短 ≥ 60%' },
      { name: '热试车', target: '累计 ≥ 600 s' },
    ],
    deliverables: '工艺规范、试车报告',
    sector: 'aerospace',
    budget: [3000, 7000],
  },
  {
    title: '原子磁力计医用心磁成像',
    need: '心磁图设备依赖超导量子干涉器件，需原子磁力计替代方案，降低使用成本。',
    indicators: [
      { name: '灵敏度', target: '≤ 10 fT/√Hz' },
      { name: '通道数', target: '≥ 36' },
    ],
    deliverables: '原理样机、临床前测试报告',
    sector: 'medical_devices',
    budget: [1500, 4000],
  },
];

/**
 * 000·二's second batch, open now: what a demo organisation bids on to see the live entitlement move with
 * its 揭榜额 (001·二 is a draft, so its open list prices nothing until adopted).
 */
const PROBLEMS_C = [
  {
    title: '工业机器人高精度减速器国产化',
    need: '六轴工业机器人用RV减速器依赖进口，需研制回差、传动精度和寿命达到进口水平的国产减速器并完成整机验证。',
    indicators: [
      { name: '回差', target: '≤ 1 arcmin' },
      { name: '额定寿命', target: '≥ 6000 小时' },
    ],
    deliverables: '样机 20 台、整机验证报告、批产工艺文件',
    sector: 'high_end_equipment',
    budget: [1000, 4000],
  },
  {
    title: '锂电池固态电解质膜中试',
    need: '半固态电池量产需要厚度均匀、离子电导率高的氧化物固态电解质膜，需完成配方定型与中试线验证。',
    indicators: [
      { name: '室温离子电导率', target: '≥ 1×10⁻³ S/cm' },
      { name: '膜厚均匀性', target: '±2 μm' },
    ],
    deliverables: '中试批次、电芯验证报告',
    sector: 'new_energy',
    budget: [800, 2500],
  },
];

/** Submitted, not yet reviewed: what the officer's review queue shows. */
const PROBLEM_WAITING = {
  title: '车载激光雷达芯片化收发模组',
  need: '车载激光雷达分立器件多、装配成本高，需把发射、接收与扫描集成为芯片化模组，满足车规可靠性并降低成本。',
  indicators: [
    { name: '测距', target: '≥ 200 m（10% 反射率）' },
    { name: '模组成本', target: '降低 ≥ 40%' },
  ],
  deliverables: '模组样品 50 套、车规可靠性测试报告',
  sector: 'integrated_circuits',
  budget: [1500, 4000] as const,
};

/** Three milestones by 40 : 30 : 30 of the 揭榜额 as planned input (the demo's choice, not a text's). */
function milestones(from: string, total: number) {
  const a = Math.round(total * 0.4);
  const b = Math.round(total * 0.3);
  return [
    { title: '方案设计与关键工艺', dueOn: addDays(from, 120), plannedInput: a, indicators: '关键工艺验证' },
    { title: '样品与中试', dueOn: addDays(from, 300), plannedInput: b, indicators: '样品达到主要指标' },
    {
      title: '验收与交付',
      dueOn: addDays(from, 540),
      plannedInput: total - a - b,
      indicators: '全部验收指标',
    },
  ];
}

/** A one-page PDF carrying `text` (as PDF escapes, UTF-8 bytes), so the demo's files open. */
function demoPdf(text: string): Uint8Array {
  const body = [...Buffer.from(text, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% (${body})\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

export async function seedDemoChallenges(
  deps: { db: Db; engine: Engine; clock: Clock; ids: IdSource; audit: AuditService & AuditPort },
  cast: DemoChallengeCast,
): Promise<DemoChallenges> {
  const existing = await deps.db.selectFrom('challenge_lists').select('id').limit(1).executeTakeFirst();
  if (existing) return { skipped: 'challenge lists exist', lists: 0, problems: 0, bids: 0, paid: 0 };
  const today = shanghaiDate(deps.clock.now());
  const start = addDays(today, -70);
  const doc = deps.engine.catalogue.documents.find((d) => d.code === '000');
  if (!doc || !windowOn(doc, start, {}).inForce || !windowOn(doc, today, {}).inForce)
    return {
      skipped: `document 000 is not in force from ${start} to ${today}`,
      lists: 0,
      problems: 0,
      bids: 0,
      paid: 0,
    };
  const clock = new WalkingClock(start);
  const at = (offset: number) => clock.set(addDays(start, offset));
  const common = { db: deps.db, engine: deps.engine, clock, ids: deps.ids, audit: deps.audit };
  const applications = createApplicationService(common);
  const svc = createChallengeService({
    ...common,
    policy: challengePolicyFor(deps.engine.catalogue),
    messages: createMessageService({ db: deps.db, clock, ids: deps.ids }),
    applications,
  });
  const files = createAttachmentService({
    ...common,
    blobs: databaseBlobs,
    subjects: challengeAttachmentSubjects(clock),
  });
  /** 验收材料: real (tiny) PDFs in the milestone's folder of the attachment store, named by the store's hash. */
  const evidence = async (who: SessionUser, projectId: string, seq: number, names: string[]) => {
    const out = [];
    for (const name of names) {
      const file = await files.upload(who, {
        subjectType: 'challenge_milestone',
        subjectId: milestoneFolderId(projectId, seq),
        name,
        bytes: demoPdf(`${DEMO} ${name}`),
      });
      out.push({ name: file.name, sha256: file.sha256, size: file.size });
    }
    return out;
  };
  const { reviewer, approver, admin } = cast;
  let problems = 0;
  let bids = 0;

  // ——— list A: 000·二 攻关项目需求榜单, window closed 40 days ago ———
  at(0);
  const listA = await svc.createList(
    reviewer,
    {
      basisMeasureId: '000·二',
      title: `松江区攻关项目需求榜单${DEMO}`,
      batch: `${yearOf(start)}年第一批`,
      coIssuers: ['jiaxing', 'hangzhou'],
      opensOn: addDays(start, 2),
      closesOn: addDays(start, 29),
    },
    { demo: true },
  );
  const posers = [cast.poser, cast.poser, cast.poser2, cast.poser, cast.university, cast.poser2];
  const idsA: string[] = [];
  for (const [i, p] of PROBLEMS_A.entries()) {
    const { budget, ...content } = p;
    const made = await svc.proposeProblem(posers[i]!, {
      ...content,
      timelineMonths: 18,
      budgetMin: W(budget[0]!),
      budgetMax: W(budget[1]!),
      coFunds: i % 2 === 0,
      submit: true,
    });
    await svc.reviewProblem(reviewer, made.id, { decision: 'accept' });
    await svc.placeProblem(reviewer, made.id, { listId: listA.id });
    idsA.push(made.id);
    problems += 1;
  }
  at(1);
  await svc.publishList(reviewer, listA.id);

  // Bids: three teams on the first problem, two on the second, one on the third.
  at(10);
  const bid = async (
    who: SessionUser,
    problemId: string,
    amountWan: number,
    plan: string,
    plannedMilestones = milestones(addDays(start, 45), W(amountWan)),
  ) => {
    // The technical plan is a real (tiny) PDF in the bidder's sealed folder of the attachment store.
    const file = await files.upload(who, {
      subjectType: 'challenge_bid',
      subjectId: bidFolderId(problemId, who.organisationId!),
      name: '揭榜技术方案.pdf',
      bytes: demoPdf(`${DEMO} ${plan}`),
    });
    const b = await svc.submitBid(who, problemId, {
      amount: W(amountWan),
      plan,
      team: '教授级高工 2 名、博士 4 名、工程师 12 名',
      milestones: plannedMilestones,
      attachments: [{ name: file.name, sha256: file.sha256, size: file.size }],
    });
    bids += 1;
    return b.bid.id;
  };
  const winner = await bid(
    cast.bidder,
    idsA[0]!,
    5000,
    '银烧结与铜线键合工艺，双面散热结构；先做工艺与样品，再做功率循环与整车验证。',
  );
  await bid(cast.bidder3, idsA[0]!, 4600, '瞬态液相焊接与铝带键合，配合寿命模型，分三阶段完成。');
  await bid(cast.bidder4, idsA[0]!, 5500, '引入纳米银膏与有源热管理，联合整车厂做台架验证。');
  await bid(cast.bidder3, idsA[1]!, 2500, '复合磨料与缓蚀剂体系，配合在线终点检测。');
  await bid(cast.bidder4, idsA[1]!, 2800, '胶体二氧化硅磨料改性，联合晶圆厂验证。');
  await bid(cast.bidder, idsA[2]!, 1200, '小样本迁移学习与主动学习标注，边缘端部署。');
  // The sixth problem: one team; it wins and its application is in 公示 now (the objection window open).
  const inNotice = await bid(cast.bidder3, idsA[5]!, 1000, '存储过程语义解析与规则改写引擎，双库比对校验。');
  // The fourth problem: one team, two milestones; it wins, is paid its first tranche, and fails its final 验收.
  const failing = await bid(
    cast.bidder4,
    idsA[3]!,
    2000,
    '瓦片式阵面与硅基波束成形芯片，减少射频通道数量。',
    [
      {
        title: '工程样机研制',
        dueOn: addDays(start, 120),
        plannedInput: W(1200),
        indicators: '工程样机 20 台，扫描范围 ±60°',
      },
      {
        title: '验收与交付',
        dueOn: addDays(start, 300),
        plannedInput: W(800),
        indicators: '全部验收指标（扫描范围、单台成本）',
      },
    ],
  );

  // The panel: zhuanjia2 works for the first problem's bidder and is blocked (recorded with the reason).
  at(20);
  const judged = [idsA[0]!, idsA[1]!, idsA[3]!, idsA[5]!];
  const blocked = new Set<string>();
  for (const id of judged) {
    const panel = await svc.appointJudges(reviewer, id, { experts: cast.experts.map((e) => e.id) });
    for (const j of panel) if (j.blocked) blocked.add(`${id}:${j.userId}`);
  }

  // Judging after the deadline; the ranking is recomputed from these sheets.
  at(31);
  // The first problem's winner scores highest with every judge; the others a little lower each.
  const sheet = (x: number) => ({
    scores: { technical_route: x + 2, team: x, input: x - 2, milestones: x, price: x - 1 },
  });
  for (const id of judged) {
    await svc.openJudging(reviewer, id);
    const onProblem = await svc.bidsOnProblem(reviewer, id);
    for (const [j, e] of cast.experts.entries()) {
      if (blocked.has(`${id}:${e.id}`)) continue;
      // The independent expert has not sent its sheets on the second problem yet: a demo expert (zhuanjia4)
      // signs in to a scoring sheet still to fill; the three sent make the quorum, so it ranks already.
      if (e.username === 'zhuanjia4' && id === idsA[1]) continue;
      for (const [k, b] of onProblem.entries())
        await svc.scoreBid(e, b.id, sheet(b.id === winner ? 90 - j : 84 - 3 * k - j));
    }
  }
  at(32);
  await svc.awardProblem(reviewer, idsA[0]!, { mode: 'single', bidIds: [winner] });
  await svc.awardProblem(reviewer, idsA[3]!, { mode: 'single', bidIds: [failing] });
  await svc.awardProblem(reviewer, idsA[5]!, { mode: 'single', bidIds: [inNotice] });

  // Both winners apply; the workflow approves each at the ceiling, runs 公示 and schedules the tranches.
  let paid = 0;
  const project = (await svc.listProjects(admin, { problemId: idsA[0] }))[0]!;
  const failed = (await svc.listProjects(admin, { problemId: idsA[3] }))[0]!;
  const funded = [
    { who: cast.bidder, project, applicationId: '' },
    { who: cast.bidder4, project: failed, applicationId: '' },
  ];
  at(33);
  for (const f of funded) {
    f.applicationId = (await svc.startApplication(f.who, f.project.id)).applicationId;
    await applications.submit(f.who, f.applicationId);
  }
  at(34);
  for (const f of funded) {
    await applications.accept(reviewer, f.applicationId);
    await applications.startReview(reviewer, f.applicationId);
  }
  const basis = challengePolicyFor(deps.engine.catalogue).byMeasure.get('000·二')!;
  const ledger = createLedgerService({ db: deps.db, engine: deps.engine, clock, audit: deps.audit });
  for (const year of new Set([yearOf(addDays(start, 35)), yearOf(today)])) {
    const current = await ledger.getBudget(admin, '000', year);
    if (current.amount === null) await ledger.setBudget(admin, { fund: '000', year, amount: W(50_000) });
  }
  at(35);
  const ceilingOf = async (who: SessionUser, amount: number) => {
    const org = (await new OrganisationRepository(deps.db).get(who.organisationId!))!;
    return bidEntitlement(deps.engine, basis, {
      applicant: toApplicant(org, org.qualifications),
      bidAmount: amount,
      date: shanghaiDate(clock.now()),
    }).amount!.max;
  };
  for (const f of funded) {
    await applications.recommend(reviewer, f.applicationId, await ceilingOf(f.who, f.project.amount));
    await applications.approve(approver, f.applicationId);
    await applications.publishNotice(approver, f.applicationId, 7);
  }
  at(43);
  for (const f of funded) {
    await applications.closeNotice(admin, f.applicationId);
    await svc.scheduleTranches(approver, f.project.id);
  }

  // The failing project's first milestone passes and is paid.
  at(48);
  await svc.submitEvidence(cast.bidder4, failed.id, 1, {
    claimedInput: W(1200),
    evidence: await evidence(cast.bidder4, failed.id, 1, [
      '工程样机测试报告.pdf',
      '样机阶段投入审计报告.pdf',
    ]),
  });
  at(50);
  await svc.decideMilestone(reviewer, failed.id, 1, { decision: 'pass', verifiedInput: W(1200) });
  at(52);
  await svc.releaseTranche(approver, failed.id, 1, `demo-challenge-${failed.id}-1`);
  paid += 1;

  // The first milestone: evidence, 验收 passed with its input verified, its tranche released.
  at(55);
  const m1 = project.milestones[0]!;
  await svc.submitEvidence(cast.bidder, project.id, 1, {
    claimedInput: m1.plannedInput,
    evidence: await evidence(cast.bidder, project.id, 1, ['关键工艺验证报告.pdf', '投入专项审计报告.pdf']),
  });
  at(58);
  await svc.decideMilestone(reviewer, project.id, 1, { decision: 'pass', verifiedInput: m1.plannedInput });
  at(60);
  await svc.releaseTranche(approver, project.id, 1, `demo-challenge-${project.id}-1`);
  paid += 1;

  // The failing project's final 验收 fails: its second tranche stops, its commitment is released and the
  // amount to recover (the officer's figure: the texts name no share) is due in the fund ledger, for an
  // approver to record what is returned (POST /api/challenges/projects/:id/repayments).
  at(61);
  await svc.submitEvidence(cast.bidder4, failed.id, 2, {
    claimedInput: W(800),
    evidence: await evidence(cast.bidder4, failed.id, 2, ['终验测试报告.pdf']),
  });
  at(62);
  await svc.decideMilestone(reviewer, failed.id, 2, {
    decision: 'fail',
    reason: '最终验收未通过：扫描范围仅达 ±45°，单台成本降低 32%，未达到验收指标',
    recoveryAmount: W(120),
  });

  // The sixth problem's winner applies late: approved, and in 公示 for 14 days (objections open today).
  at(63);
  const noticed = (await svc.listProjects(admin, { problemId: idsA[5] }))[0]!;
  const { applicationId: noticeApp } = await svc.startApplication(cast.bidder3, noticed.id);
  await applications.submit(cast.bidder3, noticeApp);
  await applications.accept(reviewer, noticeApp);
  await applications.startReview(reviewer, noticeApp);
  await applications.recommend(reviewer, noticeApp, await ceilingOf(cast.bidder3, noticed.amount));
  await applications.approve(approver, noticeApp);
  await applications.publishNotice(approver, noticeApp, 14);

  // ——— list B: 001·二 策源地攻关项目榜单, open now (the draft's funding waits for adoption) ———
  at(64);
  const listB = await svc.createList(
    reviewer,
    {
      basisMeasureId: '001·二',
      title: `长三角G60科创走廊策源地攻关项目榜单${DEMO}`,
      batch: `${yearOf(today)}年第一批`,
      coIssuers: ['jiaxing', 'hangzhou', 'jinhua', 'suzhou', 'huzhou', 'xuancheng', 'wuhu', 'hefei'],
      opensOn: addDays(start, 65),
      closesOn: addDays(today, 25),
    },
    { demo: true },
  );
  const idsB: string[] = [];
  for (const [i, p] of PROBLEMS_B.entries()) {
    const { budget, ...content } = p;
    const made = await svc.proposeProblem(i === 1 ? cast.university : cast.poser2, {
      ...content,
      timelineMonths: 24,
      budgetMin: W(budget[0]!),
      budgetMax: W(budget[1]!),
      coFunds: false,
      submit: true,
    });
    await svc.reviewProblem(reviewer, made.id, { decision: 'accept' });
    await svc.placeProblem(reviewer, made.id, { listId: listB.id });
    idsB.push(made.id);
    problems += 1;
  }
  await svc.publishList(reviewer, listB.id);
  at(66);
  await bid(cast.bidder3, idsB[3]!, 3000, '碱金属气室与无自旋交换弛豫方案，多通道阵列。');
  await bid(cast.bidder4, idsB[0]!, 6000, 'SiGe工艺太赫兹前端与片上天线。');

  // ——— list C: 000·二's second batch, open now, no bids yet (a demo organisation bids here) ———
  at(66);
  const listC = await svc.createList(
    reviewer,
    {
      basisMeasureId: '000·二',
      title: `松江区攻关项目需求榜单（第二批）${DEMO}`,
      batch: `${yearOf(today)}年第二批`,
      coIssuers: [],
      opensOn: addDays(start, 66),
      closesOn: addDays(today, 30),
    },
    { demo: true },
  );
  for (const [i, p] of PROBLEMS_C.entries()) {
    const { budget, ...content } = p;
    const made = await svc.proposeProblem(i === 0 ? cast.poser : cast.poser2, {
      ...content,
      timelineMonths: 24,
      budgetMin: W(budget[0]!),
      budgetMax: W(budget[1]!),
      coFunds: i === 0,
      submit: true,
    });
    await svc.reviewProblem(reviewer, made.id, { decision: 'accept' });
    await svc.placeProblem(reviewer, made.id, { listId: listC.id });
    problems += 1;
  }
  await svc.publishList(reviewer, listC.id);

  // The officer's desk has work waiting: the winner's second milestone awaits 验收, and a new problem
  // awaits review (出题 → 审核 → 列入榜单).
  at(67);
  const m2 = project.milestones[1]!;
  await svc.submitEvidence(cast.bidder, project.id, 2, {
    claimedInput: m2.plannedInput,
    evidence: await evidence(cast.bidder, project.id, 2, ['样品与中试报告.pdf', '中试投入专项审计报告.pdf']),
  });
  at(68);
  const { budget: waitingBudget, ...waiting } = PROBLEM_WAITING;
  await svc.proposeProblem(cast.poser, {
    ...waiting,
    timelineMonths: 24,
    budgetMin: W(waitingBudget[0]),
    budgetMax: W(waitingBudget[1]),
    coFunds: true,
    submit: true,
  });
  problems += 1;

  return { lists: 3, problems, bids, paid };
}
