/**
 * 培育库 (officers, auditors): every pool with its target, its entry rule in words, how many firms the
 * rule finds today and how many are enrolled (active, graduated, left). Officers open the editor.
 * GET /api/qualifications/pools?counts=true.
 */
import { Button, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import type { Pools } from './shared.tsx';
import './qualifications.css';

export default function PoolsPage() {
  const { t, pick } = useI18n('qualifications');
  const { user } = useSession();
  const officer = user?.role !== 'auditor';
  const navigate = useNavigate();
  const pools = useApi<Pools>('/api/qualifications/pools?counts=true');
  return (
    <>
      <PageHeader
        title={t('qual.poolsPageTitle')}
        subtitle={t('qual.poolsIntro')}
        extra={
          officer ? (
            <Button type="primary" onClick={() => navigate('/qualifications/pools/new')}>
              {t('qual.poolNew')}
            </Button>
          ) : null
        }
      />
      {pools.error ? <ErrorBox error={pools.error} onRetry={pools.reload} /> : null}
      {pools.data ? (
        <DataTable<Pools['items'][number]>
          rows={pools.data.items}
          rowKey={(p) => p.id}
          testId="pools"
          caption={t('qual.poolsPageTitle')}
          columns={[
            {
              key: 'name',
              title: t('qual.poolName'),
              card: 'title',
              render: (p) => (
                <span>
                  <Link to={`/qualifications/pools/${p.id}`}>{p.name}</Link>
                  {p.active ? null : <Tag className="qual-inactive">{t('qual.inactive')}</Tag>}
                </span>
              ),
            },
            { key: 'target', title: t('qual.target'), render: (p) => pick(p.target.label) },
            {
              key: 'rule',
              title: t('qual.rule'),
              render: (p) => <span className="small">{pick(p.ruleText)}</span>,
            },
            {
              key: 'candidates',
              title: t('qual.candidatesCount'),
              align: 'right',
              render: (p) => ('candidates' in p ? String(p.candidates) : '—'),
            },
            {
              key: 'members',
              title: t('qual.membersCount'),
              align: 'right',
              render: (p) =>
                t('qual.membersLine', {
                  active: p.members.active,
                  graduated: p.members.graduated,
                  left: p.members.left,
                }),
            },
          ]}
        />
      ) : pools.loading ? (
        <Loading />
      ) : null}
    </>
  );
}
