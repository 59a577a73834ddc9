/**
 * 首次达标奖励 (enterprise): the firm's 免申即享 notices for reaching a tier for the first time (001·十:
 * 独角兽 400万, 瞪羚 200万 — while 001 is a draft, "政策模拟施行"): the amount, the clause quoted, why it
 * qualifies; "confirm" creates the application under the measure, which then goes through the usual
 * review, approval, 公示 and payment (我的申报). A firm that reached the tier before the policy's window
 * sees the explanation — not payable — and nothing to confirm.
 * GET /api/qualifications/rewards, POST …/rewards/:id/confirm · /read · /dismiss.
 */
import { Alert, Button, Card, Empty, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, useApi } from '../../api.ts';
import { MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, errorMessage, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { Page, Reward } from './shared.tsx';
import './qualifications.css';

const STATUS_COLOUR: Record<string, string> = {
  new: 'processing',
  read: 'default',
  confirmed: 'success',
  dismissed: 'default',
  explained: 'warning',
};

export default function RewardsPage() {
  const { t } = useI18n('qualifications');
  const list = useApi<Page<Reward>>('/api/qualifications/rewards');
  return (
    <>
      <PageHeader title={t('qual.rewardsPageTitle')} subtitle={t('qual.rewardsIntro')} />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : list.data.items.length === 0 ? (
        <Empty description={t('qual.noRewards')} />
      ) : (
        <div data-testid="rewards">
          {list.data.items.map((r) => (
            <RewardCard key={r.id} reward={r} onChange={list.reload} />
          ))}
        </div>
      )}
    </>
  );
}

function RewardCard({ reward: r, onChange }: { reward: Reward; onChange: () => void }) {
  const { t, pick, lang } = useI18n('qualifications');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applicationId, setApplicationId] = useState<string | null>(r.applicationId);
  const act = async (verb: 'confirm' | 'read' | 'dismiss') => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ application?: { id: string } }>(
        'POST',
        `/api/qualifications/rewards/${encodeURIComponent(r.id)}/${verb}`,
      );
      if (answer.application) setApplicationId(answer.application.id);
      onChange();
    } catch (err) {
      setError(errorMessage(err, t, lang));
    } finally {
      setBusy(false);
    }
  };
  const payable = r.status !== 'explained';
  const open = r.status === 'new' || r.status === 'read';
  return (
    <Card
      className="section-card qual-reward"
      data-testid={`reward-${r.measureId}`}
      data-status={r.status}
      title={
        <h2 className="card-h2">
          {pick(r.title)}{' '}
          <Tag color={STATUS_COLOUR[r.status] ?? 'default'} data-testid="reward-status">
            {pick(r.statusLabel)}
          </Tag>
          {r.simulated ? <Tag color="warning">{t('qual.simulated')}</Tag> : null}
        </h2>
      }
    >
      <dl className="qual-facts">
        <div>
          <dt>{t('qual.measure')}</dt>
          <dd>
            <Link to={`/catalogue/${encodeURIComponent(r.measureId)}`} className="mono">
              {r.measureId}
            </Link>
          </dd>
        </div>
        <div>
          <dt>{t('qual.reached')}</dt>
          <dd>
            {pick(r.kindLabel)} · {r.reachedOn}
          </dd>
        </div>
        <div>
          <dt>{t('qual.amount')}</dt>
          <dd data-testid="reward-amount">
            {payable ? <MoneyRange range={r.amount} /> : <strong>{t('qual.notPayable')}</strong>}
          </dd>
        </div>
      </dl>
      {r.clause ? (
        <blockquote className="qual-clause" data-testid="reward-clause">
          “{r.clause.quote}”<footer className="small">— {r.clause.citation}</footer>
        </blockquote>
      ) : null}
      {r.simulated ? (
        <p className="small">
          {t('qual.simulatedHelp', {
            adopt: Object.entries(r.adopt)
              .map(([d, on]) => `${d} ${on}`)
              .join('、'),
          })}
        </p>
      ) : null}
      <details className="qual-reasons" open={!payable}>
        <summary>{payable ? t('qual.whyEligible') : t('qual.whyNot')}</summary>
        <ul>
          {r.reasons.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: reasons are a fixed list in the API's order
            <li key={i}>{pick(x)}</li>
          ))}
        </ul>
      </details>
      {!payable ? (
        <Alert type="info" showIcon title={t('qual.explainedNote')} data-testid="reward-explained" />
      ) : null}
      {error ? <Alert type="error" role="alert" title={error} /> : null}
      {applicationId ? (
        <Alert
          type="success"
          role="status"
          data-testid="reward-application"
          title={
            <span>
              {t('qual.confirmedNote')}{' '}
              <Link to={`/applications/${applicationId}`}>{t('qual.openApplication')}</Link>
            </span>
          }
        />
      ) : null}
      {open && payable ? (
        <Space wrap className="qual-reward-actions">
          <Popconfirm
            title={t('qual.confirmAsk', { amount: r.amountText ?? '' })}
            okText={t('qual.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => act('confirm')}
          >
            <Button type="primary" loading={busy} data-testid="reward-confirm">
              {t('qual.confirm')}
            </Button>
          </Popconfirm>
          {r.status === 'new' ? (
            <Button onClick={() => act('read')} disabled={busy}>
              {t('qual.markRead')}
            </Button>
          ) : null}
          <Button onClick={() => act('dismiss')} disabled={busy}>
            {t('qual.dismiss')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
