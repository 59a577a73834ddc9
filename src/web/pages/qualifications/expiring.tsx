/**
 * 即将到期 (officers, auditors): holdings whose last valid day falls in the next 90 or 180 days, with
 * days left, whether a renewal is already recorded, and the firm's service officers; filtered by kind
 * and by service officer (in the URL); exported to .xlsx or CSV (audited). The daily scan sends the
 * reminders (docs/qualifications.md). GET /api/qualifications/expiring, /expiring/export, /officers.
 */
import { Checkbox, Form, Tabs, Tag } from 'antd';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, UrlPager, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import {
  type Expiring,
  ExportButtons,
  FirmLink,
  kindOptions,
  type Officers,
  useCityLabel,
  useQualReference,
} from './shared.tsx';
import './qualifications.css';

const PAGE = 50;

export default function ExpiringPage() {
  const { t, pick } = useI18n('qualifications');
  const { user } = useSession();
  const f = useUrlFilters();
  const ref = useQualReference();
  const city = useCityLabel();
  const within = f.get('within') === '180' ? '180' : '90';
  const kind = f.get('kind');
  const officerId = f.get('officerId');
  const includeRenewed = f.get('includeRenewed') === 'true';
  const offset = (f.page - 1) * PAGE;
  // Only officers may list officer accounts; an auditor filters by the officers the list names.
  const officers = useApi<Officers>(user?.role === 'auditor' ? null : '/api/qualifications/officers');
  const query = new URLSearchParams({
    within,
    ...(kind ? { kind } : {}),
    ...(officerId ? { officerId } : {}),
    includeRenewed: String(includeRenewed),
  });
  const list = useApi<Expiring>(`/api/qualifications/expiring?${query}&limit=${PAGE}&offset=${offset}`);
  const officerChoices = officers.data
    ? officers.data.items.map((o) => ({
        value: o.id,
        label: `${o.name}${o.department ? `（${o.department}）` : ''}`,
      }))
    : [
        ...new Map(
          (list.data?.items ?? [])
            .flatMap((i) => i.officers)
            .map((o) => [o.id, { value: o.id, label: o.name }]),
        ).values(),
      ];

  return (
    <>
      <PageHeader
        title={t('qual.expiringTitle')}
        subtitle={t('qual.expiringIntro')}
        extra={<ExportButtons path="/api/qualifications/expiring/export" query={query} />}
      />
      <Tabs
        activeKey={within}
        onChange={(k) => f.set('within', k === '90' ? '' : k)}
        items={[
          { key: '90', label: t('qual.within', { days: 90 }) },
          { key: '180', label: t('qual.within', { days: 180 }) },
        ]}
      />
      <FilterBar>
        <FilterSelect
          id="q-kind"
          label={t('qual.kind')}
          value={kind}
          onChange={(v) => f.set('kind', v)}
          options={kindOptions(ref.data, pick)}
        />
        <FilterSelect
          id="q-officer"
          label={t('qual.officer')}
          value={officerId}
          onChange={(v) => f.set('officerId', v)}
          options={officerChoices}
          testId="filter-officer"
        />
        <Form.Item label={t('qual.renewed')}>
          <Checkbox
            checked={includeRenewed}
            onChange={(e) => f.set('includeRenewed', e.target.checked ? 'true' : '')}
          >
            {t('qual.includeRenewed')}
          </Checkbox>
        </Form.Item>
      </FilterBar>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data ? (
        <>
          <p role="status">{t('qual.expiringTotal', { n: list.data.total, days: list.data.within })}</p>
          <DataTable<Expiring['items'][number]>
            rows={list.data.items}
            rowKey={(i) => i.recordId}
            testId="expiring"
            caption={t('qual.expiringTitle')}
            rowProps={(i) => ({ 'data-days': String(i.daysLeft) })}
            columns={[
              {
                key: 'firm',
                title: t('qual.firm'),
                card: 'title',
                render: (i) => <FirmLink id={i.organisationId} name={i.name} uscc={i.uscc} />,
              },
              { key: 'city', title: t('qual.city'), render: (i) => city(i.city) },
              { key: 'title', title: t('qual.qualification'), render: (i) => pick(i.title) },
              { key: 'granted', title: t('qual.grantedOn'), nowrap: true, render: (i) => i.grantedOn },
              { key: 'last', title: t('qual.lastDay'), nowrap: true, render: (i) => i.lastDay },
              {
                key: 'days',
                title: t('qual.daysLeft'),
                align: 'right',
                render: (i) => i.daysLeft,
                sort: (a, b) => a.daysLeft - b.daysLeft,
              },
              {
                key: 'renewed',
                title: t('qual.renewed'),
                render: (i) =>
                  i.renewed ? (
                    <Tag color="success">{t('qual.renewedYes')}</Tag>
                  ) : (
                    <Tag>{t('qual.renewedNo')}</Tag>
                  ),
              },
              {
                key: 'officers',
                title: t('qual.officer'),
                render: (i) => (i.officers.length ? i.officers.map((o) => o.name).join('、') : '—'),
              },
            ]}
          />
          <UrlPager total={list.data.total} pageSize={PAGE} />
        </>
      ) : list.loading ? (
        <Loading />
      ) : null}
    </>
  );
}
