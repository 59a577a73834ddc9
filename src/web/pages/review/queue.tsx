/**
 * 审核工作台: the queue (GET /api/review/queue) with the applicant, measure, amount, submission date,
 * days waiting and state; filtered by state, document and measure, sorted (by the server, so the order
 * holds beyond one page), with saved filters; and the objections the public filed on notices.
 */
import { Alert, Card, List } from 'antd';
import { Link } from 'react-router';
import { APPLICATION_STATES, type ApplicationState, STATE_LABELS } from '../../../core/workflow.ts';
import { useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { ApplicationTable, type ListedApplication } from '../../components/application/table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { SavedFilters } from './saved-filters.tsx';

/** The states the queue filters by: the core's, but drafts (never in a queue), the side ends last. */
const SIDE_ENDS: ApplicationState[] = ['rejected', 'withdrawn'];
const STATES = [...APPLICATION_STATES.filter((s) => s !== 'draft' && !SIDE_ENDS.includes(s)), ...SIDE_ENDS];
const SORTS = ['updated', 'waiting', 'submitted', 'requested'] as const;

interface PublicObjection {
  id: string;
  applicationId: string;
  title: string;
  organisationName: string;
  name: string | null;
  text: string;
  receivedOn: string;
}

function PublicObjections() {
  const { t } = useI18n('applications');
  const open = useApi<{ items: PublicObjection[] }>('/api/review/public-objections?status=open');
  const items = open.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="section-card"
      data-testid="public-objections"
      title={t('review.publicObjections', { n: items.length })}
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(o) => (
            <List.Item>
              <span>
                {o.receivedOn} · <Link to={`/review/${o.applicationId}`}>{o.title}</Link>（
                {o.organisationName}）：“{o.text.slice(0, 60)}
                {o.text.length > 60 ? '…' : ''}”
              </span>
            </List.Item>
          )}
        />
      }
    />
  );
}

export default function ReviewQueuePage() {
  const { t, pick, lang } = useI18n('applications');
  const cat = useCatalogue();
  const filters = useUrlFilters();
  const { params, set } = filters;
  const state = filters.get('state');
  const doc = filters.get('document');
  const measureId = filters.get('measureId');
  const sort = params.get('sort') ?? 'updated';
  const qs = new URLSearchParams({ limit: '500', sort });
  if (state) qs.set('state', state);
  if (doc) qs.set('document', doc);
  if (measureId) qs.set('measureId', measureId);
  const queue = useApi<{ items: ListedApplication[]; total: number }>(`/api/review/queue?${qs}`);
  const items = queue.data?.items ?? [];
  const moneyMeasures = (cat.data?.measures ?? []).filter(
    (m) =>
      m.benefit.kind !== 'service' && m.benefit.kind !== 'constraint' && (!doc || m.documentCode === doc),
  );

  return (
    <>
      <PageHeader title={t('review.title')} subtitle={t('review.intro')} />
      <PublicObjections />
      <FilterBar footer={<SavedFilters page="review" />}>
        <FilterSelect
          id="q-state"
          label={t('review.filterState')}
          value={state}
          onChange={(v) => set('state', v)}
          testId="queue-state"
          options={STATES.map((s) => ({ value: s, label: STATE_LABELS[s][lang] }))}
        />
        <FilterSelect
          id="q-document"
          label={t('review.filterDoc')}
          value={doc}
          onChange={(v) => set('document', v)}
          options={(cat.data?.documents ?? []).map((d) => ({
            value: d.code,
            label: `${d.code} · ${pick(d.title)}`,
          }))}
        />
        <FilterSelect
          id="q-measure"
          label={t('review.filterMeasure')}
          value={measureId}
          search
          onChange={(v) => set('measureId', v)}
          options={moneyMeasures.map((m) => ({ value: m.id, label: `${m.id} · ${pick(m.title)}` }))}
        />
        <FilterSelect
          id="q-sort"
          label={t('review.sort')}
          value={sort}
          noAll
          onChange={(v) => set('sort', v === 'updated' ? '' : v)}
          testId="queue-sort"
          options={SORTS.map((s) => ({ value: s, label: t(`review.sort.${s}`) }))}
        />
      </FilterBar>
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.error ? <ErrorBox error={queue.error} onRetry={queue.reload} /> : null}
      {queue.data ? (
        <Card className="section-card">
          <p className="muted" aria-live="polite">
            {t('common.results', { n: queue.data.total })}
          </p>
          {items.length === 0 ? (
            <p>{t('review.empty')}</p>
          ) : (
            <ApplicationTable items={items} officer link={(a) => `/review/${a.id}?${params}`} />
          )}
        </Card>
      ) : null}
    </>
  );
}
