/**
 * A measure's rule in words: who, what, how much, how often, in stages or not, what it overlaps
 * with, and the readings the catalogue made of the clause. "不超过 X%、最高 N" reads as a ceiling the
 * reviewer decides within ("按不超过揭榜额的30%、最高2000万元给予支持"), never as a promised sum.
 */
import type { Catalogue, Condition, Example, Measure } from './catalogue/types.ts';
import { overlapIndex, pairRule } from './engine/overlap.ts';
import { formatRate, formatWan } from './money.ts';
import { proposeStages } from './stages.ts';
import type { Text } from './text.ts';

export interface MeasureDescription {
  validity: Text;
  who: Text[];
  what: Text[];
  benefit: Text;
  period: Text | null;
  /** Paid in stages or in one, and the plan the workflow proposes. */
  stages: Text | null;
  overlap: Text | null;
  /** Each reading the catalogue made, with the words it reads. */
  readings: { quote: string; text: Text }[];
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
  const used =
    'period' in b && b.period === 'annual'
      ? { zh: '本年度已获', en: 'what the year already received' }
      : { zh: '同一项目已获', en: 'what the project already received' };
  switch (b.kind) {
    case 'rate_cap': {
      const f = catalogue.reference.figures.find((x) => x.code === b.base)!;
      return {
        zh: `按不超过${f.zh}的${formatRate(b.rate)}、最高${formatWan(b.cap)}给予支持：最高可获 = min(${f.zh} × ${formatRate(b.rate)}，${formatWan(b.cap)}) − ${used.zh}（向下取整到分），具体金额由审核人员在 0 至最高可获金额之间核定，低于最高可获的须写明理由${staged.zh}`,
        en: `not more than ${formatRate(b.rate)} of ${f.en}, at most ${formatWan(b.cap)}: the ceiling is min(${formatRate(b.rate)} × ${f.en}, ${formatWan(b.cap)}) less ${used.en} (rounded down to the fen), and the reviewer decides between 0 and the ceiling, with a written reason below it${staged.en}`,
      };
    }
    case 'upper_bound':
      return {
        zh: `最高${formatWan(b.cap)}（条文未规定比例）：具体金额由审核人员在 0 至上限（扣除${used.zh}）之间核定，低于上限的须写明理由${staged.zh}`,
        en: `up to ${formatWan(b.cap)} (no rate is printed): the reviewer sets the figure between 0 and the cap less ${used.en}, with a written reason below it${staged.en}`,
      };
    case 'fixed':
      return {
        zh: `条文规定的定额${formatWan(b.amount)}${b.oneOff ? '，一次性' : ''}${staged.zh}`,
        en: `a fixed ${formatWan(b.amount)} set by the text${b.oneOff ? ', one-off' : ''}${staged.en}`,
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
    zh: '按事项（每个项目、活动或产品）计算上限，同一事项已获支持从其上限中扣除，其他事项的不计',
    en: 'cap per matter (project, event or product): what the matter already received is subtracted, other matters do not count',
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
        : b.oneOff && b.period === 'per_matter'
          ? {
              zh: '一次性：每个事项（项目、产品）仅给予一次，已获的不再给予，也不补足差额',
              en: 'one-off: once per matter (project, product); nothing more once received, not even a top-up',
            }
          : PERIOD[b.period]!;
  }
  const index = indexes.get(catalogue) ?? overlapIndex(catalogue);
  indexes.set(catalogue, index);
  const auto = catalogue.measures
    .filter((x) => x.id !== m.id && pairRule(index, m.id, x.id)?.mode === 'auto')
    .map((x) => x.id);
  const review = catalogue.measures
    .filter((x) => x.id !== m.id && pairRule(index, m.id, x.id)?.mode === 'review')
    .map((x) => x.id);
  const overlap: Text[] = [];
  if (auto.length > 0)
    overlap.push({
      zh: `与${auto.join('、')}可支持同一项目，按从优、就高、不重复原则只享受其中最优一项`,
      en: `may support the same project as ${auto.join(', ')}: only the most favourable one applies`,
    });
  if (review.length > 0)
    overlap.push({
      zh: `与同一文件的${review.join('、')}可能支持同一项目；文件未规定能否叠加，由审核人员判断`,
      en: `may support the same project as ${review.join(', ')} of the same document, which does not say whether they stack: the reviewer judges`,
    });
  const money = 'period' in b && b.kind !== 'unspecified';
  const plan = proposeStages(b, null);
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
    stages: money ? plan.basis : null,
    overlap:
      overlap.length > 0
        ? { zh: overlap.map((o) => o.zh).join('；'), en: overlap.map((o) => o.en).join('; ') }
        : null,
    readings: m.readings.map((r) => ({ quote: r.quote, text: { zh: r.zh, en: r.en } })),
  };
}

const indexes = new WeakMap<Catalogue, ReturnType<typeof overlapIndex>>();

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

/**
 * Every reading the catalogue made, with the verbatim words it reads, as Markdown (docs/catalogue.md
 * carries this block; a test keeps the two identical, so the documentation cannot drift).
 */
export function readingsMarkdown(catalogue: Catalogue): string {
  const out: string[] = [];
  const line = (r: { quote: string; zh: string }) => `  - 「${r.quote.replace(/\s+/g, ' ')}」 — ${r.zh}`;
  for (const doc of catalogue.documents) {
    const shared = doc.applicabilityReadings ?? [];
    const sharedIds = new Set(shared.map((r) => r.id));
    const measures = catalogue.measures.filter(
      (m) => m.document.code === doc.code && m.readings.some((r) => !sharedIds.has(r.id)),
    );
    if (shared.length === 0 && measures.length === 0) continue;
    out.push(`### ${doc.code} ${doc.number ?? doc.title.zh}`, '');
    if (shared.length > 0) {
      out.push('- **适用范围**（本文件每项措施均适用）');
      for (const r of shared) out.push(line(r));
    }
    for (const m of measures) {
      out.push(`- **${m.id}** ${m.title.zh}`);
      for (const r of m.readings) if (!sharedIds.has(r.id)) out.push(line(r));
    }
    out.push('');
  }
  if (catalogue.overlapLinks.length > 0) {
    out.push('### 跨事项类型的重叠（policies/overlaps.yaml）', '');
    for (const l of catalogue.overlapLinks)
      out.push(`- **${l.title.zh}**：${l.measures.join('、')} — ${l.reading.zh}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
