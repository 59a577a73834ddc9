/**
 * A measure's 办事指南 (GET /api/catalogue/:id/guide): each fact quoted from the text, filled in by an
 * administrator with its source, or 待补录; and the materials checklist that follows from the
 * measure's conditions. On an application the checklist ticks the items its attachments answer.
 */
import { Descriptions, List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useApi } from '../api.ts';
import { formatDate } from '../format.ts';
import { useI18n } from '../i18n/index.ts';
import { ErrorBox, Loading } from './status.tsx';

export interface Quote {
  quote: string;
  source: string;
}
export interface GuideFact {
  quote: Quote | null;
  filled: { value: string; source: string; by: string; at: string } | null;
  pending: boolean;
}
export interface Material {
  code: string;
  label: { zh: string; en: string };
  basis: { zh: string; en: string };
}
export interface Guide {
  measureId: string;
  interpretation: Quote | null;
  rules: Quote | null;
  facts: Record<'department' | 'processingTime' | 'contact' | 'rounds', GuideFact>;
  materials: Material[];
}

export const GUIDE_FIELDS = ['department', 'processingTime', 'contact', 'rounds'] as const;

export function useGuide(measureId: string | null) {
  return useApi<Guide>(measureId ? `/api/catalogue/${encodeURIComponent(measureId)}/guide` : null);
}

function QuoteText({ q }: { q: Quote }) {
  const { t } = useI18n('catalogue');
  return (
    <>
      <Tag color="blue">{t('guide.fromText')}</Tag>
      <q lang="zh-CN">{q.quote}</q>
    </>
  );
}

export function FactValue({ fact }: { fact: GuideFact }) {
  const { t } = useI18n('catalogue');
  const parts: ReactNode[] = [];
  if (fact.quote) parts.push(<QuoteText key="q" q={fact.quote} />);
  if (fact.filled)
    parts.push(
      <div key="f" className="guide-filled">
        <strong>{fact.filled.value}</strong>{' '}
        <Typography.Text type="secondary">
          {t('guide.filledBy', {
            source: fact.filled.source,
            by: fact.filled.by,
            date: formatDate(fact.filled.at),
          })}
        </Typography.Text>
      </div>,
    );
  if (fact.pending)
    parts.push(
      <Tag key="p" color="warning" data-testid="pending">
        {t('guide.pending')}
      </Tag>,
    );
  return <>{parts}</>;
}

/** The 办事指南 of one measure, for its page. */
export function GuideSection({ measureId }: { measureId: string }) {
  const { t, pick } = useI18n('catalogue');
  const guide = useGuide(measureId);
  if (guide.loading && !guide.data) return <Loading />;
  if (guide.error || !guide.data) return <ErrorBox error={guide.error} onRetry={guide.reload} />;
  const g = guide.data;
  return (
    <div data-testid="guide">
      <Descriptions column={1} size="small" bordered className="guide-facts">
        {g.interpretation ? (
          <Descriptions.Item label={t('guide.interpretation')}>
            <QuoteText q={g.interpretation} />
          </Descriptions.Item>
        ) : null}
        {GUIDE_FIELDS.map((f) => (
          <Descriptions.Item key={f} label={t(`guide.${f}`)}>
            <FactValue fact={g.facts[f]} />
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Title level={3} className="card-h3">
        {t('guide.materials')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('guide.materialsIntro')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={g.materials}
        data-testid="materials"
        renderItem={(m) => (
          <List.Item data-material={m.code}>
            <div>
              <div>{pick(m.label)}</div>
              <Typography.Text type="secondary" className="small">
                {t('guide.basis', { basis: pick(m.basis) })}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
