/**
 * 分阶段拨付: the stages of the approved amount, paid one after another. One idempotency key per stage
 * for this page: a retry after a network error reuses it, so the server pays at most once.
 */
import { Button, Card, Modal, Tag } from 'antd';
import { useRef, useState } from 'react';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { DataTable } from '../data-table.tsx';
import { Money } from '../money.tsx';
import { errorMessage } from '../status.tsx';
import { actionLabel } from './labels.tsx';

/**
 * A random key for one payment attempt. crypto.getRandomValues works on plain-http intranet
 * deployments too (crypto.randomUUID needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

type Stage = ApplicationDetail['stages'][number];

export function Stages({ app, onDone }: { app: ApplicationDetail; onDone: (message: string) => void }) {
  const { t, lang } = useI18n('applications');
  const keys = useRef(new Map<string, string>());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [modal, holder] = Modal.useModal();
  const canPay = app.actions.includes('pay_stage');
  const next = app.stages.find((s) => !s.paid);
  if (app.stages.length === 0) return null;

  async function pay(s: Stage) {
    let key = keys.current.get(s.id);
    if (!key) {
      key = newIdempotencyKey();
      keys.current.set(s.id, key);
    }
    setBusy(s.id);
    setError(null);
    try {
      await api('POST', `/api/applications/${app.id}/stages/${s.id}/pay`, {}, { 'Idempotency-Key': key });
      onDone(t('action.done', { action: actionLabel('pay_stage', lang) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  function confirmPay(s: Stage) {
    void modal.confirm({
      title: t('apps.payConfirmTitle', { n: s.seq }),
      content: (
        <p>
          {t('apps.payConfirm', { title: app.title })} <Money fen={s.amount} exact strong />
        </p>
      ),
      okText: actionLabel('pay_stage', lang),
      cancelText: t('common.cancel'),
      onOk: () => pay(s),
    });
  }

  return (
    <Card title={<h2 className="card-h2">{t('apps.stages')}</h2>} className="section-card">
      {holder}
      <DataTable<Stage>
        rows={app.stages}
        rowKey={(s) => s.id}
        testId="stages"
        rowProps={(s) => ({ 'data-paid': String(s.paid) })}
        columns={[
          { key: 'seq', title: '#', render: (s) => t('apps.stage', { n: s.seq }), card: 'title' },
          {
            key: 'amount',
            title: t('apps.amount'),
            align: 'right',
            render: (s) => <Money fen={s.amount} exact />,
          },
          {
            key: 'status',
            title: t('common.status'),
            render: (s) =>
              s.paid ? (
                <Tag color="success">{t('apps.stagePaid', { date: formatDate(s.paidOn) })}</Tag>
              ) : (
                <Tag>{s.dueOn ? t('apps.stageDue', { date: s.dueOn }) : t('apps.stageOpen')}</Tag>
              ),
          },
          {
            key: 'pay',
            title: t('apps.actions'),
            render: (s) =>
              canPay && next?.id === s.id ? (
                <Button
                  type="primary"
                  size="small"
                  loading={busy === s.id}
                  disabled={busy !== null}
                  onClick={() => confirmPay(s)}
                  data-testid="pay-stage"
                >
                  {actionLabel('pay_stage', lang)} <Money fen={s.amount} />
                </Button>
              ) : null,
          },
        ]}
      />
      {error ? <p className="field-error">{errorMessage(error, t, lang)}</p> : null}
    </Card>
  );
}
