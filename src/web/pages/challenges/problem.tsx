/**
 * 题目详情 (public): a problem on a published list — the need, 验收指标, deliverables, timeline, the 揭榜额
 * range and co-funding — with its list's legal basis, window and eligibility, the list's changes after
 * publication, and the winners once awarded (公示: names, never scores). A signed-in organisation goes on
 * to 揭榜 while the window is open. GET /api/challenges/problems/:id, GET /api/challenges/lists/:id.
 */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { VersionHistory } from './list.tsx';
import {
  type ListDetail,
  ListFacts,
  ProblemFacts,
  type ProblemView,
  StateTag,
  useLabels,
} from './shared.tsx';
import './challenges.css';

export default function ProblemPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n('challenges');
  const { user } = useSession();
  const navigate = useNavigate();
  const labels = useLabels();
  const problem = useApi<ProblemView>(`/api/challenges/problems/${encodeURIComponent(id)}`);
  const p = problem.data;
  const list = useApi<ListDetail>(p?.listId ? `/api/challenges/lists/${p.listId}` : null);
  const l = list.data;
  const open = l?.window.phase === 'open' && p?.state === 'listed';
  const own = Boolean(user?.organisationId && p && user.organisationId === p.poser.organisationId);
  // Counted publicly only once bidding has closed (null while it is open).
  const bids = l?.chart.bidsPerProblem.find((b) => b.problemId === id)?.bids ?? null;
  return (
    <>
      <PageHeader
        title={p?.title ?? t('challenges.problemTitle')}
        subtitle={
          p ? (
            <Space wrap>
              <StateTag code={p.state}>{pick(p.stateLabel)}</StateTag>
              {l ? (
                <Link to={`/challenges/lists/${l.id}`}>
                  {l.basis.measureId} · {l.batch}
                </Link>
              ) : null}
            </Space>
          ) : null
        }
        tabTitle={p?.title}
        back={{ to: '/challenges', label: t('challenges.browseTitle') }}
      />
      {problem.error ? <ErrorBox error={problem.error} onRetry={problem.reload} /> : null}
      {problem.loading && !p ? <Loading /> : null}
      {p ? (
        <>
          {open ? (
            <Card className="section-card" data-testid="bid-call">
              <Space wrap align="center">
                <span>
                  {t('challenges.bidOpenUntil', { date: formatDate(l?.closesOn) })}
                  {bids === null ? null : t('challenges.bidCountPublic', { n: bids })}
                </span>
                {user?.role === 'enterprise' && !own ? (
                  <Button
                    type="primary"
                    data-testid="go-bid"
                    onClick={() => navigate(`/challenges/problems/${p.id}/bid`)}
                  >
                    {t('challenges.bidNow')}
                  </Button>
                ) : own ? (
                  <span>{t('challenges.ownProblem')}</span>
                ) : !user ? (
                  <Link to={`/login?next=${encodeURIComponent(`/challenges/problems/${p.id}/bid`)}`}>
                    {t('challenges.signInToBid')}
                  </Link>
                ) : null}
              </Space>
            </Card>
          ) : null}
          {p.award ? (
            <Alert
              className="section-card"
              type="success"
              showIcon
              data-testid="award"
              title={t('challenges.awardTitle')}
              description={
                p.award.winners.length > 0
                  ? `${p.award.winners.map((w) => w.organisation).join('、')}（${formatDate(p.award.at)}）`
                  : (p.award.reason ?? t('challenges.noAward'))
              }
            />
          ) : null}
          <ProblemFacts p={p} labels={labels} />
          {l ? (
            <>
              <Typography.Title level={2} className="section-title challenges-h2">
                {t('challenges.listOfProblem')}
              </Typography.Title>
              <ListFacts list={l} labels={labels} />
              <VersionHistory versions={l.versions} />
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
