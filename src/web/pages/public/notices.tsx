/**
 * 公示公告 (public, no sign-in): who is to receive how much under which measure, and until when anyone
 * may object. Only what a notice publishes comes from the server (/api/public/notices).
 */
import { Card, Segmented, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { PublicNotice } from '../../../service/public/read-notices.ts';
import { useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';

export type { PublicNotice };

export function NoticeStatus({ status }: { status: PublicNotice['status'] }) {
  const { t } = useI18n('public');
  return <Tag color={status === 'open' ? 'processing' : 'default'}>{t(`notice.status.${status}`)}</Tag>;
}

export default function NoticesPage() {
  const { t, pick } = useI18n('public');
  const cat = useCatalogue();
  const [params, setParams] = useSearchParams();
  const open = params.get('open') === '1';
  const list = useApi<{ items: PublicNotice[]; total: number }>(
    `/api/public/notices?limit=200${open ? '&open=1' : ''}`,
  );
  const measure = (id: string) => cat.data?.measures.find((m) => m.id === id);
  return (
    <>
      <PageHeader title={t('notices.title')} subtitle={t('notices.intro')} />
      <Card className="section-card">
        <Segmented
          aria-label={t('notices.which')}
          value={open ? 'open' : 'all'}
          onChange={(v) => setParams(v === 'open' ? { open: '1' } : {}, { replace: true })}
          options={[
            { value: 'all', label: t('notices.all') },
            { value: 'open', label: t('notices.open') },
          ]}
        />
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
        {list.data ? (
          <DataTable<PublicNotice>
            rows={list.data.items}
            rowKey={(n) => n.id}
            testId="notices"
            empty={t('notices.empty')}
            rowProps={(n) => ({ 'data-status': n.status })}
            columns={[
              {
                key: 'title',
                title: t('notice.project'),
                card: 'title',
                render: (n) => <Link to={`/notices/${n.id}`}>{n.title}</Link>,
              },
              { key: 'org', title: t('notice.applicant'), render: (n) => n.organisationName },
              {
                key: 'measure',
                title: t('notice.measure'),
                render: (n) => (
                  <span>
                    <span className="mono">{n.measureId}</span>{' '}
                    <span className="small">{pick(measure(n.measureId)?.title)}</span>
                  </span>
                ),
              },
              {
                key: 'amount',
                title: t('notice.amount'),
                align: 'right',
                nowrap: true,
                render: (n) => <Money fen={n.amount} />,
              },
              {
                key: 'window',
                title: t('notice.window'),
                nowrap: true,
                render: (n) => `${n.startsOn} ~ ${n.endsOn}`,
                sort: (a, b) => a.endsOn.localeCompare(b.endsOn),
              },
              { key: 'status', title: t('notice.status'), render: (n) => <NoticeStatus status={n.status} /> },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
