/**
 * The calculator's answer, for people: the total, what may be granted (with the 从优就高不重复 choice
 * explained), then every measure with each condition held or failed. A "no" names what is missing on
 * its own line, without opening anything. Drafts evaluated under a simulated adoption say "若施行".
 */
import { Alert, Button, Card, Collapse, Flex, Select, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { presentResult } from '../../../core/engine/present.ts';
import { formatYuan } from '../../../core/money.ts';
import { makeLabeller, type RefList, useCatalogue } from '../../catalogue-data.tsx';
import { Ceiling, Money, MoneyRange } from '../../components/money.tsx';
import { type I18n, useI18n } from '../../i18n/index.ts';

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
  const { t, lang } = useI18n('check');
  const cat = useCatalogue();
  const label = useMemo(() => makeLabeller(cat.data?.reference, lang), [cat.data, lang]);
  return (fact: string, value: unknown): string => {
    const list = factList(fact);
    const one = (v: unknown): string => {
      if (v === null || v === undefined || v === '') return t('result.judgement.unknown');
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'number') return fact.includes('figures') ? formatYuan(v) : String(v);
      if (typeof v === 'string') return list ? label(list, v) : v;
      if (typeof v === 'object' && v && 'code' in v) {
        const code = String((v as { code: string }).code);
        return list ? label(list, code) : code;
      }
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

export function Conditions({ conditions }: { conditions: ConditionView[] }) {
  const { t } = useI18n('check');
  const fmt = useValueFormatter();
  if (conditions.length === 0) return null;
  return (
    <>
      <Typography.Title level={4} className="card-h4">
        {t('result.conditions')}
      </Typography.Title>
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
                <span className="sr-only">{c.held ? t('result.held') : t('result.notHeld')}</span>
                {c.label}
                {c.judgement ? <Tag color="warning">{t('result.judgement.claim')}</Tag> : null}
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

export function OutcomeTag({ outcome, t }: { outcome: string; t: I18n['t'] }) {
  const color =
    outcome === 'eligible'
      ? 'success'
      : outcome === 'ineligible'
        ? 'error'
        : outcome === 'exhausted'
          ? 'warning'
          : 'default';
  return <Tag color={color}>{t(`outcome.${outcome}` as never)}</Tag>;
}

/** What stands between the applicant and a measure, in one line: the failed conditions and their gaps. */
function MissingLine({ e }: { e: EvaluationView }) {
  const { t, lang } = useI18n('check');
  const failed = e.conditions.filter((c) => !c.held && !c.judgement);
  if (e.eligible || failed.length === 0) return null;
  const sep = lang === 'zh' ? '；' : '; ';
  return (
    <div className="missing-line" data-testid="missing">
      {t('result.missingShort')}
      {failed
        .slice(0, 3)
        .map((c) => (c.gap ? `${c.label}（${c.gap}）` : c.label))
        .join(sep)}
      {failed.length > 3 ? ` …（+${failed.length - 3}）` : ''}
    </div>
  );
}

function EvaluationBody({ e }: { e: EvaluationView }) {
  const { t } = useI18n('check');
  const notes = e.reasons.filter((r) => !/^[✓✗?]/.test(r));
  return (
    <div className="eval-body">
      <Conditions conditions={e.conditions} />
      {e.formula ? (
        <p>
          <strong>{t('result.formulaLabel')}</strong>
          <span className="mono">{e.formula}</span>
        </p>
      ) : null}
      {e.warnings.length > 0 ? (
        <Alert
          type="info"
          title={t('result.warnings')}
          description={
            <ul className="plain">
              {e.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {notes.length > 0 ? (
        <>
          <Typography.Title level={4} className="card-h4">
            {t('result.reasons')}
          </Typography.Title>
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
          <Link to={`/catalogue/${encodeURIComponent(e.measureId)}`}>{e.clause.citation}</Link>
        </footer>
      </blockquote>
    </div>
  );
}

/** 分阶段: the text pays in stages; the plan the workflow proposes (the platform's default, said so). */
function StagePlanLine({ stages }: { stages: EvaluationView['stages'] }) {
  const { t } = useI18n('check');
  return (
    <p className="small" data-testid="stages">
      {t('result.stagesProposed', { n: stages.weights.length, weights: stages.weights.join(':') })}
      {stages.amounts.length > 0 ? (
        <>
          {'：'}
          {stages.amounts.map((fen, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the stages are their positions
            <span key={i}>
              {i > 0 ? ' + ' : ''}
              <Money fen={fen} />
            </span>
          ))}
        </>
      ) : null}
      <span className="muted"> — {stages.basis}</span>
    </p>
  );
}

type OutcomeFilter = 'relevant' | 'eligible' | 'ineligible' | 'all';

const key = (measureId: string, matterId: string | null) => `${measureId}|${matterId ?? ''}`;

export function ResultView({
  result,
  renderApply,
}: {
  result: CalcResponse;
  /** An "apply" action for a granted measure with money, when the user may apply. */
  renderApply?: (g: GrantView) => ReactNode;
}) {
  const { t } = useI18n('check');
  const [filter, setFilter] = useState<OutcomeFilter>('relevant');
  const byKey = useMemo(
    () => new Map(result.evaluations.map((e) => [key(e.measureId, e.matterId), e])),
    [result],
  );
  const evalOf = (measureId: string, matterId: string | null) =>
    byKey.get(key(measureId, matterId)) ?? result.evaluations.find((e) => e.measureId === measureId);
  const money = result.granted.filter((g) => g.amount !== null);
  const services = result.granted.filter((g) => g.amount === null);
  const shown = result.evaluations.filter((e) => {
    if (filter === 'all') return true;
    if (filter === 'eligible') return e.eligible;
    if (filter === 'ineligible') return !e.eligible;
    // "relevant": everything about a matter, plus money measures that failed on the applicant.
    return e.eligible || e.matterId !== null || e.outcome === 'ineligible' || e.outcome === 'exhausted';
  });
  // What concerns the matter and gives money is open; a new result (another run) opens its own.
  const opened = useMemo(
    () =>
      result.evaluations
        .filter((e) => e.matterId !== null && e.amount !== null)
        .map((e) => key(e.measureId, e.matterId)),
    [result],
  );
  const [open, setOpen] = useState<string[]>(opened);
  useEffect(() => setOpen(opened), [opened]);

  return (
    <section aria-labelledby="result-h" data-testid="result" className="result no-print">
      <Card className="section-card">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Typography.Title level={2} id="result-h" className="card-h2">
            {t('result.title')}
          </Typography.Title>
          <Button onClick={() => window.print()}>{t('common.print')}</Button>
        </Flex>
        <p className="muted small">
          {t('result.asOf', { date: result.asOf, version: result.catalogueVersion.slice(0, 12) })}
        </p>
        <div className="total">
          <span>{t('result.total')}</span>
          <span className="figure">
            <Ceiling
              range={result.total}
              exact={result.granted.every((g) => g.amount === null || g.exact)}
              testId="total"
            />
          </span>
        </div>
        <p className="muted small" data-testid="headline">
          {result.headline}
        </p>
      </Card>

      <Card title={<h3 className="card-h3">{t('result.granted')}</h3>} className="section-card">
        {money.length === 0 ? <p>{t('result.grantedNone')}</p> : null}
        {money.map((g) => {
          const e = evalOf(g.measureId, g.matterId);
          return (
            <div
              key={key(g.measureId, g.matterId)}
              className={`grant${g.simulated ? ' simulated' : ''}`}
              data-testid={`grant-${g.measureId}`}
            >
              <Flex justify="space-between" align="flex-start" gap={12} wrap>
                <div>
                  <Link to={`/catalogue/${encodeURIComponent(g.measureId)}`} className="mono">
                    {g.measureId}
                  </Link>{' '}
                  <strong>{e?.title}</strong>{' '}
                  {g.simulated ? <Tag color="warning">{t('result.simulated')}</Tag> : null}
                  {e?.requiresReview ? <Tag color="blue">{t('result.review')}</Tag> : null}
                  {e?.staged ? <Tag color="geekblue">{t('result.stagedTag')}</Tag> : null}
                </div>
                <span className="grant-amount">
                  <Ceiling range={g.amount} exact={g.exact} testId="grant-amount" />
                </span>
              </Flex>
              {e?.formula ? (
                <p className="mono small formula" data-testid="formula">
                  {e.formula}
                </p>
              ) : g.headline ? (
                <p className="mono small">{g.headline}</p>
              ) : null}
              {e?.stages.staged ? <StagePlanLine stages={e.stages} /> : null}
              {g.reasons[0] ? <p className="small">{g.reasons[0]}</p> : null}
              {g.displaced.length > 0 ? (
                <Alert
                  type="info"
                  className="displaced"
                  data-testid="displaced"
                  title={t('result.displaced')}
                  description={
                    <>
                      <p>{t('result.displacedExplain')}</p>
                      <ul className="plain">
                        {g.displaced.map((d) => (
                          <li key={d.measureId}>
                            <Link to={`/catalogue/${encodeURIComponent(d.measureId)}`} className="mono">
                              {d.measureId}
                            </Link>{' '}
                            {evalOf(d.measureId, g.matterId)?.title} — <MoneyRange range={d.amount} />：
                            {d.reason}
                          </li>
                        ))}
                      </ul>
                    </>
                  }
                />
              ) : null}
              {g.reviewWith.length > 0 ? (
                <p className="small" data-testid="review-with">
                  <Tag color="warning">{t('result.review')}</Tag>
                  {t('result.reviewWith', { ids: g.reviewWith.join('、') })}
                </p>
              ) : null}
              {renderApply ? <div className="actions">{renderApply(g)}</div> : null}
            </div>
          );
        })}
        {result.overlapChecks.length > 0 ? (
          <Alert
            type="warning"
            className="overlap-checks"
            data-testid="overlap-checks"
            title={t('result.overlapChecks')}
            description={
              <ul className="plain">
                {result.overlapChecks.map((c) => (
                  <li key={`${c.measureIds.join('|')}|${c.matterIds.join('|')}`} data-kind={c.kind}>
                    <Link to={`/catalogue/${encodeURIComponent(c.measureIds[0])}`} className="mono">
                      {c.measureIds[0]}
                    </Link>{' '}
                    ↔{' '}
                    <Link to={`/catalogue/${encodeURIComponent(c.measureIds[1])}`} className="mono">
                      {c.measureIds[1]}
                    </Link>
                    ：{c.reason}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        {services.length > 0 ? (
          <Collapse
            size="small"
            items={[
              {
                key: 'services',
                label: `${t('shape.service')} · ${t('common.results', { n: services.length })}`,
                children: (
                  <ul className="plain">
                    {services.map((g) => (
                      <li key={key(g.measureId, g.matterId)}>
                        <Link to={`/catalogue/${encodeURIComponent(g.measureId)}`} className="mono">
                          {g.measureId}
                        </Link>{' '}
                        {evalOf(g.measureId, g.matterId)?.title}{' '}
                        {g.simulated ? <Tag color="warning">{t('result.simulated')}</Tag> : null}
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        ) : null}
      </Card>

      <Card className="section-card">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Typography.Title level={3} className="card-h3">
            {t('result.all')}
          </Typography.Title>
          <span className="inline-field">
            <span id="outcome-filter-label">{t('result.filterOutcome')}</span>
            <Select<OutcomeFilter>
              aria-labelledby="outcome-filter-label"
              value={filter}
              onChange={setFilter}
              data-testid="outcome-filter"
              popupMatchSelectWidth={false}
              options={[
                { value: 'relevant', label: t('result.filterRelevant') },
                { value: 'eligible', label: t('outcome.eligible') },
                { value: 'ineligible', label: t('result.filterNotEligible') },
                { value: 'all', label: t('common.all') },
              ]}
            />
          </span>
        </Flex>
        <p className="muted small">{t('common.results', { n: shown.length })}</p>
        <Collapse
          activeKey={open}
          onChange={(keys) => setOpen(Array.isArray(keys) ? keys.map(String) : [String(keys)])}
          items={shown.map((e) => ({
            key: key(e.measureId, e.matterId),
            className: 'eval',
            'data-testid': `eval-${e.measureId}`,
            'data-outcome': e.outcome,
            label: (
              <div className="eval-head">
                <div>
                  <span className="mid mono">{e.measureId}</span> <span className="etitle">{e.title}</span>{' '}
                  {e.simulated ? (
                    <Tag color="warning" title={t('result.simulatedLong')}>
                      {t('result.simulated')}
                    </Tag>
                  ) : null}
                  {e.requiresReview ? <Tag color="blue">{t('result.review')}</Tag> : null}
                  <MissingLine e={e} />
                </div>
                <span className="nowrap">
                  <OutcomeTag outcome={e.outcome} t={t} />{' '}
                  {e.amount ? (
                    <strong>
                      <MoneyRange range={e.amount} />
                    </strong>
                  ) : null}
                </span>
              </div>
            ),
            children: <EvaluationBody e={e} />,
          }))}
        />
      </Card>
    </section>
  );
}
