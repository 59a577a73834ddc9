/**
 * Listing lint: prompts for the specifics a good listing has and a vague one lacks (the issue: "a lint
 * prompts for missing specifics, e.g. no indicator, no budget"). `error` blocks submission (a rule a
 * listing must keep — e.g. no contact details in public text); `warning` is shown to the publisher and
 * the reviewer, who decides. Each finding names the field, the rule and the fix in zh and en.
 */
import type { Text } from '../text.ts';
import type { ListingInput, NeedInput, OfferInput } from './listing.ts';

export type LintSeverity = 'error' | 'warning';

export interface LintFinding {
  path: string;
  rule: string;
  severity: LintSeverity;
  zh: string;
  en: string;
}

/** The rules, for the reference endpoint (a page can list them) and the tests. */
export const LINT_RULES: Record<string, { severity: LintSeverity; text: Text }> = {
  contact_in_text: {
    severity: 'error',
    text: {
      zh: '公开内容中不得包含电话、邮箱等联系方式（对方表达意向并获接受后自动交换）',
      en: 'public text must not carry phone numbers or e-mail addresses (they are exchanged once an interest is accepted)',
    },
  },
  patents_missing: {
    severity: 'error',
    text: {
      zh: '知识产权状态为专利时须列出专利号',
      en: 'list the patent numbers when the IP status is a patent',
    },
  },
  patent_check_digit: {
    severity: 'warning',
    text: {
      zh: '专利申请号校验位不符，请核对',
      en: 'the patent application number’s check digit does not match',
    },
  },
  summary_short: {
    severity: 'warning',
    text: {
      zh: '描述过短：请写明要解决的问题、现状与目标（建议 80 字以上）',
      en: 'too short: say what problem, where it stands and the goal (80+ characters)',
    },
  },
  no_indicator: {
    severity: 'warning',
    text: {
      zh: '未填写技术指标：请给出可量化的目标（如精度、寿命、良率、成本）',
      en: 'no indicator: give measurable targets (precision, lifetime, yield, cost)',
    },
  },
  indicator_not_quantified: {
    severity: 'warning',
    text: { zh: '该指标没有数值，难以验收', en: 'this indicator has no number and cannot be checked' },
  },
  no_budget: {
    severity: 'warning',
    text: {
      zh: '未填写预算区间：对方难以判断可行性',
      en: 'no budget band: the other side cannot judge feasibility',
    },
  },
  no_timeline: {
    severity: 'warning',
    text: { zh: '未填写期望周期（月）', en: 'no timeline (months)' },
  },
  no_scenario: {
    severity: 'warning',
    text: { zh: '未描述应用场景', en: 'no application scenario' },
  },
  no_ip_expectation: {
    severity: 'warning',
    text: {
      zh: '未说明知识产权期望（所有权、许可或共有）',
      en: 'no IP expectation (ownership, licence or joint)',
    },
  },
  no_team: {
    severity: 'warning',
    text: { zh: '未介绍团队', en: 'no team described' },
  },
  no_applications: {
    severity: 'warning',
    text: { zh: '未说明应用领域与场景', en: 'no application fields or scenarios' },
  },
  no_needs: {
    severity: 'warning',
    text: {
      zh: '未说明尚需的条件（中试场地、资金、合作伙伴…）',
      en: 'no statement of what is still needed (pilot site, funding, partner…)',
    },
  },
  vague_claim: {
    severity: 'warning',
    text: {
      zh: '“国际领先”“填补空白”等表述请附可核验的数据（指标、对标产品、测试报告）',
      en: 'claims such as "world-leading" need verifiable figures (indicators, benchmark, test report)',
    },
  },
};

const PHONE = /(?<![0-9])(?:1[3-9][0-9][\s-]?[0-9]{4}[\s-]?[0-9]{4}|0[0-9]{2,3}[\s-]?[0-9]{7,8})(?![0-9])/;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
const WECHAT = /(微信|wechat|vx|qq)[号:：\s]*[a-z0-9_-]{5,}/i;
const VAGUE = /(国际领先|国内领先|世界领先|填补.{0,4}空白|国际先进|业界领先)/;
const DIGIT = /[0-9０-９]/;

/** Whether a text carries something a person could be reached by. */
export function containsContact(text: string): boolean {
  return PHONE.test(text) || EMAIL.test(text) || WECHAT.test(text);
}

function finding(path: string, rule: keyof typeof LINT_RULES): LintFinding {
  const r = LINT_RULES[rule]!;
  return { path, rule, severity: r.severity, zh: r.text.zh, en: r.text.en };
}

/**
 * The check digit of a Chinese patent application number (12 digits since 2003, 8 before): weights
 * 2…9 repeating over the digits, sum mod 11, 10 written "X".
 */
export function patentCheckDigit(digits: string): string {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9];
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * weights[i % 8]!;
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

function publicTexts(l: ListingInput): [string, string][] {
  const out: [string, string][] = [
    ['title', l.title],
    ['summary', l.summary],
    ...l.keywords.map((k, i): [string, string] => [`keywords.${i}`, k]),
  ];
  if (l.side === 'need') {
    if (l.scenario) out.push(['scenario', l.scenario]);
    l.indicators.forEach((x, i) => {
      out.push([`indicators.${i}.target`, `${x.name} ${x.target}`]);
    });
  } else {
    if (l.applications) out.push(['applications', l.applications]);
    if (l.team) out.push(['team', l.team]);
  }
  return out;
}

function lintNeed(l: NeedInput): LintFinding[] {
  const out: LintFinding[] = [];
  if (l.indicators.length === 0) out.push(finding('indicators', 'no_indicator'));
  l.indicators.forEach((x, i) => {
    if (!DIGIT.test(x.target)) out.push(finding(`indicators.${i}.target`, 'indicator_not_quantified'));
  });
  if (!l.budget) out.push(finding('budget', 'no_budget'));
  if (l.timelineMonths === null) out.push(finding('timelineMonths', 'no_timeline'));
  if (!l.scenario) out.push(finding('scenario', 'no_scenario'));
  if (!l.ipExpectation) out.push(finding('ipExpectation', 'no_ip_expectation'));
  return out;
}

function lintOffer(l: OfferInput): LintFinding[] {
  const out: LintFinding[] = [];
  if ((l.ipStatus === 'granted_patent' || l.ipStatus === 'pending_patent') && l.patents.length === 0)
    out.push(finding('patents', 'patents_missing'));
  l.patents.forEach((p, i) => {
    const m = /^(?:ZL|CN)?\s?([0-9]{8}|[0-9]{12})\.([0-9X])$/i.exec(p.number);
    if (m && patentCheckDigit(m[1]!) !== m[2]!.toUpperCase())
      out.push(finding(`patents.${i}.number`, 'patent_check_digit'));
  });
  if (!l.team) out.push(finding('team', 'no_team'));
  if (!l.applications) out.push(finding('applications', 'no_applications'));
  if (l.needs.length === 0) out.push(finding('needs', 'no_needs'));
  return out;
}

export function lintListing(l: ListingInput): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [path, text] of publicTexts(l))
    if (containsContact(text)) out.push(finding(path, 'contact_in_text'));
  if ([...l.summary].length < 80) out.push(finding('summary', 'summary_short'));
  const claims = `${l.title} ${l.summary}`;
  if (VAGUE.test(claims) && !DIGIT.test(l.summary)) out.push(finding('summary', 'vague_claim'));
  return [...out, ...(l.side === 'need' ? lintNeed(l) : lintOffer(l))];
}

export const lintErrors = (findings: LintFinding[]) => findings.filter((f) => f.severity === 'error');
