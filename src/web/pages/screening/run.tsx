/**
 * One screening run: its progress (polled while running), cancel or resume, how many organisations
 * each measure reaches (chart with the measures' names, and table), the results page by page with the
 * most each may get, and the export (CSV, Excel) with names for codes and that amount.
 */
import { Button, Card, Descriptions, Flex, Form, Progress, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RunView } from '../../../screening/runs.ts';
import { api, useApi } from '../../api.ts';
import { makeLabeller, type Text, useCatalogue } from '../../catalogue-data.tsx';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Ceiling, Money } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { usePeople } from '../../people.ts';
import { useSession } from '../../session.tsx';
import { ModeTag } from '../applications/list.tsx';
import { mostOf, RunStatusTag } from './shared.tsx';
import { RunMoney } from './summary.tsx';

interface CountRow {
  measureId: string;
  title: Text;
  mode: 'automatic' | 'invitation';
  organisations: number;
}

interface ResultRow {
  organisationId: string;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  measureId: string;
  title: Text;
  mode: string;
  amount: { min: number; max: number } | null;
  exact: boolean;
  cap: number | null;
  newInThisRun: boolean;
  noticeStatus: string;
}

const PAGE = 50;
const OFFICERS = new Set(['reviewer', 'approver', 'admin']);

function Results({ run }: { run: RunView }) {
  const { t, pick, lang } = useI18n('screening');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const [measureId, setMeasureId] = useState('');
  const [mode, setMode] = useState('');
  const [offset, setOffset] = useState(0);
  const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (measureId) qs.set('measureId', measureId);
  if (mode) qs.set('mode', mode);
  const page = useApi<{ items: ResultRow[]; total: number }>(`/api/screening/runs/${run.id}/results?${qs}`);
  const measure = (id: string) => cat.data?.measures.find((m) => m.id === id);
  const total = page.data?.total ?? 0;
  return (
    <Card
      className="section-card"
      title={<h2 className="card-h2">{t('screen.results')}</h2>}
      extra={
        <Flex gap={8} wrap>
          <Button
            size="small"
            href={`/api/screening/runs/${run.id}/export?format=csv`}
            download
            data-testid="export-csv"
          >
            {t('screen.exportCsv')}
          </Button>
          <Button
            size="small"
            href={`/api/screening/runs/${run.id}/export?format=xlsx`}
            download
            data-testid="export-xlsx"
          >
            {t('screen.exportXlsx')}
          </Button>
        </Flex>
      }
    >
      <Form layout="vertical" component={false}>
        <div className="filters">
          <Form.Item label={t('screen.filterMeasure')} htmlFor="q-results-measure">
            <Select
              id="q-results-measure"
              data-testid="results-measure"
              value={measureId}
              onChange={(v) => {
                setMeasureId(v);
                setOffset(0);
              }}
              options={[
                { value: '', label: t('common.all') },
                ...run.measures.map((m) => ({
                  value: m.id,
                  label: `${m.id} · ${pick(measure(m.id)?.title)}`,
                })),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('screen.filterMode')} htmlFor="q-results-mode">
            <Select
              id="q-results-mode"
              value={mode}
              onChange={(v) => {
                setMode(v);
                setOffset(0);
              }}
              options={[
                { value: '', label: t('common.all') },
                { value: 'automatic', label: t('mode.automatic') },
                { value: 'invitation', label: t('mode.invitation') },
              ]}
            />
          </Form.Item>
        </div>
      </Form>
      {page.error ? <ErrorBox error={page.error} onRetry={page.reload} /> : null}
      {page.data ? (
        <>
          <DataTable<ResultRow>
            rows={page.data.items}
            rowKey={(r) => `${r.organisationId}|${r.measureId}`}
            testId="results"
            rowProps={(r) => ({ 'data-measure': r.measureId, 'data-mode': r.mode })}
            columns={[
              { key: 'org', title: t('screen.colOrg'), card: 'title', render: (r) => r.name },
              {
                key: 'uscc',
                title: t('screen.colUscc'),
                render: (r) => <span className="mono">{r.uscc}</span>,
              },
              {
                key: 'kind',
                title: t('screen.colKindCity'),
                render: (r) => `${label('orgKinds', r.kind)} · ${label('cities', r.city)}`,
              },
              {
                key: 'measure',
                title: t('screen.colMeasure'),
                render: (r) => (
                  <span>
                    <Link
                      to={`/catalogue/${encodeURIComponent(r.measureId)}`}
                      className="mono"
                      data-testid="result-measure"
                    >
                      {r.measureId}
                    </Link>{' '}
                    {pick(r.title)}
                  </span>
                ),
              },
              { key: 'mode', title: t('screen.colMode'), render: (r) => <ModeTag mode={r.mode} /> },
              {
                key: 'amount',
                title: t('screen.colAmount'),
                align: 'right',
                // The engine's range for this organisation; without one, the text's cap (最高 N).
                render: (r) =>
                  r.amount ? (
                    <Ceiling range={r.amount} exact={r.exact} testId="result-amount" />
                  ) : (
                    <span className="muted">
                      {t('screen.textCap')} <Money fen={r.cap} />
                    </span>
                  ),
              },
              {
                key: 'notice',
                title: t('screen.colNotice'),
                render: (r) =>
                  `${r.noticeStatus ? t(`notice.${r.noticeStatus}` as never) : '—'}${r.newInThisRun ? ` · ${t('screen.newInRun')}` : ''}`,
              },
            ]}
          />
          <Flex gap={8} align="center" className="actions">
            <Button
              size="small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              {t('screen.prev')}
            </Button>
            <span className="muted" data-testid="results-page">
              {t('screen.page', {
                from: total === 0 ? 0 : offset + 1,
                to: Math.min(offset + PAGE, total),
                total,
              })}
            </span>
            <Button size="small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              {t('screen.next')}
            </Button>
          </Flex>
        </>
      ) : null}
    </Card>
  );
}

export default function RunPage() {
  const { t, pick, lang } = useI18n('screening');
  const { id = '' } = useParams();
  const { user } = useSession();
  const person = usePeople();
  const cat = useCatalogue();
  const run = useApi<RunView>(`/api/screening/runs/${encodeURIComponent(id)}`);
  const running = run.data?.status === 'running';
  const counts = useApi<{ items: CountRow[] }>(
    run.data && !running ? `/api/screening/runs/${id}/counts` : null,
  );
  const [error, setError] = useState<unknown>(null);

  // Watch the progress: poll while the run is under way.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(run.reload, 1000);
    return () => clearInterval(timer);
  }, [running, run.reload]);

  const option = useMemo(() => {
    const items = [...(counts.data?.items ?? [])].sort((a, b) => b.organisations - a.organisations);
    // The axis names the measure, not only its number.
    const name = (c: CountRow) => `${c.measureId} ${pick(c.title).slice(0, 14)}`;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 24, right: 24, bottom: 8, top: 32, containLabel: true },
      yAxis: { type: 'category', data: items.map(name), inverse: true },
      xAxis: { type: 'value', minInterval: 1, name: t('screen.organisations') },
      series: (['automatic', 'invitation'] as const).map((mode) => ({
        name: t(`mode.${mode}`),
        type: 'bar',
        stack: 'n',
        barMaxWidth: 22,
        itemStyle: { color: mode === 'automatic' ? '#237804' : '#0b5cad' },
        data: items.map((c) => (c.mode === mode ? c.organisations : 0)),
      })),
    };
  }, [counts.data, t, pick]);

  if (run.loading && !run.data) return <Loading />;
  if (run.error || !run.data) return <ErrorBox error={run.error} onRetry={run.reload} />;
  const r = run.data;
  const officer = user ? OFFICERS.has(user.role) : false;
  const measure = (mid: string) => cat.data?.measures.find((m) => m.id === mid);

  async function act(what: 'cancel' | 'resume') {
    setError(null);
    try {
      await api('POST', `/api/screening/runs/${r.id}/${what}`);
      run.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <article data-testid="run" data-status={r.status}>
      <PageHeader
        back={{ to: '/screening', label: t('screen.back') }}
        title={t('screen.run', { date: r.date })}
        subtitle={
          <Flex gap={8} wrap align="center">
            <RunStatusTag status={r.status} t={t} />
            <span>{t(`screen.kind.${r.kind}` as never)}</span>
            {r.simulated ? <span>{t('screen.simulated')}</span> : null}
            <span className="muted">
              {person(r.createdBy)} · {formatDateTime(r.createdAt)}
            </span>
          </Flex>
        }
      />
      <Card className="section-card">
        <Progress percent={r.percent} data-testid="run-progress" aria-label={t('screen.colProgress')} />
        <p className="muted small">
          {t('screen.progress', { processed: r.processed, total: r.total, percent: r.percent })}
        </p>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('screen.colNotices')}>
            <span data-testid="run-notices">{r.notices}</span>
          </Descriptions.Item>
          {Object.keys(r.adopt).length > 0 ? (
            <Descriptions.Item label={t('screen.adoptDate')}>
              {Object.entries(r.adopt)
                .map(([doc, d]) => `${doc}: ${d}`)
                .join(lang === 'zh' ? '；' : '; ')}
            </Descriptions.Item>
          ) : null}
          {r.changedMeasures.length > 0 ? (
            <Descriptions.Item label={t('screen.colKind')}>
              {t('screen.changed', {
                ids: r.changedMeasures.map((m) => `${m} ${pick(measure(m)?.title)}`).join(', '),
              })}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('screen.catalogueVersion')}>
            <span className="mono">{r.catalogueVersion}</span>
          </Descriptions.Item>
        </Descriptions>
        {r.error ? <ErrorBox error={new Error(r.error)} /> : null}
        {officer ? (
          <Flex gap={8} className="actions no-print">
            {r.status === 'running' ? (
              <Button danger onClick={() => void act('cancel')}>
                {t('screen.cancel')}
              </Button>
            ) : null}
            {r.status === 'cancelled' || r.status === 'failed' ? (
              <Button type="primary" onClick={() => void act('resume')}>
                {t('screen.resume')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        {error ? <ErrorBox error={error} /> : null}
      </Card>
      {counts.data ? (
        <Card title={<h2 className="card-h2">{t('screen.counts')}</h2>} className="section-card">
          <Chart
            option={option}
            label={t('screen.countsChart')}
            testId="chart-counts"
            height={Math.max(180, 50 + counts.data.items.length * 28)}
          />
          <DataTable<CountRow>
            rows={counts.data.items}
            rowKey={(c) => c.measureId}
            testId="counts"
            columns={[
              {
                key: 'measure',
                title: t('screen.colMeasure'),
                card: 'title',
                render: (c) => (
                  <span>
                    <Link to={`/catalogue/${encodeURIComponent(c.measureId)}`} className="mono">
                      {c.measureId}
                    </Link>{' '}
                    {pick(c.title)}
                  </span>
                ),
              },
              { key: 'mode', title: t('screen.colMode'), render: (c) => <ModeTag mode={c.mode} /> },
              {
                key: 'n',
                title: t('screen.organisations'),
                align: 'right',
                render: (c) => c.organisations,
                sort: (a, b) => a.organisations - b.organisations,
              },
              {
                key: 'most',
                title: t('screen.colMost'),
                align: 'right',
                render: (c) => <Money fen={mostOf(measure(c.measureId))} />,
              },
            ]}
          />
        </Card>
      ) : null}
      {r.status === 'completed' ? <RunMoney runId={r.id} /> : null}
      {r.status !== 'running' ? <Results run={r} /> : null}
    </article>
  );
}
