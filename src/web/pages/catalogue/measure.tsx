/**
 * One measure: its verbatim clause and citation, the rule in words (who, what, how much, how often,
 * overlaps), the document's validity, its 办事指南 (materials, department, time, contact, rounds), and
 * the worked example run through the live calculator.
 */
import { Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Catalogue, Example as CoreExample, Measure } from '../../../core/catalogue/types.ts';
import { exampleInput as coreExampleInput, describeMeasure } from '../../../core/explain.ts';
import { wanToFen } from '../../../core/money.ts';
import { api, useApi } from '../../api.ts';
import {
  type CatalogueView,
  type DocumentSummary,
  makeLabeller,
  normaliseDocument,
  normaliseMeasure,
  type Text,
  useCatalogue,
} from '../../catalogue-data.tsx';
import { GuideSection } from '../../components/guide.tsx';
import { Money, MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { CalcResponse } from '../self-check/result.tsx';
import {
  ConditionSources,
  type Overlap,
  Overlaps,
  type Reading,
  Readings,
  type StagePlan,
  StagePlanText,
} from './fidelity.tsx';
import { benefitSummary, StatusTag, validityLine } from './shared.tsx';

interface Description {
  validity: Text;
  who: Text[];
  what: Text[];
  benefit: Text;
  period: Text | null;
  stages?: Text | null;
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

/** The rule in words, worded by the core's own describeMeasure (pure) from the measure the API returned. */
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

function WorkedExample({ measureId, example }: { measureId: string; example: Example }) {
  const { t, pick, lang } = useI18n('catalogue');
  const navigate = useNavigate();
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
  // The example's figures are printed in 万元 (whole or decimal): shown through the one money display.
  const expected =
    exp.maxWan === undefined ? null : { min: wanToFen(exp.minWan ?? exp.maxWan), max: wanToFen(exp.maxWan) };
  return (
    <Card title={<h2 className="card-h2">{t('measure.example')}</h2>} className="section-card">
      <p>
        <strong>{pick(example.title)}</strong>
      </p>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('measure.exampleExpect')}>
          {exp.eligible ? (
            <>
              {t('measure.exampleEligibleShort')} <MoneyRange range={expected} />
            </>
          ) : (
            t('measure.exampleIneligible')
          )}
        </Descriptions.Item>
        {ev ? (
          <Descriptions.Item label={t('measure.exampleLive')}>
            <span data-testid="example-result">
              <Tag color={ev.eligible ? 'success' : 'error'}>{t(`outcome.${ev.outcome}` as never)}</Tag>
              <strong>
                <MoneyRange range={ev.amount} />
              </strong>
              {ev.formula ? <div className="muted mono small">{ev.formula}</div> : null}
            </span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {error ? <ErrorBox error={error} /> : null}
      <Flex className="no-print" style={{ marginTop: 12 }}>
        <Button onClick={() => navigate(`/check?example=${encodeURIComponent(measureId)}`)}>
          {t('measure.tryIt')}
        </Button>
      </Flex>
    </Card>
  );
}

export default function MeasurePage() {
  const i18n = useI18n('catalogue');
  const { t, pick, lang } = i18n;
  const { id = '' } = useParams();
  const cat = useCatalogue();
  const { data, error, loading, reload } = useApi<Raw>(`/api/catalogue/${encodeURIComponent(id)}`);
  if (loading && !data) return <Loading />;
  if (error || !data) {
    return (
      <>
        <PageHeader title={id} back={{ to: '/catalogue', label: t('nav.catalogue') }} />
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
  const description = (raw.description ?? describeLocally(raw, cat.data)) as Description | null;
  const example = (raw.example ?? null) as Example | null;
  const notes = (raw.notes ?? null) as Text | null;
  const citation = (raw.citation ?? null) as Text | string | null;
  const label = makeLabeller(cat.data?.reference, lang);
  const list = (items: Text[]) => (
    <ul className="plain">
      {items.map((w) => (
        <li key={w.zh}>{pick(w)}</li>
      ))}
    </ul>
  );

  return (
    <article>
      <PageHeader
        back={{ to: '/catalogue', label: t('nav.catalogue') }}
        title={
          <>
            <span className="mono mid-h">{m.id}</span> {pick(m.title)}
          </>
        }
        tabTitle={`${m.id} ${pick(m.title)}`}
        subtitle={
          doc ? (
            <Flex gap={8} align="center" wrap>
              <span>
                {pick(doc.title)} {doc.number ? `（${doc.number}）` : ''}
              </span>
              <StatusTag status={doc.status} t={t} />
            </Flex>
          ) : null
        }
      />

      <Card title={<h2 className="card-h2">{t('measure.clause')}</h2>} className="section-card">
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
      </Card>

      <Card title={<h2 className="card-h2">{t('measure.rule')}</h2>} className="section-card">
        {!description ? <Alert type="info" title={t('measure.descriptionMissing')} /> : null}
        <Descriptions column={1} size="small" className="facts" data-testid="rule">
          <Descriptions.Item label={t('measure.benefit')}>
            {description ? pick(description.benefit) : benefitSummary(m.benefit, i18n)}
            {m.benefit.cap !== undefined ? (
              <span className="muted">
                {' '}
                · {t('measure.cap')} <Money fen={m.benefit.cap} />
              </span>
            ) : null}
          </Descriptions.Item>
          {m.matterType ? (
            <Descriptions.Item label={t('measure.matterType')}>
              {label('matterTypes', m.matterType)}
            </Descriptions.Item>
          ) : null}
          {description && description.who.length > 0 ? (
            <Descriptions.Item label={t('measure.who')}>{list(description.who)}</Descriptions.Item>
          ) : null}
          {description && description.what.length > 0 ? (
            <Descriptions.Item label={t('measure.what')}>{list(description.what)}</Descriptions.Item>
          ) : null}
          {description?.period ? (
            <Descriptions.Item label={t('measure.period')}>{pick(description.period)}</Descriptions.Item>
          ) : null}
          {raw.stagePlan ? (
            <Descriptions.Item label={t('measure.stages')}>
              <StagePlanText plan={raw.stagePlan as StagePlan} stages={description?.stages ?? null} />
            </Descriptions.Item>
          ) : null}
          {description?.overlap ? (
            <Descriptions.Item label={t('measure.overlap')}>{pick(description.overlap)}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('measure.validity')}>
            {description ? pick(description.validity) : doc ? validityLine(doc, lang) : '—'}
          </Descriptions.Item>
          {notes ? <Descriptions.Item label={t('measure.notes')}>{pick(notes)}</Descriptions.Item> : null}
        </Descriptions>
        {doc?.validity.quote ? (
          <blockquote className="clause small" lang="zh-CN">
            {doc.validity.quote}
          </blockquote>
        ) : null}
      </Card>

      <ConditionSources
        conditions={[...((raw.applicant ?? []) as never[]), ...((raw.matter ?? []) as never[])]}
      />
      <Readings readings={(raw.readings ?? []) as Reading[]} />
      <Overlaps overlaps={(raw.overlaps ?? []) as Overlap[]} />

      <Card title={<h2 className="card-h2">{t('guide.title')}</h2>} className="section-card">
        <GuideSection measureId={m.id} />
      </Card>

      {example ? <WorkedExample measureId={m.id} example={example} /> : null}
      <Typography.Paragraph className="muted small">
        {t('catalogue.version')}:{' '}
        <span className="mono">{String(raw.catalogueVersion ?? cat.data?.version ?? '')}</span>
      </Typography.Paragraph>
    </article>
  );
}
