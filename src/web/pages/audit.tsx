/**
 * 审计: the audit trail (GET /api/audit), newest first, filtered by action, actor and subject;
 * verification of the SM3 hash chain (GET /api/audit/verify); export as JSON lines or CSV.
 */
import { useEffect, useState } from 'react';
import type { AuditRecord, VerifyResult } from '../../service/audit/service.ts';
import { api } from '../api.ts';
import { ErrorBox, Field, Loading } from '../components/ui.tsx';
import { formatDateTime } from '../format.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';

const PAGE = 100;

export function AuditPage({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const action = query.get('action') ?? '';
  const actor = query.get('actor') ?? '';
  const subject = query.get('subject') ?? '';
  const [items, setItems] = useState<AuditRecord[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  // Typed filters apply on submit, so each key press does not query the trail.
  const [draft, setDraft] = useState({ action, actor, subject });

  async function load(after?: number) {
    const qs = new URLSearchParams({ order: 'desc', limit: String(PAGE) });
    if (action) qs.set('action', action);
    if (actor) qs.set('actor', actor);
    if (subject) qs.set('subject', subject);
    if (after !== undefined) qs.set('after', String(after));
    try {
      const r = await api<{ items: AuditRecord[] }>('GET', `/api/audit?${qs}`);
      setItems((prev) => (after !== undefined && prev ? [...prev, ...r.items] : r.items));
      setMore(r.items.length === PAGE);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters in the URL change
  useEffect(() => {
    setItems(null);
    void load();
  }, [action, actor, subject]);

  async function runVerify() {
    setVerifying(true);
    try {
      setVerify(await api<VerifyResult>('GET', '/api/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <p>{t('audit.intro')}</p>
      </div>
      <section className="card">
        <div className="actions" style={{ marginTop: 0 }}>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void runVerify()}
            disabled={verifying}
            data-testid="verify-chain"
          >
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </button>
          <a className="btn" href="/api/audit/export?format=jsonl" download>
            {t('audit.exportJsonl')}
          </a>
          <a className="btn" href="/api/audit/export?format=csv" download>
            {t('audit.exportCsv')}
          </a>
        </div>
        {verify ? (
          verify.ok ? (
            <p
              className="notice notice-ok"
              role="status"
              data-testid="chain-status"
              data-ok="true"
              style={{ marginTop: '0.75rem' }}
            >
              ✓{' '}
              {t('audit.chainOk', {
                count: verify.count,
                seq: verify.headSeq,
                hash: `${verify.headHash.slice(0, 16)}…`,
              })}
            </p>
          ) : (
            <p
              className="notice notice-error"
              role="alert"
              data-testid="chain-status"
              data-ok="false"
              style={{ marginTop: '0.75rem' }}
            >
              ✗{' '}
              {t('audit.chainBroken', {
                seq: verify.brokenAt,
                reason: t(`audit.reason.${verify.reason}` as Key),
                expected: verify.expected.slice(0, 16),
                found: verify.found.slice(0, 16),
              })}
            </p>
          )
        ) : null}
      </section>
      <form
        className="card"
        aria-label={t('common.search')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['audit'], draft), true);
        }}
      >
        <div className="grid-3">
          <Field label={t('audit.filterAction')}>
            {(p) => (
              <input
                {...p}
                type="text"
                placeholder="application.approve"
                value={draft.action}
                onChange={(e) => setDraft({ ...draft, action: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('audit.filterActor')}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={draft.actor}
                onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('audit.filterSubject')}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={draft.subject}
                onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="actions" style={{ marginTop: 0 }}>
          <button type="submit" className="btn">
            {t('common.search')}
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {items === null && !error ? <Loading /> : null}
      {items ? (
        <section className="card">
          {items.length === 0 ? <p>{t('audit.empty')}</p> : null}
          <div className="table-wrap">
            <table data-testid="audit-table">
              <thead>
                <tr>
                  <th className="num">{t('audit.seq')}</th>
                  <th>{t('audit.at')}</th>
                  <th>{t('audit.actor')}</th>
                  <th>{t('audit.action')}</th>
                  <th>{t('audit.subject')}</th>
                  <th>{t('audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.seq}>
                    <td className="num">{e.seq}</td>
                    <td className="nowrap">{formatDateTime(e.at)}</td>
                    <td>{e.actor}</td>
                    <td className="mono">{e.action}</td>
                    <td className="mono" style={{ overflowWrap: 'anywhere' }}>
                      {e.subject ?? '—'}
                    </td>
                    <td>
                      <details>
                        <summary className="mono">{e.hash.slice(0, 12)}…</summary>
                        <pre className="mono detail-json">{JSON.stringify(e.detail, null, 2)}</pre>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more ? (
            <div className="actions">
              <button type="button" className="btn" onClick={() => void load(items[items.length - 1]?.seq)}>
                {t('audit.more')}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
