/**
 * Demo 双向发榜: a few hundred listings published through the matching service (so each was linted,
 * reviewed, audited and matched like a real one), and engagements at every stage — pending, accepted,
 * met, under contract, a formed project with its prefilled self-check, a broker's assignment.
 *
 * The texts: the 132 hand-written listings of the labelled set (eval/matching), and about 180 more
 * composed per sector from the lexicon's vocabulary (a component, a scenario, a goal) with seeded
 * numbers, so every sector and corridor city has needs and offers. Publishers are the demo registry's
 * organisations where the names match, and further firms and institutes added here (USCCs with the
 * real check character). Runs once: nothing is seeded when a listing exists.
 */
import type { Reference } from '../../core/catalogue/types.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { wanToFen } from '../../core/money.ts';
import { withUsccCheck } from '../../core/uscc.ts';
import { Mulberry32 } from '../../screening/prng.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Db } from '../../storage/schema.ts';
import type { IdSource } from '../applications/ports.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { AuditService } from '../audit/service.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { loadEvaluationSet } from '../matching/evaluate-matcher.ts';
import { createMatchingService } from '../matching/service.ts';
import type { MessageService } from '../messages/service.ts';
import { DEMO_PASSWORD } from './registry.ts';

export interface DemoMatchingOptions {
  /** Composed listings besides the labelled set's (default 180). */
  composed?: number;
  /** Only the labelled set's listings of these publishers (default all): a smaller seed for tests. */
  publishers?: string[];
}

export interface DemoMatching {
  listings: number;
  published: number;
  organisationsCreated: number;
  interests: number;
}

/** Per sector: what firms build (components), where they use it (scenarios); institutes' approaches. */
const BANK: Record<string, { components: string[]; scenarios: string[]; approaches: string[] }> = {
  '6g': {
    components: ['毫米波射频前端', '太赫兹收发芯片', '智能超表面', '大规模天线阵列', '信道测量系统'],
    scenarios: ['6G外场试验', '工业园区专网', '低空通信覆盖', '车联网'],
    approaches: ['硅基集成设计', '波束赋形算法', '信道建模与仿真', '低功耗功放架构'],
  },
  satellite_internet: {
    components: ['相控阵天线', '卫星终端基带', '星载电源', '北斗高精度定位模组', '遥感影像处理平台'],
    scenarios: ['车载卫星宽带', '海洋渔业通信', '应急通信保障', '智慧农业监测'],
    approaches: ['低成本阵面集成', '抗辐照加固设计', '多源遥感智能解译', '星地融合协议优化'],
  },
  xinchuang: {
    components: ['国产数据库', '国产操作系统终端', '商用密码模块', '政务云平台', '中间件'],
    scenarios: ['金融核心系统改造', '政务办公替代', '能源行业信息系统', '医院信息系统'],
    approaches: ['异构迁移与兼容改写', '国密算法硬件加速', '适配认证自动化测试', '零信任访问控制'],
  },
  smart_terminals: {
    components: ['AR眼镜光学模组', '可穿戴健康监测设备', 'AI PC本地推理', '智能机器人交互', '折叠屏结构件'],
    scenarios: ['工业巡检', '居家健康管理', '移动办公', '商超服务'],
    approaches: ['衍射光波导设计', '低功耗传感与算法', '大模型量化压缩', '多模态人机交互'],
  },
  ai: {
    components: ['机器视觉缺陷检测', '设备预测性维护', '多机器人调度', '工艺知识图谱', '智能排产'],
    scenarios: ['锂电池产线', '纺织印染车间', '汽车零部件工厂', '电子装配线'],
    approaches: ['小样本深度学习', '振动信号故障诊断', '强化学习路径规划', '多源数据融合建模'],
  },
  integrated_circuits: {
    components: ['碳化硅功率器件', 'CMP抛光液', '先进封装散热结构', '光刻胶单体', 'MEMS传感器芯片'],
    scenarios: ['新能源汽车电驱', '12英寸晶圆产线', 'AI算力芯片封装', '工业传感'],
    approaches: ['界面钝化工艺', '配方与工艺验证', '多物理场热仿真', '高纯合成与纯化'],
  },
  scientific_instruments: {
    components: ['便携式质谱仪', '拉曼光谱快检设备', '电子显微镜核心部件', '原子磁力计', '在线色谱分析仪'],
    scenarios: ['环境应急监测', '食品安全快检', '材料表征实验室', '化工过程分析'],
    approaches: ['小型化离子源设计', '表面增强拉曼基底', '精密测量与校准', '微流控进样'],
  },
  high_end_equipment: {
    components: ['谐波减速器', '五轴机床热误差补偿', '大型锻件成形', '工业机器人关节', '激光熔覆修复'],
    scenarios: ['协作机器人', '航空结构件加工', '船用曲轴制造', '冶金装备维护'],
    approaches: ['齿形优化与寿命试验', '热变形建模与补偿', '热力耦合数值模拟', '精密装配工艺'],
  },
  new_materials: {
    components: ['气凝胶隔热材料', '碳纤维复合材料', '聚酰亚胺薄膜', '防腐涂层', '高温合金'],
    scenarios: ['动力电池包', '无人机机身', '柔性电路', '海上风电塔筒'],
    approaches: ['常压干燥制备', '热塑性快速成型', '分子结构设计', '石墨烯改性'],
  },
  aerospace: {
    components: ['eVTOL飞控系统', '物流无人机动力', '无人机集群控制', '航空发动机热端部件'],
    scenarios: ['城市空中交通', '山区物流配送', '电力巡检', '低空文旅'],
    approaches: ['多余度容错控制', '氢燃料电池动力集成', '分布式协同控制', '陶瓷基复合材料'],
  },
  biomedicine: {
    components: ['慢病毒载体', 'LNP递送系统', 'CHO细胞株', '合成生物发酵工艺', '类器官药筛模型'],
    scenarios: ['CAR-T细胞治疗', 'mRNA疫苗', '抗体药物CMC', '化妆品原料生产'],
    approaches: ['悬浮无血清培养', '可电离脂质设计', '高通量筛选平台', '代谢工程改造'],
  },
  medical_devices: {
    components: ['手术导航系统', '可降解植入物', '一次性内窥镜', '康复器械', '医学影像设备'],
    scenarios: ['骨科手术', '心血管介入', '基层医疗', '康复中心'],
    approaches: ['光学定位与配准', '表面改性涂层', 'CMOS成像模组设计', '生物相容性评价'],
  },
  brain_computer_interface: {
    components: ['脑电采集设备', '柔性植入电极', '神经调控系统', '运动想象解码'],
    scenarios: ['中风康复', '睡眠监测', '渐冻症辅助沟通', '注意力评估'],
    approaches: ['干电极设计', '迁移学习解码', '气密馈通封装', '闭环神经刺激'],
  },
  new_energy: {
    components: ['储能热失控预警', '固态电解质', '光伏逆变器', '燃料电池双极板', '液流电池电堆'],
    scenarios: ['电网侧储能电站', '全固态动力电池', '地面光伏电站', '氢燃料商用车'],
    approaches: ['多参数融合预警', '干法成膜工艺', 'SiC高频拓扑', '碳基涂层制备'],
  },
  next_gen_it: {
    components: ['产线数字孪生', '工业边缘网关', '工业软件', '数据中台', '视频分析平台'],
    scenarios: ['离散制造车间', '园区能源管理', '智慧城市治理', '物流园区'],
    approaches: ['OPC UA实时建模', '多协议边缘计算', '低代码平台', '数据治理方法'],
  },
};

const CITIES = [
  'songjiang',
  'songjiang',
  'songjiang',
  'jiaxing',
  'hangzhou',
  'jinhua',
  'suzhou',
  'huzhou',
  'xuancheng',
  'wuhu',
  'hefei',
  'shangrao',
  'kunming',
];
const NEED_GOALS = ['国产化替代', '降本增效', '性能提升', '可靠性提升', '工程化验证'];
const CITY_FIRM: Record<string, string> = {
  songjiang: '松江',
  jiaxing: '嘉兴',
  hangzhou: '杭州',
  jinhua: '金华',
  suzhou: '苏州',
  huzhou: '湖州',
  xuancheng: '宣城',
  wuhu: '芜湖',
  hefei: '合肥',
  shangrao: '上饶',
  kunming: '昆明',
};
const FIRM_WORDS = ['智造', '精工', '新源', '科创', '华研', '联创', '启航', '恒信'];
const LAB_WORDS = ['先进技术研究院', '产业技术研究院', '工程研究中心'];

interface Draft {
  side: 'need' | 'offer';
  org: string;
  kind: string;
  city: string;
  body: Record<string, unknown>;
}

function composed(rng: Mulberry32, count: number): Draft[] {
  const pick = <T>(xs: readonly T[]): T => xs[rng.nextU32() % xs.length]!;
  const n = (lo: number, hi: number) => lo + (rng.nextU32() % (hi - lo + 1));
  const sectors = Object.keys(BANK);
  const out: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const sector = sectors[i % sectors.length]!;
    const bank = BANK[sector]!;
    const component = pick(bank.components);
    const scenario = pick(bank.scenarios);
    const approach = pick(bank.approaches);
    const city = pick(CITIES);
    const contact = {
      name: pick(['陈', '王', '刘', '周', '吴']) + pick(['工', '经理', '老师']),
      phone: `021-5${n(1000000, 9999999)}`,
    };
    if (i % 2 === 0) {
      const goal = pick(NEED_GOALS);
      const budgetLow = n(2, 40) * 10;
      out.push({
        side: 'need',
        org: `${CITY_FIRM[city]}${pick(FIRM_WORDS)}${['科技', '电子', '装备', '材料', '医疗'][i % 5]}有限公司`,
        kind: 'enterprise',
        city,
        body: {
          title: `${component}${goal}`,
          summary: `我司在${scenario}中使用的${component}存在成本高、性能不稳定等问题，现有供应依赖少数厂商。希望与高校或科研院所合作，围绕${approach}开展联合攻关，完成样机验证并导入产线，实现${goal}。`,
          sectors: [sector],
          city,
          contact,
          scenario,
          indicators: [
            { name: '关键性能', target: `提升≥${n(10, 50)}%` },
            { name: '成本', target: `降低≥${n(10, 40)}%` },
          ],
          budget: { min: wanToFen(budgetLow), max: wanToFen(budgetLow * 2) },
          timelineMonths: pick([6, 9, 12, 18, 24]),
          ipExpectation: pick(['ownership', 'exclusive_licence', 'joint', 'negotiable']),
        },
      });
    } else {
      const trl = n(3, 8);
      const priceLow = n(2, 40) * 10;
      const university = i % 4 === 1;
      out.push({
        side: 'offer',
        org: university
          ? `${CITY_FIRM[city]}${pick(['理工', '科技', '工程'])}大学`
          : `${CITY_FIRM[city]}${pick(LAB_WORDS)}`,
        kind: university ? 'university' : 'research_institute',
        city,
        body: {
          title: `${component}${pick(['关键技术', '新方法', '工程化技术', '集成方案'])}`,
          summary: `团队长期从事${component}研究，提出基于${approach}的技术路线，已在实验室和${scenario}场景完成验证，关键指标优于现有方案${n(10, 40)}%，可提供技术许可、合作开发或技术服务。`,
          sectors: [sector],
          city,
          contact,
          trl,
          ipStatus: 'pending_patent',
          patents: [
            {
              number: `CN${n(115000000, 119999999)}A`,
              title: `一种${component}的${approach}方法`,
              kind: 'invention',
            },
          ],
          applications: `${scenario}、${pick(bank.scenarios)}`,
          needs: trl <= 5 ? ['pilot_site', 'funding'] : ['partner', 'market'],
          team: `教授 ${n(1, 3)} 名、青年教师 ${n(2, 5)} 名、研究生 ${n(5, 15)} 名`,
          transferModes: ['licence', 'joint_development'],
          price: { min: wanToFen(priceLow), max: wanToFen(priceLow * 2) },
        },
      });
    }
  }
  return out;
}

function fromEvaluationSet(reference: Reference): Draft[] {
  const set = loadEvaluationSet(reference);
  return [...set.needs, ...set.offers].map((l) => ({
    side: l.side,
    org: l.organisationId,
    kind:
      l.side === 'need' ? 'enterprise' : /大学/.test(l.organisationId) ? 'university' : 'research_institute',
    city: l.city,
    body: {
      title: l.title,
      summary: l.summary,
      sectors: l.sectors,
      city: l.city,
      contact: { name: '项目联系人', phone: '021-67890000' },
      ...(l.need
        ? { ...l.need, ipExpectation: l.need.ipExpectation ?? 'negotiable' }
        : { ...l.offer!, team: l.offer!.team ?? '课题组', transferModes: ['licence', 'joint_development'] }),
    },
  }));
}

export async function seedDemoMatching(
  deps: {
    db: Db;
    engine: Engine;
    clock: Clock;
    ids: IdSource;
    audit: AuditService;
    messages: Pick<MessageService, 'send'>;
    applications: Pick<ApplicationService, 'createFromSelfCheck' | 'createFromSelfCheckIn'>;
  },
  cast: { reviewer: SessionUser; broker: SessionUser | null },
  options: DemoMatchingOptions = {},
): Promise<DemoMatching | null> {
  const { db, clock } = deps;
  if (await db.selectFrom('matching_listings').select('id').limit(1).executeTakeFirst()) return null;
  const reference = deps.engine.catalogue.reference;
  const handWritten = fromEvaluationSet(reference).filter(
    (d) => !options.publishers || options.publishers.includes(d.org),
  );
  const drafts = [...handWritten, ...composed(new Mulberry32(2026), options.composed ?? 180)];

  // Publishers: the demo registry's organisations by name, else new ones; one account each, sharing
  // one password hash (argon2 once, not once per account).
  const registry = new OrganisationRepository(db);
  const users = new UserRepository(db);
  const hash = await hashPassword(DEMO_PASSWORD);
  const division = new Map(reference.cities.map((c) => [c.code, c.division ?? '310117']));
  const actors = new Map<string, SessionUser>();
  let organisationsCreated = 0;
  let serial = 0;
  for (const d of drafts) {
    if (actors.has(d.org)) continue;
    serial += 1;
    const existing = await db
      .selectFrom('organisations')
      .select(['id'])
      .where('name', '=', d.org)
      .executeTakeFirst();
    let organisationId = existing?.id;
    if (!organisationId) {
      const category = d.kind === 'enterprise' ? '91' : '12';
      organisationId = await registry.insert(
        {
          uscc: withUsccCheck(`${category}${division.get(d.city)}MB${String(serial).padStart(7, '0')}`),
          name: d.org,
          kind: d.kind,
          city: d.city,
          sectors: (d.body.sectors as string[]).slice(0, 3),
        },
        clock.now(),
      );
      organisationsCreated += 1;
    }
    const existingUser = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'enterprise')
      .executeTakeFirst();
    const row =
      existingUser ??
      (await users.insert(
        {
          username: `fb${String(serial).padStart(3, '0')}`,
          displayName: `${d.org}（发榜用户）`,
          passwordHash: hash,
          role: 'enterprise',
          organisationId,
        },
        clock.now(),
      ));
    actors.set(d.org, {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: 'enterprise',
      organisationId,
    });
  }

  const matching = createMatchingService(deps);
  const ids: Record<string, string> = {};
  let published = 0;
  for (const [i, d] of drafts.entries()) {
    const actor = actors.get(d.org)!;
    // A few composed ones stay behind in the workflow so the review queue and "my listings" show
    // every state; the hand-written ones are all published.
    const k = i - handWritten.length;
    const stage =
      k % 40 === 7 ? 'draft' : k % 40 === 17 ? 'pending' : k % 40 === 27 ? 'returned' : 'published';
    const created = await matching.createListing(
      actor,
      { side: d.side, ...d.body },
      { submit: stage !== 'draft' },
    );
    ids[`${d.side}:${d.body.title as string}`] = created.id;
    if (stage === 'published' || stage === 'returned') {
      await matching.reviewListing(cast.reviewer, created.id, {
        decision: stage === 'published' ? 'publish' : 'return',
        note: stage === 'returned' ? '请补充可量化的技术指标和预算区间' : null,
      });
      if (stage === 'published') published += 1;
    }
  }

  // Engagements at every stage between the demo enterprise (qiye) and the university (gaoxiao).
  let interests = 0;
  const qiye = actors.get('嘉松智能驱动科技（上海）有限公司');
  const gaoxiao = actors.get('上海松江大学城工程技术大学');
  const id = (side: string, title: string) => ids[`${side}:${title}`];
  if (
    qiye &&
    gaoxiao &&
    id('offer', '小样本卷材表面异常检测') &&
    id('offer', '储能舱特征气体与膨胀力融合预警')
  ) {
    const contact = { name: '嘉松项目部', phone: '021-57770000', email: 'rd@jiasong.example.cn' };
    const accepted = await matching.expressInterest(qiye, {
      listingId: id('offer', '小样本卷材表面异常检测'),
      ownListingId: id('need', '锂电池极片表面缺陷的视觉检测'),
      message: '我司极片产线希望导入小样本缺陷检测，拟先做一条线的验证，再谈许可。',
      contact,
    });
    await matching.answerInterest(gaoxiao, accepted.id, 'accept', { note: '欢迎来校交流' });
    const today = clock.now().toISOString().slice(0, 10);
    await matching.recordMeeting(qiye, accepted.id, {
      date: today,
      note: '双方确定在涂布工序先行验证，三个月内完成',
    });
    await matching.recordContract(qiye, accepted.id, {
      contractNo: 'SJ-JS-2026-0001',
      amount: wanToFen(120),
      signedOn: today,
    });
    await matching.formProject(qiye, accepted.id, {
      kind: 'iur_project',
      title: '锂电极片小样本缺陷检测产学研合作',
      input: wanToFen(300),
    });
    const pending = await matching.expressInterest(qiye, {
      listingId: id('offer', '储能舱特征气体与膨胀力融合预警'),
      ownListingId: id('need', '储能电站电池热失控早期预警'),
      message: '希望在我司储能舱开展示范应用，请评估合作方式。',
      contact,
    });
    interests += 2;
    if (cast.broker) await matching.assignBroker(cast.broker, pending.id);
  }
  return { listings: drafts.length, published, organisationsCreated, interests };
}
