/**
 * 审核工作台: the queue (GET /api/review/queue) with filters by status, document and measure, and
 * one application beside the engine's evaluation with the decisions the officer may take.
 */

import { APPLICATION_STATES, type ApplicationState, STATE_LABELS } from '../../core/workflow.ts';
import { useApi } from '../api.ts';
import { useCatalogue } from '../catalogue-data.tsx';
import { ApplicationPanel, type ApplicationView } from '../components/application.tsx';
import { ErrorBox, Field, Loading } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import { ApplicationTable, type Page } from './applications.tsx';

/**
 * The states the queue can filter by: the core's states but drafts (never in an officer's queue), in
 * the core's order with the two ends other than 办结 last.
 */
const SIDE_ENDS: ApplicationState[] = ['rejected', 'withdrawn'];
const STATES = [...APPLICATION_STATES.filter((s) => s !== 'draft' && !SIDE_ENDS.includes(s)), ...SIDE_ENDS];

export function ReviewPage({ id, query }: { id?: string; query: URLSearchParams }) {
  const { t, pick, lang } = useI18n();
  const cat = useCatalogue();
  const state = query.get('state') ?? '';
  const doc = query.get('document') ?? '';
  const measureId = query.get('measureId') ?? '';
  const qs = new URLSearchParams();
  if (state) qs.set('state', state);
  if (doc) qs.set('document', doc);
  if (measureId) qs.set('measureId', measureId);
  qs.set('limit', '200');
  const queue = useApi<Page<ApplicationView> | ApplicationView[]>(id ? null : `/api/review/queue?${qs}`);
  if (id)
    return <ApplicationPanel id={id} backHref={href(['review'], { state, document: doc, measureId })} />;

  const set = (name: string, value: string) =>
    navigate(href(['review'], { state, document: doc, measureId, [name]: value }), true);
  const items = queue.data ? (Array.isArray(queue.data) ? queue.data : queue.data.items) : [];
  const moneyMeasures = (cat.data?.measures ?? []).filter(
    (m) =>
      m.benefit.kind !== 'service' && m.benefit.kind !== 'constraint' && (!doc || m.documentCode === doc),
  );

  return (
    <>
      <div className="page-head">
        <h1>{t('review.title')}</h1>
        <p>{t('review.intro')}</p>
      </div>
      <search className="card" aria-label={t('common.search')}>
        <div className="grid-3">
          <Field label={t('review.filterState')}>
            {(p) => (
              <select
                {...p}
                value={state}
                onChange={(e) => set('state', e.target.value)}
                data-testid="queue-state"
              >
                <option value="">{t('common.all')}</option>
                {STATES.map((s) => (
                  <option key={s} value={s}>
                    {STATE_LABELS[s][lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.filterDoc')}>
            {(p) => (
              <select {...p} value={doc} onChange={(e) => set('document', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {(cat.data?.documents ?? []).map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} · {pick(d.title)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.filterMeasure')}>
            {(p) => (
              <select {...p} value={measureId} onChange={(e) => set('measureId', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {moneyMeasures.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id} · {pick(m.title)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </search>
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.error ? <ErrorBox error={queue.error} onRetry={queue.reload} /> : null}
      {queue.data ? (
        <section className="card">
          <p className="muted">{t('common.results', { n: items.length })}</p>
          {items.length === 0 ? (
            <p>{t('review.empty')}</p>
          ) : (
            <ApplicationTable
              items={items}
              link={(a) => href(['review', a.id], { state, document: doc, measureId })}
            />
          )}
        </section>
      ) : null}
    </>
  );
}
