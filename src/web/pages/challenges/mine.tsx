/**
 * 我的出题: the problems your organisation proposed, in every state — draft, submitted, returned for
 * revision (补正, with the officer's request), rejected (with the reason), accepted, listed, judged —
 * with what you may do next (the API's `actions`): edit, submit, withdraw. GET /api/challenges/problems?mine.
 */
import { Alert, Button, Space } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { BudgetRange, type ProblemView, StateTag, useAction, useLabels } from './shared.tsx';
import './challenges.css';

const PUBLIC = ['listed', 'judging', 'awarded', 'racing', 'no_award'];

export default function MinePage() {
  const { t, pick } = useI18n('challenges');
  const labels = useLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const saved = params.get('saved');
  const mine = useApi<{ items: ProblemView[]; total: number }>(
    '/api/challenges/problems?mine=true&limit=200',
  );
  const { error, run } = useAction();
  const act = (p: ProblemView, action: 'submit' | 'withdraw') =>
    run(() => api('POST', `/api/challenges/problems/${p.id}/${action}`, { version: p.version }), mine.reload);

  const columns: Column<ProblemView>[] = [
    {
      key: 'title',
      title: t('challenges.problemTitle'),
      card: 'title',
      render: (p) =>
        PUBLIC.includes(p.state) ? (
          <Link to={`/challenges/problems/${p.id}`}>{p.title}</Link>
        ) : p.actions.includes('edit') ? (
          <Link to={`/challenges/problems/${p.id}/edit`}>{p.title}</Link>
        ) : (
          p.title
        ),
    },
    {
      key: 'state',
      title: t('challenges.state'),
      render: (p) => <StateTag code={p.state}>{pick(p.stateLabel)}</StateTag>,
    },
    {
      key: 'note',
      title: t('challenges.reviewNote'),
      render: (p) => (p.reviewNote ? <span data-testid="review-note">{p.reviewNote}</span> : '—'),
    },
    { key: 'sector', title: t('challenges.sector'), render: (p) => labels.sector(p.sector) },
    { key: 'budget', title: t('challenges.budget'), align: 'right', render: (p) => <BudgetRange p={p} /> },
    {
      key: 'actions',
      title: t('challenges.actions'),
      render: (p) => (
        <Space wrap>
          {p.actions.includes('edit') ? (
            <Button size="small" onClick={() => navigate(`/challenges/problems/${p.id}/edit`)}>
              {t('challenges.edit')}
            </Button>
          ) : null}
          {p.actions.includes('submit') ? (
            <Button size="small" type="primary" onClick={() => act(p, 'submit')} data-testid="submit-row">
              {t('challenges.submitForReview')}
            </Button>
          ) : null}
          {p.actions.includes('withdraw') ? (
            <Button size="small" danger onClick={() => act(p, 'withdraw')}>
              {t('challenges.withdrawProblem')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('challenges.mineTitle')}
        subtitle={t('challenges.mineIntro')}
        extra={
          <Button type="primary" onClick={() => navigate('/challenges/propose')}>
            {t('challenges.proposeTitle')}
          </Button>
        }
      />
      {saved ? (
        <Alert className="section-card" type="success" showIcon title={t('challenges.saved')} />
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {mine.error ? <ErrorBox error={mine.error} onRetry={mine.reload} /> : null}
      {mine.loading && !mine.data ? <Loading /> : null}
      {mine.data ? (
        <DataTable
          rows={mine.data.items}
          rowKey={(p) => p.id}
          columns={columns}
          testId="my-problems"
          caption={t('challenges.mineTitle')}
          rowProps={(p) => ({ 'data-id': p.id, 'data-state': p.state })}
          empty={t('challenges.noProblems')}
        />
      ) : null}
    </>
  );
}
