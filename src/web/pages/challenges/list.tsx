/**
 * 榜单详情 (public): a published list (or one cancelled after publication: shown as cancelled, with
 * the reason, and what was on it) — its legal basis and the clause quoted, eligibility, window,
 * co-issuing cities — its problems, the changes made after publication (each version with its reason),
 * and its chart (the desk's ListChart, with its figures table): problems, bids per problem once the window
 * has closed (counts only: bids are sealed), 揭榜额 offered and, once awarded, awarded.
 * GET /api/challenges/lists/:id, GET /api/challenges/problems?listId.
 */
import { Alert, Typography } from 'antd';
import { useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { ListChart } from './desk-chart.tsx';
import {
  BudgetRange,
  type ListDetail,
  ListFacts,
  type ProblemView,
  problemColumns,
  StateTag,
  useLabels,
} from './shared.tsx';
import './challenges.css';

export default function ListPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n('challenges');
  const labels = useLabels();
  const list = useApi<ListDetail>(`/api/challenges/lists/${encodeURIComponent(id)}`);
  const problems = useApi<{ items: ProblemView[]; total: number }>(
    `/api/challenges/problems?listId=${encodeURIComponent(id)}&limit=200`,
  );
  const l = list.data;
  const counts = new Map(l?.chart.bidsPerProblem.map((b) => [b.problemId, b.bids]));
  const counted = !!l && l.chart.bidsPerProblem.every((b) => b.bids !== null);
  const columns: Column<ProblemView>[] = [
    ...problemColumns(t, labels),
    { key: 'budget', title: t('challenges.budget'), align: 'right', render: (p) => <BudgetRange p={p} /> },
    ...(counted
      ? [
          {
            key: 'bids',
            title: t('challenges.bidCount'),
            align: 'right' as const,
            render: (p: ProblemView) => counts.get(p.id) ?? 0,
          },
        ]
      : []),
    {
      key: 'state',
      title: t('challenges.state'),
      render: (p) => <StateTag code={p.state}>{pick(p.stateLabel)}</StateTag>,
    },
  ];
  return (
    <>
      <PageHeader
        title={l?.title ?? t('challenges.listTitle')}
        subtitle={l ? `${l.basis.measureId} · ${l.batch}` : null}
        back={{ to: '/challenges', label: t('challenges.browseTitle') }}
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !l ? <Loading /> : null}
      {l ? (
        <>
          {l.demo ? (
            <Alert type="warning" showIcon title={t('challenges.demoNote')} className="section-card" />
          ) : null}
          {l.state === 'cancelled' ? (
            <Alert
              type="error"
              showIcon
              className="section-card"
              data-testid="list-cancelled"
              title={t('challenges.listCancelled', {
                at: l.cancelledAt ? formatDateTime(l.cancelledAt) : '',
              })}
              description={
                l.cancelReason ? t('challenges.cancelReason', { reason: l.cancelReason }) : undefined
              }
            />
          ) : null}
          <ListFacts list={l} labels={labels} />
          <Typography.Title level={2} className="section-title challenges-h2">
            {t('challenges.problems')}
          </Typography.Title>
          {problems.error ? <ErrorBox error={problems.error} /> : null}
          {problems.data ? (
            <DataTable
              rows={problems.data.items}
              rowKey={(p) => p.id}
              columns={columns}
              testId="list-problems"
              caption={t('challenges.problems')}
            />
          ) : null}
          <Typography.Title level={2} className="section-title challenges-h2">
            {t('challenges.figures')}
          </Typography.Title>
          <ListChart chart={l.chart} />
          <VersionHistory versions={l.versions} />
        </>
      ) : null}
    </>
  );
}

/** The list's versions: the first publication and every change after it, with the reason given. */
export function VersionHistory({ versions }: { versions: ListDetail['versions'] }) {
  const { t } = useI18n('challenges');
  return (
    <section aria-labelledby="versions-h">
      <Typography.Title level={2} id="versions-h" className="section-title challenges-h2">
        {t('challenges.versions')}
      </Typography.Title>
      {versions.length === 0 ? (
        <p>{t('challenges.noVersions')}</p>
      ) : (
        <ol className="plain-list" data-testid="list-versions">
          {versions.map((v, i) => (
            <li key={v.version}>
              v{v.version} · {formatDateTime(v.changedAt)} ·{' '}
              {i === 0 ? t('challenges.firstPublished') : (v.note ?? '—')}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
