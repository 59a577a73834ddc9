/**
 * 免申即享筛查: officers start a screening run over the registry (date, optionally the draft simulated
 * as adopted, incremental) and see the runs with their progress. Auditors read.
 */
import { Card, Progress } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import type { RunView } from '../../../screening/runs.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { applyIssues, CheckField, FormField, SubmitButton, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime, isIsoDate } from '../../format.ts';
import { translate, useI18n } from '../../i18n/index.ts';
import { usePeople } from '../../people.ts';
import { useSession } from '../../session.tsx';
import { useTodayForm } from '../../today.ts';
import { RunStatusTag } from './shared.tsx';

const OFFICERS = new Set(['reviewer', 'approver', 'admin']);
const date = z.string().refine(isIsoDate, { error: () => translate('form.date') });
const startForm = z
  .object({ date, adopt: z.boolean(), adoptDate: z.string(), incremental: z.boolean() })
  .superRefine((v, ctx) => {
    if (v.adopt && !isIsoDate(v.adoptDate))
      ctx.addIssue({ code: 'custom', path: ['adoptDate'], message: translate('form.date') });
  });

function StartForm() {
  const { t, lang, pick } = useI18n('screening');
  const navigate = useNavigate();
  const cat = useCatalogue();
  const draft = cat.data?.documents.find((d) => d.status === 'draft');
  const { form } = useTodayForm(
    startForm,
    (today) => ({ date: today, adopt: false, adoptDate: today, incremental: false }),
    ['date', 'adoptDate'],
  );
  const [error, setError] = useState<unknown>(null);
  const adopt = form.watch('adopt');

  async function start(v: z.output<typeof startForm>) {
    setError(null);
    try {
      const run = await api<RunView>('POST', '/api/screening/runs', {
        date: v.date,
        ...(v.adopt && draft ? { adopt: { [draft.code]: v.adoptDate } } : {}),
        ...(v.incremental ? { incremental: true } : {}),
      });
      navigate(`/screening/${run.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0)
        applyIssues(
          form,
          err.issues.map((i) => ({ ...i, path: i.path.startsWith('adopt.') ? 'adoptDate' : i.path })),
          lang,
        );
      else setError(err);
    }
  }

  return (
    <Card title={<h2 className="card-h2">{t('screen.start')}</h2>} className="section-card">
      <ZodForm form={form} onValid={start}>
        <div className="grid-3">
          <FormField form={form} name="date" label={t('screen.date')} extra={t('screen.dateHint')}>
            {(f) => <DateInput {...f} />}
          </FormField>
        </div>
        {draft ? (
          <CheckField
            form={form}
            name="adopt"
            label={t('screen.adoptTitle')}
            text={
              <>
                {t('screen.adopt')} · {pick(draft.title)}
              </>
            }
          />
        ) : null}
        {adopt ? (
          <div className="grid-3">
            <FormField form={form} name="adoptDate" label={t('screen.adoptDate')}>
              {(f) => <DateInput {...f} />}
            </FormField>
          </div>
        ) : null}
        <CheckField
          form={form}
          name="incremental"
          label={t('screen.incrementalTitle')}
          text={t('screen.incremental')}
        />
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="start-run" busyLabel={t('screen.starting')}>
          {t('screen.start')}
        </SubmitButton>
      </ZodForm>
    </Card>
  );
}

function RunList() {
  const { t } = useI18n('screening');
  const person = usePeople();
  const runs = useApi<{ items: RunView[] }>('/api/screening/runs?limit=50');
  const running = runs.data?.items.some((r) => r.status === 'running');
  // Keep the list's progress moving while a run is under way.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(runs.reload, 1500);
    return () => clearInterval(timer);
  }, [running, runs.reload]);
  if (runs.loading && !runs.data) return <Loading />;
  if (runs.error) return <ErrorBox error={runs.error} onRetry={runs.reload} />;
  return (
    <Card title={<h2 className="card-h2">{t('screen.runs')}</h2>} className="section-card">
      <DataTable<RunView>
        rows={runs.data?.items ?? []}
        rowKey={(r) => r.id}
        testId="runs"
        empty={t('screen.noRuns')}
        rowProps={(r) => ({ 'data-status': r.status })}
        columns={[
          {
            key: 'date',
            title: t('screen.colDate'),
            card: 'title',
            nowrap: true,
            render: (r) => <Link to={`/screening/${r.id}`}>{t('screen.run', { date: r.date })}</Link>,
          },
          {
            key: 'kind',
            title: t('screen.colKind'),
            render: (r) =>
              `${t(`screen.kind.${r.kind}` as never)}${r.simulated ? ` · ${t('screen.simulated')}` : ''}`,
          },
          {
            key: 'status',
            title: t('screen.colStatus'),
            render: (r) => <RunStatusTag status={r.status} t={t} />,
          },
          {
            key: 'progress',
            title: t('screen.colProgress'),
            render: (r) => <Progress percent={r.percent} size="small" aria-label={t('screen.colProgress')} />,
          },
          {
            key: 'notices',
            title: t('screen.colNotices'),
            align: 'right',
            render: (r) => r.notices.toLocaleString(),
          },
          { key: 'by', title: t('screen.colBy'), render: (r) => person(r.createdBy) },
          {
            key: 'created',
            title: t('screen.colCreated'),
            nowrap: true,
            render: (r) => formatDateTime(r.createdAt),
          },
        ]}
      />
    </Card>
  );
}

export default function ScreeningPage() {
  const { t } = useI18n('screening');
  const { user } = useSession();
  return (
    <>
      <PageHeader title={t('screen.title')} subtitle={t('screen.intro')} />
      {user && OFFICERS.has(user.role) ? <StartForm /> : null}
      <RunList />
    </>
  );
}
