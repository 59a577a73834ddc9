/**
 * One application as both sides see it: the matter, the amounts, the engine's latest evaluation,
 * the timeline, the payment stages, objections, and the actions the server says the caller may take
 * (`actions`); every action is re-checked by the server. Used by 我的申报 and 审核工作台.
 */
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { fenToInput, formatRange, formatYuan, parseMoney } from '../../core/money.ts';
import {
  ACTION_LABELS,
  type ApplicationState,
  STATE_LABELS,
  type WorkflowAction,
} from '../../core/workflow.ts';
import type { ApplicationDetail, ApplicationView } from '../../service/applications/views.ts';
import type { OrganisationRecord } from '../../storage/repositories/organisations.ts';
import { ApiError, api, type FieldIssue, useApi } from '../api.ts';
import { makeLabeller, type Text, useCatalogue } from '../catalogue-data.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { type Key, type Lang, useI18n } from '../i18n/index.tsx';
import { href } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Badge, ErrorBox, errorMessage, Field, issuesByPath, Loading } from './ui.tsx';

export type { ApplicationDetail, ApplicationView };

/** The URL of each workflow action under /api/applications/:id/ (docs/workflow.md). */
const ACTION_PATH: Record<string, string> = {
  submit: 'submit',
  withdraw: 'withdraw',
  accept: 'accept',
  return: 'return',
  start_review: 'start-review',
  recommend: 'recommend',
  send_back: 'send-back',
  reject: 'reject',
  approve: 'approve',
  publish_notice: 'publish-notice',
  object: 'objections',
  uphold_objection: 'objections/uphold',
  dismiss_objection: 'objections/dismiss',
  close_notice: 'close-notice',
  schedule_stages: 'stages',
  close: 'close',
};

/**
 * A random key for one payment attempt. crypto.getRandomValues works on plain-http intranet
 * deployments too (crypto.randomUUID needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Actions that must say why (core/workflow.ts: requiresReason). */
const NEEDS_REASON = new Set(['return', 'reject', 'send_back', 'uphold_objection', 'dismiss_objection']);
/** Actions that end a case or refuse: shown as a secondary (danger) button. */
const DANGER = new Set(['withdraw', 'reject', 'return', 'send_back', 'uphold_objection']);

/** A state's or action's label from the core (core/workflow.ts); the raw name if the core has none. */
function stateLabel(state: string, lang: Lang): string {
  return STATE_LABELS[state as ApplicationState]?.[lang] ?? state;
}
function actionLabel(action: string, lang: Lang): string {
  return ACTION_LABELS[action as WorkflowAction]?.[lang] ?? action;
}

export function stateBadge(state: string, lang: Lang) {
  const tone =
    state === 'rejected' || state === 'withdrawn'
      ? 'no'
      : state === 'returned'
        ? 'warn'
        : state === 'paid' || state === 'closed' || state === 'approved' || state === 'paying'
          ? 'ok'
          : state === 'draft'
            ? 'muted'
            : 'info';
  return (
    <Badge tone={tone}>
      <span data-state={state}>{stateLabel(state, lang)}</span>
    </Badge>
  );
}

function textOf(v: unknown, lang: 'zh' | 'en'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'zh' in (v as object)) return (v as Text)[lang] || (v as Text).zh;
  return String(v);
}

interface StoredCondition {
  fact: string;
  label: unknown;
  actual: unknown;
  held: boolean;
  judgement?: boolean;
  gap?: unknown;
}
interface StoredEvaluation {
  outcome?: string;
  eligible?: boolean;
  amount?: { min: number; max: number } | null;
  formula?: unknown;
  warnings?: unknown[];
  conditions?: StoredCondition[];
  clause?: { quote: string; citation: unknown };
}

/** The stored evaluation, whether the API sends it bare or wrapped as { evaluation }. */
function storedEvaluation(entitlement: unknown): StoredEvaluation | null {
  if (!entitlement || typeof entitlement !== 'object') return null;
  const inner = (entitlement as { evaluation?: unknown }).evaluation;
  return (inner && typeof inner === 'object' ? inner : entitlement) as StoredEvaluation;
}

/** The engine's evaluation stored with the latest money decision (words in zh and en). */
export function EntitlementView({ entitlement }: { entitlement: unknown }) {
  const { t, lang } = useI18n();
  const ev = storedEvaluation(entitlement);
  if (!ev || typeof ev !== 'object') return null;
  return (
    <div data-testid="entitlement">
      <p>
        {ev.outcome ? (
          <Badge tone={ev.eligible ? 'ok' : 'no'}>{t(`outcome.${ev.outcome}` as Key)}</Badge>
        ) : null}{' '}
        {t('apps.ceiling')}:{' '}
        <strong data-testid="entitlement-range">{ev.amount ? formatYuan(ev.amount.max) : '—'}</strong>
        {ev.amount && ev.amount.min !== ev.amount.max
          ? ` （${t('apps.range')} ${formatRange(ev.amount)}）`
          : null}
      </p>
      {ev.formula ? <p className="mono">{textOf(ev.formula, lang)}</p> : null}
      {ev.conditions && ev.conditions.length > 0 ? (
        <ul className="conds">
          {ev.conditions.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: stored conditions have no id
            <li key={i} className={c.held ? 'held' : c.judgement ? 'open' : 'failed'}>
              <span className="mark" aria-hidden="true">
                {c.held ? '✓' : c.judgement ? '?' : '✗'}
              </span>
              <div>
                {textOf(c.label, lang)}
                {!c.held && c.gap ? (
                  <div className="gap">{t('result.missing', { gap: textOf(c.gap, lang) })}</div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {(ev.warnings ?? []).map((w) => (
        <p key={textOf(w, 'zh')} className="notice notice-info">
          {textOf(w, lang)}
        </p>
      ))}
      {ev.clause ? (
        <blockquote className="clause" lang="zh-CN">
          {ev.clause.quote}
          <footer>{textOf(ev.clause.citation, lang)}</footer>
        </blockquote>
      ) : null}
    </div>
  );
}

/** The matter as stored (calculator input): type, date, figures, partners, cities, claims. */
export function MatterView({ matter }: { matter: Record<string, unknown> | null }) {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  if (!matter) return <p className="muted">—</p>;
  const sep = lang === 'zh' ? '、' : ', ';
  const figures = (matter.figures ?? {}) as Record<string, number>;
  const partners = (matter.partners ?? []) as { kind: string; city: string; name?: string }[];
  const cities = (matter.cities ?? []) as string[];
  const claims = (matter.claims ?? []) as string[];
  return (
    <dl className="facts">
      <dt>{t('check.matterType')}</dt>
      <dd>{label('matterTypes', matter.type as string)}</dd>
      {matter.date ? (
        <>
          <dt>{t('check.matterDate')}</dt>
          <dd>{formatDate(matter.date as string)}</dd>
        </>
      ) : null}
      {Object.entries(figures).map(([code, fen]) => (
        <div key={code} style={{ display: 'contents' }}>
          <dt>{label('figures', code)}</dt>
          <dd className="mono">{formatYuan(fen)}</dd>
        </div>
      ))}
      {Array.isArray(matter.challengeLists) && matter.challengeLists.length > 0 ? (
        <>
          <dt>{t('apps.challengeLists')}</dt>
          <dd>{(matter.challengeLists as string[]).map((c) => label('challengeLists', c)).join('、')}</dd>
        </>
      ) : null}
      {partners.length > 0 ? (
        <>
          <dt>{t('check.partners')}</dt>
          <dd>
            {partners
              .map(
                (p) =>
                  `${p.name ? `${p.name} · ` : ''}${label('orgKinds', p.kind)} · ${label('cities', p.city)}`,
              )
              .join(sep)}
          </dd>
        </>
      ) : null}
      {cities.length > 0 ? (
        <>
          <dt>{t('check.matterCities')}</dt>
          <dd>{cities.map((c) => label('cities', c)).join(sep)}</dd>
        </>
      ) : null}
      {claims.length > 0 ? (
        <>
          <dt>{t('check.claims')}</dt>
          <dd>{claims.map((c) => label('claims', c)).join(sep)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The applicant as the registry holds it (一企一档): the profile the engine evaluates. */
function ApplicantView({ organisationId }: { organisationId: string }) {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const { data } = useApi<OrganisationRecord>(`/api/organisations/${encodeURIComponent(organisationId)}`);
  if (!data) return null;
  const sep = lang === 'zh' ? '、' : ', ';
  return (
    <section className="card" data-testid="applicant">
      <h2>{t('review.organisation')}</h2>
      <dl className="facts">
        <dt>{t('check.orgName')}</dt>
        <dd>{data.name}</dd>
        <dt>{t('check.uscc')}</dt>
        <dd className="mono">{data.uscc}</dd>
        <dt>{t('check.kind')}</dt>
        <dd>
          {label('orgKinds', data.kind)} · {label('cities', data.city)}
        </dd>
        {data.centreOriginCity ? (
          <>
            <dt>{t('check.centreOrigin')}</dt>
            <dd>{label('cities', data.centreOriginCity)}</dd>
          </>
        ) : null}
        {data.qualifications.length > 0 ? (
          <>
            <dt>{t('check.qualifications')}</dt>
            <dd>
              {data.qualifications
                .map((q) => `${label('qualifications', q.code)} ${q.from} ~ ${q.to ?? '—'}`)
                .join(sep)}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function Timeline({ app }: { app: ApplicationDetail }) {
  const { t, lang } = useI18n();
  return (
    <ol className="timeline" data-testid="timeline">
      {app.timeline.map((e) => (
        <li key={e.step}>
          <div>
            <strong>{textOf(e.actionLabel, lang)}</strong> → {stateBadge(e.to, lang)}
            {e.amount !== null ? <span className="mono"> {formatYuan(e.amount)}</span> : null}
          </div>
          <div className="muted" style={{ fontSize: '0.85rem' }}>
            {formatDateTime(e.at)} · {t(`role.${e.actorRole}` as Key)}
            {e.range ? ` · ${t('apps.range')} ${formatRange(e.range)}` : ''}
          </div>
          {e.reason ? <div className="reason">“{e.reason}”</div> : null}
        </li>
      ))}
    </ol>
  );
}

function ActionForm({
  app,
  action,
  onDone,
}: {
  app: ApplicationDetail;
  action: string;
  onDone: (message: string, reload: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const range = storedEvaluation(app.entitlement)?.amount ?? null;
  // Proposed at the ceiling (最高可获); below it the reason field is required by the server.
  const ceiling = range ? range.max : null;
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState(ceiling !== null ? fenToInput(ceiling, 'yuan') : '');
  const [days, setDays] = useState('7');
  const [weights, setWeights] = useState('4,3,3');
  const [raisedBy, setRaisedBy] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const errors = issuesByPath(issues, lang);
  const p = `a-${action}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldIssue[] = [];
    const body: Record<string, unknown> = { version: app.version };
    if (NEEDS_REASON.has(action)) {
      if (!reason.trim())
        local.push({
          path: 'reason',
          rule: 'required',
          zh: t('apps.reasonRequired'),
          en: t('apps.reasonRequired'),
        });
      body.reason = reason.trim();
    } else if (reason.trim()) {
      body.reason = reason.trim();
    }
    if (action === 'recommend') {
      const r = parseMoney(amount, 'yuan');
      if (!r.ok) {
        const msg = t(`check.money.${r.error}` as Key);
        local.push({ path: 'amount', rule: r.error, zh: msg, en: msg });
      } else body.amount = r.fen;
    }
    if (action === 'publish_notice') body.days = Number(days);
    if (action === 'schedule_stages') {
      const w = weights
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map(Number);
      if (w.length === 0 || w.some((x) => !Number.isInteger(x) || x <= 0)) {
        const msg = t('apps.weightsHint');
        local.push({ path: 'weights', rule: 'weights', zh: msg, en: msg });
      }
      body.weights = w;
    }
    if (action === 'object') {
      body.raisedBy = raisedBy.trim();
      body.text = reason.trim();
      delete body.reason;
    }
    if (local.length > 0) {
      setIssues(local);
      return;
    }
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      await api('POST', `/api/applications/${app.id}/${ACTION_PATH[action]}`, body);
      onDone(t('action.done', { action: actionLabel(action, lang) }), true);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else if (
        err instanceof ApiError &&
        err.status === 409 &&
        err.code === 'CONFLICT' &&
        /version/i.test(err.text?.en ?? '')
      ) {
        onDone(t('apps.conflict'), true);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid={`form-${action}`}>
      {action === 'recommend' ? (
        <Field
          label={`${t('apps.amount')}（${t('common.unitYuan')}）`}
          path="amount"
          errors={errors}
          hint={range ? `${t('apps.range')}: ${formatRange(range)}` : undefined}
        >
          {(f) => (
            <input
              {...f}
              id={`${p}-amount`}
              type="text"
              inputMode="decimal"
              className="amount"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {action === 'publish_notice' ? (
        <Field label={t('apps.days')} path="days" errors={errors}>
          {(f) => (
            <input
              {...f}
              type="number"
              min={1}
              max={60}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {action === 'schedule_stages' ? (
        <Field label={t('apps.weights')} path="weights" errors={errors} hint={t('apps.weightsHint')}>
          {(f) => <input {...f} type="text" value={weights} onChange={(e) => setWeights(e.target.value)} />}
        </Field>
      ) : null}
      {action === 'object' ? (
        <Field label={t('apps.raisedBy')} path="raisedBy" errors={errors}>
          {(f) => <input {...f} type="text" value={raisedBy} onChange={(e) => setRaisedBy(e.target.value)} />}
        </Field>
      ) : null}
      {NEEDS_REASON.has(action) || action === 'object' ? (
        <Field
          label={action === 'object' ? t('apps.objectionText') : t('apps.reason')}
          path={action === 'object' ? 'text' : 'reason'}
          errors={errors}
          required
        >
          {(f) => <textarea {...f} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <button
        type="submit"
        className={`btn ${DANGER.has(action) ? 'btn-danger' : 'btn-primary'}`}
        disabled={busy}
        data-testid={`do-${action}`}
      >
        {actionLabel(action, lang)}
      </button>
    </form>
  );
}

/**
 * 补正: the applicant corrects a draft or a returned application — its title, the amount it asks for
 * and the figures of its matter (typed in 万元, sent in fen). Errors name the field; nothing typed is
 * lost when the server refuses.
 */
function EditForm({
  app,
  onDone,
}: {
  app: ApplicationDetail;
  onDone: (message: string, reload: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const figures0 = ((app.matter?.figures ?? {}) as Record<string, number>) ?? {};
  const [title, setTitle] = useState(app.title);
  const [requested, setRequested] = useState(
    app.requestedAmount === null ? '' : fenToInput(app.requestedAmount, 'wan'),
  );
  const [figures, setFigures] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(figures0).map(([k, v]) => [k, fenToInput(v, 'wan')])),
  );
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesByPath(issues, lang);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldIssue[] = [];
    const money = (path: string, text: string): number | null => {
      if (text.trim() === '') return null;
      const r = parseMoney(text, 'wan');
      if (r.ok) return r.fen;
      const msg = t(`check.money.${r.error}` as Key);
      local.push({ path, rule: r.error, zh: msg, en: msg });
      return null;
    };
    const requestedAmount = money('requestedAmount', requested);
    const fen: Record<string, number> = {};
    for (const [code, text] of Object.entries(figures)) {
      const v = money(`matter.figures.${code}`, text);
      if (v !== null) fen[code] = v;
    }
    if (local.length) {
      setIssues(local);
      return;
    }
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      await api('PATCH', `/api/applications/${app.id}`, {
        title: title.trim(),
        requestedAmount,
        ...(app.matter ? { matter: { ...app.matter, figures: fen } } : {}),
        version: app.version,
      });
      onDone(t('apps.saved'), true);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="action-form" onSubmit={submit} noValidate data-testid="form-edit">
      <Field label={t('apps.colTitle')} path="title" errors={errors}>
        {(f) => (
          <input
            {...f}
            type="text"
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={`${t('apps.requested')}（${t('common.unitWan')}）`}
        path="requestedAmount"
        errors={errors}
      >
        {(f) => (
          <input
            {...f}
            type="text"
            inputMode="decimal"
            className="amount"
            value={requested}
            onChange={(e) => setRequested(e.target.value)}
          />
        )}
      </Field>
      {Object.keys(figures).map((code) => (
        <Field
          key={code}
          label={`${label('figures', code)}（${t('common.unitWan')}）`}
          path={`matter.figures.${code}`}
          errors={errors}
        >
          {(f) => (
            <input
              {...f}
              type="text"
              inputMode="decimal"
              className="amount"
              value={figures[code] ?? ''}
              onChange={(e) => setFigures({ ...figures, [code]: e.target.value })}
            />
          )}
        </Field>
      ))}
      {error ? <ErrorBox error={error} /> : null}
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="do-edit">
        {t('common.save')}
      </button>
    </form>
  );
}

function Stages({
  app,
  onDone,
}: {
  app: ApplicationDetail;
  onDone: (message: string, reload: boolean) => void;
}) {
  const { t, lang } = useI18n();
  // One idempotency key per stage for this page: a retry after a network error reuses it, so the
  // server pays at most once however often the button is pressed.
  const keys = useRef(new Map<string, string>());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canPay = app.actions.includes('pay_stage');
  const nextStage = app.stages.find((s) => !s.paid);
  if (app.stages.length === 0) return null;

  async function pay(stageId: string) {
    let key = keys.current.get(stageId);
    if (!key) {
      key = newIdempotencyKey();
      keys.current.set(stageId, key);
    }
    setBusy(stageId);
    setError(null);
    try {
      await api('POST', `/api/applications/${app.id}/stages/${stageId}/pay`, {}, { 'Idempotency-Key': key });
      onDone(t('action.done', { action: ACTION_LABELS.pay_stage[lang] }), true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card">
      <h2>{t('apps.stages')}</h2>
      <div className="table-wrap">
        <table data-testid="stages">
          <thead>
            <tr>
              <th>#</th>
              <th className="num">{t('apps.amount')}</th>
              <th>{t('common.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {app.stages.map((s) => (
              <tr key={s.id} data-paid={s.paid}>
                <td>{t('apps.stage', { n: s.seq })}</td>
                <td className="num">{formatYuan(s.amount)}</td>
                <td>
                  {s.paid ? (
                    <Badge tone="ok">{t('apps.stagePaid', { date: formatDate(s.paidOn) })}</Badge>
                  ) : (
                    <Badge tone="muted">
                      {s.dueOn ? t('apps.stageDue', { date: s.dueOn }) : t('apps.stageOpen')}
                    </Badge>
                  )}
                </td>
                <td>
                  {canPay && nextStage?.id === s.id ? (
                    <button
                      type="button"
                      className="btn btn-primary btn-small"
                      disabled={busy !== null}
                      onClick={() => void pay(s.id)}
                      data-testid="pay-stage"
                    >
                      {ACTION_LABELS.pay_stage[lang]} {formatYuan(s.amount)}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <p className="field-error">{errorMessage(error, t, lang)}</p> : null}
    </section>
  );
}

export function ApplicationPanel({
  id,
  backHref,
  extra,
}: {
  id: string;
  backHref: string;
  /** Shown above the application (e.g. "draft created from your self-check"). */
  extra?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const { user } = useSession();
  const {
    data: app,
    error,
    loading,
    reload,
  } = useApi<ApplicationDetail>(`/api/applications/${encodeURIComponent(id)}`);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (loading && !app) return <Loading />;
  if (error || !app) return <ErrorBox error={error} onRetry={reload} />;
  const measure = cat.data?.measures.find((m) => m.id === app.measureId);
  const done = (msg: string, again: boolean) => {
    setMessage(msg);
    setChosen(null);
    if (again) reload();
  };
  const formActions = app.actions.filter((a) => a !== 'pay_stage' && ACTION_PATH[a]);
  // The applicant corrects its own draft or returned application (补正) before submitting it.
  const canEdit = user?.role === 'enterprise' && (app.state === 'draft' || app.state === 'returned');

  return (
    <article data-testid="application" data-state={app.state}>
      <p className="no-print">
        <a href={backHref}>← {t('apps.back')}</a>
      </p>
      {extra}
      {message ? (
        <p className="notice notice-ok" role="status" data-testid="action-message">
          {message}
        </p>
      ) : null}
      <div className="page-head">
        <h1>{app.title}</h1>
        <p>
          <a href={href(['catalogue', app.measureId])} className="mono">
            {app.measureId}
          </a>{' '}
          {measure ? (lang === 'zh' ? measure.title.zh : measure.title.en) : ''} ·{' '}
          {stateBadge(app.state, lang)} <span className="muted">{t('apps.version', { v: app.version })}</span>
        </p>
      </div>
      {user && user.role !== 'enterprise' ? <ApplicantView organisationId={app.organisationId} /> : null}
      <div className="grid-2">
        <section className="card">
          <dl className="facts">
            <dt>{t('apps.requested')}</dt>
            <dd>{app.requestedAmount !== null ? formatYuan(app.requestedAmount) : '—'}</dd>
            <dt>{t('apps.recommended')}</dt>
            <dd>{app.recommendedAmount !== null ? formatYuan(app.recommendedAmount) : '—'}</dd>
            <dt>{t('apps.approved')}</dt>
            <dd data-testid="approved-amount">
              {app.approvedAmount !== null ? formatYuan(app.approvedAmount) : '—'}
            </dd>
            <dt>{t('apps.submittedOn')}</dt>
            <dd>{formatDate(app.submittedOn)}</dd>
            {app.notice ? (
              <>
                <dt>{t('apps.notice')}</dt>
                <dd>
                  {app.notice.startsOn} ~ {app.notice.endsOn}
                </dd>
              </>
            ) : null}
          </dl>
          <h2 style={{ marginTop: '1rem' }}>{t('apps.matter')}</h2>
          <MatterView matter={app.matter} />
        </section>
        <section className="card">
          <h2>{t('apps.entitlement')}</h2>
          {app.entitlement ? <EntitlementView entitlement={app.entitlement} /> : <p className="muted">—</p>}
        </section>
      </div>

      {formActions.length === 0 && !canEdit && app.actions.includes('pay_stage') ? null : (
        <section className="card no-print" aria-labelledby="actions-h">
          <h2 id="actions-h">{t('apps.actions')}</h2>
          {formActions.length === 0 && !app.actions.includes('pay_stage') ? (
            <p className="muted">{t('apps.noActions')}</p>
          ) : null}
          <div className="actions" style={{ marginTop: 0 }}>
            {canEdit ? (
              <button
                type="button"
                className={`btn ${chosen === 'edit' ? 'btn-primary' : ''}`}
                aria-pressed={chosen === 'edit'}
                onClick={() => setChosen(chosen === 'edit' ? null : 'edit')}
                data-testid="action-edit"
              >
                {t('apps.edit')}
              </button>
            ) : null}
            {formActions.map((a) => (
              <button
                key={a}
                type="button"
                className={`btn ${chosen === a ? 'btn-primary' : DANGER.has(a) ? 'btn-danger' : ''}`}
                aria-pressed={chosen === a}
                onClick={() => setChosen(chosen === a ? null : a)}
                data-testid={`action-${a}`}
              >
                {actionLabel(a, lang)}
              </button>
            ))}
          </div>
          {chosen === 'edit' ? <EditForm key={app.version} app={app} onDone={done} /> : null}
          {chosen && chosen !== 'edit' ? (
            <ActionForm key={chosen} app={app} action={chosen} onDone={done} />
          ) : null}
        </section>
      )}

      <Stages app={app} onDone={done} />

      {app.objections.length > 0 ? (
        <section className="card">
          <h2>{t('apps.objections')}</h2>
          <ul className="plain">
            {app.objections.map((o) => (
              <li key={o.id}>
                {o.raisedOn} · {o.raisedBy}: “{o.text}”{' '}
                <Badge tone={o.status === 'open' ? 'warn' : 'muted'}>{o.status}</Badge>
                {o.resolution ? ` — ${o.resolution}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>{t('apps.timeline')}</h2>
        <Timeline app={app} />
      </section>
    </article>
  );
}
