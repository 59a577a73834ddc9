/**
 * 政策库: every measure of every document, filtered by document, status, kind of support, sector and
 * free text. Filters live in the URL, so a filtered list can be bookmarked and "back" keeps it.
 */
import { Button, Card, Flex, Form, Input, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { formatWanGrouped } from '../../../core/money.ts';
import {
  type CatalogueView,
  type DocumentSummary,
  type MeasureSummary,
  makeLabeller,
  useCatalogue,
  useConditionSectors,
} from '../../catalogue-data.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { benefitSummary, SHAPES, StatusTag, validityLine } from './shared.tsx';

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

export default function CataloguePage() {
  const i18n = useI18n('catalogue');
  const { t, pick, lang } = i18n;
  const { data, error, loading, reload } = useCatalogue();
  const filters = useUrlFilters();
  const { set } = filters;
  const doc = filters.get('doc');
  const status = filters.get('status');
  const shape = filters.get('shape');
  const sector = filters.get('sector');
  const q = filters.get('q');

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
  const linksOf = (id: string) => data.overlapLinks.filter((l) => l.measures.includes(id)).length;

  return (
    <>
      <PageHeader title={t('catalogue.title')} subtitle={t('catalogue.intro')} />
      <FilterBar
        className="no-print"
        footer={
          <Flex gap={12} align="center">
            <span aria-live="polite" data-testid="result-count">
              {t('common.results', { n: filtered.length })}
            </span>
            {any ? (
              <Button size="small" onClick={filters.clear}>
                {t('catalogue.clear')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        <Form.Item label={t('catalogue.filterText')} htmlFor="q-q">
          <Input
            id="q-q"
            type="search"
            allowClear
            value={q}
            placeholder={t('catalogue.filterTextPlaceholder')}
            onChange={(e) => set('q', e.target.value)}
          />
        </Form.Item>
        <FilterSelect
          id="q-doc"
          label={t('catalogue.filterDoc')}
          value={doc}
          onChange={(v) => set('doc', v)}
          options={data.documents.map((d) => ({ value: d.code, label: `${d.code} · ${pick(d.title)}` }))}
        />
        <FilterSelect
          id="q-status"
          label={t('catalogue.filterStatus')}
          value={status}
          onChange={(v) => set('status', v)}
          options={(['in_force', 'draft'] as const).map((s) => ({ value: s, label: t(`doc.status.${s}`) }))}
        />
        <FilterSelect
          id="q-shape"
          label={t('catalogue.filterShape')}
          value={shape}
          onChange={(v) => set('shape', v)}
          options={SHAPES.map((s) => ({ value: s, label: t(`shape.${s}`) }))}
        />
        <FilterSelect
          id="q-sector"
          label={t('catalogue.filterSector')}
          value={sector}
          onChange={(v) => set('sector', v)}
          options={data.reference.sectors.map((s) => ({ value: s.code, label: label('sectors', s.code) }))}
        />
      </FilterBar>

      {groups.length === 0 ? <Card>{t('common.noResults')}</Card> : null}
      {groups.map(({ doc: d, measures }) => (
        <Card
          key={d.code}
          className="doc-card"
          title={
            <Flex gap={8} align="center" wrap>
              <Typography.Title level={2} id={`doc-${d.code}`} className="card-h2">
                {pick(d.title)}
              </Typography.Title>
              <StatusTag status={d.status} t={t} />
            </Flex>
          }
        >
          <section aria-labelledby={`doc-${d.code}`}>
            <p className="muted small">
              {[d.number, d.issued ? `${t('catalogue.issued')} ${d.issued}` : null, validityLine(d, lang)]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <ul className="measure-list">
              {measures.map((m) => (
                <li key={m.id}>
                  <Link to={`/catalogue/${encodeURIComponent(m.id)}`} data-testid="measure-link">
                    <span className="mid">{m.id}</span>
                    <span className="mtitle">{pick(m.title)}</span>
                    <span className="tags">
                      <Tag
                        color={
                          m.benefit.kind === 'service' || m.benefit.kind === 'constraint' ? 'default' : 'blue'
                        }
                      >
                        {benefitSummary(m.benefit, i18n)}
                      </Tag>
                      {(m.staged ?? m.benefit.staged) ? (
                        <Tag color="geekblue" data-testid="staged-tag">
                          {t('catalogue.staged')}
                        </Tag>
                      ) : null}
                      {m.readings ? (
                        <Tag color="purple">{t('catalogue.readingsN', { n: m.readings })}</Tag>
                      ) : null}
                      {linksOf(m.id) > 0 ? (
                        <Tag color="warning">{t('catalogue.overlapsN', { n: linksOf(m.id) })}</Tag>
                      ) : null}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </Card>
      ))}
      {data.overlapLinks.length > 0 ? (
        <Card
          className="doc-card"
          title={
            <Typography.Title level={2} className="card-h2">
              {t('catalogue.overlapLinks')}
            </Typography.Title>
          }
        >
          <p className="muted small">{t('catalogue.overlapLinksIntro')}</p>
          <ul className="plain overlap-links" data-testid="overlap-links">
            {data.overlapLinks.map((l) => (
              <li key={l.id} data-link={l.id}>
                <strong>{pick(l.title)}</strong>：
                {l.measures.map((id, i) => (
                  <span key={id}>
                    {i > 0 ? '、' : ''}
                    <Link to={`/catalogue/${encodeURIComponent(id)}`} className="mono">
                      {id}
                    </Link>
                  </span>
                ))}
                <div className="small muted">{pick(l.reading)}</div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <p className="muted small">
        {t('catalogue.version')}: <span className="mono">{data.version}</span>
      </p>
    </>
  );
}
