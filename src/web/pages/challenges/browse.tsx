/**
 * 揭榜挂帅榜单 (public, no sign-in): the published lists with their legal basis (000·二 / 001·二), window and
 * eligibility, and every problem on them searched by keyword, sector and list — filters in the URL
 * (GET /api/challenges/lists, GET /api/challenges/problems). Bids are never shown here: only counts are public.
 */
import { Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, UrlPager, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import {
  BudgetRange,
  type ListView,
  type ProblemView,
  problemColumns,
  StateTag,
  useLabels,
  WindowText,
} from './shared.tsx';
import './challenges.css';

const PAGE = 20;

export default function BrowsePage() {
  const { t, pick } = useI18n('challenges');
  const labels = useLabels();
  const f = useUrlFilters();
  const q = f.get('q');
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  const lists = useApi<{ items: ListView[] }>('/api/challenges/lists');
  const published = (lists.data?.items ?? []).filter((l) => l.state === 'published');
  // Lists cancelled after publication stay public, named with the reason (撤销榜单).
  const cancelled = (lists.data?.items ?? []).filter((l) => l.state === 'cancelled');
  const qs = new URLSearchParams({ limit: String(PAGE), offset: String((f.page - 1) * PAGE) });
  for (const name of ['q', 'sector', 'listId']) if (f.get(name)) qs.set(name, f.get(name));
  const problems = useApi<{ items: ProblemView[]; total: number }>(`/api/challenges/problems?${qs}`);
  const listOf = (id: string | null) => published.find((l) => l.id === id);

  const columns: Column<ProblemView>[] = [
    ...problemColumns(t, labels),
    {
      key: 'list',
      title: t('challenges.list'),
      render: (p) => {
        const l = listOf(p.listId);
        return l ? `${l.basis.measureId} · ${l.batch}` : '—';
      },
    },
    {
      key: 'budget',
      title: t('challenges.budget'),
      align: 'right',
      render: (p) => <BudgetRange p={p} />,
      sort: (a, b) => a.budgetMax - b.budgetMax,
    },
    {
      key: 'state',
      title: t('challenges.state'),
      render: (p) => <StateTag code={p.state}>{pick(p.stateLabel)}</StateTag>,
    },
  ];

  return (
    <>
      <PageHeader title={t('challenges.browseTitle')} subtitle={t('challenges.browseIntro')} />
      {lists.error ? <ErrorBox error={lists.error} onRetry={lists.reload} /> : null}
      {lists.loading && !lists.data ? <Loading /> : null}
      <section aria-labelledby="lists-h">
        <Typography.Title level={2} id="lists-h" className="section-title challenges-h2">
          {t('challenges.lists')}
        </Typography.Title>
        <div className="challenge-lists" data-testid="lists">
          {published.map((l) => (
            <Card
              key={l.id}
              size="small"
              data-testid="list-card"
              data-basis={l.basis.measureId}
              title={
                <Link to={`/challenges/lists/${l.id}`} className="card-title-link">
                  {l.title}
                </Link>
              }
            >
              <p>
                <strong>{t('challenges.basis')}</strong>：{l.basis.measureId} {pick(l.basis.name)}
                {l.basis.draft ? `（${t('challenges.draftBasis')}）` : ''}
              </p>
              <p>
                <strong>{t('challenges.window')}</strong>：<WindowText list={l} />
              </p>
              <p className="small">
                <strong>{t('challenges.eligibility')}</strong>：{pick(l.basis.eligibility)}
              </p>
            </Card>
          ))}
        </div>
        {cancelled.length > 0 ? (
          <ul
            className="plain-list small"
            data-testid="cancelled-lists"
            aria-label={t('challenges.cancelledLists')}
          >
            {cancelled.map((l) => (
              <li key={l.id}>
                <Link to={`/challenges/lists/${l.id}`}>{l.title}</Link>（{l.batch}）·{' '}
                <StateTag code={l.state}>{pick(l.stateLabel)}</StateTag>
                {l.cancelReason ? t('challenges.cancelReason', { reason: l.cancelReason }) : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="problems-h">
        <Typography.Title level={2} id="problems-h" className="section-title challenges-h2">
          {t('challenges.problems')}
        </Typography.Title>
        <FilterBar>
          <Form.Item label={t('challenges.searchWords')} htmlFor="q-q">
            <Input.Search
              id="q-q"
              value={typed}
              allowClear
              enterButton={t('common.search')}
              placeholder={t('challenges.searchHint')}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => f.set('q', v.trim())}
              data-testid="search"
            />
          </Form.Item>
          <FilterSelect
            id="q-sector"
            label={t('challenges.sector')}
            value={f.get('sector')}
            onChange={(v) => f.set('sector', v)}
            search
            options={labels.sectors.map((s) => ({ value: s.code, label: labels.sector(s.code) }))}
          />
          <FilterSelect
            id="q-list"
            label={t('challenges.list')}
            value={f.get('listId')}
            onChange={(v) => f.set('listId', v)}
            options={published.map((l) => ({ value: l.id, label: `${l.basis.measureId} · ${l.batch}` }))}
          />
        </FilterBar>
        {problems.error ? <ErrorBox error={problems.error} onRetry={problems.reload} /> : null}
        {problems.loading && !problems.data ? <Loading /> : null}
        {problems.data ? (
          <>
            <p className="result-count" aria-live="polite" data-testid="problem-total">
              {t('challenges.found', { n: problems.data.total })}
            </p>
            <DataTable
              rows={problems.data.items}
              rowKey={(p) => p.id}
              columns={columns}
              testId="problems"
              caption={t('challenges.problems')}
              rowProps={(p) => ({ 'data-id': p.id, 'data-state': p.state })}
            />
            <UrlPager total={problems.data.total} pageSize={PAGE} />
          </>
        ) : null}
      </section>
    </>
  );
}
