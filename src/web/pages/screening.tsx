/**
 * 免申即享筛查: officers start a screening run over the registry (date, optionally the draft
 * simulated as adopted, incremental), watch its progress, cancel or resume it, see how many
 * organisations each measure reaches (chart and table), page through the results and export them.
 * Auditors read. Routes: /api/screening/runs…
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { RunView } from '../../screening/runs.ts';
import { ApiError, api, type FieldIssue, useApi } from '../api.ts';
import { type Text, useCatalogue } from '../catalogue-data.tsx';
import { Chart } from '../components/chart.tsx';
import { Badge, DateInput, ErrorBox, Field, issuesByPath, Loading } from '../components/ui.tsx';
import { formatDateTime, isIsoDate, todayShanghai } from '../format.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';

interface CountRow {
  measureId: string;
  title: Text;
  mode: 'automatic' | 'invitation';
  organisations: number;
}

interface ResultRow {
  organisationId: string;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  measureId: string;
  title: Text;
  mode: string;
  newInThisRun: boolean;
  noticeStatus: string;
}

const PAGE = 50;
const OFFICERS = new Set(['reviewer', 'approver', 'admin']);

export function statusBadge(status: string, t: (k: Key) => string) {
  const tone =
    status === 'completed' ? 'ok' : status === 'failed' ? 'no' : status === 'running' ? 'info' : 'warn';
  return (
    <Badge tone={tone}>
      <span data-status={status}>{t(`screen.status.${status}` as Key)}</span>
    </Badge>
  );
}

export function modeBadge(mode: string, t: (k: Key) => string) {
  return <Badge tone={mode === 'automatic' ? 'ok' : 'info'}>{t(`mode.${mode}` as Key)}</Badge>;
}

function StartForm() {
  const { t, lang, pick } = useI18n();
  const cat = useCatalogue();
  const draft = cat.data?.documents.find((d) => d.status === 'draft');
  const [date, setDate] = useState(todayShanghai());
  const [adopt, setAdopt] = useState(false);
  const [adoptDate, setAdoptDate] = useState(todayShanghai());
  const [incremental, setIncremental] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesByPath(issues, lang);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldIssue[] = [];
    const bad = t('check.date.format');
    if (!isIsoDate(date)) local.push({ path: 'date', rule: 'date', zh: bad, en: bad });
    if (adopt && draft && !isIsoDate(adoptDate))
      local.push({ path: `adopt.${draft.code}`, rule: 'date', zh: bad, en: bad });
    if (local.length) {
      setIssues(local);
      return;
    }
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      const run = await api<RunView>('POST', '/api/screening/runs', {
        date,
        ...(adopt && draft ? { adopt: { [draft.code]: adoptDate } } : {}),
        ...(incremental ? { incremental: true } : {}),
      });
      navigate(href(['screening', run.id]));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="start-h">
      <h2 id="start-h">{t('screen.start')}</h2>
      <div className="grid-3">
        <Field label={t('screen.date')} path="date" errors={errors}>
          {(p) => <DateInput {...p} value={date} onChange={setDate} />}
        </Field>
      </div>
      {draft ? (
        <div className="simulate" style={{ marginBottom: '0.8rem' }}>
          <label className="check">
            <input type="checkbox" checked={adopt} onChange={(e) => setAdopt(e.target.checked)} />
            <span>
              {t('screen.adopt')} · {pick(draft.title)}
            </span>
          </label>
          {adopt ? (
            <div className="grid-3" style={{ marginTop: '0.4rem' }}>
              <Field label={t('screen.adoptDate')} path={`adopt.${draft.code}`} errors={errors}>
                {(p) => <DateInput {...p} value={adoptDate} onChange={setAdoptDate} />}
              </Field>
            </div>
          ) : null}
        </div>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={incremental} onChange={(e) => setIncremental(e.target.checked)} />
        <span>{t('screen.incremental')}</span>
      </label>
      {error ? <ErrorBox error={error} /> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="start-run">
          {busy ? t('screen.starting') : t('screen.start')}
        </button>
      </div>
    </form>
  );
}

function Progress({ run }: { run: RunView }) {
  const { t } = useI18n();
  return (
    <div className="progress-line">
      <progress max={100} value={run.percent} aria-label={t('screen.colProgress')} />
      <span className="muted nowrap">
        {t('screen.progress', { processed: run.processed, total: run.total, percent: run.percent })}
      </span>
    </div>
  );
}

function RunList() {
  const { t } = useI18n();
  const runs = useApi<{ items: RunView[] }>('/api/screening/runs?limit=50');
  const running = runs.data?.items.some((r) => r.status === 'running');
  // Keep the list's progress moving while a run is under way.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(runs.reload, 1500);
    return () => clearInterval(timer);
  }, [running, runs.reload]);
  if (runs.loading && !runs.data) return <Loading />;
  if (runs.error) return <ErrorBox error={runs.error} onRetry={runs.reload} />;
  const items = runs.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="runs-h">
      <h2 id="runs-h">{t('screen.runs')}</h2>
      {items.length === 0 ? <p>{t('screen.noRuns')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="runs">
            <thead>
              <tr>
                <th>{t('screen.colDate')}</th>
                <th>{t('screen.colKind')}</th>
                <th>{t('screen.colStatus')}</th>
                <th>{t('screen.colProgress')}</th>
                <th className="num">{t('screen.colNotices')}</th>
                <th>{t('screen.colBy')}</th>
                <th>{t('screen.colCreated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-status={r.status}>
                  <td className="nowrap">
                    <a href={href(['screening', r.id])}>{r.date}</a>
                  </td>
                  <td>
                    {t(`screen.kind.${r.kind}` as Key)}{' '}
                    {r.simulated ? <Badge tone="warn">{t('screen.simulated')}</Badge> : null}
                  </td>
                  <td>{statusBadge(r.status, t)}</td>
                  <td className="nowrap">{r.percent}%</td>
                  <td className="num">{r.notices}</td>
                  <td>{r.createdBy}</td>
                  <td className="nowrap">{formatDateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Results({ run }: { run: RunView }) {
  const { t, pick } = useI18n();
  const [measureId, setMeasureId] = useState('');
  const [mode, setMode] = useState('');
  const [offset, setOffset] = useState(0);
  const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (measureId) qs.set('measureId', measureId);
  if (mode) qs.set('mode', mode);
  const page = useApi<{ items: ResultRow[]; total: number }>(
    run.status === 'running' ? null : `/api/screening/runs/${run.id}/results?${qs}`,
  );
  const cat = useCatalogue();
  const title = (id: string) => cat.data?.measures.find((m) => m.id === id)?.title;
  const total = page.data?.total ?? 0;
  return (
    <section className="card" aria-labelledby="results-h">
      <div className="grant-head">
        <h2 id="results-h" style={{ margin: 0 }}>
          {t('screen.results')}
        </h2>
        <div className="actions" style={{ marginTop: 0 }}>
          <a
            className="btn btn-small"
            href={`/api/screening/runs/${run.id}/export?format=csv`}
            download
            data-testid="export-csv"
          >
            {t('screen.exportCsv')}
          </a>
          <a
            className="btn btn-small"
            href={`/api/screening/runs/${run.id}/export?format=xlsx`}
            download
            data-testid="export-xlsx"
          >
            {t('screen.exportXlsx')}
          </a>
        </div>
      </div>
      <div className="grid-3" style={{ marginTop: '0.6rem' }}>
        <Field label={t('screen.filterMeasure')}>
          {(p) => (
            <select
              {...p}
              value={measureId}
              onChange={(e) => {
                setMeasureId(e.target.value);
                setOffset(0);
              }}
              data-testid="results-measure"
            >
              <option value="">{t('common.all')}</option>
              {run.measures.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id} · {pick(title(m.id))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('screen.filterMode')}>
          {(p) => (
            <select
              {...p}
              value={mode}
              onChange={(e) => {
                setMode(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">{t('common.all')}</option>
              <option value="automatic">{t('mode.automatic')}</option>
              <option value="invitation">{t('mode.invitation')}</option>
            </select>
          )}
        </Field>
      </div>
      {page.error ? <ErrorBox error={page.error} onRetry={page.reload} /> : null}
      {page.data ? (
        <>
          <div className="table-wrap">
            <table data-testid="results">
              <thead>
                <tr>
                  <th>{t('screen.colOrg')}</th>
                  <th>{t('screen.colUscc')}</th>
                  <th>{t('screen.colMeasure')}</th>
                  <th>{t('screen.colMode')}</th>
                  <th>{t('screen.colNotice')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((r) => (
                  <tr key={`${r.organisationId}|${r.measureId}`}>
                    <td>{r.name}</td>
                    <td className="mono">{r.uscc}</td>
                    <td>
                      <a href={href(['catalogue', r.measureId])} className="mono">
                        {r.measureId}
                      </a>{' '}
                      {pick(r.title)}
                    </td>
                    <td>{modeBadge(r.mode, t)}</td>
                    <td>
                      {r.noticeStatus ? t(`notice.${r.noticeStatus}` as Key) : '—'}{' '}
                      {r.newInThisRun ? <Badge tone="info">{t('screen.newInRun')}</Badge> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            <button
              type="button"
              className="btn btn-small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              {t('screen.prev')}
            </button>
            <span className="muted" data-testid="results-page">
              {t('screen.page', {
                from: total === 0 ? 0 : offset + 1,
                to: Math.min(offset + PAGE, total),
                total,
              })}
            </span>
            <button
              type="button"
              className="btn btn-small"
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t('screen.next')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function RunDetail({ id }: { id: string }) {
  const { t, pick, lang } = useI18n();
  const { user } = useSession();
  const run = useApi<RunView>(`/api/screening/runs/${encodeURIComponent(id)}`);
  const running = run.data?.status === 'running';
  const counts = useApi<{ items: CountRow[] }>(
    run.data && !running ? `/api/screening/runs/${id}/counts` : null,
  );
  const [error, setError] = useState<unknown>(null);

  // Watch the progress: poll while the run is under way.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(run.reload, 1000);
    return () => clearInterval(timer);
  }, [running, run.reload]);

  const option = useMemo(() => {
    const items = [...(counts.data?.items ?? [])].sort((a, b) => b.organisations - a.organisations);
    const label = (c: CountRow) => `${c.measureId}`;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 24, right: 24, bottom: 8, top: 32, containLabel: true },
      yAxis: { type: 'category', data: items.map(label), inverse: true },
      xAxis: { type: 'value', minInterval: 1 },
      series: (['automatic', 'invitation'] as const).map((mode) => ({
        name: t(`mode.${mode}`),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 22,
        itemStyle: { color: mode === 'automatic' ? '#1d7a3a' : '#0b5cad' },
        data: items.map((c) => (c.mode === mode ? c.organisations : 0)),
      })),
    };
  }, [counts.data, t]);

  if (run.loading && !run.data) return <Loading />;
  if (run.error || !run.data) return <ErrorBox error={run.error} onRetry={run.reload} />;
  const r = run.data;
  const officer = user ? OFFICERS.has(user.role) : false;

  async function act(what: 'cancel' | 'resume') {
    setError(null);
    try {
      await api('POST', `/api/screening/runs/${r.id}/${what}`);
      run.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <article data-testid="run" data-status={r.status}>
      <p className="no-print">
        <a href={href(['screening'])}>← {t('screen.back')}</a>
      </p>
      <div className="page-head">
        <h1>{t('screen.run', { date: r.date })}</h1>
        <p>
          {statusBadge(r.status, t)} {t(`screen.kind.${r.kind}` as Key)}{' '}
          {r.simulated ? <Badge tone="warn">{t('screen.simulated')}</Badge> : null}{' '}
          <span className="muted">
            {r.createdBy} · {formatDateTime(r.createdAt)}
          </span>
        </p>
      </div>
      <section className="card">
        <Progress run={r} />
        <dl className="facts" style={{ marginTop: '0.6rem' }}>
          <dt>{t('screen.colNotices')}</dt>
          <dd data-testid="run-notices">{r.notices}</dd>
          {Object.keys(r.adopt).length > 0 ? (
            <>
              <dt>{t('screen.adoptDate')}</dt>
              <dd>
                {Object.entries(r.adopt)
                  .map(([doc, d]) => `${doc}: ${d}`)
                  .join(lang === 'zh' ? '；' : '; ')}
              </dd>
            </>
          ) : null}
          {r.changedMeasures.length > 0 ? (
            <>
              <dt>{t('screen.colKind')}</dt>
              <dd>{t('screen.changed', { ids: r.changedMeasures.join(', ') })}</dd>
            </>
          ) : null}
          <dt>{t('catalogue.version')}</dt>
          <dd className="mono">{r.catalogueVersion}</dd>
        </dl>
        {r.error ? <p className="notice notice-error">{t('screen.error', { error: r.error })}</p> : null}
        {officer ? (
          <div className="actions no-print">
            {r.status === 'running' ? (
              <button type="button" className="btn btn-danger" onClick={() => void act('cancel')}>
                {t('screen.cancel')}
              </button>
            ) : null}
            {r.status === 'cancelled' || r.status === 'failed' ? (
              <button type="button" className="btn btn-primary" onClick={() => void act('resume')}>
                {t('screen.resume')}
              </button>
            ) : null}
          </div>
        ) : null}
        {error ? <ErrorBox error={error} /> : null}
      </section>
      {counts.data ? (
        <section className="card" aria-labelledby="counts-h">
          <h2 id="counts-h">{t('screen.counts')}</h2>
          <Chart
            option={option}
            label={t('screen.countsChart')}
            testId="chart-counts"
            height={Math.max(180, 50 + counts.data.items.length * 28)}
          />
          <div className="table-wrap">
            <table data-testid="counts">
              <thead>
                <tr>
                  <th>{t('screen.colMeasure')}</th>
                  <th>{t('screen.colMode')}</th>
                  <th className="num">{t('screen.organisations')}</th>
                </tr>
              </thead>
              <tbody>
                {counts.data.items.map((c) => (
                  <tr key={c.measureId}>
                    <td>
                      <a href={href(['catalogue', c.measureId])} className="mono">
                        {c.measureId}
                      </a>{' '}
                      {pick(c.title)}
                    </td>
                    <td>{modeBadge(c.mode, t)}</td>
                    <td className="num">{c.organisations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {r.status !== 'running' ? <Results run={r} /> : null}
    </article>
  );
}

export function ScreeningPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  if (id) return <RunDetail id={id} />;
  return (
    <>
      <div className="page-head">
        <h1>{t('screen.title')}</h1>
        <p>{t('screen.intro')}</p>
      </div>
      {user && OFFICERS.has(user.role) ? <StartForm /> : null}
      <RunList />
    </>
  );
}
