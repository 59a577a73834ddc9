/** What the catalogue's pages share: a measure's support in a few words, a document's status and validity. */
import { Tag } from 'antd';
import { formatRate, formatWanGrouped } from '../../../core/money.ts';
import type { BenefitView, DocumentSummary } from '../../catalogue-data.tsx';
import type { I18n } from '../../i18n/index.ts';

export const SHAPES = [
  'rate_cap',
  'upper_bound',
  'fixed',
  'tiered_pending',
  'unspecified',
  'service',
  'constraint',
] as const;

/** "30% · 最高 2,000万元" — the support of a measure in a few words. */
export function benefitSummary(b: BenefitView, { t, lang }: Pick<I18n, 't' | 'lang'>): string {
  const cap = b.cap !== undefined ? formatWanGrouped(b.cap, lang) : '';
  const upTo = lang === 'zh' ? `最高${cap}` : `up to ${cap}`;
  switch (b.kind) {
    case 'rate_cap':
      return `${b.rate !== undefined ? formatRate(b.rate) : ''} · ${upTo}`;
    case 'upper_bound':
      return upTo;
    case 'fixed':
      return b.amount !== undefined ? formatWanGrouped(b.amount, lang) : t(`shape.fixed`);
    case 'tiered_pending':
      return `${upTo} · ${t('shape.tiered_pending')}`;
    default:
      return t(`shape.${b.kind}` as never);
  }
}

export function StatusTag({ status, t }: { status: string; t: I18n['t'] }) {
  const color = status === 'in_force' ? 'success' : status === 'draft' ? 'warning' : 'default';
  return (
    <Tag color={color} variant="outlined">
      {t(`doc.status.${status}` as never)}
    </Tag>
  );
}

export function validityLine(d: DocumentSummary, lang: 'zh' | 'en'): string {
  const v = d.validity;
  if (d.status === 'draft') {
    return lang === 'zh'
      ? `未施行${v.years ? `；施行后有效期${v.years}年` : ''}`
      : `not in force${v.years ? `; valid ${v.years} years once adopted` : ''}`;
  }
  if (!v.from) return '';
  return lang === 'zh' ? `${v.from} 至 ${v.to ?? '—'}` : `${v.from} to ${v.to ?? '—'}`;
}
