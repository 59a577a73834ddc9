/**
 * One measure: its verbatim clause and citation, the rule in words (who, what, how much, how often,
 * overlaps), the document's validity, and the worked example run through the live calculator.
 */
import { useEffect, useState } from 'react';
import type { Catalogue, Example as CoreExample, Measure } from '../../core/catalogue/types.ts';
import { exampleInput as coreExampleInput, describeMeasure } from '../../core/explain.ts';
import { formatRange, formatWanGrouped } from '../../core/money.ts';
import { api, useApi } from '../api.ts';
import {
  type CatalogueView,
  type DocumentSummary,
  makeLabeller,
  normaliseDocument,
  normaliseMeasure,
  type Text,
  useCatalogue,
} from '../catalogue-data.tsx';
import { Badge, ErrorBox, Loading } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { href } from '../router.tsx';
import { benefitSummary, statusBadge, validityLine } from './catalogue.tsx';
import type { CalcResponse } from './result.tsx';

interface Description {
  validity: Text;
  who: Text[];
  what: Text[];
  benefit: Text;
  period: Text | null;
  overlap: Text | null;
}

export interface Example {
  title: Text;
  applicant: Record<string, unknown>;
  matter?: Record<string, unknown>;
  history?: Record<string, unknown>[];
  asOf?: string;
  simulate?: Record<string, string>;
  expect: { eligible: boolean; minWan?: number; maxWan?: number };
}

type Raw = Record<string, unknown>;

/**
 * The rule in words, worded by the core's own describeMeasure (pure, no I/O) from the measure the
 * API returned and the catalogue listing, when the API does not send a description itself.
 */
function describeLocally(raw: Raw, cat: CatalogueView | null): Description | null {
  if (!cat || !raw.document || !raw.benefit || !Array.isArray(raw.applicant) || !Array.isArray(raw.matter))
    return null;
  try {
    const pseudo = { reference: cat.reference, measures: cat.measures } as unknown as Catalogue;
    return describeMeasure(raw as unknown as Measure, pseudo);
  } catch {
    return null;
  }
}

/** The calculator input that reproduces a measure's worked example (the core's one conversion). */
export function exampleInput(ex: Example) {
  return coreExampleInput(ex as unknown as CoreExample) as unknown as CalcInputLike;
}

/** The parts of a calculator input the self-check form reads back. */
export interface CalcInputLike {
  applicant: Record<string, unknown>;
  matters: Record<string, unknown>[];
  asOf?: string;
  history?: unknown[];
  simulate?: { adopt?: Record<string, string> };
}

function wanText(wan: number | undefined, lang: 'zh' | 'en'): string {
  if (wan === undefined) return '—';
  // The example's figures are whole or decimal 万元 as printed; show them as printed.
  return lang === 'zh' ? `${wan}万元` : `${wan} × 10k yuan`;
}

function WorkedExample({ measureId, example }: { measureId: string; example: Example }) {
  const { t, pick, lang } = useI18n();
  const [result, setResult] = useState<CalcResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the language changes (reasons are worded by the API)
  useEffect(() => {
    let live = true;
    api<CalcResponse>('POST', '/api/calc', exampleInput(example)).then(
      (r) => live && setResult(r),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [example, lang]);
  const ev = result?.evaluations.find(
    (e) => e.measureId === measureId && (e.matterId !== null) === Boolean(example.matter),
  );
  const exp = example.expect;
  const expectText = exp.eligible
    ? t('measure.exampleEligible', {
        amount:
          exp.minWan === exp.maxWan
            ? wanText(exp.maxWan, lang)
            : `${wanText(exp.minWan, lang)} ~ ${wanText(exp.maxWan, lang)}`,
      })
    : t('measure.exampleIneligible');
  return (
    <section className="card" aria-labelledby="example-h">
      <h2 id="example-h">{t('measure.example')}</h2>
      <p>
        <strong>{pick(example.title)}</strong>
      </p>
      <dl className="facts">
        <dt>{t('measure.exampleExpect')}</dt>
        <dd>{expectText}</dd>
        {ev ? (
          <>
            <dt>{t('result.title')}</dt>
            <dd data-testid="example-result">
              <Badge tone={ev.eligible ? 'ok' : 'no'}>{t(`outcome.${ev.outcome}`)}</Badge>{' '}
              <strong>{formatRange(ev.amount)}</strong>
              {ev.formula ? <div className="muted">{ev.formula}</div> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {error ? <ErrorBox error={error} /> : null}
      <div className="actions no-print">
        <a className="btn" href={href(['check'], { example: measureId })}>
          {t('measure.tryIt')}
        </a>
      </div>
    </section>
  );
}

export function MeasurePage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const cat = useCatalogue();
  const { data, error, loading, reload } = useApi<Raw>(`/api/catalogue/${encodeURIComponent(id)}`);
  if (loading && !data) return <Loading />;
  if (error || !data) {
    return (
      <>
        <p>
          <a href={href(['catalogue'])}>← {t('nav.catalogue')}</a>
        </p>
        <ErrorBox error={error} onRetry={reload} />
      </>
    );
  }
  const raw = ((data as Raw).measure ?? data) as Raw;
  const m = normaliseMeasure(raw);
  const doc: DocumentSummary | undefined =
    raw.document && typeof raw.document === 'object'
      ? normaliseDocument(raw.document as Raw)
      : cat.data?.documents.find((d) => d.code === m.documentCode);
  const description = (raw.description ??
    (data as Raw).description ??
    describeLocally(raw, cat.data)) as Description | null;
  const example = (raw.example ?? null) as Example | null;
  const notes = (raw.notes ?? null) as Text | null;
  const citation = (raw.citation ?? null) as Text | string | null;
  const label = makeLabeller(cat.data?.reference, lang);

  return (
    <article>
      <p className="no-print">
        <a href={href(['catalogue'])}>← {t('nav.catalogue')}</a>
      </p>
      <div className="page-head">
        <h1>
          <span className="mono" style={{ fontSize: '0.9em' }}>
            {m.id}
          </span>{' '}
          {pick(m.title)}
        </h1>
        <p>
          {doc ? (
            <>
              {pick(doc.title)} {doc.number ? `（${doc.number}）` : ''} {statusBadge(doc.status, t)}
            </>
          ) : null}
        </p>
      </div>

      <section className="card" aria-labelledby="clause-h">
        <h2 id="clause-h">{t('measure.clause')}</h2>
        <blockquote className="clause" lang="zh-CN" data-testid="clause">
          {m.quote ?? String(raw.quote ?? '')}
          <footer>
            {t('measure.citation')}:{' '}
            {citation
              ? typeof citation === 'string'
                ? citation
                : pick(citation)
              : `${doc?.number ?? ''} ${m.id}`}
          </footer>
        </blockquote>
      </section>

      <section className="card" aria-labelledby="rule-h">
        <h2 id="rule-h">{t('measure.rule')}</h2>
        {!description ? <p className="notice notice-info">{t('measure.descriptionMissing')}</p> : null}
        <dl className="facts">
          <dt>{t('measure.benefit')}</dt>
          <dd>{description ? pick(description.benefit) : benefitSummary(m.benefit, i18n)}</dd>
          {m.matterType ? (
            <>
              <dt>{t('measure.matterType')}</dt>
              <dd>{label('matterTypes', m.matterType)}</dd>
            </>
          ) : null}
          {description && description.who.length > 0 ? (
            <>
              <dt>{t('measure.who')}</dt>
              <dd>
                <ul className="plain">
                  {description.who.map((w) => (
                    <li key={w.zh}>{pick(w)}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {description && description.what.length > 0 ? (
            <>
              <dt>{t('measure.what')}</dt>
              <dd>
                <ul className="plain">
                  {description.what.map((w) => (
                    <li key={w.zh}>{pick(w)}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {description?.period ? (
            <>
              <dt>{t('measure.period')}</dt>
              <dd>{pick(description.period)}</dd>
            </>
          ) : null}
          {description?.overlap ? (
            <>
              <dt>{t('measure.overlap')}</dt>
              <dd>{pick(description.overlap)}</dd>
            </>
          ) : null}
          <dt>{t('measure.validity')}</dt>
          <dd>{description ? pick(description.validity) : doc ? validityLine(doc, i18n) : '—'}</dd>
          {m.benefit.cap !== undefined && !description ? (
            <>
              <dt>{t('common.amount')}</dt>
              <dd>{formatWanGrouped(m.benefit.cap, lang)}</dd>
            </>
          ) : null}
          {notes ? (
            <>
              <dt>{t('measure.notes')}</dt>
              <dd>{pick(notes)}</dd>
            </>
          ) : null}
        </dl>
        {doc?.validity.quote ? (
          <blockquote className="clause" lang="zh-CN" style={{ marginTop: '0.75rem', fontSize: '0.92rem' }}>
            {doc.validity.quote}
          </blockquote>
        ) : null}
      </section>

      {example ? <WorkedExample measureId={m.id} example={example} /> : null}
    </article>
  );
}
