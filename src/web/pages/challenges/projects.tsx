/**
 * 揭榜项目: the projects your organisation won (officers and auditors: all) — the 揭榜额, the state, the
 * milestones accepted and the tranches paid — each opening the milestone page. GET /api/challenges/projects.
 */
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ProblemTitle } from './bids.tsx';
import { type ProjectView, StateTag, useLabels } from './shared.tsx';
import './challenges.css';

export default function ProjectsPage() {
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const projects = useApi<{ items: ProjectView[] }>('/api/challenges/projects');
  const columns: Column<ProjectView>[] = [
    {
      key: 'problem',
      title: t('challenges.problemTitle'),
      card: 'title',
      render: (p) => <ProblemTitle id={p.problemId} />,
    },
    {
      key: 'amount',
      title: t('challenges.bidAmount'),
      align: 'right',
      render: (p) => <Money fen={p.amount} />,
    },
    {
      key: 'state',
      title: t('challenges.state'),
      render: (p) => <StateTag code={p.state}>{labels.state('project', p.state)}</StateTag>,
    },
    {
      key: 'milestones',
      title: t('challenges.milestonesAccepted'),
      render: (p) => `${p.milestones.filter((m) => m.state === 'accepted').length} / ${p.milestones.length}`,
    },
    {
      key: 'paid',
      title: t('challenges.paid'),
      align: 'right',
      render: (p) => (
        <Money fen={p.milestones.reduce((s, m) => s + (m.paymentId ? (m.tranche ?? 0) : 0), 0)} />
      ),
    },
    {
      key: 'open',
      title: t('challenges.actions'),
      render: (p) => <Link to={`/challenges/projects/${p.id}`}>{t('challenges.openProject')}</Link>,
    },
  ];
  return (
    <>
      <PageHeader title={t('challenges.projectsTitle')} subtitle={t('challenges.projectsIntro')} />
      {projects.error ? <ErrorBox error={projects.error} onRetry={projects.reload} /> : null}
      {projects.loading && !projects.data ? <Loading /> : null}
      {projects.data ? (
        <DataTable
          rows={projects.data.items}
          rowKey={(p) => p.id}
          columns={columns}
          testId="projects"
          caption={t('challenges.projectsTitle')}
          empty={t('challenges.noProjects')}
        />
      ) : null}
    </>
  );
}
