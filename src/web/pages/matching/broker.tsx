/**
 * 技术经理人工作台: a broker's assigned engagements (within their capacity) with the response-time
 * clock — hours since assignment, the first follow-up due after BROKER_RESPONSE_HOURS, late ones
 * flagged — and the open engagements nobody brokers yet, to claim (GET /api/matching/broker/queue;
 * POST …/assign, …/release). Officers see the same queue, assign a broker to an engagement and set
 * each broker's capacity (GET /api/matching/brokers, PUT /api/matching/brokers/:id).
 */
import { Alert, Button, Card, InputNumber, Progress, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import type { QueueItem } from './shared.tsx';

interface Queue {
  broker: { id: string; capacity: number; open: number } | null;
  assigned: QueueItem[];
  unassigned: QueueItem[];
  pendingReviews: number;
  clocks: { brokerResponseHours: number; interestAnswerDays: number };
}
interface Broker {
  id: string;
  username: string;
  displayName: string;
  capacity: number;
  capacityIsDefault: boolean;
  open: number;
}

export default function BrokerPage() {
  const { t, pick } = useI18n('matching');
  const { user } = useSession();
  const officer = user?.role !== 'broker';
  const queue = useApi<Queue>('/api/matching/broker/queue');
  const brokers = useApi<Broker[]>(officer ? '/api/matching/brokers' : null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Record<string, string>>({});

  async function run(key: string, path: string, body: unknown, after: () => void = queue.reload) {
    setError(null);
    setBusy(key);
    try {
      await api('POST', path, body);
      after();
      brokers.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  if (queue.error) return <ErrorBox error={queue.error} onRetry={queue.reload} />;
  if (!queue.data) return <Loading />;
  const q = queue.data;
  const full = q.broker ? q.broker.open >= q.broker.capacity : false;

  const base: Column<QueueItem>[] = [
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
    { key: 'parties', title: t('matching.parties'), render: (i) => `${i.from.name} → ${i.to.name}` },
    {
      key: 'stage',
      title: t('matching.stage'),
      render: (i) => `${pick(i.stateLabel)} · ${pick(i.stageLabel)}`,
    },
    {
      key: 'clock',
      title: t('matching.clock'),
      nowrap: true,
      sort: (a, b) => a.elapsedHours - b.elapsedHours,
      defaultSort: 'descend',
      render: (i) => (
        <span data-overdue={i.overdue ? 'true' : 'false'}>
          {t('matching.hours', { n: i.elapsedHours })}{' '}
          {i.overdue ? (
            <Tag color="red">
              {t(i.overdueReason === 'answer' ? 'matching.lateAnswer' : 'matching.lateBroker')}
            </Tag>
          ) : null}
          {i.brokerRespondBy && !i.brokerRespondedAt ? (
            <div className="hint">{t('matching.respondBy', { at: formatDateTime(i.brokerRespondBy) })}</div>
          ) : null}
        </span>
      ),
    },
  ];

  const assignedCols: Column<QueueItem>[] = [
    ...base,
    {
      key: 'act',
      title: t('matching.actions'),
      render: (i) => (
        <Button
          size="small"
          loading={busy === `release-${i.id}`}
          onClick={() => run(`release-${i.id}`, `/api/matching/interests/${i.id}/release`, {})}
        >
          {t('matching.release')}
        </Button>
      ),
    },
  ];
  const unassignedCols: Column<QueueItem>[] = [
    ...base,
    {
      key: 'act',
      title: t('matching.actions'),
      render: (i) =>
        officer ? (
          <Space.Compact>
            <Select
              aria-label={t('matching.chooseBroker')}
              className="broker-select"
              value={chosen[i.id]}
              placeholder={t('matching.chooseBroker')}
              onChange={(v: string) => setChosen((c) => ({ ...c, [i.id]: v }))}
              options={(brokers.data ?? []).map((b) => ({
                value: b.id,
                label: `${b.displayName}（${b.open}/${b.capacity}）`,
                disabled: b.open >= b.capacity,
              }))}
            />
            <Button
              disabled={!chosen[i.id]}
              loading={busy === `assign-${i.id}`}
              onClick={() =>
                run(`assign-${i.id}`, `/api/matching/interests/${i.id}/assign`, {
                  brokerId: chosen[i.id],
                  version: i.version,
                })
              }
            >
              {t('matching.assign')}
            </Button>
          </Space.Compact>
        ) : (
          <Button
            size="small"
            type="primary"
            disabled={full}
            loading={busy === `claim-${i.id}`}
            onClick={() =>
              run(`claim-${i.id}`, `/api/matching/interests/${i.id}/assign`, { version: i.version })
            }
            data-testid={`claim-${i.id}`}
          >
            {t('matching.claim')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('matching.brokerTitle')}
        subtitle={t('matching.brokerIntro', {
          hours: q.clocks.brokerResponseHours,
          days: q.clocks.interestAnswerDays,
        })}
        extra={<Link to="/matching/review">{t('matching.pendingReviews', { n: q.pendingReviews })}</Link>}
      />
      {q.broker ? (
        <Card className="section-card" title={t('matching.capacity')} data-testid="capacity">
          <Progress
            percent={q.broker.capacity > 0 ? Math.round((q.broker.open / q.broker.capacity) * 100) : 100}
            format={() => `${q.broker!.open} / ${q.broker!.capacity}`}
            status={full ? 'exception' : 'normal'}
            aria-label={t('matching.capacity')}
          />
          {full ? <Alert type="warning" showIcon title={t('matching.capacityFull')} /> : null}
        </Card>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {q.broker ? (
        <Card className="section-card" title={t('matching.assigned', { n: q.assigned.length })}>
          <DataTable
            rows={q.assigned}
            rowKey={(i) => i.id}
            columns={assignedCols}
            testId="assigned"
            caption={t('matching.assigned', { n: q.assigned.length })}
            rowProps={(i) => ({ 'data-id': i.id, 'data-overdue': i.overdue ? 'true' : 'false' })}
          />
        </Card>
      ) : null}
      <Card className="section-card" title={t('matching.unassigned', { n: q.unassigned.length })}>
        <DataTable
          rows={q.unassigned}
          rowKey={(i) => i.id}
          columns={unassignedCols}
          testId="unassigned"
          caption={t('matching.unassigned', { n: q.unassigned.length })}
          rowProps={(i) => ({ 'data-id': i.id, 'data-overdue': i.overdue ? 'true' : 'false' })}
          pageSize={20}
        />
      </Card>
      {officer && brokers.data ? <Brokers brokers={brokers.data} onSaved={brokers.reload} /> : null}
    </>
  );
}

function Brokers({ brokers, onSaved }: { brokers: Broker[]; onSaved: () => void }) {
  const { t } = useI18n('matching');
  const { user } = useSession();
  const mayEdit = user?.role !== 'auditor';
  const [edits, setEdits] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<unknown>(null);
  async function save(b: Broker) {
    setError(null);
    try {
      await api('PUT', `/api/matching/brokers/${b.id}`, { capacity: edits[b.id] ?? b.capacity });
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  const columns: Column<Broker>[] = [
    { key: 'name', title: t('matching.broker'), card: 'title', render: (b) => b.displayName },
    {
      key: 'load',
      title: t('matching.load'),
      align: 'right',
      render: (b) =>
        `${b.open} / ${b.capacity}${b.capacityIsDefault ? ` ${t('matching.defaultCapacity')}` : ''}`,
      sort: (a, b) => a.open / Math.max(1, a.capacity) - b.open / Math.max(1, b.capacity),
    },
    {
      key: 'capacity',
      title: t('matching.capacity'),
      render: (b) =>
        mayEdit ? (
          <Space.Compact>
            <InputNumber
              aria-label={`${t('matching.capacity')} ${b.displayName}`}
              min={0}
              max={100}
              precision={0}
              value={edits[b.id] ?? b.capacity}
              onChange={(v) => setEdits((e) => ({ ...e, [b.id]: v }))}
            />
            <Button onClick={() => save(b)}>{t('matching.save')}</Button>
          </Space.Compact>
        ) : (
          b.capacity
        ),
    },
  ];
  return (
    <Card className="section-card" title={t('matching.brokers')}>
      {error ? <ErrorBox error={error} /> : null}
      <DataTable
        rows={brokers}
        rowKey={(b) => b.id}
        columns={columns}
        testId="brokers"
        caption={t('matching.brokers')}
      />
    </Card>
  );
}
