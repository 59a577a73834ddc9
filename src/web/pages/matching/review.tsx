/**
 * 榜单审核: listings waiting for an officer or a 技术经理人 (GET /api/matching/review?state=…), each with
 * its publisher, contact, facts and the lint's prompts (no indicator, no budget…), decided with a note:
 * publish, return for changes or reject (POST /api/matching/listings/:id/review). A broker is refused
 * listings of their own employer's group (the server says so).
 */
import { Alert, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, useApi } from '../../api.ts';
import { FilterBar, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import {
  ListingFacts,
  type ListingView,
  type Page,
  SideTag,
  useLabels,
  useMatchingReference,
} from './shared.tsx';

export default function ReviewPage() {
  const { t, pick } = useI18n('matching');
  const ref = useMatchingReference();
  const f = useUrlFilters();
  const side = f.get('side');
  const list = useApi<Page<ListingView>>(
    `/api/matching/review?state=pending_review&limit=50${side ? `&side=${side}` : ''}`,
  );
  return (
    <>
      <PageHeader title={t('matching.reviewTitle')} subtitle={t('matching.reviewIntro')} />
      <FilterBar>
        <Segmented
          aria-label={t('matching.side')}
          value={side}
          onChange={(v) => f.set('side', String(v))}
          options={[
            { value: '', label: t('common.all') },
            ...(ref.data?.sides ?? []).map((s) => ({ value: s.code, label: pick(s.label) })),
          ]}
        />
      </FilterBar>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {!list.data || !ref.data ? (
        <Loading />
      ) : (
        <>
          <p className="result-count" data-testid="review-total">
            {t('matching.waiting', { n: list.data.total })}
          </p>
          {list.data.items.length === 0 ? <Alert type="success" title={t('matching.reviewEmpty')} /> : null}
          <ul className="review-list plain-list" data-testid="review-queue">
            {list.data.items.map((l) => (
              <li key={l.id} data-id={l.id}>
                <ReviewCard l={l} onDone={list.reload} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function ReviewCard({ l, onDone }: { l: ListingView; onDone: () => void }) {
  const { t, pick } = useI18n('matching');
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const noteId = `note-${l.id}`;
  async function decide(decision: 'publish' | 'return' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/matching/listings/${l.id}/review`, {
        decision,
        note: note.trim() || null,
        version: l.version,
      });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card
      className="section-card"
      title={
        <span>
          <SideTag side={l.side} labels={labels} /> {l.title}
        </span>
      }
      extra={<span className="hint">{formatDateTime(l.updatedAt)}</span>}
    >
      <Typography.Paragraph className="pre-line" ellipsis={{ rows: 4, expandable: true }}>
        {l.summary}
      </Typography.Paragraph>
      <ListingFacts l={l} labels={labels} />
      {l.contact ? (
        <p className="hint">
          {t('matching.contactPart')}：{l.contact.name} {l.contact.phone ?? ''} {l.contact.email ?? ''}
        </p>
      ) : null}
      {(l.lint ?? []).length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('matching.lintWarnings')}
          description={
            <ul className="plain-list">
              {(l.lint ?? []).map((x) => (
                <li key={`${x.path}-${x.rule}`}>{pick(x)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <label htmlFor={noteId} className="field-label">
        {t('matching.reviewNote')}
      </label>
      <Input.TextArea
        id={noteId}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={2}
        maxLength={2000}
      />
      {error ? <ErrorBox error={error} /> : null}
      <Space wrap className="actions-row">
        <Button type="primary" loading={busy} onClick={() => decide('publish')} data-testid="publish">
          {t('matching.do.publish')}
        </Button>
        <Button loading={busy} onClick={() => decide('return')} data-testid="return">
          {t('matching.do.return')}
        </Button>
        <Button danger loading={busy} onClick={() => decide('reject')} data-testid="reject">
          {t('matching.do.reject')}
        </Button>
      </Space>
    </Card>
  );
}
