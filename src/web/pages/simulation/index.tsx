/**
 * 政策模拟: an officer changes the catalogue (a rate, a cap, a validity window, adopting the draft, a
 * new partner city) and sees, over the registry, the organisations reached and the cost against the
 * policies as they are, by year, fund and measure, beside the budgets (POST /api/simulations; nothing
 * is written). The chart shows what 免申即享 commits (baseline against change, with the budget); the
 * 快申快享 upper bounds — every invited organisation at its measure's cap — are in the tables, where a
 * ceiling of billions does not flatten everything else.
 */
import { Alert, Button, Card, Descriptions, Input, Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import type { simulationReportSchema } from '../../../api/routes/simulation.ts';
import { wanForChart } from '../../../core/money.ts';
import { ApiError, api, type FieldIssue } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { applyIssues, type FormApi, FormField, SubmitButton, ZodForm } from '../../components/form.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useServerToday, useTodayForm } from '../../today.ts';
import { ModeTag } from '../applications/list.tsx';
import { type ChangeRow, formPath, KINDS, type Kind, simulationForm } from './form.ts';

type Report = z.infer<typeof simulationReportSchema>;
type FormValues = z.input<typeof simulationForm>;

function Signed({ fen }: { fen: number }) {
  return (
    <span className={fen < 0 ? 'over' : undefined}>
      {fen > 0 ? '+' : fen < 0 ? '−' : ''}
      <Money fen={Math.abs(fen)} />
    </span>
  );
}

function ChangeRows({ form }: { form: FormApi<FormValues> }) {
  const { t, pick } = useI18n('simulation');
  const cat = useCatalogue();
  const rows = useFieldArray({ control: form.control, name: 'changes' });
  const values = useWatch({ control: form.control, name: 'changes' }) ?? [];
  const monetary = (cat.data?.measures ?? []).filter(
    (m) => m.benefit.kind !== 'service' && m.benefit.kind !== 'constraint',
  );
  const rated = monetary.filter((m) => m.benefit.kind === 'rate_cap');
  const docs = (cat.data?.documents ?? []).filter((d) => d.status !== 'plan');
  const draft = docs.find((d) => d.status === 'draft');
  const today = useServerToday();
  const blank = (kind: Kind): ChangeRow => ({
    kind,
    measureId: (kind === 'rate' ? rated : monetary)[0]?.id ?? '',
    value: '',
    document: kind === 'adopt' ? (draft?.code ?? '001') : (docs[0]?.code ?? '000'),
    from: today,
    to: '',
    city: '',
    zh: '',
    en: '',
  });
  const measureOptions = (list: typeof monetary) =>
    list.map((m) => ({ value: m.id, label: `${m.id} · ${pick(m.title)}` }));

  return (
    <fieldset className="row-list">
      <legend>{t('sim.changes')}</legend>
      {rows.fields.length === 0 ? <p className="muted">{t('sim.noChange')}</p> : null}
      {rows.fields.map((row, i) => {
        const kind = values[i]?.kind ?? row.kind;
        return (
          <div className="row sim-row" key={row.id} data-testid="change-row">
            <FormField form={form} name={`changes.${i}.kind`} label={t('sim.kind')}>
              {(f) => (
                <Select
                  {...f}
                  onChange={(k: Kind) => rows.update(i, blank(k))}
                  options={KINDS.map((k) => ({ value: k, label: t(`sim.kind.${k}` as never) }))}
                />
              )}
            </FormField>
            {kind === 'rate' || kind === 'cap' ? (
              <>
                <FormField form={form} name={`changes.${i}.measureId`} label={t('sim.measure')}>
                  {(f) => (
                    <Select
                      {...f}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={measureOptions(kind === 'rate' ? rated : monetary)}
                    />
                  )}
                </FormField>
                <FormField
                  form={form}
                  name={`changes.${i}.value`}
                  label={kind === 'rate' ? t('sim.ratePercent') : t('sim.capWan')}
                >
                  {(f) => <Input {...f} inputMode="decimal" className="amount" />}
                </FormField>
              </>
            ) : null}
            {kind === 'validity' || kind === 'adopt' ? (
              <>
                <FormField form={form} name={`changes.${i}.document`} label={t('sim.document')}>
                  {(f) => (
                    <Select
                      {...f}
                      options={docs
                        .filter((d) => (kind === 'adopt' ? d.status === 'draft' : true))
                        .map((d) => ({ value: d.code, label: `${d.code} · ${pick(d.title)}` }))}
                    />
                  )}
                </FormField>
                <FormField
                  form={form}
                  name={`changes.${i}.from`}
                  label={kind === 'adopt' ? t('sim.adoptDate') : t('sim.from')}
                >
                  {(f) => <DateInput {...f} />}
                </FormField>
                {kind === 'validity' ? (
                  <FormField form={form} name={`changes.${i}.to`} label={t('sim.to')}>
                    {(f) => <DateInput {...f} />}
                  </FormField>
                ) : null}
              </>
            ) : null}
            {kind === 'partnerCity' ? (
              <>
                <FormField form={form} name={`changes.${i}.city`} label={t('sim.city')}>
                  {(f) => <Input {...f} className="mono" placeholder="nanjing" />}
                </FormField>
                <FormField form={form} name={`changes.${i}.zh`} label={t('sim.cityZh')}>
                  {(f) => <Input {...f} />}
                </FormField>
                <FormField form={form} name={`changes.${i}.en`} label={t('sim.cityEn')}>
                  {(f) => <Input {...f} />}
                </FormField>
              </>
            ) : null}
            <Button danger onClick={() => rows.remove(i)} aria-label={`${t('sim.removeChange')} ${i + 1}`}>
              {t('common.remove')}
            </Button>
          </div>
        );
      })}
      <Button onClick={() => rows.append(blank('rate'))} data-testid="add-change">
        + {t('sim.addChange')}
      </Button>
    </fieldset>
  );
}

export default function SimulationPage() {
  const { t, pick, lang } = useI18n('simulation');
  const { form } = useTodayForm(simulationForm, (today) => ({ date: today, years: '', changes: [] }), [
    'date',
  ]);
  const [unmatched, setUnmatched] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<Report | null>(null);
  const unit = lang === 'zh' ? '万元' : '10k yuan';

  async function run(body: z.output<typeof simulationForm>) {
    setError(null);
    setUnmatched([]);
    try {
      setReport(await api<Report>('POST', '/api/simulations', body));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0)
        setUnmatched(
          applyIssues(
            form,
            err.issues.map((i) => ({ ...i, path: formPath(i.path) })),
            lang,
          ),
        );
      else setError(err);
    }
  }

  const option = useMemo(() => {
    const totals = report?.totals ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toLocaleString('zh-CN')} ${unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: totals.map((x) => String(x.year)) },
      yAxis: { type: 'value', name: unit },
      series: [
        {
          name: t('sim.baseline'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: '#7a8ba3' },
          data: totals.map((x) => wanForChart(x.baseline.automatic)),
        },
        {
          name: t('sim.changed'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: '#0b5cad' },
          data: totals.map((x) => wanForChart(x.changed.automatic)),
        },
        {
          name: t('sim.budget'),
          type: 'line',
          symbol: 'circle',
          itemStyle: { color: '#b42318' },
          data: totals.map((x) => (x.budget === null ? null : wanForChart(x.budget))),
        },
      ],
    };
  }, [report, t, unit]);

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

  return (
    <>
      <PageHeader title={t('sim.title')} subtitle={t('sim.intro')} />
      <Card className="section-card no-print">
        <ZodForm form={form} onValid={run}>
          <div className="grid-3">
            <FormField form={form} name="date" label={t('sim.date')}>
              {(f) => <DateInput {...f} />}
            </FormField>
            <FormField form={form} name="years" label={t('sim.years')} className="span-2">
              {(f) => <Input {...f} inputMode="numeric" />}
            </FormField>
          </div>
          <ChangeRows form={form} />
          {unmatched.length > 0 ? (
            <Alert
              type="error"
              role="alert"
              title={
                <ul className="plain">
                  {unmatched.map((i) => (
                    <li key={i.path + i.rule}>
                      {t('error.field', { field: i.path, message: i[lang] || i.zh })}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          {error ? <ErrorBox error={error} /> : null}
          <SubmitButton form={form} testId="run-simulation" busyLabel={t('sim.running')}>
            {t('sim.run')}
          </SubmitButton>
        </ZodForm>
      </Card>

      {report ? (
        <section aria-labelledby="sim-h" data-testid="simulation">
          <Card
            className="section-card"
            title={
              <h2 className="card-h2" id="sim-h">
                {t('sim.report')}
              </h2>
            }
          >
            <p className="muted">
              {t('sim.snapshot', {
                date: report.date,
                n: report.organisations,
                version: report.catalogueVersion.slice(0, 12),
              })}
            </p>
            {report.changes.length > 0 ? (
              <>
                <h3 className="card-h3">{t('sim.changesApplied')}</h3>
                <ul className="plain">
                  {report.changes.map((c) => (
                    <li key={c.zh}>{pick(c)}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('sim.newly')}>
                <span data-testid="newly">{report.newlyEligibleOrganisations}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sim.lost')}>
                <span data-testid="lost">{report.noLongerEligibleOrganisations}</span>
              </Descriptions.Item>
            </Descriptions>
            {report.unknownCodes > 0 ? (
              <Alert type="info" title={t('sim.unknownCodes', { n: report.unknownCodes })} />
            ) : null}
          </Card>
          <Card className="section-card" title={<h3 className="card-h3">{t('sim.byYear')}</h3>}>
            <p className="muted small">{t('sim.chartNote')}</p>
            <Chart option={option} label={t('sim.chart')} testId="chart-simulation" height={340} />
            <DataTable<Report['totals'][number]>
              rows={report.totals}
              rowKey={(y) => String(y.year)}
              testId="sim-totals"
              columns={[
                { key: 'year', title: t('sim.year'), card: 'title', render: (y) => y.year },
                {
                  key: 'ba',
                  title: `${t('sim.automatic')} · ${t('sim.baseline')}`,
                  align: 'right',
                  render: (y) => <Money fen={y.baseline.automatic} />,
                },
                {
                  key: 'ca',
                  title: `${t('sim.automatic')} · ${t('sim.changed')}`,
                  align: 'right',
                  render: (y) => <Money fen={y.changed.automatic} />,
                },
                {
                  key: 'da',
                  title: t('sim.delta'),
                  align: 'right',
                  render: (y) => <Signed fen={y.delta.automatic} />,
                },
                {
                  key: 'ci',
                  title: `${t('sim.invitation')} · ${t('sim.upperBound')}`,
                  align: 'right',
                  render: (y) => <Money fen={y.changed.invitation} />,
                },
                {
                  key: 'di',
                  title: `${t('sim.invitation')} · ${t('sim.delta')}`,
                  align: 'right',
                  render: (y) => <Signed fen={y.delta.invitation} />,
                },
                {
                  key: 'budget',
                  title: t('sim.budget'),
                  align: 'right',
                  render: (y) => (y.budget === null ? t('sim.noBudget') : <Money fen={y.budget} />),
                },
              ]}
            />
          </Card>
          {report.funds.length > 0 ? (
            <Card className="section-card" title={<h3 className="card-h3">{t('sim.byFund')}</h3>}>
              <DataTable<Report['funds'][number]>
                rows={report.funds}
                rowKey={(f) => `${f.fund}/${f.year}`}
                testId="sim-funds"
                columns={[
                  {
                    key: 'fund',
                    title: t('sim.fund'),
                    card: 'title',
                    render: (f) => `${f.fund} · ${f.year}`,
                  },
                  {
                    key: 'ca',
                    title: `${t('sim.automatic')} · ${t('sim.changed')}`,
                    align: 'right',
                    render: (f) => <Money fen={f.changed.automatic} />,
                  },
                  {
                    key: 'da',
                    title: t('sim.delta'),
                    align: 'right',
                    render: (f) => <Signed fen={f.delta.automatic} />,
                  },
                  {
                    key: 'budget',
                    title: t('sim.budget'),
                    align: 'right',
                    render: (f) => (f.budget === null ? t('sim.noBudget') : <Money fen={f.budget} />),
                  },
                  {
                    key: 'headroom',
                    title: t('sim.headroom'),
                    align: 'right',
                    render: (f) => (f.headroom === null ? '—' : <Signed fen={f.headroom} />),
                  },
                ]}
              />
            </Card>
          ) : null}
          <Card className="section-card" title={<h3 className="card-h3">{t('sim.byMeasure')}</h3>}>
            <DataTable<(typeof measures)[number]>
              rows={measures}
              rowKey={(m) => m.measureId}
              testId="sim-measures"
              rowProps={(m) => ({ 'data-changed': String(m.newlyEligible + m.noLongerEligible > 0) })}
              columns={[
                {
                  key: 'measure',
                  title: t('sim.measure'),
                  card: 'title',
                  render: (m) => (
                    <span>
                      <span className="mono">{m.measureId}</span> {pick(m.title)}
                    </span>
                  ),
                },
                {
                  key: 'mode',
                  title: t('sim.mode'),
                  render: (m) => (m.mode === 'none' ? '—' : <ModeTag mode={m.mode} />),
                },
                {
                  key: 'base',
                  title: t('sim.eligibleBaseline'),
                  align: 'right',
                  render: (m) => m.baseline.eligible,
                },
                {
                  key: 'changed',
                  title: t('sim.eligibleChanged'),
                  align: 'right',
                  render: (m) => m.changed.eligible,
                },
                {
                  key: 'newly',
                  title: t('sim.newlyShort'),
                  align: 'right',
                  render: (m) => (m.newlyEligible ? <Tag color="success">+{m.newlyEligible}</Tag> : 0),
                  sort: (a, b) => a.newlyEligible - b.newlyEligible,
                },
                {
                  key: 'lost',
                  title: t('sim.lostShort'),
                  align: 'right',
                  render: (m) => (m.noLongerEligible ? <Tag color="error">−{m.noLongerEligible}</Tag> : 0),
                  sort: (a, b) => a.noLongerEligible - b.noLongerEligible,
                },
              ]}
            />
          </Card>
          <Card className="section-card" title={<h3 className="card-h3">{t('sim.assumptions')}</h3>}>
            <ul className="plain">
              {report.assumptions.map((a) => (
                <li key={a.zh}>{pick(a)}</li>
              ))}
            </ul>
          </Card>
        </section>
      ) : null}
    </>
  );
}
