/** A measure's rule in words: who, what, how much, how often, and what it overlaps with. */
import type { Catalogue, Condition, Example, Measure } from './catalogue/types.ts';
import { formatRate, formatWan } from './money.ts';
import type { Text } from './text.ts';

export interface MeasureDescription {
  validity: Text;
  who: Text[];
  what: Text[];
  benefit: Text;
  period: Text | null;
  overlap: Text | null;
}

function leaves(conds: Condition[]): Text[] {
  return conds.flatMap((c): Text[] => {
    if ('all' in c) return leaves(c.all);
    if ('any' in c) {
      const parts = leaves(c.any);
      return [{ zh: parts.map((p) => p.zh).join(' 或 '), en: parts.map((p) => p.en).join(' or ') }];
    }
    if ('not' in c) return leaves([c.not]).map((t) => ({ zh: `并非：${t.zh}`, en: `not: ${t.en}` }));
    return [c.label];
  });
}

function benefitText(m: Measure, catalogue: Catalogue): Text {
  const b = m.benefit;
  const staged =
    'staged' in b && b.staged ? { zh: '，分阶段拨付', en: ', paid in stages' } : { zh: '', en: '' };
  switch (b.kind) {
    case 'rate_cap': {
      const f = catalogue.reference.figures.find((x) => x.code === b.base)!;
      return {
        zh: `按${f.zh}的${formatRate(b.rate)}给予支持，最高${formatWan(b.cap)}（向下取整到分）${staged.zh}`,
        en: `${formatRate(b.rate)} of ${f.en}, at most ${formatWan(b.cap)} (rounded down to the fen)${staged.en}`,
      };
    }
    case 'upper_bound':
      return {
        zh: `最高${formatWan(b.cap)}，具体金额由审核人员在 0 至上限之间确定${staged.zh}`,
        en: `up to ${formatWan(b.cap)}; the reviewer sets the figure between 0 and the cap${staged.en}`,
      };
    case 'fixed':
      return {
        zh: `定额${formatWan(b.amount)}${staged.zh}`,
        en: `a fixed ${formatWan(b.amount)}${staged.en}`,
      };
    case 'tiered_pending':
      return {
        zh: `分档奖励，最高${formatWan(b.cap)}；${b.pending.zh}`,
        en: `tiered award up to ${formatWan(b.cap)}; ${b.pending.en}`,
      };
    case 'unspecified':
      return {
        zh: `给予资金支持，金额未规定：${b.pending.zh}`,
        en: `money without a printed amount: ${b.pending.en}`,
      };
    case 'service':
      return {
        zh: '服务、机制或政策待遇，不直接涉及资金',
        en: 'a service, mechanism or benefit in kind; no money',
      };
    case 'constraint':
      return { zh: '约束性规定，事项须符合所列条件', en: 'a constraint the matter must satisfy' };
  }
}

const PERIOD: Record<string, Text> = {
  per_matter: {
    zh: '按事项（每个项目、活动或产品）计算上限',
    en: 'cap per matter (project, event or product)',
  },
  once: { zh: '每个主体仅可享受一次', en: 'once per entity, ever' },
  annual: { zh: '按年度计算上限（自然年）', en: 'cap per calendar year' },
};

export function describeMeasure(m: Measure, catalogue: Catalogue): MeasureDescription {
  const v = m.document.validity;
  const validity: Text =
    m.document.status === 'draft'
      ? {
          zh: `征求意见稿，未施行；施行后有效期${v.years}年`,
          en: `draft for comment, not in force; valid ${v.years} years once adopted`,
        }
      : {
          zh: `${v.from} 起施行，有效期至 ${v.to ?? '未规定'}`,
          en: `in force from ${v.from} to ${v.to ?? 'no end date'}`,
        };
  const b = m.benefit;
  let period: Text | null = null;
  if ('period' in b) {
    period =
      b.period === 'cumulative'
        ? {
            zh: `${'periodYears' in b ? b.periodYears : ''}年累计计算上限`,
            en: `cap cumulative over ${'periodYears' in b ? b.periodYears : ''} years`,
          }
        : PERIOD[b.period]!;
  }
  const peers = m.overlapGroup
    ? catalogue.measures.filter((x) => x.overlapGroup === m.overlapGroup && x.id !== m.id).map((x) => x.id)
    : [];
  const matterType = m.matterType
    ? catalogue.reference.matterTypes.find((t) => t.code === m.matterType)
    : undefined;
  return {
    validity,
    who: leaves(m.applicant),
    what: [
      ...(matterType ? [{ zh: `支持事项：${matterType.zh}`, en: `supports: ${matterType.en}` }] : []),
      ...leaves(m.matter),
    ],
    benefit: benefitText(m, catalogue),
    period,
    overlap:
      peers.length > 0
        ? {
            zh: `与${peers.join('、')}支持同一事项，按从优、就高、不重复原则只享受其中最优一项`,
            en: `supports the same matter as ${peers.join(', ')}: only the most favourable one applies`,
          }
        : null,
  };
}

/** A measure's worked example as calculator input (validated later like any other input). */
export function exampleInput(x: Example): Record<string, unknown> {
  return {
    applicant: x.applicant,
    matters: x.matter ? [x.matter] : [],
    history: x.history ?? [],
    asOf: x.asOf ?? (x.matter?.date as string | undefined),
    simulate: { adopt: x.simulate ?? {} },
  };
}
