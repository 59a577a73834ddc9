/**
 * 我的申报: the enterprise's applications (GET /api/applications), one application with its
 * timeline and stages, and "apply" from a self-check result (POST /api/applications/from-self-check).
 */
import { useState } from 'react';
import { formatYuan } from '../../core/money.ts';
import { api, useApi } from '../api.ts';
import { ApplicationPanel, type ApplicationView, stateBadge } from '../components/application.tsx';
import { Badge, ErrorBox, errorMessage, Loading } from '../components/ui.tsx';
import { formatDate } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import type { GrantView } from './result.tsx';
import { modeBadge } from './screening.tsx';

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
  const { t, lang } = useI18n();
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
              <td>{stateBadge(a.state, lang)}</td>
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

interface Notice {
  id: string;
  measureId: string;
  title: { zh: string; en: string };
  mode: 'automatic' | 'invitation';
  matterType: string | null;
  status: 'new' | 'read' | 'confirmed' | 'dismissed';
  runId: string;
  applicationId: string | null;
  createdAt: string;
}

/**
 * 免申即享 notices: what a screening run found for the organisation. Confirming a 免申即享 notice
 * makes the application in one step; a 快申快享 notice opens the self-check for the measure's matter.
 */
function Inbox({ onChange }: { onChange: () => void }) {
  const { t, pick, lang } = useI18n();
  const inbox = useApi<{ items: Notice[] }>('/api/inbox');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = (inbox.data?.items ?? []).filter((n) => n.status !== 'dismissed');

  async function act(n: Notice, what: 'confirm' | 'dismiss' | 'read') {
    setBusy(n.id);
    setError(null);
    try {
      const r = await api<{ kind?: string; application?: ApplicationView; matterType?: string | null }>(
        'POST',
        `/api/inbox/${encodeURIComponent(n.id)}/${what}`,
      );
      if (what === 'confirm' && r.kind === 'application' && r.application) {
        navigate(href(['applications', r.application.id], { created: '1' }));
        return;
      }
      if (what === 'confirm' && r.kind === 'invitation') {
        navigate(href(['check'], { matterType: r.matterType ?? undefined, measure: n.measureId }));
        return;
      }
      inbox.reload();
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  // An inbox the server will not show this user is no reason to spoil the page.
  if (inbox.error) return null;
  return (
    <section className="card" aria-labelledby="inbox-h" data-testid="inbox">
      <h2 id="inbox-h">{t('inbox.title')}</h2>
      <p className="muted">{t('inbox.intro')}</p>
      {inbox.data && items.length === 0 ? <p>{t('inbox.empty')}</p> : null}
      <ul className="inbox">
        {items.map((n) => (
          <li key={n.id} data-status={n.status} data-mode={n.mode} data-testid={`notice-${n.measureId}`}>
            <div>
              <a href={href(['catalogue', n.measureId])} className="mono">
                {n.measureId}
              </a>{' '}
              <strong>{pick(n.title)}</strong> {modeBadge(n.mode, t)}{' '}
              <Badge tone={n.status === 'new' ? 'warn' : 'muted'}>{t(`notice.${n.status}`)}</Badge>
              <div className="muted" style={{ fontSize: '0.85rem' }}>
                {t('inbox.found', { date: formatDate(n.createdAt) })}
              </div>
            </div>
            <div className="actions" style={{ marginTop: 0 }}>
              {n.status === 'confirmed' && n.applicationId ? (
                <a className="btn btn-small" href={href(['applications', n.applicationId])}>
                  {t('inbox.openApplication')}
                </a>
              ) : (
                <>
                  <button
                    type="button"
                    className="btn btn-primary btn-small"
                    disabled={busy !== null}
                    onClick={() => void act(n, 'confirm')}
                    data-testid="notice-confirm"
                  >
                    {n.mode === 'automatic' ? t('inbox.confirm') : t('inbox.apply')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy !== null}
                    onClick={() => void act(n, 'dismiss')}
                  >
                    {t('inbox.dismiss')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {error ? <p className="field-error">{errorMessage(error, t, lang)}</p> : null}
    </section>
  );
}

export function ApplicationsPage({
  id,
  query,
  inbox,
}: {
  id?: string;
  query: URLSearchParams;
  inbox?: boolean;
}) {
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
      {inbox ? <Inbox onChange={list.reload} /> : null}
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
