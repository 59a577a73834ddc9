/**
 * 政策模拟: an officer changes the catalogue (a rate, a cap, a validity window, adopting the draft, a
 * new partner city) and sees, over the registry, the organisations reached and the upper-bound cost
 * against the policies as they are, by year, fund and measure, beside the budgets
 * (POST /api/simulations; nothing is written). Baseline against change in a chart and in tables.
 */
import { type FormEvent, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { changeSchema, simulationReportSchema } from '../../api/routes/simulation.ts';
import { formatYuan, wanForChart } from '../../core/money.ts';
import { ApiError, api, type FieldIssue } from '../api.ts';
import { useCatalogue } from '../catalogue-data.tsx';
import { Chart } from '../components/chart.tsx';
import { Badge, DateInput, ErrorBox, Field, fieldId, issuesByPath, TextField } from '../components/ui.tsx';
import { isIsoDate, todayShanghai } from '../format.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { modeBadge } from './screening.tsx';

type Report = z.infer<typeof simulationReportSchema>;
type Change = z.infer<typeof changeSchema>;
type Kind = Change['kind'];

const KINDS: Kind[] = ['rate', 'cap', 'validity', 'adopt', 'partnerCity'];

interface ChangeRow {
  kind: Kind;
  measureId: string;
  value: string;
  document: string;
  from: string;
  to: string;
  city: string;
  zh: string;
  en: string;
}

function signed(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen);
}

const DECIMAL = /^\d+(\.\d+)?$/;

export function SimulationPage() {
  const { t, pick, lang } = useI18n();
  const cat = useCatalogue();
  const today = todayShanghai();
  const [date, setDate] = useState(today);
  const [years, setYears] = useState('');
  const [rows, setRows] = useState<ChangeRow[]>([]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const errors = issuesByPath(issues, lang);

  const monetary = (cat.data?.measures ?? []).filter(
    (m) => m.benefit.kind !== 'service' && m.benefit.kind !== 'constraint',
  );
  const rated = monetary.filter((m) => m.benefit.kind === 'rate_cap');
  const docs = (cat.data?.documents ?? []).filter((d) => d.status !== 'plan');
  const draft = docs.find((d) => d.status === 'draft');

  function blank(kind: Kind): ChangeRow {
    return {
      kind,
      measureId: (kind === 'rate' ? rated : monetary)[0]?.id ?? '',
      value: '',
      document: kind === 'adopt' ? (draft?.code ?? '001') : (docs[0]?.code ?? '000'),
      from: today,
      to: '',
      city: '',
      zh: '',
      en: '',
    };
  }
  const update = (i: number, patch: Partial<ChangeRow>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function build(): { body: Record<string, unknown>; local: FieldIssue[] } {
    const local: FieldIssue[] = [];
    const issue = (path: string, key: Key) => {
      const m = t(key);
      local.push({ path, rule: key, zh: m, en: m });
    };
    if (!isIsoDate(date)) issue('date', 'check.date.format');
    const yearList = years
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map((y) => Number(y));
    if (yearList.some((y) => !Number.isInteger(y) || y < 2000 || y > 2200)) issue('years', 'sim.number');
    const changes = rows.map((r, i): Record<string, unknown> => {
      const p = `changes.${i}`;
      switch (r.kind) {
        case 'rate':
          if (!DECIMAL.test(r.value.trim()) || Number(r.value) > 100) issue(`${p}.ratePercent`, 'sim.number');
          return { kind: 'rate', measureId: r.measureId, ratePercent: Number(r.value) };
        case 'cap':
          if (!DECIMAL.test(r.value.trim())) issue(`${p}.capWan`, 'sim.number');
          return { kind: 'cap', measureId: r.measureId, capWan: Number(r.value) };
        case 'validity':
          if (!isIsoDate(r.from)) issue(`${p}.from`, 'check.date.format');
          if (r.to && !isIsoDate(r.to)) issue(`${p}.to`, 'check.date.format');
          return { kind: 'validity', document: r.document, from: r.from, to: r.to || null };
        case 'adopt':
          if (!isIsoDate(r.from)) issue(`${p}.date`, 'check.date.format');
          return { kind: 'adopt', document: r.document, date: r.from };
        case 'partnerCity':
          return {
            kind: 'partnerCity',
            city: r.city.trim(),
            ...(r.zh.trim() ? { zh: r.zh.trim() } : {}),
            ...(r.en.trim() ? { en: r.en.trim() } : {}),
          };
      }
      return { kind: r.kind };
    });
    return { body: { date, ...(yearList.length ? { years: yearList } : {}), changes }, local };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, local } = build();
    if (local.length) {
      setIssues(local);
      requestAnimationFrame(() => document.getElementById(fieldId(local[0]!.path))?.focus());
      return;
    }
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      setReport(await api<Report>('POST', '/api/simulations', body));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const option = useMemo(() => {
    const totals = report?.totals ?? [];
    const bar = (name: string, stack: string, color: string, data: number[]) => ({
      name,
      type: 'bar',
      stack,
      barMaxWidth: 36,
      itemStyle: { color },
      data,
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: 'category', data: totals.map((x) => String(x.year)) },
      yAxis: { type: 'value', name: lang === 'zh' ? '万元' : '10k yuan' },
      series: [
        bar(
          `${t('sim.baseline')} · ${t('sim.automatic')}`,
          'baseline',
          '#7f9cc4',
          totals.map((x) => wanForChart(x.baseline.automatic)),
        ),
        bar(
          `${t('sim.baseline')} · ${t('sim.invitation')}`,
          'baseline',
          '#c9d6e8',
          totals.map((x) => wanForChart(x.baseline.invitation)),
        ),
        bar(
          `${t('sim.changed')} · ${t('sim.automatic')}`,
          'changed',
          '#0b5cad',
          totals.map((x) => wanForChart(x.changed.automatic)),
        ),
        bar(
          `${t('sim.changed')} · ${t('sim.invitation')}`,
          'changed',
          '#8fb8e6',
          totals.map((x) => wanForChart(x.changed.invitation)),
        ),
        {
          name: t('sim.budget'),
          type: 'line',
          symbol: 'circle',
          itemStyle: { color: '#b42318' },
          data: totals.map((x) => (x.budget === null ? null : wanForChart(x.budget))),
        },
      ],
    };
  }, [report, t, lang]);

  const measures = useMemo(
    () =>
      [...(report?.measures ?? [])]
        .filter((m) => m.monetary)
        .sort(
          (a, b) =>
            b.newlyEligible + b.noLongerEligible - (a.newlyEligible + a.noLongerEligible) ||
            b.changed.eligible - a.changed.eligible,
        ),
    [report],
  );

  const measureOptions = (list: typeof monetary) =>
    list.map((m) => (
      <option key={m.id} value={m.id}>
        {m.id} · {pick(m.title)}
      </option>
    ));

  return (
    <>
      <div className="page-head">
        <h1>{t('sim.title')}</h1>
        <p>{t('sim.intro')}</p>
      </div>
      <form className="card no-print" onSubmit={submit} noValidate>
        <div className="grid-3">
          <Field label={t('sim.date')} path="date" errors={errors}>
            {(p) => <DateInput {...p} value={date} onChange={setDate} />}
          </Field>
          <TextField
            label={t('sim.years')}
            path="years"
            errors={errors}
            className="span-2"
            inputMode="numeric"
            value={years}
            onChange={setYears}
          />
        </div>
        <fieldset className="row-list">
          <legend>{t('sim.changes')}</legend>
          {rows.length === 0 ? <p className="muted">{t('sim.noChange')}</p> : null}
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; index is their identity
            <div className="row sim-row" key={i} data-testid="change-row">
              <Field label={t('sim.kind')} path={`changes.${i}.kind`} errors={errors}>
                {(p) => (
                  <select {...p} value={r.kind} onChange={(e) => update(i, blank(e.target.value as Kind))}>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`sim.kind.${k}` as Key)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {r.kind === 'rate' || r.kind === 'cap' ? (
                <>
                  <Field label={t('sim.measure')} path={`changes.${i}.measureId`} errors={errors}>
                    {(p) => (
                      <select
                        {...p}
                        value={r.measureId}
                        onChange={(e) => update(i, { measureId: e.target.value })}
                      >
                        {measureOptions(r.kind === 'rate' ? rated : monetary)}
                      </select>
                    )}
                  </Field>
                  <TextField
                    label={r.kind === 'rate' ? t('sim.ratePercent') : t('sim.capWan')}
                    path={`changes.${i}.${r.kind === 'rate' ? 'ratePercent' : 'capWan'}`}
                    errors={errors}
                    inputMode="decimal"
                    inputClassName="amount"
                    value={r.value}
                    onChange={(v) => update(i, { value: v })}
                  />
                </>
              ) : null}
              {r.kind === 'validity' || r.kind === 'adopt' ? (
                <>
                  <Field label={t('sim.document')} path={`changes.${i}.document`} errors={errors}>
                    {(p) => (
                      <select
                        {...p}
                        value={r.document}
                        onChange={(e) => update(i, { document: e.target.value })}
                      >
                        {docs
                          .filter((d) => (r.kind === 'adopt' ? d.status === 'draft' : true))
                          .map((d) => (
                            <option key={d.code} value={d.code}>
                              {d.code} · {pick(d.title)}
                            </option>
                          ))}
                      </select>
                    )}
                  </Field>
                  <Field
                    label={r.kind === 'adopt' ? t('sim.adoptDate') : t('sim.from')}
                    path={`changes.${i}.${r.kind === 'adopt' ? 'date' : 'from'}`}
                    errors={errors}
                  >
                    {(p) => <DateInput {...p} value={r.from} onChange={(v) => update(i, { from: v })} />}
                  </Field>
                  {r.kind === 'validity' ? (
                    <Field label={t('sim.to')} path={`changes.${i}.to`} errors={errors}>
                      {(p) => <DateInput {...p} value={r.to} onChange={(v) => update(i, { to: v })} />}
                    </Field>
                  ) : null}
                </>
              ) : null}
              {r.kind === 'partnerCity' ? (
                <>
                  <TextField
                    label={t('sim.city')}
                    path={`changes.${i}.city`}
                    errors={errors}
                    inputClassName="mono"
                    placeholder="nanjing"
                    value={r.city}
                    onChange={(v) => update(i, { city: v })}
                  />
                  <TextField
                    label={t('sim.cityZh')}
                    path={`changes.${i}.zh`}
                    errors={errors}
                    value={r.zh}
                    onChange={(v) => update(i, { zh: v })}
                  />
                  <TextField
                    label={t('sim.cityEn')}
                    path={`changes.${i}.en`}
                    errors={errors}
                    value={r.en}
                    onChange={(v) => update(i, { en: v })}
                  />
                </>
              ) : null}
              <button
                type="button"
                className="btn btn-small btn-danger"
                aria-label={`${t('sim.removeChange')} ${i + 1}`}
                onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              >
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setRows((rs) => [...rs, blank('rate')])}
            data-testid="add-change"
          >
            + {t('sim.addChange')}
          </button>
        </fieldset>
        {issues.some((i) => !document.getElementById(fieldId(i.path))) ? (
          <div className="notice notice-error" role="alert">
            <ul className="plain">
              {issues
                .filter((i) => !document.getElementById(fieldId(i.path)))
                .map((i) => (
                  <li key={i.path + i.rule}>
                    {t('error.field', { field: i.path, message: i[lang] || i.zh })}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        {error ? <ErrorBox error={error} /> : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="run-simulation">
            {busy ? t('sim.running') : t('sim.run')}
          </button>
        </div>
      </form>

      {report ? (
        <section aria-labelledby="sim-h" data-testid="simulation">
          <div className="card">
            <h2 id="sim-h">{t('sim.report')}</h2>
            <p className="muted">
              {t('sim.snapshot', {
                date: report.date,
                n: report.organisations,
                version: report.catalogueVersion.slice(0, 12),
              })}
            </p>
            {report.changes.length > 0 ? (
              <>
                <h3>{t('sim.changesApplied')}</h3>
                <ul className="plain">
                  {report.changes.map((c) => (
                    <li key={c.zh}>{pick(c)}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <dl className="facts" style={{ marginTop: '0.6rem' }}>
              <dt>{t('sim.newly')}</dt>
              <dd data-testid="newly">{report.newlyEligibleOrganisations}</dd>
              <dt>{t('sim.lost')}</dt>
              <dd data-testid="lost">{report.noLongerEligibleOrganisations}</dd>
            </dl>
            {report.unknownCodes > 0 ? (
              <p className="notice notice-info">{t('sim.unknownCodes', { n: report.unknownCodes })}</p>
            ) : null}
          </div>
          <div className="card">
            <h3>{t('sim.byYear')}</h3>
            <Chart option={option} label={t('sim.chart')} testId="chart-simulation" height={340} />
            <div className="table-wrap">
              <table data-testid="sim-totals">
                <thead>
                  <tr>
                    <th>{t('sim.year')}</th>
                    <th className="num">
                      {t('sim.automatic')} · {t('sim.baseline')}
                    </th>
                    <th className="num">
                      {t('sim.automatic')} · {t('sim.changed')}
                    </th>
                    <th className="num">{t('sim.delta')}</th>
                    <th className="num">
                      {t('sim.invitation')} · {t('sim.delta')}
                    </th>
                    <th className="num">{t('sim.budget')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.totals.map((y) => (
                    <tr key={y.year}>
                      <td>{y.year}</td>
                      <td className="num">{formatYuan(y.baseline.automatic)}</td>
                      <td className="num">{formatYuan(y.changed.automatic)}</td>
                      <td className="num">{signed(y.delta.automatic)}</td>
                      <td className="num">{signed(y.delta.invitation)}</td>
                      <td className="num">{y.budget === null ? t('fund.noBudget') : formatYuan(y.budget)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {report.funds.length > 0 ? (
            <div className="card">
              <h3>{t('sim.byFund')}</h3>
              <div className="table-wrap">
                <table data-testid="sim-funds">
                  <thead>
                    <tr>
                      <th>{t('fund.fund')}</th>
                      <th>{t('sim.year')}</th>
                      <th className="num">
                        {t('sim.automatic')} · {t('sim.changed')}
                      </th>
                      <th className="num">{t('sim.delta')}</th>
                      <th className="num">{t('sim.budget')}</th>
                      <th className="num">{t('sim.headroom')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.funds.map((f) => (
                      <tr key={`${f.fund}/${f.year}`}>
                        <td>{f.fund}</td>
                        <td>{f.year}</td>
                        <td className="num">{formatYuan(f.changed.automatic)}</td>
                        <td className="num">{signed(f.delta.automatic)}</td>
                        <td className="num">
                          {f.budget === null ? t('fund.noBudget') : formatYuan(f.budget)}
                        </td>
                        <td className={`num${f.headroom !== null && f.headroom < 0 ? ' over' : ''}`}>
                          {f.headroom === null ? '—' : formatYuan(f.headroom)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
          <div className="card">
            <h3>{t('sim.byMeasure')}</h3>
            <div className="table-wrap">
              <table data-testid="sim-measures">
                <thead>
                  <tr>
                    <th>{t('screen.colMeasure')}</th>
                    <th>{t('screen.colMode')}</th>
                    <th className="num">{t('sim.eligibleBaseline')}</th>
                    <th className="num">{t('sim.eligibleChanged')}</th>
                    <th className="num">{t('sim.newlyShort')}</th>
                    <th className="num">{t('sim.lostShort')}</th>
                  </tr>
                </thead>
                <tbody>
                  {measures.map((m) => (
                    <tr key={m.measureId} data-changed={m.newlyEligible + m.noLongerEligible > 0}>
                      <td>
                        <span className="mono">{m.measureId}</span> {pick(m.title)}
                      </td>
                      <td>{m.mode === 'none' ? '—' : modeBadge(m.mode, t)}</td>
                      <td className="num">{m.baseline.eligible}</td>
                      <td className="num">{m.changed.eligible}</td>
                      <td className="num">
                        {m.newlyEligible ? <Badge tone="ok">+{m.newlyEligible}</Badge> : 0}
                      </td>
                      <td className="num">
                        {m.noLongerEligible ? <Badge tone="no">−{m.noLongerEligible}</Badge> : 0}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="card">
            <h3>{t('sim.assumptions')}</h3>
            <ul className="plain">
              {report.assumptions.map((a) => (
                <li key={a.zh}>{pick(a)}</li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
    </>
  );
}
