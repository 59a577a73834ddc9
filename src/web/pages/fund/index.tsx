/**
 * 资金台账: the special fund per document and year — budget, committed (approved) and paid — and
 * committed vs paid per measure (GET /api/ledger), with what is due back to the fund (a failed 揭榜挂帅
 * final 验收, 11·5), what was returned and the net spend (paid − returned). Charts for the eye (in 万元),
 * tables for the exact figures. Approvers and administrators set a year's budget (PUT /api/budgets/:fund/:year).
 */
import { Card, Form, Input, Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { wanForChart } from '../../../core/money.ts';
import type { BudgetView, LedgerLine } from '../../../service/ledger/service.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { applyIssues, FormField, SubmitButton, ZodForm } from '../../components/form.tsx';
import { Money, MoneyInput, moneyField, moneyValue } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { translate, useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { useTodayForm } from '../../today.ts';

interface LedgerSummary {
  funds: BudgetView[];
  lines: LedgerLine[];
}

const COLOURS = { budget: '#7a8ba3', committed: '#0b5cad', paid: '#237804' };

const budgetForm = z.object({
  fund: z.string().regex(/^\d{3}$/),
  year: z.string().regex(/^\d{4}$/, { error: () => translate('fund.yearFormat') }),
  amount: moneyField,
});

function BudgetForm({ funds, onSaved }: { funds: string[]; onSaved: () => void }) {
  const { t, lang } = useI18n('fund');
  const { form } = useTodayForm(
    budgetForm,
    (today) => ({ fund: funds[0] ?? '000', year: today.slice(0, 4), amount: moneyValue(null) }),
    ['year'],
    (d) => d.slice(0, 4),
  );
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(v: z.output<typeof budgetForm>) {
    setSaved(false);
    setError(null);
    try {
      await api('PUT', `/api/budgets/${encodeURIComponent(v.fund)}/${v.year}`, { amount: v.amount });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) applyIssues(form, err.issues, lang);
      else setError(err);
    }
  }

  return (
    <Card title={<h2 className="card-h2">{t('fund.setBudget')}</h2>} className="section-card no-print">
      <ZodForm form={form} onValid={save} testId="budget-form">
        <div className="grid-3">
          <FormField form={form} name="fund" label={t('fund.fund')}>
            {(f) => <Select {...f} options={funds.map((x) => ({ value: x, label: x }))} />}
          </FormField>
          <FormField form={form} name="year" label={t('fund.year')}>
            {(f) => <Input {...f} inputMode="numeric" maxLength={4} />}
          </FormField>
          <FormField form={form} name="amount" label={t('fund.amount')} required>
            {(f) => <MoneyInput {...f} value={f.value} />}
          </FormField>
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form}>{t('common.save')}</SubmitButton>{' '}
        {saved ? (
          <Tag color="success" role="status">
            {t('fund.saved')}
          </Tag>
        ) : null}
      </ZodForm>
    </Card>
  );
}

export default function FundPage() {
  const { t, pick, lang } = useI18n('fund');
  const { user } = useSession();
  const cat = useCatalogue();
  const filters = useUrlFilters();
  const { set } = filters;
  const fund = filters.get('fund');
  const year = filters.get('year');
  const qs = new URLSearchParams();
  if (fund) qs.set('fund', fund);
  if (year) qs.set('year', year);
  const ledger = useApi<LedgerSummary>(`/api/ledger${qs.size ? `?${qs}` : ''}`);
  const unit = lang === 'zh' ? '万元' : '10k yuan';

  const fundOption = useMemo(() => {
    const funds = ledger.data?.funds ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toLocaleString('zh-CN')} ${unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: funds.map((f) => `${f.fund} · ${f.year}`) },
      yAxis: { type: 'value', name: unit },
      series: [
        {
          name: t('fund.budget'),
          type: 'bar',
          barMaxWidth: 48,
          data: funds.map((f) => (f.amount === null ? 0 : wanForChart(f.amount))),
          itemStyle: { color: COLOURS.budget },
        },
        {
          name: t('fund.committed'),
          type: 'bar',
          barMaxWidth: 48,
          data: funds.map((f) => wanForChart(f.committed)),
          itemStyle: { color: COLOURS.committed },
        },
        {
          name: t('fund.paid'),
          type: 'bar',
          barMaxWidth: 48,
          data: funds.map((f) => wanForChart(f.paid)),
          itemStyle: { color: COLOURS.paid },
        },
      ],
    };
  }, [ledger.data, t, unit]);

  const measureOption = useMemo(() => {
    const lines = ledger.data?.lines ?? [];
    const measureTitle = (id: string) => pick(cat.data?.measures.find((m) => m.id === id)?.title) || id;
    // People read the measure's name on the axis, not only its number.
    const labels = lines.map(
      (l) => `${l.measureId} ${measureTitle(l.measureId).slice(0, 12)}${year ? '' : ` · ${l.year}`}`,
    );
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toLocaleString('zh-CN')} ${unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 56, bottom: 8, top: 36, containLabel: true },
      yAxis: { type: 'category', data: labels, inverse: true },
      xAxis: { type: 'value', name: unit },
      series: [
        {
          name: t('fund.committed'),
          type: 'bar',
          barMaxWidth: 28,
          data: lines.map((l) => wanForChart(l.committed)),
          itemStyle: { color: COLOURS.committed },
        },
        {
          name: t('fund.paid'),
          type: 'bar',
          barMaxWidth: 28,
          data: lines.map((l) => wanForChart(l.paid)),
          itemStyle: { color: COLOURS.paid },
        },
      ],
    };
  }, [ledger.data, t, unit, year, cat.data, pick]);

  const docs = (cat.data?.documents ?? []).filter((d) => d.status !== 'plan');
  const canSet = user?.role === 'admin' || user?.role === 'approver';
  const data = ledger.data;

  return (
    <>
      <PageHeader title={t('fund.title')} subtitle={t('fund.intro')} />
      <FilterBar className="no-print">
        <FilterSelect
          id="q-fund"
          label={t('fund.fund')}
          value={fund}
          onChange={(v) => set('fund', v)}
          options={docs.map((d) => ({ value: d.code, label: `${d.code} · ${pick(d.title)}` }))}
        />
        <Form.Item label={t('fund.year')} htmlFor="q-year">
          <Input
            id="q-year"
            inputMode="numeric"
            placeholder={t('common.all')}
            value={year}
            onChange={(e) => set('year', e.target.value)}
          />
        </Form.Item>
      </FilterBar>
      {ledger.loading && !data ? <Loading /> : null}
      {ledger.error ? <ErrorBox error={ledger.error} onRetry={ledger.reload} /> : null}
      {data ? (
        <>
          <Card title={<h2 className="card-h2">{t('fund.byFund')}</h2>} className="section-card">
            {data.funds.length > 0 ? (
              <Chart option={fundOption} label={t('fund.chartFund')} testId="chart-fund" height={300} />
            ) : null}
            <DataTable<BudgetView>
              rows={data.funds}
              rowKey={(f) => `${f.fund}/${f.year}`}
              testId="fund-table"
              empty={t('fund.empty')}
              columns={[
                { key: 'fund', title: t('fund.fund'), card: 'title', render: (f) => `${f.fund} · ${f.year}` },
                {
                  key: 'budget',
                  title: t('fund.budget'),
                  align: 'right',
                  render: (f) => (f.amount === null ? t('fund.noBudget') : <Money fen={f.amount} />),
                },
                {
                  key: 'committed',
                  title: t('fund.committed'),
                  align: 'right',
                  render: (f) => <Money fen={f.committed} />,
                },
                { key: 'paid', title: t('fund.paid'), align: 'right', render: (f) => <Money fen={f.paid} /> },
                { key: 'due', title: t('fund.due'), align: 'right', render: (f) => <Money fen={f.due} /> },
                {
                  key: 'returned',
                  title: t('fund.returned'),
                  align: 'right',
                  render: (f) => <Money fen={f.returned} />,
                },
                { key: 'net', title: t('fund.net'), align: 'right', render: (f) => <Money fen={f.net} /> },
                {
                  key: 'available',
                  title: t('fund.available'),
                  align: 'right',
                  render: (f) => <Money fen={f.available} />,
                },
              ]}
            />
          </Card>
          <Card title={<h2 className="card-h2">{t('fund.byMeasure')}</h2>} className="section-card">
            {data.lines.length > 0 ? (
              <Chart
                option={measureOption}
                label={t('fund.chartMeasure')}
                testId="chart-measure"
                height={Math.max(200, 60 + data.lines.length * 44)}
              />
            ) : null}
            <DataTable<LedgerLine>
              rows={data.lines}
              rowKey={(l) => `${l.fund}/${l.year}/${l.measureId}`}
              empty={t('fund.empty')}
              testId="measure-table"
              columns={[
                {
                  key: 'measure',
                  title: t('fund.measure'),
                  card: 'title',
                  render: (l) => (
                    <span>
                      <Link to={`/catalogue/${encodeURIComponent(l.measureId)}`} className="mono">
                        {l.measureId}
                      </Link>{' '}
                      {pick(l.title)}
                    </span>
                  ),
                },
                {
                  key: 'year',
                  title: t('fund.year'),
                  render: (l) => l.year,
                  sort: (a, b) => a.year - b.year,
                },
                {
                  key: 'committed',
                  title: t('fund.committed'),
                  align: 'right',
                  render: (l) => <Money fen={l.committed} />,
                  sort: (a, b) => a.committed - b.committed,
                },
                {
                  key: 'paid',
                  title: t('fund.paid'),
                  align: 'right',
                  render: (l) => <Money fen={l.paid} />,
                  sort: (a, b) => a.paid - b.paid,
                },
                {
                  key: 'outstanding',
                  title: t('fund.outstanding'),
                  align: 'right',
                  render: (l) => <Money fen={l.outstanding} />,
                },
                { key: 'due', title: t('fund.due'), align: 'right', render: (l) => <Money fen={l.due} /> },
                {
                  key: 'receivable',
                  title: t('fund.receivable'),
                  align: 'right',
                  render: (l) => <Money fen={l.receivable} />,
                },
                { key: 'net', title: t('fund.net'), align: 'right', render: (l) => <Money fen={l.net} /> },
                { key: 'grants', title: t('fund.grants'), align: 'right', render: (l) => l.grants },
                {
                  key: 'payments',
                  title: t('fund.paymentsCount'),
                  align: 'right',
                  render: (l) => l.payments,
                },
              ]}
            />
          </Card>
        </>
      ) : null}
      {canSet ? <BudgetForm funds={docs.map((d) => d.code)} onSaved={ledger.reload} /> : null}
    </>
  );
}
