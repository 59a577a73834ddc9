/**
 * 监测报告 (officers, auditors): the whole monitoring report on one printable page — every target with
 * its latest value, target, required value, status, forecast, department and money; the 十四五 figures
 * of 003 and the figures 004 reports; the method. "Print" uses the browser's print (PDF from its
 * dialog; plan.css lays it out for A4); "Export" downloads the same report as .xlsx (audited).
 * GET /api/plan/report, GET /api/plan/report.xlsx.
 */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { bySection } from './cards.tsx';
import { formatTarget, formatValue, type Report, StatusTag } from './shared.tsx';
import './plan.css';

type Row = Report['targets'][number];
type Figure = Report['indicators'][number] | Report['context'][number];

export default function PlanReport() {
  const { t, pick, lang } = useI18n('plan');
  const report = useApi<Report>('/api/plan/report');
  const r = report.data;

  const figureTable = (rows: Figure[], testId: string, caption: string) => (
    <DataTable<Figure>
      rows={rows}
      rowKey={(x) => x.id}
      testId={testId}
      caption={caption}
      columns={[
        { key: 'title', title: t('plan.indicator'), card: 'title', render: (x) => pick(x.title) },
        {
          key: 'value',
          title: t('plan.value'),
          align: 'right',
          render: (x) => x.print ?? formatValue(x.value, x.unit, lang),
        },
        { key: 'quote', title: t('plan.quote'), render: (x) => <span className="small">{x.quote}</span> },
      ]}
    />
  );

  return (
    <div className="plan-report">
      <PageHeader
        title={t('plan.reportTitle')}
        subtitle={
          r ? `${pick(r.document.title)}（${r.document.number}）· ${t('plan.asOf', { date: r.asOf })}` : null
        }
        back={{ to: '/plan', label: t('plan.title') }}
        extra={
          <Space wrap>
            <Button
              href={`/api/plan/report.xlsx${r ? `?date=${r.asOf}` : ''}`}
              download
              data-testid="report-xlsx"
            >
              {t('plan.exportXlsx')}
            </Button>
            <Button type="primary" onClick={() => window.print()} data-testid="report-print">
              {t('plan.print')}
            </Button>
          </Space>
        }
      />
      {report.loading && !r ? <Loading /> : null}
      {report.error ? <ErrorBox error={report.error} onRetry={report.reload} /> : null}
      {r ? (
        <>
          {r.summary.demo ? <Alert type="warning" showIcon title={t('plan.demoNote')} /> : null}
          <p className="plan-summary">
            {t('plan.summaryLine', {
              targets: r.summary.targets,
              quantified: r.summary.quantified,
              derived: r.summary.derived,
              overdue: r.summary.overdue,
            })}
          </p>
          {bySection(r.targets).map(([section, rows]) => (
            <section key={section} className="plan-report-section">
              <h2 className="plan-section-title">{section}</h2>
              <DataTable<Row>
                rows={rows}
                rowKey={(x) => x.id}
                testId="report-targets"
                caption={section}
                columns={[
                  {
                    key: 'title',
                    title: t('plan.targetColumn'),
                    card: 'title',
                    render: (x) => (
                      <span>
                        <strong>{pick(x.title)}</strong>
                        <br />
                        <span className="small">{x.quote}</span>
                      </span>
                    ),
                  },
                  {
                    key: 'latest',
                    title: t('plan.latest'),
                    align: 'right',
                    render: (x) =>
                      x.latest ? (
                        <span>
                          {x.kind === 'qualitative' ? '—' : formatValue(x.latest.value, x.unit, lang)}
                          <br />
                          <span className="small">
                            {x.latest.period}
                            {x.latest.isDemo ? ` · ${t('plan.demo')}` : ''}
                          </span>
                        </span>
                      ) : (
                        t('plan.noValue')
                      ),
                  },
                  {
                    key: 'target',
                    title: t('plan.target', { year: r.document.targetYear }),
                    align: 'right',
                    render: (x) => (x.kind === 'qualitative' ? t('plan.qualitative') : formatTarget(x, lang)),
                  },
                  {
                    key: 'required',
                    title: t('plan.required'),
                    align: 'right',
                    render: (x) => formatValue(x.required, x.unit, lang),
                  },
                  { key: 'status', title: t('plan.status'), render: (x) => <StatusTag card={x} /> },
                  {
                    key: 'forecast',
                    title: t('plan.forecastShort'),
                    align: 'right',
                    render: (x) => (x.forecast ? formatValue(x.forecast.value, x.unit, lang) : '—'),
                  },
                  { key: 'department', title: t('plan.department'), render: (x) => x.department },
                  {
                    key: 'money',
                    title: t('plan.committedPaid'),
                    align: 'right',
                    render: (x) => (
                      <span>
                        <Money fen={x.funding.committed} />
                        <br />
                        <Money fen={x.funding.paid} />
                      </span>
                    ),
                  },
                ]}
              />
            </section>
          ))}
          <Card title={<h2 className="card-h2">{t('plan.baselineFigures')}</h2>} className="section-card">
            {figureTable(r.indicators, 'report-indicators', t('plan.baselineFigures'))}
          </Card>
          <Card title={<h2 className="card-h2">{t('plan.contextFigures')}</h2>} className="section-card">
            {figureTable(r.context, 'report-context', t('plan.contextFigures'))}
          </Card>
          <Typography.Paragraph className="small plan-method">
            <strong>{t('plan.method')}</strong>：{pick(r.method)}
          </Typography.Paragraph>
          <Typography.Paragraph className="small">{pick(r.funding.note)}</Typography.Paragraph>
        </>
      ) : null}
    </div>
  );
}
