/**
 * 资质台账 (officers, auditors): on any day, how many firms held each qualification (cards per kind,
 * split by level) and who they were — certificate, first valid day, last day, first reached — with
 * the as-of date, kind, level and a name search in the URL; the list exports to .xlsx or CSV (audited).
 * GET /api/qualifications/stock, /holders, /holders/export.
 */
import { Card, Form, Input, Tag } from 'antd';
import { isIsoDate } from '../../../core/dates.ts';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { FilterBar, FilterSelect, UrlPager, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import {
  ExportButtons,
  FirmLink,
  type Holders,
  kindOptions,
  type Stock,
  useCityLabel,
  useQualReference,
} from './shared.tsx';
import './qualifications.css';

const PAGE = 50;

export default function LedgerPage() {
  const { t, pick } = useI18n('qualifications');
  const f = useUrlFilters();
  const ref = useQualReference();
  const city = useCityLabel();
  // No date chosen: the server's today (its clock, not the browser's).
  const chosen = isIsoDate(f.get('date')) ? f.get('date') : '';
  const kind = f.get('kind') || 'high_tech';
  const level = f.get('level');
  const q = f.get('q');
  const offset = (f.page - 1) * PAGE;
  const dated: Record<string, string> = chosen ? { date: chosen } : {};
  const stock = useApi<Stock>(`/api/qualifications/stock?${new URLSearchParams(dated)}`);
  const date = chosen || stock.data?.date || '';
  const query = new URLSearchParams({ kind, ...dated, ...(level ? { level } : {}), ...(q ? { q } : {}) });
  const holders = useApi<Holders>(`/api/qualifications/holders?${query}&limit=${PAGE}&offset=${offset}`);
  const exportQuery = new URLSearchParams({ kind, ...dated, ...(level ? { level } : {}) });

  return (
    <>
      <PageHeader
        title={t('qual.ledgerTitle')}
        subtitle={t('qual.ledgerIntro')}
        extra={<ExportButtons path="/api/qualifications/holders/export" query={exportQuery} />}
      />
      <FilterBar>
        <Form.Item label={t('qual.asOf')} htmlFor="q-date">
          <DateInput id="q-date" value={date} onChange={(v) => f.set('date', v)} />
        </Form.Item>
        <FilterSelect
          id="q-kind"
          label={t('qual.kind')}
          value={kind}
          noAll
          onChange={(v) => f.set('kind', v)}
          options={kindOptions(ref.data, pick)}
          testId="filter-kind"
        />
        <FilterSelect
          id="q-level"
          label={t('qual.level')}
          value={level}
          onChange={(v) => f.set('level', v)}
          options={(ref.data?.levels ?? []).map((l) => ({ value: l.code, label: pick(l.label) }))}
        />
        <Form.Item label={t('qual.searchFirm')} htmlFor="q-q">
          <Input.Search
            id="q-q"
            defaultValue={q}
            allowClear
            onSearch={(v) => f.set('q', v.trim())}
            enterButton={t('common.search')}
          />
        </Form.Item>
      </FilterBar>
      {stock.error ? <ErrorBox error={stock.error} onRetry={stock.reload} /> : null}
      {stock.data ? (
        <section aria-label={t('qual.stockTitle', { date })} className="qual-stock" data-testid="stock">
          {stock.data.kinds.map((k) => (
            <Card
              key={k.kind}
              size="small"
              className={`qual-stock-card${k.kind === kind ? ' selected' : ''}`}
              data-kind={k.kind}
            >
              <button type="button" className="link-button" onClick={() => f.set('kind', k.kind)}>
                {pick(k.label)}
              </button>
              <div className="qual-stock-figure" data-testid={`stock-${k.kind}`}>
                {k.holders}
                <span className="small"> {t('qual.firms')}</span>
              </div>
              <div className="small">
                {k.byLevel.map((l) => (
                  <Tag key={l.level}>
                    {pick(l.label)} {l.holders}
                  </Tag>
                ))}
              </div>
            </Card>
          ))}
          {stock.data.kinds.length === 0 ? <p>{t('qual.noStock')}</p> : null}
        </section>
      ) : stock.loading ? (
        <Loading />
      ) : null}
      <Card
        className="section-card"
        title={
          <h2 className="card-h2">
            {t('qual.holdersTitle', {
              kind: pick(ref.data?.kinds.find((k) => k.code === kind)?.label) || kind,
              date,
            })}
          </h2>
        }
      >
        {holders.error ? <ErrorBox error={holders.error} onRetry={holders.reload} /> : null}
        {holders.data ? (
          <>
            <p role="status">{t('qual.holdersTotal', { n: holders.data.total })}</p>
            <DataTable<Holders['items'][number]>
              rows={holders.data.items}
              rowKey={(h) => h.recordId}
              testId="holders"
              caption={t('qual.holdersCaption')}
              columns={[
                {
                  key: 'name',
                  title: t('qual.firm'),
                  card: 'title',
                  render: (h) => <FirmLink id={h.organisationId} name={h.name} uscc={h.uscc} />,
                },
                { key: 'city', title: t('qual.city'), render: (h) => city(h.city) },
                { key: 'title', title: t('qual.qualification'), render: (h) => pick(h.title) },
                { key: 'cert', title: t('qual.certificateNo'), render: (h) => h.certificateNo ?? '—' },
                { key: 'granted', title: t('qual.grantedOn'), nowrap: true, render: (h) => h.grantedOn },
                {
                  key: 'validTo',
                  title: t('qual.validTo'),
                  nowrap: true,
                  render: (h) => h.validTo ?? t('qual.open'),
                },
                { key: 'first', title: t('qual.firstReached'), nowrap: true, render: (h) => h.firstReached },
              ]}
            />
            <UrlPager total={holders.data.total} pageSize={PAGE} />
          </>
        ) : holders.loading ? (
          <Loading />
        ) : null}
      </Card>
    </>
  );
}
