/**
 * 指标详情 (officers, auditors): one target of 003 — its verbatim sentence, status and reason, the
 * chart (baseline, observations, required path, forecast), the year table of a flow, the values with
 * their provenance (source, comment, who, when, how, revision) and their history; officers record,
 * correct and withdraw values (or a qualitative assessment); an administrator sets the department and
 * the 左右 band's width. Money under the linked measures; the 十四五 and 004 figures beside it.
 * GET /api/plan/targets/:id.
 */
import { Alert, Button, Card, Descriptions, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { TargetChart } from './chart.tsx';
import { RecordForm, ReviseForm, SettingsForm, WithdrawForm } from './forms.tsx';
import {
  DemoTag,
  formatTarget,
  formatValue,
  type History,
  MeasureLink,
  type Observation,
  StatusTag,
  type TargetDetail,
} from './shared.tsx';
import './plan.css';

type Dialog = { kind: 'revise' | 'withdraw' | 'history'; observation: Observation } | null;

function HistoryTable({ detail, period }: { detail: TargetDetail; period: string }) {
  const { t, lang } = useI18n('plan');
  const history = useApi<History>(
    `/api/plan/targets/${detail.id}/observations/${encodeURIComponent(period)}/history`,
  );
  if (history.error) return <ErrorBox error={history.error} />;
  if (!history.data) return <Loading />;
  return (
    <DataTable<History['revisions'][number]>
      rows={history.data.revisions}
      rowKey={(r) => String(r.revision)}
      testId="plan-history"
      caption={t('plan.history')}
      columns={[
        { key: 'revision', title: t('plan.revision'), card: 'title', render: (r) => `#${r.revision}` },
        {
          key: 'value',
          title: t('plan.value'),
          align: 'right',
          render: (r) =>
            r.withdrawn ? (
              <Tag>{t('plan.withdrawn')}</Tag>
            ) : r.assessment ? (
              (detail.assessments.find((a) => a.code === r.assessment)?.label[lang] ?? r.assessment)
            ) : (
              formatValue(r.value, detail.unit, lang)
            ),
        },
        { key: 'source', title: t('plan.source'), render: (r) => r.source },
        { key: 'reason', title: t('plan.reason'), render: (r) => r.reason ?? '—' },
        { key: 'comment', title: t('plan.comment'), render: (r) => r.comment || '—' },
        {
          key: 'by',
          title: t('plan.recordedBy'),
          render: (r) => `${r.recordedBy} · ${formatDateTime(r.recordedAt)}`,
        },
      ]}
    />
  );
}

export default function PlanTarget() {
  const { id = '' } = useParams();
  const { t, pick, lang } = useI18n('plan');
  const { user } = useSession();
  const detail = useApi<TargetDetail>(`/api/plan/targets/${encodeURIComponent(id)}`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const d = detail.data;
  const canWrite = user?.role === 'reviewer' || user?.role === 'approver' || user?.role === 'admin';
  const isAdmin = user?.role === 'admin';
  const back = { to: '/plan', label: t('plan.title') };

  if (!d)
    return (
      <>
        <PageHeader title={t('plan.detailTitle')} back={back} />
        {detail.loading ? <Loading /> : null}
        {detail.error ? <ErrorBox error={detail.error} onRetry={detail.reload} /> : null}
      </>
    );

  const assessmentLabel = (code: string | null) =>
    code ? pick(d.assessments.find((a) => a.code === code)?.label) || code : '—';
  const saved = () => detail.reload();

  return (
    <>
      <PageHeader
        title={pick(d.title)}
        subtitle={
          <Space wrap>
            <StatusTag card={d} testId="detail-status" />
            <span>{pick(d.kindLabel)}</span>
            {d.demo ? <DemoTag /> : null}
            {d.derived ? <Tag>{t('plan.derived')}</Tag> : null}
          </Space>
        }
        back={back}
      />
      <Card className="section-card">
        <blockquote className="plan-quote">
          {d.quote}
          <footer className="small">— {d.section}</footer>
        </blockquote>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            {
              key: 'latest',
              label: t('plan.latest'),
              children: d.latest ? (
                <span data-testid="detail-latest">
                  {d.kind === 'qualitative'
                    ? assessmentLabel(d.observations.at(-1)?.assessment ?? null)
                    : formatValue(d.latest.value, d.unit, lang)}{' '}
                  <span className="small">{d.latest.period}</span>
                </span>
              ) : (
                t('plan.noValue')
              ),
            },
            {
              key: 'target',
              label: t('plan.target', { year: d.targetYear }),
              children: d.kind === 'qualitative' ? t('plan.qualitative') : formatTarget(d, lang),
            },
            {
              key: 'required',
              label: t('plan.required'),
              children: formatValue(d.required, d.unit, lang),
            },
            { key: 'baseline', label: t('plan.baseline'), children: pick(d.baseline.label) },
            { key: 'department', label: t('plan.department'), children: d.department },
            {
              key: 'reporting',
              label: t('plan.reporting'),
              children: t('plan.reportingLine', {
                frequency: t(`plan.frequency.${d.reporting.frequency}` as 'plan.frequency.year'),
                days: d.reporting.dueDays,
              }),
            },
          ]}
        />
        <Typography.Paragraph className="plan-reason" data-testid="detail-reason">
          {pick(d.reason)}
        </Typography.Paragraph>
        {d.derived ? (
          <Alert
            type="info"
            showIcon
            title={t('plan.derivedNote', { label: pick(d.derived.label) })}
            description={d.derived.reason ? pick(d.derived.reason) : undefined}
          />
        ) : null}
        {d.overdue.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title={t('plan.overdue', { periods: d.overdue.map((o) => `${o.period}（${o.due}）`).join('、') })}
          />
        ) : null}
        {d.missingYears.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title={t('plan.missingYears', { years: d.missingYears.join('、') })}
          />
        ) : null}
      </Card>

      {d.kind !== 'qualitative' ? (
        <Card title={<h2 className="card-h2">{t('plan.chartTitle')}</h2>} className="section-card">
          <TargetChart
            series={d.series}
            unit={d.unit}
            title={t('plan.chartLabel', { title: pick(d.title) })}
          />
          {d.years.length > 0 ? (
            <DataTable<TargetDetail['years'][number]>
              rows={d.years}
              rowKey={(y) => String(y.year)}
              testId="plan-years"
              caption={t('plan.yearsTable')}
              columns={[
                { key: 'year', title: t('plan.year'), card: 'title', render: (y) => y.year },
                {
                  key: 'total',
                  title: t('plan.yearTotal'),
                  align: 'right',
                  render: (y) => formatValue(y.total, d.unit, lang),
                },
                {
                  key: 'required',
                  title: t('plan.required'),
                  align: 'right',
                  render: (y) => formatValue(y.required, d.unit, lang),
                },
                { key: 'months', title: t('plan.months'), align: 'right', render: (y) => y.months },
                {
                  key: 'status',
                  title: t('plan.status'),
                  render: (y) => t(`plan.st.${y.status}` as 'plan.st.on_track'),
                },
              ]}
            />
          ) : null}
        </Card>
      ) : null}

      {d.cohortForecast ? <CohortCard d={d} /> : null}

      <Card title={<h2 className="card-h2">{t('plan.observations')}</h2>} className="section-card">
        <DataTable<Observation>
          rows={d.observations}
          rowKey={(o) => o.period}
          testId="plan-observations"
          caption={t('plan.observations')}
          empty={d.derived ? t('plan.derivedNoValues') : t('plan.noValue')}
          columns={[
            { key: 'period', title: t('plan.period'), card: 'title', render: (o) => o.period },
            {
              key: 'value',
              title: d.kind === 'qualitative' ? t('plan.assessment') : t('plan.value'),
              align: d.kind === 'qualitative' ? 'left' : 'right',
              render: (o) =>
                d.kind === 'qualitative' ? assessmentLabel(o.assessment) : formatValue(o.value, d.unit, lang),
            },
            {
              key: 'source',
              title: t('plan.source'),
              render: (o) => (
                <span>
                  {o.source} {o.isDemo ? <DemoTag /> : null}
                </span>
              ),
            },
            { key: 'comment', title: t('plan.comment'), render: (o) => o.comment || '—' },
            {
              key: 'by',
              title: t('plan.recordedBy'),
              render: (o) => (
                <span>
                  {o.recordedBy} · {formatDateTime(o.recordedAt)} ·{' '}
                  {t(`plan.channel.${o.channel}` as 'plan.channel.manual')}
                  {o.revision > 1 ? ` · ${t('plan.revisionN', { n: o.revision })}` : ''}
                </span>
              ),
            },
            {
              key: 'actions',
              title: t('plan.actions'),
              render: (o) => (
                <Space wrap size={4}>
                  {canWrite ? (
                    <>
                      <Button size="small" onClick={() => setDialog({ kind: 'revise', observation: o })}>
                        {t('plan.revise')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => setDialog({ kind: 'withdraw', observation: o })}
                      >
                        {t('plan.withdraw')}
                      </Button>
                    </>
                  ) : null}
                  <Button size="small" onClick={() => setDialog({ kind: 'history', observation: o })}>
                    {t('plan.history')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {/* Closed while a dialog is open: field ids are the field names (form.tsx), one form of a kind at a time. */}
      {canWrite && !d.derived && dialog === null ? (
        <Card
          title={
            <h2 className="card-h2">
              {d.kind === 'qualitative' ? t('plan.recordAssessment') : t('plan.recordTitle')}
            </h2>
          }
          className="section-card no-print"
        >
          <RecordForm detail={d} onSaved={saved} />
        </Card>
      ) : null}

      {isAdmin && dialog === null ? (
        <Card title={<h2 className="card-h2">{t('plan.settings')}</h2>} className="section-card no-print">
          <SettingsForm detail={d} onSaved={saved} />
        </Card>
      ) : null}

      {d.measures.length > 0 ? (
        <Card title={<h2 className="card-h2">{t('plan.fundingTitle')}</h2>} className="section-card">
          <DataTable<TargetDetail['measures'][number]>
            rows={d.measures}
            rowKey={(m) => m.id}
            testId="plan-measures"
            caption={t('plan.fundingTitle')}
            columns={[
              {
                key: 'measure',
                title: t('plan.measure'),
                card: 'title',
                render: (m) => <MeasureLink id={m.id} title={m.title} />,
              },
              {
                key: 'committed',
                title: t('plan.committed'),
                align: 'right',
                render: (m) => <Money fen={m.committed} />,
              },
              { key: 'paid', title: t('plan.paid'), align: 'right', render: (m) => <Money fen={m.paid} /> },
              {
                key: 'outstanding',
                title: t('plan.outstanding'),
                align: 'right',
                render: (m) => <Money fen={m.outstanding} />,
              },
            ]}
          />
        </Card>
      ) : null}

      {d.related.indicators.length + d.related.context.length > 0 ? (
        <Card title={<h2 className="card-h2">{t('plan.related')}</h2>} className="section-card">
          <ul className="plan-related">
            {[...d.related.indicators, ...d.related.context].map((x) => (
              <li key={x.id}>
                <strong>{pick(x.title)}</strong>：{x.print ?? formatValue(x.value, x.unit, lang)}
                <span className="small">「{x.quote}」</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Typography.Paragraph className="small plan-method">
        <strong>{t('plan.method')}</strong>：{pick(d.method)}
      </Typography.Paragraph>

      <Modal
        open={dialog !== null}
        onCancel={() => setDialog(null)}
        footer={null}
        width={720}
        destroyOnHidden
        title={
          dialog
            ? t(
                dialog.kind === 'revise'
                  ? 'plan.reviseTitle'
                  : dialog.kind === 'withdraw'
                    ? 'plan.withdrawTitle'
                    : 'plan.historyTitle',
                { period: dialog.observation.period },
              )
            : ''
        }
      >
        {dialog?.kind === 'revise' ? (
          <ReviseForm detail={d} observation={dialog.observation} onSaved={saved} />
        ) : dialog?.kind === 'withdraw' ? (
          <WithdrawForm detail={d} observation={dialog.observation} onSaved={saved} />
        ) : dialog ? (
          <HistoryTable detail={d} period={dialog.observation.period} />
        ) : null}
      </Modal>
    </>
  );
}

/** A target counted from the qualification ledger: the ledger's cohort forecast beside the trend (issue 13). */
function CohortCard({ d }: { d: TargetDetail }) {
  const { t, pick, lang } = useI18n('plan');
  const c = d.cohortForecast!;
  const n = (v: number) => formatValue(Math.round(v), d.unit, lang);
  type Year = Extract<typeof c, { available: true }>['years'][number];
  return (
    <Card
      title={<h2 className="card-h2">{t('plan.cohortTitle')}</h2>}
      className="section-card"
      data-testid="plan-cohort"
    >
      {c.available ? (
        <>
          <Typography.Paragraph>
            {t('plan.cohortLine', {
              now: n(c.validNow),
              year: c.toYear,
              value: n(c.value),
              target: c.target === null ? '—' : n(c.target),
            })}{' '}
            {c.meetsTarget === null ? null : c.meetsTarget ? t('plan.cohortMeets') : t('plan.cohortMisses')}
          </Typography.Paragraph>
          <DataTable<Year>
            rows={c.years}
            rowKey={(y) => String(y.year)}
            testId="plan-cohort-years"
            caption={t('plan.cohortTable')}
            columns={[
              { key: 'year', title: t('plan.year'), card: 'title', render: (y) => y.year },
              { key: 'start', title: t('plan.cohortStart'), align: 'right', render: (y) => n(y.start) },
              { key: 'new', title: t('plan.cohortNew'), align: 'right', render: (y) => n(y.new) },
              {
                key: 'expiring',
                title: t('plan.cohortExpiring'),
                align: 'right',
                render: (y) => n(y.expiring),
              },
              {
                key: 'renewals',
                title: t('plan.cohortRenewals'),
                align: 'right',
                render: (y) => n(y.renewals),
              },
              { key: 'end', title: t('plan.cohortEnd'), align: 'right', render: (y) => n(y.end) },
            ]}
          />
          <Typography.Paragraph type="secondary">
            {t('plan.cohortAssumptions', {
              newPerYear: n(c.assumptions.newPerYear),
              newBasis: pick(c.assumptions.newPerYearBasis),
              rate: Math.round(c.assumptions.renewalRate * 1000) / 10,
              rateBasis: pick(c.assumptions.renewalRateBasis),
              validity: c.assumptions.validityYears,
              validityBasis: pick(c.assumptions.validityBasis),
            })}{' '}
            {pick(c.method)}
          </Typography.Paragraph>
          <Link to={`/qualifications/forecast?kind=${encodeURIComponent(c.kind)}`}>
            {t('plan.cohortOpen')}
          </Link>
        </>
      ) : (
        <Typography.Paragraph>{t('plan.cohortUnavailable', { reason: pick(c.reason) })}</Typography.Paragraph>
      )}
    </Card>
  );
}
