/**
 * 我的揭榜: your organisation's bids on every problem — the 揭榜额, the version, the state (sealed until the
 * window closes; awarded, 赛马, not awarded, withdrawn) — each opening its versions, revision and withdrawal.
 * GET /api/challenges/bids/mine (never another organisation's bid).
 */
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { type BidView, type ProblemView, StateTag, useLabels } from './shared.tsx';
import './challenges.css';

/** The problem's title (public once listed). */
export function ProblemTitle({ id }: { id: string }) {
  const p = useApi<ProblemView>(`/api/challenges/problems/${id}`);
  return <Link to={`/challenges/problems/${id}`}>{p.data?.title ?? id.slice(0, 8)}</Link>;
}

export default function BidsPage() {
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const mine = useApi<{ items: BidView[] }>('/api/challenges/bids/mine');
  const columns: Column<BidView>[] = [
    {
      key: 'problem',
      title: t('challenges.problemTitle'),
      card: 'title',
      render: (b) => <ProblemTitle id={b.problemId} />,
    },
    {
      key: 'amount',
      title: t('challenges.bidAmount'),
      align: 'right',
      render: (b) => <Money fen={b.amount} />,
      sort: (a, b) => a.amount - b.amount,
    },
    { key: 'version', title: t('challenges.version'), render: (b) => `v${b.version}` },
    {
      key: 'state',
      title: t('challenges.state'),
      render: (b) => <StateTag code={b.state}>{labels.state('bid', b.state)}</StateTag>,
    },
    {
      key: 'at',
      title: t('challenges.submittedAt'),
      render: (b) => formatDateTime(b.submittedAt),
      sort: (a, b) => a.submittedAt.localeCompare(b.submittedAt),
      defaultSort: 'descend',
    },
    {
      key: 'open',
      title: t('challenges.actions'),
      render: (b) => <Link to={`/challenges/bids/${b.id}`}>{t('challenges.openBid')}</Link>,
    },
  ];
  return (
    <>
      <PageHeader title={t('challenges.bidsTitle')} subtitle={t('challenges.bidsIntro')} />
      {mine.error ? <ErrorBox error={mine.error} onRetry={mine.reload} /> : null}
      {mine.loading && !mine.data ? <Loading /> : null}
      {mine.data ? (
        <DataTable
          rows={mine.data.items}
          rowKey={(b) => b.id}
          columns={columns}
          testId="my-bids"
          caption={t('challenges.bidsTitle')}
          rowProps={(b) => ({ 'data-id': b.id, 'data-state': b.state })}
          empty={t('challenges.noBids')}
        />
      ) : null}
    </>
  );
}
