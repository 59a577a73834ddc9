/**
 * 榜单大厅 (public): published needs and offers, searched in Chinese and filtered by side, sector, city
 * and maturity — every filter in the URL (GET /api/matching/listings). With words, the server ranks by
 * relevance. No contact details here: they are exchanged only after an accepted expression of interest.
 */
import { Form, Input, Segmented, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, UrlPager, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import {
  BandText,
  ListingTags,
  type ListingView,
  type Page,
  publisherOf,
  SideTag,
  useLabels,
  useMatchingReference,
} from './shared.tsx';

const PAGE = 20;

export default function BrowsePage() {
  const { t, lang } = useI18n('matching');
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const f = useUrlFilters();
  const side = f.get('side');
  const q = f.get('q');
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  const qs = new URLSearchParams({ limit: String(PAGE), offset: String((f.page - 1) * PAGE) });
  for (const name of ['side', 'q', 'sector', 'city', 'trlMin']) if (f.get(name)) qs.set(name, f.get(name));
  const list = useApi<Page<ListingView & { relevance?: number | null }>>(`/api/matching/listings?${qs}`);

  const columns: Column<ListingView & { relevance?: number | null }>[] = [
    {
      key: 'title',
      title: t('matching.listingTitle'),
      card: 'title',
      render: (l) => (
        <span>
          <SideTag side={l.side} labels={labels} />{' '}
          <Link className="match-link" to={`/matching/listings/${l.id}`}>
            {l.title}
          </Link>
        </span>
      ),
    },
    { key: 'publisher', title: t('matching.publisher'), render: (l) => publisherOf(l, lang) },
    { key: 'tags', title: t('matching.sectorsCity'), render: (l) => <ListingTags l={l} labels={labels} /> },
    {
      key: 'facts',
      title: t('matching.keyFacts'),
      render: (l) =>
        l.offer ? (
          <Tag>TRL {l.offer.trl}</Tag>
        ) : l.need ? (
          <span>
            {t('matching.budget')} <BandText band={l.need.budget} />
          </span>
        ) : null,
    },
    {
      key: 'expires',
      title: t('matching.expiresOn'),
      nowrap: true,
      render: (l) => formatDate(l.expiresOn),
      sort: (a, b) => (a.expiresOn ?? '').localeCompare(b.expiresOn ?? ''),
    },
  ];

  return (
    <>
      <PageHeader title={t('matching.browseTitle')} subtitle={t('matching.browseIntro')} />
      <FilterBar>
        <Form.Item label={t('matching.side')}>
          <Segmented
            aria-label={t('matching.side')}
            value={side}
            onChange={(v) => f.set('side', String(v))}
            options={[
              { value: '', label: t('common.all') },
              ...(ref.data?.sides ?? []).map((s) => ({ value: s.code, label: labels.side(s.code) })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('matching.searchWords')} htmlFor="q-q">
          <Input.Search
            id="q-q"
            value={typed}
            allowClear
            enterButton={t('common.search')}
            placeholder={t('matching.searchHint')}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => f.set('q', v.trim())}
            data-testid="search"
          />
        </Form.Item>
        <FilterSelect
          id="q-sector"
          label={t('matching.sector')}
          value={f.get('sector')}
          onChange={(v) => f.set('sector', v)}
          search
          options={(ref.data?.sectors ?? []).map((s) => ({ value: s.code, label: labels.sector(s.code) }))}
        />
        <FilterSelect
          id="q-city"
          label={t('matching.city')}
          value={f.get('city')}
          onChange={(v) => f.set('city', v)}
          search
          options={(ref.data?.cities ?? []).map((c) => ({ value: c.code, label: labels.city(c.code) }))}
        />
        <FilterSelect
          id="q-trl"
          label={t('matching.trlMin')}
          value={f.get('trlMin')}
          onChange={(v) => f.set('trlMin', v)}
          options={(ref.data?.trl ?? []).map((x) => ({
            value: String(x.level),
            label: `≥ TRL ${x.level}`,
          }))}
        />
      </FilterBar>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p className="result-count" aria-live="polite" data-testid="listing-total">
            {t('matching.found', { n: list.data.total })}
          </p>
          <DataTable
            rows={list.data.items}
            rowKey={(l) => l.id}
            columns={columns}
            testId="listings"
            caption={t('matching.browseTitle')}
            rowProps={(l) => ({ 'data-side': l.side, 'data-id': l.id })}
          />
          <UrlPager total={list.data.total} pageSize={PAGE} />
        </>
      ) : null}
    </>
  );
}
