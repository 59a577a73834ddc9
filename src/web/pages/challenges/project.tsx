/**
 * 项目里程碑 (the winner's page): the project a won bid became — its milestones with dates and planned
 * input, the application it became in the workflow (/applications/:id; "申请经费" creates it, prefilled),
 * and per milestone: the evidence files (stored with their SHA-256 in the attachment store) submitted
 * against the indicators with the input claimed, the 验收 result with the input verified and the reason,
 * and the tranche released. GET /api/challenges/projects/:id, POST …/application, …/milestones/:seq/evidence.
 */
import { Alert, Button, Card, Descriptions, Input, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { z } from 'zod';
import type { AttachmentView } from '../../../service/attachments/service.ts';
import { evidenceSchema } from '../../../service/challenges/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { Attachments } from '../../components/attachments.tsx';
import { FormField, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money, MoneyInput, type MoneyValue, moneyField, moneyValue } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { ProblemTitle } from './bids.tsx';
import {
  formatSize,
  formError,
  type MilestoneView,
  type ProjectView,
  StateTag,
  useAction,
  useLabels,
} from './shared.tsx';
import './challenges.css';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const evidenceFields = evidenceSchema.pick({ claimedInput: true, note: true });
const evidenceForm = z
  .object({ claimedInput: moneyField, note: z.preprocess(blankToNull, evidenceFields.shape.note) })
  .pipe(evidenceFields) as unknown as z.ZodType<
  z.output<typeof evidenceFields>,
  { claimedInput: MoneyValue; note: string }
>;

export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const { user } = useSession();
  const project = useApi<ProjectView>(`/api/challenges/projects/${encodeURIComponent(id)}`);
  const p = project.data;
  const own = Boolean(p && user?.role === 'enterprise' && user.organisationId === p.organisationId);
  const { error, run } = useAction();
  const paid = p?.milestones.reduce((s, m) => s + (m.paymentId ? (m.tranche ?? 0) : 0), 0) ?? 0;
  const apply = () => run(() => api('POST', `/api/challenges/projects/${id}/application`), project.reload);

  return (
    <>
      <PageHeader
        title={t('challenges.projectTitle')}
        subtitle={p ? <ProblemTitle id={p.problemId} /> : null}
        tabTitle={t('challenges.projectTitle')}
        back={{ to: '/challenges/projects', label: t('challenges.projectsTitle') }}
      />
      {project.error ? <ErrorBox error={project.error} onRetry={project.reload} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {project.loading && !p ? <Loading /> : null}
      {p ? (
        <>
          <Descriptions
            className="section-card"
            column={{ xs: 1, md: 2 }}
            size="small"
            bordered
            items={[
              { key: 'measure', label: t('challenges.measure'), children: p.measureId },
              { key: 'amount', label: t('challenges.bidAmount'), children: <Money fen={p.amount} exact /> },
              {
                key: 'state',
                label: t('challenges.state'),
                children: <StateTag code={p.state}>{labels.state('project', p.state)}</StateTag>,
              },
              {
                key: 'paid',
                label: t('challenges.paid'),
                children: (
                  <span data-testid="project-paid">
                    <Money fen={paid} exact />
                  </span>
                ),
              },
              {
                key: 'application',
                label: t('challenges.application'),
                children: p.applicationId ? (
                  <Link to={`/applications/${p.applicationId}`} data-testid="application-link">
                    {t('challenges.openApplication')}
                  </Link>
                ) : own && p.state === 'active' ? (
                  <Button type="primary" size="small" onClick={apply} data-testid="start-application">
                    {t('challenges.startApplication')}
                  </Button>
                ) : (
                  '—'
                ),
              },
              ...(p.recoveryAmount !== null
                ? [
                    {
                      key: 'recovery',
                      label: t('challenges.recovery'),
                      children: (
                        <span>
                          <Money fen={p.recoveryAmount} exact /> {p.recoveryNote ?? ''}
                          {p.recovery ? (
                            <span className="hint" data-testid="recovery-returned">
                              {' · '}
                              {t('challenges.recoveryReturned')} <Money fen={p.recovery.returned} exact />
                              {' · '}
                              {t('challenges.recoveryLeft')} <Money fen={p.recovery.left} exact />
                            </span>
                          ) : null}
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Paragraph className="small">{t('challenges.trancheRule')}</Typography.Paragraph>
          <Steps
            className="section-card"
            size="small"
            direction="vertical"
            data-testid="milestone-steps"
            current={p.milestones.findIndex((m) => m.state !== 'accepted')}
            items={p.milestones.map((m) => ({
              title: `${m.seq}. ${m.title}`,
              description: `${formatDate(m.dueOn)} · ${labels.state('milestone', m.state)}`,
              status:
                m.state === 'accepted'
                  ? 'finish'
                  : m.state === 'failed' || m.state === 'stopped'
                    ? 'error'
                    : 'wait',
            }))}
          />
          {p.milestones.map((m) => (
            <MilestoneCard key={m.seq} project={p} m={m} own={own} onChange={project.reload} />
          ))}
        </>
      ) : null}
    </>
  );
}

function MilestoneCard({
  project,
  m,
  own,
  onChange,
}: {
  project: ProjectView;
  m: MilestoneView;
  own: boolean;
  onChange: () => void;
}) {
  const { t } = useI18n('challenges');
  const labels = useLabels();
  const awaiting =
    project.state === 'active' && (m.state === 'pending' || (m.state === 'failed' && !m.final));
  return (
    <Card
      className="section-card"
      data-testid="milestone"
      data-seq={m.seq}
      data-state={m.state}
      title={
        <h2 className="card-heading">
          {t('challenges.milestoneN', { n: m.seq })} · {m.title}
          {m.final ? `（${t('challenges.final')}）` : ''}
        </h2>
      }
      extra={<StateTag code={m.state}>{labels.state('milestone', m.state)}</StateTag>}
    >
      <Descriptions
        column={{ xs: 1, md: 3 }}
        size="small"
        items={[
          { key: 'due', label: t('challenges.dueOnCol'), children: formatDate(m.dueOn) },
          {
            key: 'planned',
            label: t('challenges.plannedInputCol'),
            children: <Money fen={m.plannedInput} />,
          },
          { key: 'claimed', label: t('challenges.claimedInput'), children: <Money fen={m.claimedInput} /> },
          {
            key: 'verified',
            label: t('challenges.verifiedInput'),
            children: <Money fen={m.verifiedInput} />,
          },
          { key: 'tranche', label: t('challenges.tranche'), children: <Money fen={m.tranche} /> },
          {
            key: 'released',
            label: t('challenges.released'),
            children: (
              <span data-testid="released">
                {m.paymentId ? t('challenges.releasedYes') : t('challenges.releasedNo')}
              </span>
            ),
          },
          ...(m.decisionNote
            ? [{ key: 'note', label: t('challenges.decisionNote'), children: m.decisionNote }]
            : []),
        ]}
      />
      {m.evidence.length > 0 ? (
        <>
          <Typography.Paragraph strong>{t('challenges.evidence')}</Typography.Paragraph>
          <ul className="plain-list" data-testid="evidence">
            {m.evidence.map((e) => (
              <li key={e.sha256 + e.name}>
                {e.name} · {formatSize(e.size)} · <span className="hash">SHA-256 {e.sha256}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {own && awaiting ? <EvidenceForm project={project} m={m} onDone={onChange} /> : null}
    </Card>
  );
}

function EvidenceForm({
  project,
  m,
  onDone,
}: {
  project: ProjectView;
  m: MilestoneView;
  onDone: () => void;
}) {
  const { t, lang } = useI18n('challenges');
  const subjectId = `${project.id}:${m.seq}`;
  const form = useZodForm(evidenceForm, { claimedInput: moneyValue(null), note: '' });
  const [error, setError] = useState<unknown>(null);

  async function send(body: z.output<typeof evidenceFields>) {
    setError(null);
    try {
      const files = await api<{ items: AttachmentView[] }>(
        'GET',
        `/api/attachments?${new URLSearchParams({ subjectType: 'challenge_milestone', subjectId })}`,
      );
      if (files.items.length === 0) {
        setError(
          new ApiError(400, 'NO_EVIDENCE', {
            zh: t('challenges.evidenceNeeded'),
            en: t('challenges.evidenceNeeded'),
          }),
        );
        return;
      }
      await api('POST', `/api/challenges/projects/${project.id}/milestones/${m.seq}/evidence`, {
        ...body,
        evidence: files.items.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })),
      });
      onDone();
    } catch (e) {
      setError(formError(form, e, lang));
    }
  }

  return (
    <section aria-label={t('challenges.submitEvidenceFor', { n: m.seq })} data-testid="evidence-form">
      <Typography.Paragraph strong>{t('challenges.submitEvidenceFor', { n: m.seq })}</Typography.Paragraph>
      <Typography.Paragraph className="small">{t('challenges.evidenceHint')}</Typography.Paragraph>
      <Attachments subjectType="challenge_milestone" subjectId={subjectId} canUpload />
      <ZodForm form={form} onValid={send} className="challenge-form">
        <FormField
          form={form}
          name="claimedInput"
          label={t('challenges.claimedInputFor', { n: m.seq })}
          extra={t('challenges.claimedInputHint')}
          required
        >
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
        <FormField form={form} name="note" label={t('challenges.evidenceNote', { n: m.seq })}>
          {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={form.formState.isSubmitting}
            data-testid="submit-evidence"
          >
            {t('challenges.submitEvidence')}
          </Button>
        </Space>
      </ZodForm>
      {m.state === 'failed' ? <Alert type="warning" showIcon title={t('challenges.resubmit')} /> : null}
    </section>
  );
}
