/**
 * The calculator's answer, for people: what may be granted (with the 从优就高不重复 choice explained),
 * then every measure with each condition held or failed, the value seen and what is missing.
 * Drafts evaluated under a simulated adoption are marked "若施行 / if adopted". Printable.
 */
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { presentResult } from '../../core/engine/present.ts';
import { formatRange, formatYuan } from '../../core/money.ts';
import { makeLabeller, type RefList, useCatalogue } from '../catalogue-data.tsx';
import { Badge } from '../components/ui.tsx';
import { type I18n, useI18n } from '../i18n/index.tsx';
import { href } from '../router.tsx';

/** The JSON `POST /api/calc` returns: the core's presented result in one language. */
export type CalcResponse = ReturnType<typeof presentResult>;
export type EvaluationView = CalcResponse['evaluations'][number];
export type ConditionView = EvaluationView['conditions'][number];
export type GrantView = CalcResponse['granted'][number];

/** Which reference list a fact's codes belong to, so "jiaxing" is shown as 嘉兴 / Jiaxing. */
const FACT_LIST: Record<string, RefList> = {
  'applicant.city': 'cities',
  'applicant.centreOriginCity': 'cities',
  'applicant.kind': 'orgKinds',
  'applicant.sectors': 'sectors',
  'applicant.qualifications': 'qualifications',
  'applicant.licences': 'licences',
  'matter.sector': 'sectors',
  'matter.cities': 'cities',
  'matter.partnerCities': 'cities',
  'matter.partnerKinds': 'orgKinds',
  'matter.claims': 'claims',
  'matter.type': 'matterTypes',
};

function factList(fact: string): RefList | undefined {
  if (FACT_LIST[fact]) return FACT_LIST[fact];
  if (fact.endsWith('City') || fact.endsWith('Cities')) return 'cities';
  if (fact.includes('qualification')) return 'qualifications';
  return undefined;
}

export function useValueFormatter() {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const label = useMemo(() => makeLabeller(cat.data?.reference, lang), [cat.data, lang]);
  return (fact: string, value: unknown): string => {
    const list = factList(fact);
    const one = (v: unknown): string => {
      if (v === null || v === undefined || v === '') return t('result.judgement.unknown');
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'number') return fact.includes('figures') ? formatYuan(v) : String(v);
      if (typeof v === 'string') return list ? label(list, v) : v;
      if (typeof v === 'object' && v && 'code' in v)
        return list
          ? label(list, String((v as { code: string }).code))
          : String((v as { code: string }).code);
      return JSON.stringify(v);
    };
    if (Array.isArray(value)) {
      if (value.length === 0) return t('common.none');
      const sep = lang === 'zh' ? '、' : ', ';
      return value.length > 12 ? `${value.slice(0, 12).map(one).join(sep)}…` : value.map(one).join(sep);
    }
    return one(value);
  };
}

function Conditions({ conditions }: { conditions: ConditionView[] }) {
  const { t } = useI18n();
  const fmt = useValueFormatter();
  if (conditions.length === 0) return null;
  return (
    <>
      <h4>{t('result.conditions')}</h4>
      <ul className="conds">
        {conditions.map((c, i) => {
          const cls = c.held ? 'held' : c.judgement ? 'open' : 'failed';
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; order is stable
            <li key={i} className={cls} data-held={c.held}>
              <span className="mark" aria-hidden="true">
                {c.held ? '✓' : c.judgement ? '?' : '✗'}
              </span>
              <div>
                <span className="sr-only">{c.held ? '✓' : '✗'}</span>
                {c.label}
                {c.judgement ? (
                  <>
                    {' '}
                    <Badge tone="warn">{t('result.judgement.claim')}</Badge>
                  </>
                ) : null}
                <div className="detail">{t('result.seen', { value: fmt(c.fact, c.actual) })}</div>
                {!c.held && c.gap ? <div className="gap">{t('result.missing', { gap: c.gap })}</div> : null}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function outcomeBadge(e: Pick<EvaluationView, 'outcome'>, t: I18n['t']) {
  const tone =
    e.outcome === 'eligible'
      ? 'ok'
      : e.outcome === 'ineligible'
        ? 'no'
        : e.outcome === 'exhausted'
          ? 'warn'
          : 'muted';
  return <Badge tone={tone}>{t(`outcome.${e.outcome}`)}</Badge>;
}

function EvaluationDetails({
  e,
  open,
  children,
}: {
  e: EvaluationView;
  open?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const notes = e.reasons.filter((r) => !/^[✓✗?]/.test(r));
  return (
    <details className="eval" open={open} data-testid={`eval-${e.measureId}`} data-outcome={e.outcome}>
      <summary>
        <span className="mid mono">{e.measureId}</span>
        <span className="etitle">
          {e.title}{' '}
          {e.simulated ? (
            <Badge tone="warn">
              <span title={t('result.simulatedLong')}>{t('result.simulated')}</span>
            </Badge>
          ) : null}{' '}
          {e.requiresReview ? <Badge tone="info">{t('result.review')}</Badge> : null}
        </span>
        <span className="nowrap">
          {outcomeBadge(e, t)} {e.amount ? <strong>{formatRange(e.amount)}</strong> : null}
        </span>
      </summary>
      <div className="eval-body">
        <Conditions conditions={e.conditions} />
        {e.formula ? (
          <p>
            <strong>{t('result.formulaLabel')}</strong>
            <span className="mono">{e.formula}</span>
          </p>
        ) : null}
        {e.warnings.length > 0 ? (
          <div className="notice notice-info">
            <strong>{t('result.warnings')}</strong>
            <ul className="plain">
              {e.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {notes.length > 0 ? (
          <>
            <h4>{t('result.reasons')}</h4>
            <ul className="plain reasons">
              {notes.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : null}
        <blockquote className="clause" lang="zh-CN">
          {e.clause.quote}
          <footer>
            <a href={href(['catalogue', e.measureId])}>{e.clause.citation}</a>
          </footer>
        </blockquote>
        {children}
      </div>
    </details>
  );
}

type OutcomeFilter = 'relevant' | 'eligible' | 'ineligible' | 'all';

export function ResultView({
  result,
  renderApply,
}: {
  result: CalcResponse;
  /** An "apply" action for a granted measure with money, when the user may apply. */
  renderApply?: (g: GrantView) => ReactNode;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<OutcomeFilter>('relevant');
  const byKey = useMemo(
    () => new Map(result.evaluations.map((e) => [`${e.measureId}|${e.matterId ?? ''}`, e])),
    [result],
  );
  const evalOf = (measureId: string, matterId: string | null) =>
    byKey.get(`${measureId}|${matterId ?? ''}`) ?? result.evaluations.find((e) => e.measureId === measureId);

  // Print everything: closed <details> would hide their content on paper.
  useEffect(() => {
    const before = () => {
      for (const d of document.querySelectorAll<HTMLDetailsElement>('details.eval')) {
        d.dataset.wasOpen = String(d.open);
        d.open = true;
      }
    };
    const after = () => {
      for (const d of document.querySelectorAll<HTMLDetailsElement>('details.eval')) {
        d.open = d.dataset.wasOpen === 'true';
      }
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const money = result.granted.filter((g) => g.amount !== null);
  const services = result.granted.filter((g) => g.amount === null);
  const shown = result.evaluations.filter((e) => {
    if (filter === 'all') return true;
    if (filter === 'eligible') return e.eligible;
    if (filter === 'ineligible') return !e.eligible;
    // "relevant": everything about a matter, plus money measures that failed on the applicant.
    return e.eligible || e.matterId !== null || e.outcome === 'ineligible' || e.outcome === 'exhausted';
  });

  return (
    <section aria-labelledby="result-h" data-testid="result">
      <div className="card">
        <div className="grant-head">
          <h2 id="result-h" style={{ margin: 0 }}>
            {t('result.title')}
          </h2>
          <button type="button" className="btn btn-small no-print" onClick={() => window.print()}>
            {t('common.print')}
          </button>
        </div>
        <p className="muted" style={{ fontSize: '0.85rem' }}>
          {t('result.asOf', { date: result.asOf, version: result.catalogueVersion.slice(0, 12) })}
        </p>
        <div className="total">
          <span>
            {t('result.total')} {t('result.upTo')}
          </span>
          <span className="figure" data-testid="total">
            {formatYuan(result.total.max)}
          </span>
        </div>
      </div>

      <div className="card">
        <h3>{t('result.granted')}</h3>
        {money.length === 0 ? <p>{t('result.grantedNone')}</p> : null}
        {money.map((g) => {
          const e = evalOf(g.measureId, g.matterId);
          return (
            <div
              key={`${g.measureId}|${g.matterId}`}
              className={`grant${g.simulated ? ' simulated' : ''}`}
              data-testid={`grant-${g.measureId}`}
            >
              <div className="grant-head">
                <div>
                  <a href={href(['catalogue', g.measureId])} className="mono">
                    {g.measureId}
                  </a>{' '}
                  <strong>{e?.title}</strong>{' '}
                  {g.simulated ? <Badge tone="warn">{t('result.simulated')}</Badge> : null}{' '}
                  {e?.requiresReview ? <Badge tone="info">{t('result.review')}</Badge> : null}
                </div>
                <span className="nowrap">
                  {g.exact ? null : `${t('result.upTo')} `}
                  <span className="grant-amount" data-testid="grant-amount">
                    {g.amount ? formatYuan(g.amount.max) : '—'}
                  </span>
                </span>
              </div>
              {e?.formula ? (
                <p className="mono" style={{ margin: '0.3rem 0' }}>
                  {e.formula}
                </p>
              ) : null}
              {g.reasons[0] ? <p style={{ margin: '0.3rem 0' }}>{g.reasons[0]}</p> : null}
              {g.displaced.length > 0 ? (
                <div className="displaced" data-testid="displaced">
                  <strong>{t('result.displaced')}</strong>
                  <p style={{ margin: '0.2rem 0' }}>{t('result.displacedExplain')}</p>
                  <ul className="plain">
                    {g.displaced.map((d) => (
                      <li key={d.measureId}>
                        <a href={href(['catalogue', d.measureId])} className="mono">
                          {d.measureId}
                        </a>{' '}
                        {evalOf(d.measureId, g.matterId)?.title} — {formatRange(d.amount)}：{d.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {renderApply ? <div className="actions no-print">{renderApply(g)}</div> : null}
            </div>
          );
        })}
        {services.length > 0 ? (
          <details>
            <summary>
              {t('shape.service')} · {t('common.results', { n: services.length })}
            </summary>
            <ul className="plain">
              {services.map((g) => (
                <li key={`${g.measureId}|${g.matterId}`}>
                  <a href={href(['catalogue', g.measureId])} className="mono">
                    {g.measureId}
                  </a>{' '}
                  {evalOf(g.measureId, g.matterId)?.title}{' '}
                  {g.simulated ? <Badge tone="warn">{t('result.simulated')}</Badge> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>

      <div className="card">
        <div className="grant-head">
          <h3 style={{ margin: 0 }}>{t('result.all')}</h3>
          <label className="no-print">
            {t('result.filterOutcome')}{' '}
            <select
              value={filter}
              onChange={(e) => setFilter(e.target.value as OutcomeFilter)}
              style={{ width: 'auto' }}
              data-testid="outcome-filter"
            >
              <option value="relevant">{t('result.filterRelevant')}</option>
              <option value="eligible">{t('outcome.eligible')}</option>
              <option value="ineligible">{t('result.filterNotEligible')}</option>
              <option value="all">{t('common.all')}</option>
            </select>
          </label>
        </div>
        <p className="muted" style={{ fontSize: '0.85rem' }}>
          {t('common.results', { n: shown.length })}
        </p>
        {shown.map((e) => (
          <EvaluationDetails
            key={`${e.measureId}|${e.matterId}`}
            e={e}
            open={e.matterId !== null && e.amount !== null}
          />
        ))}
      </div>
    </section>
  );
}
