/**
 * 我的申报: the enterprise's applications (GET /api/applications), one application with its
 * timeline and stages, and "apply" from a self-check result (POST /api/applications/from-self-check).
 */
import { useState } from 'react';
import { api, useApi } from '../api.ts';
import { ApplicationPanel, type ApplicationView, stateBadge } from '../components/application.tsx';
import { ErrorBox, errorMessage, Loading } from '../components/ui.tsx';
import { formatDate, formatYuan } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import type { GrantView } from './result.tsx';

export interface Page<T> {
  items: T[];
  total: number;
}

export function ApplicationTable({
  items,
  link,
}: {
  items: ApplicationView[];
  link: (a: ApplicationView) => string;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="applications">
        <thead>
          <tr>
            <th>{t('apps.colTitle')}</th>
            <th>{t('apps.colMeasure')}</th>
            <th>{t('apps.colState')}</th>
            <th className="num">{t('apps.colRequested')}</th>
            <th className="num">{t('apps.colApproved')}</th>
            <th>{t('apps.colUpdated')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-state={a.state}>
              <td>
                <a href={link(a)}>{a.title}</a>
              </td>
              <td className="mono nowrap">{a.measureId}</td>
              <td>{stateBadge(a.state, t)}</td>
              <td className="num">{a.requestedAmount !== null ? formatYuan(a.requestedAmount) : '—'}</td>
              <td className="num">{a.approvedAmount !== null ? formatYuan(a.approvedAmount) : '—'}</td>
              <td className="nowrap">{formatDate(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ApplicationsPage({ id, query }: { id?: string; query: URLSearchParams }) {
  const { t } = useI18n();
  const list = useApi<Page<ApplicationView>>(id ? null : '/api/applications?limit=200');
  if (id) {
    return (
      <ApplicationPanel
        id={id}
        backHref={href(['applications'])}
        extra={query.get('created') ? <p className="notice notice-info">{t('apps.created')}</p> : null}
      />
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>{t('apps.title')}</h1>
        <p>{t('apps.intro')}</p>
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data ? (
        <section className="card">
          {list.data.items.length === 0 ? (
            <p>
              {t('apps.empty')} <a href={href(['check'])}>{t('apps.goCheck')}</a>
            </p>
          ) : (
            <ApplicationTable items={list.data.items} link={(a) => href(['applications', a.id])} />
          )}
        </section>
      ) : null}
    </>
  );
}

/** The "apply for this" button under a granted measure of a self-check result. */
export function ApplyButton({ grant, input, title }: { grant: GrantView; input: unknown; title?: string }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const app = await api<ApplicationView>('POST', '/api/applications/from-self-check', {
        measureId: grant.measureId,
        input,
        ...(grant.matterId ? { matterId: grant.matterId } : {}),
        ...(title ? { title } : {}),
      });
      navigate(href(['applications', app.id], { created: '1' }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={busy}
        onClick={() => void apply()}
        data-testid={`apply-${grant.measureId}`}
      >
        {t('result.apply')}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {errorMessage(error, t, lang)}
        </span>
      ) : null}
    </>
  );
}
