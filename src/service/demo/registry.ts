/**
 * The demo registry: 35 organisations covering every kind and every G60 city, with collaborative
 * innovation centres set up in Songjiang by member and partner cities, firms inside them, and
 * qualifications and figures that make the calculator and screening say interesting things.
 * USCCs are built with the real check character, so they pass validation like any other.
 */

import type { Reference } from '../../core/catalogue/types.ts';
import { FEN_PER_WAN } from '../../core/money.ts';
import { withUsccCheck } from '../../core/uscc.ts';
import type { OrganisationData } from '../../storage/repositories/organisations.ts';

/** Registration authority + category (GB 32100): 91 company, 12 public institution, 52 social organisation. */
const CATEGORY: Record<string, string> = {
  enterprise: '91',
  cluster_carrier: '91',
  incubator: '91',
  service_institution: '91',
  innovation_centre: '52',
  intl_st_org: '52',
  university: '12',
  research_institute: '12',
};

interface DemoOrg {
  name: string;
  kind: string;
  city: string;
  district?: string;
  centreOriginCity?: string;
  sectors?: string[];
  licences?: string[];
  qualifications?: [code: string, from: string, to?: string][];
  /** 2025 figures: revenue and R&D in 万元, employees. */
  figures?: [revenueWan: number, rdWan: number, employees: number];
}

const ORGS: DemoOrg[] = [
  // Firms inside collaborative innovation centres (000 applies to these). The first is the demo
  // enterprise user's firm: the demo applications are filed for it.
  {
    name: '嘉松智能驱动科技（上海）有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'jiaxing',
    sectors: ['new_energy', 'high_end_equipment'],
    qualifications: [
      ['high_tech', '2024-12-01', '2027-11-30'],
      ['specialised_sme', '2025-03-01', '2028-02-28'],
    ],
    figures: [32_000, 2_600, 420],
  },
  {
    name: '苏松精密仪器（上海）有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'suzhou',
    sectors: ['scientific_instruments'],
    qualifications: [
      ['high_tech', '2023-11-15', '2026-11-14'],
      ['tech_sme', '2025-04-01', '2026-03-31'],
    ],
    figures: [8_500, 1_100, 96],
  },
  {
    name: '杭松卫星互联科技（上海）有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'hangzhou',
    sectors: ['satellite_internet', 'next_gen_it'],
    licences: ['satellite_basic_telecom'],
    qualifications: [
      ['high_tech', '2025-10-20', '2028-10-19'],
      ['potential_unicorn', '2025-06-01'],
    ],
    figures: [56_000, 9_800, 610],
  },
  // Collaborative innovation centres set up in Songjiang by the member and partner cities.
  {
    name: '嘉兴—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'jiaxing',
    sectors: ['new_energy'],
  },
  {
    name: '杭州—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'hangzhou',
    sectors: ['next_gen_it', 'ai'],
  },
  {
    name: '金华—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'jinhua',
    sectors: ['high_end_equipment'],
  },
  {
    name: '苏州—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'suzhou',
    sectors: ['integrated_circuits'],
  },
  {
    name: '湖州—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'huzhou',
    sectors: ['new_materials'],
  },
  {
    name: '宣城—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'xuancheng',
    sectors: ['new_materials'],
  },
  {
    name: '芜湖—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'wuhu',
    sectors: ['aerospace', 'smart_terminals'],
  },
  {
    name: '合肥—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'hefei',
    sectors: ['ai', 'integrated_circuits'],
  },
  {
    name: '上饶—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'shangrao',
    sectors: ['new_energy'],
  },
  {
    name: '昆明—松江产业协同创新中心',
    kind: 'innovation_centre',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'kunming',
    sectors: ['biomedicine'],
  },
  // Songjiang enterprises.
  {
    name: '松江云链信创软件有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['xinchuang', 'next_gen_it'],
    qualifications: [
      ['high_tech', '2024-12-01', '2027-11-30'],
      ['little_giant', '2025-07-01'],
    ],
    figures: [12_000, 1_900, 210],
  },
  {
    name: '上海九科智能终端有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['smart_terminals'],
    qualifications: [
      ['above_designated_size', '2020-01-01'],
      ['high_tech', '2023-12-01', '2026-11-30'],
      ['gazelle', '2025-05-01'],
    ],
    figures: [148_000, 8_200, 1_350],
  },
  {
    name: '松江六维通信技术有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['6g'],
    qualifications: [
      ['tech_sme', '2025-04-01', '2026-03-31'],
      ['potential_gazelle', '2025-05-01'],
    ],
    figures: [3_200, 950, 48],
  },
  {
    name: '上海启明脑机科技有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['brain_computer_interface', 'medical_devices'],
    qualifications: [['tech_sme', '2025-04-01', '2026-03-31']],
    figures: [900, 620, 35],
  },
  {
    name: '松江华芯集成电路有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['integrated_circuits'],
    qualifications: [
      ['above_designated_size', '2019-01-01'],
      ['high_tech', '2025-11-01', '2028-10-31'],
      ['unicorn', '2024-09-01'],
    ],
    figures: [420_000, 61_000, 2_800],
  },
  {
    name: '上海松研生物医药有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['biomedicine'],
    qualifications: [
      ['high_tech', '2024-12-01', '2027-11-30'],
      ['specialised_sme', '2024-08-01', '2027-07-31'],
    ],
    figures: [22_000, 5_400, 260],
  },
  {
    name: '松江星航航空部件有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['aerospace', 'new_materials'],
    qualifications: [['above_designated_size', '2021-01-01']],
    figures: [67_000, 2_100, 540],
  },
  {
    name: '上海松智人工智能科技有限公司',
    kind: 'enterprise',
    city: 'songjiang',
    district: '松江区',
    sectors: ['ai'],
    qualifications: [['tech_sme', '2025-04-01', '2026-03-31']],
    figures: [1_500, 700, 40],
  },
  {
    name: '松江科技成果转化服务有限公司',
    kind: 'service_institution',
    city: 'songjiang',
    district: '松江区',
    sectors: ['tech_services'],
    figures: [2_400, 80, 30],
  },
  // Firms elsewhere in the corridor and beyond.
  {
    name: '苏州工业园区纳米新材料有限公司',
    kind: 'enterprise',
    city: 'suzhou',
    sectors: ['new_materials'],
    qualifications: [['high_tech', '2024-12-01', '2027-11-30']],
    figures: [18_000, 1_400, 190],
  },
  {
    name: '合肥量子精密测量有限公司',
    kind: 'enterprise',
    city: 'hefei',
    sectors: ['scientific_instruments'],
    qualifications: [
      ['high_tech', '2025-10-20', '2028-10-19'],
      ['potential_unicorn', '2025-01-01'],
    ],
    figures: [9_000, 3_300, 150],
  },
  {
    name: '杭州城西智能制造有限公司',
    kind: 'enterprise',
    city: 'hangzhou',
    sectors: ['high_end_equipment', 'ai'],
    qualifications: [['specialised_sme', '2024-08-01', '2027-07-31']],
    figures: [27_000, 1_800, 310],
  },
  // Universities, institutes, carriers, incubators and an international organisation.
  {
    name: '上海松江大学城工程技术大学',
    kind: 'university',
    city: 'songjiang',
    district: '松江区',
    sectors: ['high_end_equipment', 'ai'],
  },
  { name: '浙江某理工大学', kind: 'university', city: 'hangzhou', sectors: ['next_gen_it'] },
  {
    name: 'G60脑智科创基地研究院',
    kind: 'research_institute',
    city: 'songjiang',
    district: '松江区',
    sectors: ['brain_computer_interface'],
  },
  { name: '芜湖机器人产业研究院', kind: 'research_institute', city: 'wuhu', sectors: ['high_end_equipment'] },
  {
    name: '长三角G60卫星互联网产业集群促进中心',
    kind: 'cluster_carrier',
    city: 'songjiang',
    district: '松江区',
    sectors: ['satellite_internet'],
  },
  {
    name: 'G60科创走廊国际科技合作组织',
    kind: 'intl_st_org',
    city: 'songjiang',
    district: '松江区',
    sectors: ['tech_services'],
  },
  {
    name: '松江洞泾硬科技孵化器',
    kind: 'incubator',
    city: 'songjiang',
    district: '松江区',
    sectors: ['tech_services'],
  },
  { name: '湖州南太湖科创孵化园', kind: 'incubator', city: 'huzhou', sectors: ['tech_services'] },
  {
    name: '金华智造企业',
    kind: 'enterprise',
    city: 'jinhua',
    sectors: ['high_end_equipment'],
    figures: [4_000, 160, 70],
  },
  {
    name: '宣城新材料企业',
    kind: 'enterprise',
    city: 'xuancheng',
    sectors: ['new_materials'],
    qualifications: [['tech_sme', '2025-04-01', '2026-03-31']],
    figures: [2_800, 190, 45],
  },
  // An international S&T organisation in the Hefei centre: 000·九's annual support is 免申即享 for it
  // once its operating spend is filed (see DEMO_BASE_FIGURES).
  {
    name: '长三角G60国际技术转移协作组织',
    kind: 'intl_st_org',
    city: 'songjiang',
    district: '松江区',
    centreOriginCity: 'hefei',
    sectors: ['tech_services'],
  },
];

/**
 * Base figures the demo files for screening (免申即享 amounts), for the last complete year: the
 * organisation's name, the figure code, the amount in 万元 and its source.
 */
export const DEMO_BASE_FIGURES: { organisation: string; figure: string; wan: number; source: string }[] = [
  {
    organisation: '长三角G60国际技术转移协作组织',
    figure: 'operatingSpend',
    wan: 480,
    source: '年度财务审计报告（演示数据）',
  },
  {
    organisation: '嘉兴—松江产业协同创新中心',
    figure: 'operatingSpend',
    wan: 260,
    source: '年度运营情况报告（演示数据）',
  },
];

/**
 * The demo organisations. USCC characters 3–8 are the city's GB/T 2260 division code from
 * reference.yaml (a centre carries its origin city's); serial numbers make them stable across runs.
 */
export function demoOrganisations(ref: Reference): OrganisationData[] {
  const division = (city: string) =>
    ref.cities.find((c) => c.code === city)?.division ?? ref.cities.find((c) => c.role === 'core')!.division!;
  return ORGS.map((o, i) => ({
    uscc: withUsccCheck(
      `${CATEGORY[o.kind]}${division(o.centreOriginCity && o.kind === 'innovation_centre' ? o.centreOriginCity : o.city)}MA${String(i + 1).padStart(7, '0')}`,
    ),
    name: o.name,
    kind: o.kind,
    city: o.city,
    district: o.district ?? null,
    centreOriginCity: o.centreOriginCity ?? null,
    sectors: o.sectors ?? [],
    licences: o.licences ?? [],
    qualifications: (o.qualifications ?? []).map(([code, from, to]) => ({ code, from, to: to ?? null })),
    figures: o.figures
      ? [
          {
            year: 2025,
            revenue: o.figures[0] * FEN_PER_WAN,
            rdExpense: o.figures[1] * FEN_PER_WAN,
            employees: o.figures[2],
          },
        ]
      : [],
  }));
}

/** The password of every demo account (printed at start-up; demo only). */
export const DEMO_PASSWORD = 'Ceyuan#Demo2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'enterprise' | 'reviewer' | 'approver' | 'admin' | 'auditor' | 'broker' | 'expert';
  /** Name of the demo organisation an enterprise user acts for. */
  organisation?: string;
  /** Officers: their department (plan alerts reach it). */
  department?: string;
  /** 评审专家: the organisation they work for (conflict-of-interest checks read it). */
  affiliation?: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'qiye',
    displayName: '嘉松智能驱动（企业用户）',
    role: 'enterprise',
    organisation: '嘉松智能驱动科技（上海）有限公司',
  },
  {
    username: 'qiye2',
    displayName: '松江云链信创（企业用户）',
    role: 'enterprise',
    organisation: '松江云链信创软件有限公司',
  },
  {
    username: 'guoji',
    displayName: '国际技术转移协作组织（单位用户）',
    role: 'enterprise',
    organisation: '长三角G60国际技术转移协作组织',
  },
  { username: 'shenhe', displayName: '区科委审核人', role: 'reviewer', department: '区科委' },
  { username: 'shenpi', displayName: '区科委审批人', role: 'approver', department: '区科委' },
  { username: 'guanli', displayName: '平台管理员', role: 'admin' },
  { username: 'shenji', displayName: '审计员（只读）', role: 'auditor' },
  // 双向发榜: the university that publishes offers, and a 技术经理人 who reviews listings and brokers.
  {
    username: 'gaoxiao',
    displayName: '松江大学城工程技术大学（成果发布）',
    role: 'enterprise',
    organisation: '上海松江大学城工程技术大学',
  },
  { username: 'jishu', displayName: '技术经理人', role: 'broker' },
  // 揭榜挂帅: posers and bidders besides qiye, and the 评审专家 (zhuanjia2 works for qiye's firm: blocked).
  {
    username: 'chuti',
    displayName: '松江华芯集成电路（出题单位）',
    role: 'enterprise',
    organisation: '松江华芯集成电路有限公司',
  },
  {
    username: 'qiye3',
    displayName: '苏松精密仪器（企业用户）',
    role: 'enterprise',
    organisation: '苏松精密仪器（上海）有限公司',
  },
  {
    username: 'qiye4',
    displayName: '杭松卫星互联（企业用户）',
    role: 'enterprise',
    organisation: '杭松卫星互联科技（上海）有限公司',
  },
  {
    username: 'zhuanjia',
    displayName: '评审专家（工程技术大学）',
    role: 'expert',
    affiliation: '上海松江大学城工程技术大学',
  },
  {
    username: 'zhuanjia2',
    displayName: '评审专家（嘉松智能驱动）',
    role: 'expert',
    affiliation: '嘉松智能驱动科技（上海）有限公司',
  },
  {
    username: 'zhuanjia3',
    displayName: '评审专家（合肥量子精密测量）',
    role: 'expert',
    affiliation: '合肥量子精密测量有限公司',
  },
  { username: 'zhuanjia4', displayName: '评审专家（独立）', role: 'expert' },
  // 免申即享 at scale: the Jiaxing centre, whose 000·十二 notice carries 最高可获 78万元 from its filed
  // operating spend but stays 快申快享 (a reviewer judges "带动跨区域协同成效明显").
  {
    username: 'zhongxin',
    displayName: '嘉兴—松江产业协同创新中心（单位用户）',
    role: 'enterprise',
    organisation: '嘉兴—松江产业协同创新中心',
  },
];
