/**
 * 存量预测 (officers, auditors): a kind's stock year by year to 2030 — valid now + expected new −
 * expiring + expected renewals (the cohort forecast of src/core/qualifications/forecast.ts, through
 * GET /api/qualifications/forecast) — as bars with the exact figures in a table beside them, and the
 * assumptions it made (new per year, renewal rate, validity) each with its basis, so a reader sees
 * what the numbers rest on. Feeds 003's targets (e.g. 有效期内高新技术企业 3000 家).
 */
import { Alert, Card, Descriptions } from 'antd';
import { useMemo } from 'react';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { type Forecast, kindOptions, useQualReference } from './shared.tsx';
import './qualifications.css';

type Year = Extract<Forecast['forecast'], { available: true }>['years'][number];

export default function ForecastPage() {
  const { t, pick } = useI18n('qualifications');
  const f = useUrlFilters();
  const ref = useQualReference();
  const kind = f.get('kind') || 'high_tech';
  const data = useApi<Forecast>(`/api/qualifications/forecast?${new URLSearchParams({ kind })}`);
  const d = data.data;
  const fc = d?.forecast.available ? d.forecast : null;

  const label = fc
    ? t('qual.forecastChart', {
        figures: fc.years.map((y) => `${y.year}: ${y.end}`).join('，'),
      })
    : '';
  const option = useMemo(
    () =>
      fc
        ? {
            aria: { enabled: true, label: { description: label } },
            tooltip: { trigger: 'axis' },
            grid: { left: 56, right: 16, top: 24, bottom: 32 },
            xAxis: { type: 'category', data: fc.years.map((y) => String(y.year)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                type: 'bar',
                name: t('qual.forecastEnd'),
                itemStyle: { color: '#0b5cad' },
                data: fc.years.map((y) => y.end),
              },
            ],
          }
        : null,
    [fc, label, t],
  );
  const columns: Column<Year>[] = [
    { key: 'year', title: t('qual.forecastYear'), card: 'title', render: (y) => y.year },
    { key: 'start', title: t('qual.forecastStart'), align: 'right', render: (y) => y.start },
    { key: 'new', title: t('qual.forecastNew'), align: 'right', render: (y) => `+${y.new}` },
    { key: 'expiring', title: t('qual.forecastExpiring'), align: 'right', render: (y) => `−${y.expiring}` },
    { key: 'renewals', title: t('qual.forecastRenewals'), align: 'right', render: (y) => `+${y.renewals}` },
    { key: 'end', title: t('qual.forecastEnd'), align: 'right', render: (y) => <strong>{y.end}</strong> },
  ];

  return (
    <>
      <PageHeader
        title={t('qual.forecastTitle')}
        subtitle={d ? `${pick(d.label)} · ${t('qual.asOfDate', { date: d.date })}` : t('qual.forecastIntro')}
      />
      <FilterBar>
        <FilterSelect
          id="q-forecast-kind"
          label={t('qual.kind')}
          value={kind}
          noAll
          onChange={(v) => f.set('kind', v)}
          options={kindOptions(ref.data, pick)}
        />
      </FilterBar>
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      {!d ? (
        data.loading ? (
          <Loading />
        ) : null
      ) : !fc ? (
        <Alert
          type="info"
          data-testid="forecast-unavailable"
          title={d.forecast.available ? '' : pick(d.forecast.reason)}
        />
      ) : (
        <>
          <p role="status" data-testid="forecast-now">
            {t('qual.forecastNow', { n: d.validNow, date: d.date })}
          </p>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.forecastByYear')}</h2>}>
            <p className="small">{t('qual.forecastRounding')}</p>
            <div className="chart-pair">
              {option ? <Chart option={option} height={280} testId="chart-forecast" label={label} /> : null}
              <DataTable<Year>
                rows={fc.years}
                rowKey={(y) => String(y.year)}
                columns={columns}
                testId="forecast-table"
                caption={t('qual.forecastByYear')}
              />
            </div>
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.forecastAssumptions')}</h2>}>
            <Descriptions column={1} size="small" bordered data-testid="forecast-assumptions">
              <Descriptions.Item label={t('qual.forecastNewPerYear')}>
                {fc.assumptions.newPerYear}
                <div className="small">{pick(fc.assumptions.newPerYearBasis)}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('qual.forecastRenewalRate')}>
                {`${(fc.assumptions.renewalRate * 100).toFixed(1)}%`}
                <div className="small">{pick(fc.assumptions.renewalRateBasis)}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('qual.forecastValidity')}>
                {t('qual.forecastYears', { n: fc.assumptions.validityYears })}
                <div className="small">{pick(fc.assumptions.validityBasis)}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('qual.forecastMethod')}>{pick(fc.method)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </>
      )}
    </>
  );
}
