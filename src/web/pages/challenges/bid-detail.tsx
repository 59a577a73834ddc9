/**
 * 揭榜方案: one of your organisation's bids — every version as submitted (GET /bids/:id/versions), the
 * current one open — with revise (a new version, on the 揭榜 form) and withdraw while the window is open
 * (POST /bids/:id/withdraw). Sealed: another organisation gets "not found" here, as from every endpoint.
 */
import { Alert, Button, Descriptions, Popconfirm, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, useApi } from '../../api.ts';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { ProblemTitle } from './bids.tsx';
import {
  BidFiles,
  type BidVersion,
  type BidView,
  type ListDetail,
  type Partner,
  type ProblemView,
  StateTag,
  useAction,
  useLabels,
} from './shared.tsx';
import './challenges.css';

export default function BidDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const navigate = useNavigate();
  const bid = useApi<BidView & { versions: number[] }>(`/api/challenges/bids/${encodeURIComponent(id)}`);
  const versions = useApi<{ items: BidVersion[] }>(`/api/challenges/bids/${encodeURIComponent(id)}/versions`);
  const b = bid.data;
  const problem = useApi<ProblemView>(b ? `/api/challenges/problems/${b.problemId}` : null);
  const list = useApi<ListDetail>(
    problem.data?.listId ? `/api/challenges/lists/${problem.data.listId}` : null,
  );
  const [shown, setShown] = useState<number | null>(null);
  const { error, run } = useAction();
  const all = versions.data?.items ?? [];
  const current = all.find((v) => v.version === (shown ?? b?.version)) ?? all[all.length - 1];
  const open = list.data?.window.phase === 'open' && b?.state === 'submitted';

  const withdraw = () => run(() => api('POST', `/api/challenges/bids/${id}/withdraw`), bid.reload);

  return (
    <>
      <PageHeader
        title={t('challenges.bidDetailTitle')}
        subtitle={b ? <ProblemTitle id={b.problemId} /> : null}
        tabTitle={t('challenges.bidDetailTitle')}
        back={{ to: '/challenges/bids', label: t('challenges.bidsTitle') }}
        extra={
          open && b ? (
            <Space wrap>
              <Button
                type="primary"
                onClick={() => navigate(`/challenges/problems/${b.problemId}/bid`)}
                data-testid="revise"
              >
                {t('challenges.revise')}
              </Button>
              <Popconfirm
                title={t('challenges.withdrawConfirm')}
                onConfirm={withdraw}
                okText={t('challenges.withdrawBid')}
              >
                <Button danger data-testid="withdraw">
                  {t('challenges.withdrawBid')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      />
      {bid.error || versions.error ? <ErrorBox error={bid.error ?? versions.error} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {(bid.loading && !b) || (versions.loading && !versions.data) ? <Loading /> : null}
      {b && current ? (
        <>
          <Descriptions
            className="section-card"
            column={{ xs: 1, md: 2 }}
            size="small"
            bordered
            items={[
              { key: 'org', label: t('challenges.bidder'), children: b.organisation.name },
              {
                key: 'state',
                label: t('challenges.state'),
                children: (
                  <span data-testid="bid-state">
                    <StateTag code={b.state}>{labels.state('bid', b.state)}</StateTag>
                  </span>
                ),
              },
              {
                key: 'deadline',
                label: t('challenges.deadline'),
                children: list.data ? formatDate(list.data.closesOn) : '—',
              },
              {
                key: 'latest',
                label: t('challenges.latestVersion'),
                children: <span data-testid="bid-version">v{b.version}</span>,
              },
            ]}
          />
          {open ? (
            <Alert className="section-card" type="info" showIcon title={t('challenges.sealedNote')} />
          ) : null}
          <Typography.Title level={2} className="section-title challenges-h2">
            {t('challenges.versionsOfBid')}
          </Typography.Title>
          <Segmented
            aria-label={t('challenges.versionsOfBid')}
            data-testid="bid-versions"
            value={current.version}
            onChange={(v) => setShown(Number(v))}
            options={all.map((v) => ({
              value: v.version,
              label: `v${v.version} · ${formatDateTime(v.savedAt)}`,
            }))}
          />
          <VersionBody bidId={id} v={current} />
        </>
      ) : null}
    </>
  );
}

function VersionBody({ bidId, v }: { bidId: string; v: BidVersion }) {
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const partners = useApi<{ items: Partner[] }>(
    v.partners.length > 0 ? `/api/challenges/partners?ids=${v.partners.join(',')}` : null,
  );
  return (
    <div data-testid="bid-version-body" data-version={v.version}>
      <Descriptions
        className="section-card"
        column={1}
        size="small"
        bordered
        items={[
          { key: 'amount', label: t('challenges.bidAmount'), children: <Money fen={v.amount} exact /> },
          { key: 'plan', label: t('challenges.plan'), children: <span className="pre-wrap">{v.plan}</span> },
          { key: 'team', label: t('challenges.team'), children: <span className="pre-wrap">{v.team}</span> },
          {
            key: 'partners',
            label: t('challenges.partners'),
            children:
              v.partners.length === 0
                ? t('challenges.noPartnersChosen')
                : (partners.data?.items ?? []).map((o) => `${o.name}（${labels.kind(o.kind)}）`).join('、') ||
                  '…',
          },
          {
            key: 'files',
            label: t('challenges.attachments'),
            children: <BidFiles bidId={bidId} files={v.attachments} />,
          },
        ]}
      />
      <Table
        size="small"
        pagination={false}
        rowKey={(m) => `${m.title}-${m.dueOn}`}
        scroll={{ x: true }}
        data-testid="bid-milestones"
        columns={[
          { title: t('challenges.milestoneCol'), dataIndex: 'title', key: 'title' },
          {
            title: t('challenges.dueOnCol'),
            dataIndex: 'dueOn',
            key: 'dueOn',
            render: (d: string) => formatDate(d),
          },
          {
            title: t('challenges.plannedInputCol'),
            dataIndex: 'plannedInput',
            key: 'plannedInput',
            align: 'right',
            render: (f: number) => <Money fen={f} />,
          },
          { title: t('challenges.milestoneIndicatorsCol'), dataIndex: 'indicators', key: 'indicators' },
        ]}
        dataSource={v.milestones}
      />
    </div>
  );
}
