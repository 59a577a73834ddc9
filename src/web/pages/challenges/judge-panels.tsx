/**
 * 我的评审 (评审专家, and the poser's appointed scorers): the problems the signed-in judge is appointed to
 * (GET /api/challenges/judging), each with its state, the judge's block if a conflict of interest was
 * found (with the reason), and how many of its bids the judge has scored. Each opens the scoring sheet.
 */
import './desk.css';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { type Panels, StateTag, useChallengeLabels, useChallengeReference } from './desk-shared.tsx';

type Item = Panels['items'][number];

export default function JudgePanelsPage() {
  const { t, pick } = useI18n('challengeDesk');
  const panels = useApi<Panels>('/api/challenges/judging');
  const ref = useChallengeReference();
  const labels = useChallengeLabels(ref.data);
  const columns: Column<Item>[] = [
    {
      key: 'title',
      title: t('challengeDesk.problem'),
      card: 'title',
      render: (x) => (
        <Link to={`/challenges/judging/${x.problem.id}`} data-testid="judge-problem-link">
          {x.problem.title}
        </Link>
      ),
    },
    { key: 'poser', title: t('challengeDesk.poser'), render: (x) => x.problem.poser.name },
    {
      key: 'state',
      title: t('challengeDesk.state'),
      render: (x) => <StateTag machine="problem" state={x.problem.state} labels={labels} />,
    },
    {
      key: 'mine',
      title: t('challengeDesk.myStatus'),
      render: (x) =>
        x.blocked ? (
          <span data-testid="panel-blocked">
            <strong className="text-danger">{t('challengeDesk.blocked')}</strong>：
            {x.conflicts.map((c) => pick(c.text)).join('；')}
          </span>
        ) : (
          t('challengeDesk.sheetsSent', { n: x.sheets.length })
        ),
    },
  ];
  return (
    <>
      <PageHeader title={t('challengeDesk.judgingTitle')} subtitle={t('challengeDesk.judgingIntro')} />
      {panels.error ? <ErrorBox error={panels.error} onRetry={panels.reload} /> : null}
      {!panels.data || !ref.data ? (
        <Loading />
      ) : panels.data.items.length === 0 ? (
        <Alert type="info" title={t('challengeDesk.noPanels')} />
      ) : (
        <DataTable
          rows={panels.data.items}
          columns={columns}
          rowKey={(x) => x.problem.id}
          testId="judge-panels"
          caption={t('challengeDesk.judgingTitle')}
        />
      )}
    </>
  );
}
