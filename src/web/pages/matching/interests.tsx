/**
 * 对接进展: the engagements the caller takes part in (GET /api/matching/interests?direction=…): sent or
 * received, with the other organisation, the pair of listings, the stage reached and the date an
 * answer is due. The direction is in the URL.
 */
import { Segmented, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import type { InterestView } from './shared.tsx';

export default function InterestsPage() {
  const { t, pick } = useI18n('matching');
  const { user } = useSession();
  const f = useUrlFilters();
  const org = user?.role === 'enterprise';
  const direction = f.get('direction') || (org ? 'received' : 'all');
  const list = useApi<{ items: InterestView[] }>(`/api/matching/interests?direction=${direction}&limit=200`);
  const columns: Column<InterestView>[] = [
    {
      key: 'pair',
      title: t('matching.pair'),
      card: 'title',
      render: (i) => (
        <Link to={`/matching/interests/${i.id}`}>
          {i.need?.title ?? '—'} ⇄ {i.offer?.title ?? '—'}
        </Link>
      ),
    },
    {
      key: 'parties',
      title: t('matching.parties'),
      render: (i) => `${i.from.name} → ${i.to.name}`,
    },
    {
      key: 'stage',
      title: t('matching.stage'),
      render: (i) => (
        <span data-stage={i.stage}>
          <Tag color={i.state === 'accepted' ? '#237804' : i.state === 'pending' ? 'blue' : 'default'}>
            {pick(i.stateLabel)}
          </Tag>
          {pick(i.stageLabel)}
        </span>
      ),
    },
    {
      key: 'score',
      title: t('matching.score'),
      align: 'right',
      render: (i) => (i.score === null ? '—' : i.score),
      sort: (a, b) => (a.score ?? -1) - (b.score ?? -1),
    },
    {
      key: 'created',
      title: t('matching.sentOn'),
      nowrap: true,
      render: (i) => formatDate(i.createdAt),
      sort: (a, b) => a.createdAt.localeCompare(b.createdAt),
      defaultSort: 'descend',
    },
    {
      key: 'answerBy',
      title: t('matching.answerBy'),
      nowrap: true,
      render: (i) => (i.state === 'pending' ? formatDate(i.answerBy) : '—'),
    },
  ];
  return (
    <>
      <PageHeader title={t('matching.interestsTitle')} subtitle={t('matching.interestsIntro')} />
      {org ? (
        <FilterBar>
          <Segmented
            aria-label={t('matching.direction')}
            value={direction}
            onChange={(v) => f.set('direction', String(v))}
            options={[
              { value: 'received', label: t('matching.received') },
              { value: 'sent', label: t('matching.sent') },
              { value: 'all', label: t('common.all') },
            ]}
            data-testid="direction"
          />
        </FilterBar>
      ) : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <DataTable
          rows={list.data.items}
          rowKey={(i) => i.id}
          columns={columns}
          testId="interests"
          caption={t('matching.interestsTitle')}
          rowProps={(i) => ({ 'data-id': i.id, 'data-state': i.state })}
          pageSize={20}
        />
      ) : null}
    </>
  );
}
