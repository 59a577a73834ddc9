/**
 * 揭榜挂帅工作台 (区科委/科创办): what waits for the officer, on one page — problems to review (submitted)
 * or to place (accepted), the lists (drafts and published, with a new one), the problems on lists being
 * judged or decided, and the winners' projects with their milestones. Each row opens its desk page.
 * Officers act; the auditor reads the same page without the buttons.
 */
import './desk.css';
import { Alert, Button, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Money, MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import {
  type ListView,
  type ProblemView,
  type ProjectView,
  StateTag,
  useChallengeLabels,
  useChallengeReference,
  useDeskRole,
} from './desk-shared.tsx';

const REVIEW_STATES = ['submitted', 'accepted'];
const JUDGING_STATES = ['listed', 'judging', 'racing', 'awarded', 'no_award'];

export default function DeskHomePage() {
  const { t, pick } = useI18n('challengeDesk');
  const role = useDeskRole();
  const navigate = useNavigate();
  const ref = useChallengeReference();
  const labels = useChallengeLabels(ref.data);
  const lists = useApi<{ items: ListView[] }>('/api/challenges/lists');
  // Officers and auditors get problems in every state; the page sorts them into its sections.
  const problems = useApi<{ items: ProblemView[]; total: number }>('/api/challenges/problems?limit=200');
  const projects = useApi<{ items: ProjectView[] }>('/api/challenges/projects');

  const listTitle = (id: string | null) => lists.data?.items.find((l) => l.id === id)?.title ?? '—';
  const problemTitle = (id: string) => problems.data?.items.find((p) => p.id === id)?.title ?? id.slice(0, 8);

  const problemColumns = (withList: boolean): Column<ProblemView>[] => [
    {
      key: 'title',
      title: t('challengeDesk.problem'),
      card: 'title',
      render: (p) => (
        <Link to={`/challenges/desk/problems/${p.id}`} data-testid="desk-problem-link">
          {p.title}
        </Link>
      ),
    },
    { key: 'poser', title: t('challengeDesk.poser'), render: (p) => p.poser.name },
    ...(withList
      ? [{ key: 'list', title: t('challengeDesk.list'), render: (p: ProblemView) => listTitle(p.listId) }]
      : []),
    {
      key: 'budget',
      title: t('challengeDesk.budget'),
      align: 'right',
      render: (p) => <MoneyRange range={{ min: p.budgetMin, max: p.budgetMax }} />,
    },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (p) => <StateTag machine="problem" state={p.state} labels={labels} />,
    },
  ];

  const listColumns: Column<ListView>[] = [
    {
      key: 'title',
      title: t('challengeDesk.listTitle'),
      card: 'title',
      render: (l) => <Link to={`/challenges/desk/lists/${l.id}`}>{l.title}</Link>,
    },
    { key: 'basis', title: t('challengeDesk.basis'), render: (l) => pick(l.basis.name) },
    { key: 'batch', title: t('challengeDesk.batch'), render: (l) => l.batch },
    {
      key: 'window',
      title: t('challengeDesk.window'),
      render: (l) => `${formatDate(l.opensOn)} ~ ${formatDate(l.closesOn)}（${pick(l.window.label)}）`,
    },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (l) => (
        <>
          <StateTag machine="list" state={l.state} labels={labels} />
          {l.version > 1 ? (
            <span className="hint">{t('challengeDesk.versionN', { n: l.version })}</span>
          ) : null}
        </>
      ),
    },
  ];

  const projectColumns: Column<ProjectView>[] = [
    {
      key: 'problem',
      title: t('challengeDesk.problem'),
      card: 'title',
      render: (p) => (
        <Link to={`/challenges/desk/projects/${p.id}`} data-testid="desk-project-link">
          {problemTitle(p.problemId)}
        </Link>
      ),
    },
    {
      key: 'amount',
      title: t('challengeDesk.bidAmount'),
      align: 'right',
      render: (p) => <Money fen={p.amount} />,
    },
    {
      key: 'milestones',
      title: t('challengeDesk.milestones'),
      render: (p) =>
        p.milestones.map((m) => <StateTag key={m.seq} machine="milestone" state={m.state} labels={labels} />),
    },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (p) => <StateTag machine="project" state={p.state} labels={labels} />,
    },
  ];

  const error = lists.error ?? problems.error ?? projects.error ?? ref.error;
  const ready = lists.data && problems.data && projects.data && ref.data;
  const review = (problems.data?.items ?? []).filter((p) => REVIEW_STATES.includes(p.state));
  const judged = (problems.data?.items ?? []).filter((p) => JUDGING_STATES.includes(p.state));
  return (
    <>
      <PageHeader
        title={t('challengeDesk.title')}
        subtitle={role.auditor ? t('challengeDesk.readOnly') : t('challengeDesk.intro')}
        extra={
          role.officer ? (
            <Button
              type="primary"
              onClick={() => navigate('/challenges/desk/lists/new')}
              data-testid="new-list"
            >
              {t('challengeDesk.newList')}
            </Button>
          ) : null
        }
      />
      {error ? <ErrorBox error={error} /> : null}
      {!ready ? (
        <Loading />
      ) : (
        <>
          <section aria-labelledby="desk-review">
            <Typography.Title level={2} id="desk-review" className="section-title">
              {t('challengeDesk.reviewQueue', { n: review.length })}
            </Typography.Title>
            {review.length === 0 ? (
              <Alert type="success" title={t('challengeDesk.reviewEmpty')} />
            ) : (
              <DataTable
                rows={review}
                columns={problemColumns(false)}
                rowKey={(p) => p.id}
                testId="review-queue"
                caption={t('challengeDesk.reviewQueueCaption')}
              />
            )}
          </section>
          <section aria-labelledby="desk-lists">
            <Typography.Title level={2} id="desk-lists" className="section-title">
              {t('challengeDesk.lists')}
            </Typography.Title>
            <DataTable
              rows={lists.data!.items}
              columns={listColumns}
              rowKey={(l) => l.id}
              testId="desk-lists"
              caption={t('challengeDesk.lists')}
            />
          </section>
          <section aria-labelledby="desk-judging">
            <Typography.Title level={2} id="desk-judging" className="section-title">
              {t('challengeDesk.judgingAndAwards')}
            </Typography.Title>
            <DataTable
              rows={judged}
              columns={problemColumns(true)}
              rowKey={(p) => p.id}
              testId="desk-judging"
              caption={t('challengeDesk.judgingAndAwards')}
            />
          </section>
          <section aria-labelledby="desk-projects">
            <Typography.Title level={2} id="desk-projects" className="section-title">
              {t('challengeDesk.projects')}
            </Typography.Title>
            <DataTable
              rows={projects.data!.items}
              columns={projectColumns}
              rowKey={(p) => p.id}
              testId="desk-projects"
              caption={t('challengeDesk.projects')}
              empty={t('challengeDesk.noProjects')}
            />
          </section>
        </>
      )}
    </>
  );
}
