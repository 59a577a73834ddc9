/**
 * 双向发榜 (002·六: "常态化推进'双向发榜'机制，鼓励高校、企业双向发榜、需求对接") — the words of a listing:
 * sides, who may publish which side, maturity levels, IP, what an offer still needs, thresholds and
 * the score's factors. Plain data with zh/en labels, served as-is by GET /api/matching/reference so
 * a page never hard-codes a label or a limit.
 */
import type { Text } from '../text.ts';

export const SIDES = ['need', 'offer'] as const;
export type Side = (typeof SIDES)[number];

export const SIDE_LABELS: Record<Side, Text> = {
  need: { zh: '需求榜（企业技术需求）', en: 'need (an enterprise’s technology need)' },
  offer: { zh: '成果榜（高校院所科技成果）', en: 'offer (a university’s or institute’s technology)' },
};

export const otherSide = (side: Side): Side => (side === 'need' ? 'offer' : 'need');

/**
 * Who publishes what (002·六 "鼓励高校、企业双向发榜"; 003 "校企双向发榜"): enterprises — and the
 * collaborative innovation centres and cluster carriers that act for firms — publish needs;
 * universities and research institutes publish offers. Organisation kinds are reference.yaml codes.
 */
export const PUBLISHER_KINDS: Record<Side, readonly string[]> = {
  need: ['enterprise', 'innovation_centre', 'cluster_carrier'],
  offer: ['university', 'research_institute'],
};

/** Technology readiness levels (GB/T 22900-2022 科学技术研究项目评价通则 uses the same nine levels). */
export const TRL_LABELS: Text[] = [
  { zh: 'TRL1 基本原理被发现', en: 'TRL1 basic principles observed' },
  { zh: 'TRL2 形成技术概念或应用方案', en: 'TRL2 technology concept formulated' },
  { zh: 'TRL3 关键功能实验室验证', en: 'TRL3 proof of concept in the laboratory' },
  { zh: 'TRL4 实验室环境部件/原理样机验证', en: 'TRL4 component validated in the laboratory' },
  { zh: 'TRL5 相关环境部件/原理样机验证', en: 'TRL5 component validated in a relevant environment' },
  {
    zh: 'TRL6 相关环境系统/工程样机验证（中试）',
    en: 'TRL6 prototype demonstrated in a relevant environment (pilot)',
  },
  { zh: 'TRL7 实际环境系统样机验证', en: 'TRL7 prototype demonstrated in an operational environment' },
  { zh: 'TRL8 定型试验、小批量试产', en: 'TRL8 system qualified, small-batch production' },
  { zh: 'TRL9 批量生产、实际应用', en: 'TRL9 proven in operation, volume production' },
];

export const IP_STATUSES = [
  'granted_patent',
  'pending_patent',
  'software_copyright',
  'know_how',
  'none',
] as const;
export type IpStatus = (typeof IP_STATUSES)[number];
export const IP_STATUS_LABELS: Record<IpStatus, Text> = {
  granted_patent: { zh: '已授权专利', en: 'granted patents' },
  pending_patent: { zh: '专利申请中', en: 'patent applications pending' },
  software_copyright: { zh: '软件著作权', en: 'software copyright' },
  know_how: { zh: '技术秘密（Know-how）', en: 'know-how' },
  none: { zh: '暂无知识产权', en: 'no IP yet' },
};

export const PATENT_KINDS = ['invention', 'utility_model', 'design'] as const;
export const PATENT_KIND_LABELS: Record<(typeof PATENT_KINDS)[number], Text> = {
  invention: { zh: '发明专利', en: 'invention patent' },
  utility_model: { zh: '实用新型专利', en: 'utility model' },
  design: { zh: '外观设计专利', en: 'design patent' },
};

/** What an offer still needs to reach the market (the issue: "pilot site, funding, partner"). */
export const OFFER_NEEDS = ['pilot_site', 'funding', 'partner', 'equipment', 'market'] as const;
export type OfferNeed = (typeof OFFER_NEEDS)[number];
export const OFFER_NEED_LABELS: Record<OfferNeed, Text> = {
  pilot_site: { zh: '中试场地', en: 'pilot site' },
  funding: { zh: '资金', en: 'funding' },
  partner: { zh: '产业化合作伙伴', en: 'industrial partner' },
  equipment: { zh: '设备条件', en: 'equipment' },
  market: { zh: '应用场景与市场渠道', en: 'application scenario and market' },
};

export const TRANSFER_MODES = ['transfer', 'licence', 'equity', 'joint_development', 'service'] as const;
export const TRANSFER_MODE_LABELS: Record<(typeof TRANSFER_MODES)[number], Text> = {
  transfer: { zh: '转让', en: 'assignment' },
  licence: { zh: '许可', en: 'licence' },
  equity: { zh: '作价投资', en: 'equity' },
  joint_development: { zh: '合作开发', en: 'joint development' },
  service: { zh: '技术服务/咨询', en: 'technical service' },
};

/** The need's IP expectation: what the enterprise wants to hold when the work is done. */
export const IP_EXPECTATIONS = ['ownership', 'exclusive_licence', 'licence', 'joint', 'negotiable'] as const;
export const IP_EXPECTATION_LABELS: Record<(typeof IP_EXPECTATIONS)[number], Text> = {
  ownership: { zh: '企业取得所有权', en: 'the enterprise owns it' },
  exclusive_licence: { zh: '独占许可', en: 'exclusive licence' },
  licence: { zh: '普通许可', en: 'non-exclusive licence' },
  joint: { zh: '双方共有', en: 'joint ownership' },
  negotiable: { zh: '可协商', en: 'negotiable' },
};

/** Period of publication (days) before a listing expires, and the bounds a publisher may ask for. */
export const LISTING_VALIDITY = { defaultDays: 180, minDays: 30, maxDays: 365 } as const;
/** Days before expiry when the owner is reminded and may renew. */
export const RENEWAL_WINDOW_DAYS = 30;

/**
 * Scores (0–100) at which a pair is recorded as a match, and at which both sides are notified. The
 * structured factors count only as far as the texts are relevant (score.ts RELEVANCE_FULL), so 80 takes
 * text relevance ≥ 0.72 and 65 ≥ 0.58. `ceyuan matching eval` prints what they do on the labelled set:
 * on its development needs 46 of 49 pairs judged to solve the need are recorded and 1 of 42 notices
 * goes to a pair judged not relevant (docs/matching.md "Quality and speed").
 */
export const MATCH_THRESHOLD = 65;
export const STRONG_MATCH_THRESHOLD = 80;
/** How many counterparts are recorded per listing when it is published. */
export const MATCHES_RECORDED_PER_LISTING = 20;

/** The counterpart has this many days to answer an expression of interest (the broker then chases). */
export const INTEREST_ANSWER_DAYS = 7;
/** A broker's first follow-up is due this many hours after an assignment. */
export const BROKER_RESPONSE_HOURS = 48;
/** Open assignments a broker carries when no capacity was set for them. */
export const DEFAULT_BROKER_CAPACITY = 5;

/** The score's factors and their maximum points (sum 100), in the order a page shows them. */
export const FACTORS = ['text', 'sector', 'maturity', 'budget', 'location'] as const;
export type Factor = (typeof FACTORS)[number];
export const FACTOR_POINTS: Record<Factor, number> = {
  text: 50,
  sector: 15,
  maturity: 15,
  budget: 10,
  location: 10,
};
export const FACTOR_LABELS: Record<Factor, Text> = {
  text: { zh: '文本相关度', en: 'text relevance' },
  sector: { zh: '产业领域', en: 'sector' },
  maturity: { zh: '成熟度与周期', en: 'maturity vs timeline' },
  budget: { zh: '预算', en: 'budget' },
  location: { zh: '区域（G60九城市）', en: 'location (G60 corridor)' },
};
