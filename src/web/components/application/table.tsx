/**
 * Applications as a table (cards on phones): title, applicant, measure, amount, submitted, days
 * waiting, state. Sorting is the server's (the queue may be longer than a page); the columns shown
 * depend on who reads.
 */
import { Tag } from 'antd';
import { Link } from 'react-router';
import type { ApplicationView } from '../../../service/applications/views.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { type Column, DataTable } from '../data-table.tsx';
import { Money } from '../money.tsx';
import { StateTag } from './labels.tsx';

export type ListedApplication = ApplicationView & {
  organisationName?: string | null;
  openObjections?: number;
  /** Days in its present state (since its last change), by the server's calendar. */
  daysWaiting?: number;
  /** The queue's count of overlap pairs the reviewer must judge (从优、就高、不重复 left to a person). */
  overlapChecks?: number;
};

const daysWaiting = (a: ListedApplication) => a.daysWaiting ?? 0;

export function ApplicationTable({
  items,
  link,
  officer,
}: {
  items: ListedApplication[];
  link: (a: ListedApplication) => string;
  /** The officers' columns: applicant, days waiting, open objections. */
  officer?: boolean;
}) {
  const { t, lang, pick } = useI18n('applications');
  const cat = useCatalogue();
  const title = (id: string) => cat.data?.measures.find((m) => m.id === id)?.title;
  const columns: Column<ListedApplication>[] = [
    {
      key: 'title',
      title: t('apps.colTitle'),
      card: 'title',
      render: (a) => <Link to={link(a)}>{a.title}</Link>,
      sort: (x, y) => x.title.localeCompare(y.title, 'zh-CN'),
    },
    ...(officer
      ? [
          {
            key: 'applicant',
            title: t('apps.colApplicant'),
            render: (a: ListedApplication) => a.organisationName ?? '—',
            sort: (x: ListedApplication, y: ListedApplication) =>
              (x.organisationName ?? '').localeCompare(y.organisationName ?? '', 'zh-CN'),
          },
        ]
      : []),
    {
      key: 'measure',
      title: t('apps.colMeasure'),
      render: (a) => (
        <span>
          <span className="mono nowrap">{a.measureId}</span>{' '}
          <span className="small muted">{pick(title(a.measureId))}</span>
        </span>
      ),
      sort: (x, y) => x.measureId.localeCompare(y.measureId, 'zh-CN'),
    },
    {
      key: 'requested',
      title: t('apps.colRequested'),
      align: 'right',
      nowrap: true,
      render: (a) => <Money fen={a.requestedAmount} />,
      sort: (x, y) => (x.requestedAmount ?? -1) - (y.requestedAmount ?? -1),
    },
    {
      key: 'approved',
      title: t('apps.colApproved'),
      align: 'right',
      nowrap: true,
      render: (a) => <Money fen={a.approvedAmount} />,
      sort: (x, y) => (x.approvedAmount ?? -1) - (y.approvedAmount ?? -1),
    },
    {
      key: 'submitted',
      title: t('apps.colSubmitted'),
      nowrap: true,
      render: (a) => formatDate(a.submittedOn),
      sort: (x, y) => (x.submittedOn ?? '').localeCompare(y.submittedOn ?? ''),
    },
    ...(officer
      ? [
          {
            key: 'waiting',
            title: t('apps.colWaiting'),
            align: 'right' as const,
            nowrap: true,
            render: (a: ListedApplication) => (
              <span data-testid="days-waiting">{t('apps.daysN', { n: daysWaiting(a) })}</span>
            ),
            sort: (x: ListedApplication, y: ListedApplication) => daysWaiting(x) - daysWaiting(y),
          },
        ]
      : [
          {
            key: 'updated',
            title: t('apps.colUpdated'),
            nowrap: true,
            render: (a: ListedApplication) => formatDate(a.updatedAt),
            sort: (x: ListedApplication, y: ListedApplication) => x.updatedAt.localeCompare(y.updatedAt),
          },
        ]),
    {
      key: 'state',
      title: t('apps.colState'),
      render: (a) => (
        <span>
          <StateTag state={a.state} lang={lang} />
          {a.openObjections ? (
            <span className="objection-flag">{t('apps.openObjections', { n: a.openObjections })}</span>
          ) : null}
          {a.overlapChecks ? (
            <Tag color="warning" className="overlap-flag" data-testid="overlap-badge">
              {t('review.overlapBadge', { n: a.overlapChecks })}
            </Tag>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      rows={items}
      columns={columns}
      rowKey={(a) => a.id}
      testId="applications"
      caption={t('apps.title')}
      rowProps={(a) => ({ 'data-state': a.state, 'data-id': a.id })}
      pageSize={50}
    />
  );
}
