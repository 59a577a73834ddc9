/**
 * 资金台账: the special fund per document and year — budget, committed (approved) and paid — and
 * committed vs paid per measure (GET /api/ledger). Charts for the eye, tables for exact figures.
 * Approvers and administrators set a year's budget (PUT /api/budgets/:fund/:year).
 */
import { type FormEvent, useMemo, useState } from 'react';
import { formatWanGrouped, formatYuan, parseMoney, wanForChart } from '../../core/money.ts';
import type { BudgetView, LedgerLine } from '../../service/ledger/service.ts';
import { ApiError, api, type FieldIssue, useApi } from '../api.ts';
import { useCatalogue } from '../catalogue-data.tsx';
import { Chart } from '../components/chart.tsx';
import { ErrorBox, Field, issuesByPath, Loading } from '../components/ui.tsx';
import { todayShanghai } from '../format.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { href, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';

interface LedgerSummary {
  funds: BudgetView[];
  lines: LedgerLine[];
}

const COLOURS = { budget: '#9aa9bd', committed: '#0b5cad', paid: '#1d7a3a' };

function BudgetForm({ funds, onSaved }: { funds: string[]; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const [fund, setFund] = useState(funds[0] ?? '000');
  const [year, setYear] = useState(todayShanghai().slice(0, 4));
  const [amount, setAmount] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const errors = issuesByPath(issues, lang);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const r = parseMoney(amount, 'wan');
    if (!r.ok) {
      const msg = t(`check.money.${r.error}` as Key);
      setIssues([{ path: 'amount', rule: r.error, zh: msg, en: msg }]);
      return;
    }
    if (!/^\d{4}$/.test(year)) {
      setIssues([{ path: 'year', rule: 'year', zh: '请输入四位年份', en: 'enter a four-digit year' }]);
      return;
    }
    try {
      await api('PUT', `/api/budgets/${encodeURIComponent(fund)}/${year}`, { amount: r.fen });
      setIssues([]);
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(err);
    }
  }

  return (
    <form className="card no-print" onSubmit={submit} noValidate>
      <h2>{t('fund.setBudget')}</h2>
      <div className="grid-3">
        <Field label={t('fund.fund')} path="fund" errors={errors}>
          {(p) => (
            <select {...p} value={fund} onChange={(e) => setFund(e.target.value)}>
              {funds.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fund.year')} path="year" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('fund.amountWan')} path="amount" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              className="amount"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
        {saved ? (
          <span role="status" className="badge badge-ok">
            {t('fund.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function FundPage({ query }: { query: URLSearchParams }) {
  const { t, pick, lang } = useI18n();
  const { user } = useSession();
  const cat = useCatalogue();
  const fund = query.get('fund') ?? '';
  const year = query.get('year') ?? '';
  const qs = new URLSearchParams();
  if (fund) qs.set('fund', fund);
  if (year) qs.set('year', year);
  const ledger = useApi<LedgerSummary>(`/api/ledger${qs.size ? `?${qs}` : ''}`);
  const set = (name: string, value: string) => navigate(href(['fund'], { fund, year, [name]: value }), true);

  const fundOption = useMemo(() => {
    const funds = ledger.data?.funds ?? [];
    const labels = funds.map((f) => `${f.fund} · ${f.year}`);
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => `${v.toLocaleString('zh-CN')}${lang === 'zh' ? '万元' : ' ×10k yuan'}`,
      },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: lang === 'zh' ? '万元' : '10k yuan' },
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
  }, [ledger.data, t, lang]);

  const measureOption = useMemo(() => {
    const lines = ledger.data?.lines ?? [];
    const labels = lines.map((l) => `${l.measureId}${year ? '' : ` · ${l.year}`}`);
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => `${v.toLocaleString('zh-CN')}${lang === 'zh' ? '万元' : ' ×10k yuan'}`,
      },
      legend: { top: 0 },
      grid: { left: 8, right: 56, bottom: 8, top: 36, containLabel: true },
      yAxis: { type: 'category', data: labels, inverse: true },
      xAxis: { type: 'value', name: lang === 'zh' ? '万元' : '10k yuan' },
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
  }, [ledger.data, t, lang, year]);

  const docs = (cat.data?.documents ?? []).filter((d) => d.status !== 'plan');
  const canSet = user?.role === 'admin' || user?.role === 'approver';
  const data = ledger.data;

  return (
    <>
      <div className="page-head">
        <h1>{t('fund.title')}</h1>
        <p>{t('fund.intro')}</p>
      </div>
      <search className="card no-print" aria-label={t('common.search')}>
        <div className="grid-3">
          <Field label={t('fund.fund')}>
            {(p) => (
              <select {...p} value={fund} onChange={(e) => set('fund', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {docs.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} · {pick(d.title)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('fund.year')}>
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                placeholder={t('common.all')}
                value={year}
                onChange={(e) => set('year', e.target.value)}
              />
            )}
          </Field>
        </div>
      </search>
      {ledger.loading && !data ? <Loading /> : null}
      {ledger.error ? <ErrorBox error={ledger.error} onRetry={ledger.reload} /> : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="fund-h">
            <h2 id="fund-h">{t('fund.byFund')}</h2>
            {data.funds.length > 0 ? (
              <Chart option={fundOption} label={t('fund.chartFund')} testId="chart-fund" height={300} />
            ) : null}
            <div className="table-wrap">
              <table data-testid="fund-table">
                <thead>
                  <tr>
                    <th>{t('fund.fund')}</th>
                    <th>{t('fund.year')}</th>
                    <th className="num">{t('fund.budget')}</th>
                    <th className="num">{t('fund.committed')}</th>
                    <th className="num">{t('fund.paid')}</th>
                    <th className="num">{t('fund.available')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.funds.map((f) => (
                    <tr key={`${f.fund}/${f.year}`}>
                      <td>{f.fund}</td>
                      <td>{f.year}</td>
                      <td className="num">
                        {f.amount === null ? t('fund.noBudget') : formatWanGrouped(f.amount, lang)}
                      </td>
                      <td className="num">{formatYuan(f.committed)}</td>
                      <td className="num">{formatYuan(f.paid)}</td>
                      <td className="num">{formatYuan(f.available)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.funds.length === 0 ? <p>{t('fund.empty')}</p> : null}
          </section>
          <section className="card" aria-labelledby="measure-h">
            <h2 id="measure-h">{t('fund.byMeasure')}</h2>
            {data.lines.length > 0 ? (
              <Chart
                option={measureOption}
                label={t('fund.chartMeasure')}
                testId="chart-measure"
                height={Math.max(200, 60 + data.lines.length * 44)}
              />
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('apps.colMeasure')}</th>
                    <th>{t('fund.year')}</th>
                    <th className="num">{t('fund.committed')}</th>
                    <th className="num">{t('fund.paid')}</th>
                    <th className="num">{t('fund.outstanding')}</th>
                    <th className="num">{t('fund.grants')}</th>
                    <th className="num">{t('fund.paymentsCount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.lines.map((l) => (
                    <tr key={`${l.fund}/${l.year}/${l.measureId}`}>
                      <td>
                        <a href={href(['catalogue', l.measureId])} className="mono">
                          {l.measureId}
                        </a>{' '}
                        {pick(l.title)}
                      </td>
                      <td>{l.year}</td>
                      <td className="num">{formatYuan(l.committed)}</td>
                      <td className="num">{formatYuan(l.paid)}</td>
                      <td className="num">{formatYuan(l.outstanding)}</td>
                      <td className="num">{l.grants}</td>
                      <td className="num">{l.payments}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.lines.length === 0 ? <p>{t('fund.empty')}</p> : null}
          </section>
        </>
      ) : null}
      {canSet ? <BudgetForm funds={docs.map((d) => d.code)} onSaved={ledger.reload} /> : null}
    </>
  );
}
