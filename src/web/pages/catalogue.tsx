/**
 * 政策库: every measure of every document, filtered by document, status, kind of support, sector and
 * free text. Filters live in the URL, so a filtered list can be bookmarked and "back" keeps it.
 */
import { useMemo } from 'react';
import { formatRate, formatWanGrouped } from '../../core/money.ts';
import {
  type BenefitView,
  type CatalogueView,
  type DocumentSummary,
  type MeasureSummary,
  makeLabeller,
  useCatalogue,
  useConditionSectors,
} from '../catalogue-data.tsx';
import { Badge, ErrorBox, Field, Loading } from '../components/ui.tsx';
import { type I18n, type Key, useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';

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
export function benefitSummary(b: BenefitView, i18n: I18n): string {
  const { t, lang } = i18n;
  const cap = b.cap !== undefined ? formatWanGrouped(b.cap, lang) : '';
  const upTo = lang === 'zh' ? `最高${cap}` : `up to ${cap}`;
  switch (b.kind) {
    case 'rate_cap':
      return `${b.rate !== undefined ? formatRate(b.rate) : ''} · ${upTo}`;
    case 'upper_bound':
      return upTo;
    case 'fixed':
      return b.amount !== undefined ? formatWanGrouped(b.amount, lang) : t('shape.fixed');
    case 'tiered_pending':
      return `${upTo} · ${t('shape.tiered_pending')}`;
    default:
      return t(`shape.${b.kind}` as Key);
  }
}

export function statusBadge(status: string, t: I18n['t']) {
  const tone = status === 'in_force' ? 'ok' : status === 'draft' ? 'warn' : 'muted';
  return <Badge tone={tone}>{t(`doc.status.${status}` as Key)}</Badge>;
}

function matches(
  m: MeasureSummary,
  doc: DocumentSummary | undefined,
  q: string,
  cat: CatalogueView,
  lang: 'zh' | 'en',
) {
  if (!q) return true;
  const label = makeLabeller(cat.reference, lang);
  const hay = [
    m.id,
    m.title.zh,
    m.title.en,
    m.quote ?? '',
    m.tags.join(' '),
    m.matterType ? label('matterTypes', m.matterType) : '',
    doc?.title.zh ?? '',
    doc?.number ?? '',
    m.benefit.cap !== undefined ? formatWanGrouped(m.benefit.cap, 'zh') : '',
  ]
    .join(' ')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word.replace(/万元?$/, '')));
}

export function CataloguePage({ query }: { query: URLSearchParams }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const { data, error, loading, reload } = useCatalogue();
  const doc = query.get('doc') ?? '';
  const status = query.get('status') ?? '';
  const shape = query.get('shape') ?? '';
  const sector = query.get('sector') ?? '';
  const q = query.get('q') ?? '';

  function set(name: string, value: string) {
    const next = { doc, status, shape, sector, q, [name]: value };
    navigate(href(['catalogue'], next), true);
  }

  const docsByCode = useMemo(() => new Map((data?.documents ?? []).map((d) => [d.code, d])), [data]);
  const conditionSectors = useConditionSectors(sector !== '', data?.measures);

  const filtered = useMemo(() => {
    if (!data) return [];
    return data.measures.filter((m) => {
      const d = docsByCode.get(m.documentCode);
      if (doc && m.documentCode !== doc) return false;
      if (status && d?.status !== status) return false;
      if (shape && m.benefit.kind !== shape) return false;
      if (sector && !(conditionSectors?.get(m.id) ?? m.sectors ?? []).includes(sector)) return false;
      return matches(m, d, q.trim(), data, lang);
    });
  }, [data, docsByCode, doc, status, shape, sector, q, lang, conditionSectors]);

  if (loading && !data) return <Loading />;
  if (error || !data) return <ErrorBox error={error} onRetry={reload} />;
  const label = makeLabeller(data.reference, lang);
  const groups = data.documents
    .map((d) => ({ doc: d, measures: filtered.filter((m) => m.documentCode === d.code) }))
    .filter((g) => g.measures.length > 0);
  const any = doc || status || shape || sector || q;

  return (
    <>
      <div className="page-head">
        <h1>{t('catalogue.title')}</h1>
        <p>{t('catalogue.intro')}</p>
      </div>
      <search className="card no-print" aria-label={t('common.search')}>
        <div className="filters">
          <Field label={t('catalogue.filterText')}>
            {(p) => (
              <input
                {...p}
                type="search"
                name="q"
                value={q}
                placeholder={t('catalogue.filterTextPlaceholder')}
                onChange={(e) => set('q', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('catalogue.filterDoc')}>
            {(p) => (
              <select {...p} name="doc" value={doc} onChange={(e) => set('doc', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {data.documents.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} · {pick(d.title)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('catalogue.filterStatus')}>
            {(p) => (
              <select {...p} name="status" value={status} onChange={(e) => set('status', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {(['in_force', 'draft'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`doc.status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('catalogue.filterShape')}>
            {(p) => (
              <select {...p} name="shape" value={shape} onChange={(e) => set('shape', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {SHAPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`shape.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {data.reference.sectors.length > 0 ? (
            <Field label={t('catalogue.filterSector')}>
              {(p) => (
                <select {...p} name="sector" value={sector} onChange={(e) => set('sector', e.target.value)}>
                  <option value="">{t('common.all')}</option>
                  {data.reference.sectors.map((s) => (
                    <option key={s.code} value={s.code}>
                      {label('sectors', s.code)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <div />
          )}
        </div>
        <div className="actions" style={{ marginTop: 0 }}>
          <span aria-live="polite" data-testid="result-count">
            {t('common.results', { n: filtered.length })}
          </span>
          {any ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => navigate(href(['catalogue']), true)}
            >
              {t('catalogue.clear')}
            </button>
          ) : null}
        </div>
      </search>

      {groups.length === 0 ? <p className="card">{t('common.noResults')}</p> : null}
      {groups.map(({ doc: d, measures }) => (
        <section key={d.code} className="card" aria-labelledby={`doc-${d.code}`}>
          <div className="doc-head">
            <h2 id={`doc-${d.code}`} style={{ margin: 0 }}>
              {pick(d.title)}
            </h2>
            {statusBadge(d.status, t)}
          </div>
          <p className="muted" style={{ fontSize: '0.85rem' }}>
            {[d.number, d.issued ? `${t('catalogue.issued')} ${d.issued}` : null, validityLine(d, i18n)]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <ul className="measure-list">
            {measures.map((m) => (
              <li key={m.id}>
                <a href={href(['catalogue', m.id])} data-testid="measure-link">
                  <span className="mid">{m.id}</span>
                  <span className="mtitle">{pick(m.title)}</span>
                  <span className="tags">
                    <Badge
                      tone={
                        m.benefit.kind === 'service' || m.benefit.kind === 'constraint' ? 'muted' : 'info'
                      }
                    >
                      {benefitSummary(m.benefit, i18n)}
                    </Badge>
                    {m.benefit.staged ? <Badge tone="muted">{t('result.staged')}</Badge> : null}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="muted" style={{ fontSize: '0.8rem' }}>
        {t('catalogue.version')}: <span className="mono">{data.version}</span>
      </p>
    </>
  );
}

export function validityLine(d: DocumentSummary, { lang }: I18n): string {
  const v = d.validity;
  if (d.status === 'draft') {
    return lang === 'zh'
      ? `未施行${v.years ? `；施行后有效期${v.years}年` : ''}`
      : `not in force${v.years ? `; valid ${v.years} years once adopted` : ''}`;
  }
  if (!v.from) return '';
  return lang === 'zh' ? `${v.from} 至 ${v.to ?? '—'}` : `${v.from} to ${v.to ?? '—'}`;
}
