/**
 * 我的榜单: the organisation's own listings in every state (GET /api/matching/my/listings), with the
 * review's note, the lint, the last day of publication, and the actions the server allows now
 * (edit, submit, withdraw, renew); each opens its matches.
 */
import { Button, Segmented, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { type ListingView, type Page, SideTag, useLabels, useMatchingReference } from './shared.tsx';

export default function MyListingsPage() {
  const { t, pick } = useI18n('matching');
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const navigate = useNavigate();
  const f = useUrlFilters();
  const state = f.get('state');
  const list = useApi<Page<ListingView>>(
    `/api/matching/my/listings?limit=200${state ? `&state=${state}` : ''}`,
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function act(l: ListingView, action: 'submit' | 'withdraw' | 'renew') {
    setError(null);
    setBusy(`${l.id}-${action}`);
    try {
      await api('POST', `/api/matching/listings/${l.id}/${action}`, { version: l.version });
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const columns: Column<ListingView>[] = [
    {
      key: 'title',
      title: t('matching.listingTitle'),
      card: 'title',
      render: (l) => (
        <span>
          <SideTag side={l.side} labels={labels} /> <Link to={`/matching/listings/${l.id}`}>{l.title}</Link>
        </span>
      ),
    },
    {
      key: 'state',
      title: t('matching.state'),
      render: (l) => (
        <span data-state={l.state}>
          <Tag
            color={
              l.state === 'published'
                ? '#237804'
                : l.state === 'returned' || l.state === 'rejected'
                  ? 'red'
                  : 'default'
            }
          >
            {pick(l.stateLabel)}
          </Tag>
          {l.reviewNote ? (
            <div className="hint">
              {t('matching.reviewNote')}：{l.reviewNote}
            </div>
          ) : null}
          {(l.lint ?? []).filter((x) => x.severity === 'warning').length > 0 ? (
            <Tooltip title={(l.lint ?? []).map((x) => pick(x)).join('；')}>
              <div className="hint">{t('matching.lintCount', { n: (l.lint ?? []).length })}</div>
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    {
      key: 'expires',
      title: t('matching.expiresOn'),
      nowrap: true,
      render: (l) => formatDate(l.expiresOn),
      sort: (a, b) => (a.expiresOn ?? '').localeCompare(b.expiresOn ?? ''),
    },
    {
      key: 'updated',
      title: t('matching.updatedAt'),
      nowrap: true,
      render: (l) => formatDate(l.updatedAt),
      sort: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      defaultSort: 'descend',
    },
    {
      key: 'actions',
      title: t('matching.actions'),
      render: (l) => (
        <Space wrap size={4}>
          <Link to={`/matching/listings/${l.id}`}>{t('matching.viewMatches')}</Link>
          {l.actions.includes('edit') ? (
            <Button size="small" onClick={() => navigate(`/matching/listings/${l.id}/edit`)}>
              {t('matching.edit')}
            </Button>
          ) : null}
          {(['submit', 'renew', 'withdraw'] as const)
            .filter((a) => l.actions.includes(a))
            .map((a) => (
              <Button
                key={a}
                size="small"
                danger={a === 'withdraw'}
                loading={busy === `${l.id}-${a}`}
                onClick={() => act(l, a)}
                data-testid={`${a}-${l.id}`}
              >
                {t(`matching.do.${a}`)}
              </Button>
            ))}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('matching.mineTitle')}
        subtitle={t('matching.mineIntro')}
        extra={
          <Button type="primary" onClick={() => navigate('/matching/publish')}>
            {t('matching.publishTitle')}
          </Button>
        }
      />
      <FilterBar>
        <Segmented
          aria-label={t('matching.state')}
          value={state}
          onChange={(v) => f.set('state', String(v))}
          options={[
            { value: '', label: t('common.all') },
            ...(ref.data?.listingStates ?? []).map((s) => ({ value: s.code, label: pick(s.label) })),
          ]}
        />
      </FilterBar>
      {error ? <ErrorBox error={error} /> : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <DataTable
          rows={list.data.items}
          rowKey={(l) => l.id}
          columns={columns}
          testId="my-listings"
          caption={t('matching.mineTitle')}
          rowProps={(l) => ({ 'data-id': l.id, 'data-state': l.state })}
          pageSize={20}
        />
      ) : null}
    </>
  );
}
