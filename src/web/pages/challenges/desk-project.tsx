/**
 * A winner's project on the officer's desk: its milestones with the evidence the winner submitted (by
 * name and SHA-256), the 验收 decision (pass, conditional pass, fail — with the reasons; the input the
 * acceptance verified), the tranches scheduled from the approved application, and their release.
 * "根据项目投入，分阶段给予…不超过揭榜额30%": a tranche is released only after its milestone passed, and
 * what has been released stays within 30% of the input verified so far and within the approved amount —
 * both limits are shown beside each tranche, and the server's refusal lands on the tranche asked.
 * A failed final 验收 stops the remaining tranches and shows the recovery recorded — as the fund ledger
 * holds it: due back, returned, still due, each receipt — and approvers record money returned (退回款).
 */
import './desk.css';
import { Alert, Button, Descriptions, Input, Radio, Space, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { z } from 'zod';
import { formatRate } from '../../../core/money.ts';
import { decideMilestoneSchema, repaymentSchema } from '../../../service/challenges/schemas.ts';
import { api, useApi } from '../../api.ts';
import { DateInput } from '../../components/date-input.tsx';
import { FormField, SubmitButton, useZodForm, ZodForm } from '../../components/form.tsx';
import { Money, MoneyInput, moneyField, moneyValue, optionalMoneyField } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, errorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useTodayForm } from '../../today.ts';
import {
  type ChallengeLabels,
  noticePath,
  type ProblemView,
  type ProjectView,
  publicProblemPath,
  StateTag,
  useAction,
  useChallengeLabels,
  useChallengeReference,
  useDeskRole,
} from './desk-shared.tsx';

type Milestone = ProjectView['milestones'][number];

export default function DeskProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n('challengeDesk');
  const project = useApi<ProjectView>(`/api/challenges/projects/${id}`);
  const problem = useApi<ProblemView>(
    project.data ? `/api/challenges/problems/${project.data.problemId}` : null,
  );
  const ref = useChallengeReference();
  const labels = useChallengeLabels(ref.data);
  const winner =
    problem.data?.award?.winners.find((w) => w.bidId === project.data?.bidId)?.organisation ?? '';
  return (
    <>
      <PageHeader
        title={
          problem.data
            ? t('challengeDesk.projectTitle', { title: problem.data.title })
            : t('challengeDesk.project')
        }
        subtitle={winner}
        back={{ to: '/challenges/desk', label: t('challengeDesk.backToDesk') }}
      />
      {project.error ? <ErrorBox error={project.error} onRetry={project.reload} /> : null}
      {!project.data || !ref.data ? (
        <Loading />
      ) : (
        <ProjectDesk
          project={project.data}
          problem={problem.data}
          labels={labels}
          onChange={project.reload}
        />
      )}
    </>
  );
}

function ProjectDesk({
  project,
  problem,
  labels,
  onChange,
}: {
  project: ProjectView;
  problem: ProblemView | null;
  labels: ChallengeLabels;
  onChange: () => void;
}) {
  const { t, lang } = useI18n('challengeDesk');
  const role = useDeskRole();
  const r = project.release;
  const notice = noticePath(project);
  const scheduled = r.tranches.length > 0;
  const { error: scheduleError, busy, run } = useAction();
  const schedule = () => run(() => api('POST', `/api/challenges/projects/${project.id}/schedule`), onChange);
  const facts: { key: string; label: string; children: ReactNode }[] = [
    {
      key: 'state',
      label: t('challengeDesk.state'),
      children: <StateTag machine="project" state={project.state} labels={labels} />,
    },
    {
      key: 'problem',
      label: t('challengeDesk.problem'),
      children: problem ? <Link to={`/challenges/desk/problems/${problem.id}`}>{problem.title}</Link> : '—',
    },
    { key: 'amount', label: t('challengeDesk.bidAmount'), children: <Money fen={project.amount} exact /> },
    { key: 'measure', label: t('challengeDesk.measure'), children: project.measureId },
    {
      key: 'approved',
      label: t('challengeDesk.approved'),
      children:
        r.approvedAmount === null ? (
          <span className="hint">{t('challengeDesk.notApproved')}</span>
        ) : (
          <span data-testid="approved-amount">
            <Money fen={r.approvedAmount} exact />
          </span>
        ),
    },
    {
      key: 'application',
      label: t('challengeDesk.application'),
      children: project.applicationId ? (
        <Space wrap>
          <Link to={`/review/${project.applicationId}`}>{t('challengeDesk.openApplication')}</Link>
          {notice ? (
            <Link to={notice} data-testid="notice-link">
              {t('challengeDesk.noticeLink')}
            </Link>
          ) : null}
          {problem ? <Link to={publicProblemPath(problem.id)}>{t('challengeDesk.publicAward')}</Link> : null}
        </Space>
      ) : (
        <span className="hint">{t('challengeDesk.noApplicationYet')}</span>
      ),
    },
  ];
  if (project.state === 'failed')
    facts.push({
      key: 'recovery',
      label: t('challengeDesk.recovery'),
      children: (
        <span data-testid="recovery">
          <Money fen={project.recoveryAmount ?? 0} exact />
          {project.recoveryNote ? `：${project.recoveryNote}` : ''}
        </span>
      ),
    });
  return (
    <>
      <Descriptions column={1} size="small" className="facts" items={facts} data-testid="project-facts" />
      <Alert
        type="info"
        showIcon
        data-testid="release-rule"
        title={t('challengeDesk.releaseRule', { rate: formatRate(r.rate) })}
        description={
          r.approvedAmount !== null ? (
            <span>
              {t('challengeDesk.approvedCap')}
              <Money fen={r.approvedAmount} exact />
            </span>
          ) : undefined
        }
      />
      {project.state === 'failed' ? (
        <Alert type="error" showIcon title={t('challengeDesk.failedStops')} data-testid="failed-stops" />
      ) : null}
      {project.recovery ? <Recovery project={project} onChange={onChange} /> : null}
      {role.payer && !scheduled && project.state === 'active' && project.applicationId ? (
        <div className="section-form">
          <p className="hint">{t('challengeDesk.scheduleHint')}</p>
          {scheduleError ? <ErrorBox error={scheduleError} /> : null}
          <Button type="primary" loading={busy} onClick={schedule} data-testid="schedule">
            {t('challengeDesk.schedule')}
          </Button>
        </div>
      ) : null}
      <Typography.Title level={2} className="section-title">
        {t('challengeDesk.milestones')}
      </Typography.Title>
      <ol className="milestone-list plain-list" data-testid="milestones">
        {project.milestones.map((m) => (
          <li key={m.seq} data-seq={m.seq}>
            <MilestoneCard project={project} m={m} labels={labels} lang={lang} onChange={onChange} />
          </li>
        ))}
      </ol>
    </>
  );
}

function MilestoneCard({
  project,
  m,
  labels,
  onChange,
}: {
  project: ProjectView;
  m: Milestone;
  labels: ChallengeLabels;
  lang: 'zh' | 'en';
  onChange: () => void;
}) {
  const { t } = useI18n('challengeDesk');
  const role = useDeskRole();
  const tranche = project.release.tranches.find((x) => x.seq === m.seq);
  const decidable =
    role.officer && project.state === 'active' && (m.state === 'submitted' || m.state === 'conditional');
  const facts: { key: string; label: string; children: ReactNode }[] = [
    {
      key: 'state',
      label: t('challengeDesk.state'),
      children: (
        <Space wrap>
          <StateTag machine="milestone" state={m.state} labels={labels} />
          {m.final ? <span className="hint">{t('challengeDesk.finalMilestone')}</span> : null}
        </Space>
      ),
    },
    { key: 'due', label: t('challengeDesk.dueOn'), children: formatDate(m.dueOn) },
    { key: 'planned', label: t('challengeDesk.plannedInput'), children: <Money fen={m.plannedInput} /> },
    {
      key: 'claimed',
      label: t('challengeDesk.claimedInput'),
      children: m.claimedInput === null ? '—' : <Money fen={m.claimedInput} exact />,
    },
    {
      key: 'verified',
      label: t('challengeDesk.verifiedInput'),
      children:
        m.verifiedInput === null ? (
          '—'
        ) : (
          <span data-testid="verified-input">
            <Money fen={m.verifiedInput} exact />
          </span>
        ),
    },
    {
      key: 'evidence',
      label: t('challengeDesk.evidence'),
      children: m.evidence.length ? (
        <ul className="plain-list">
          {m.evidence.map((e) => (
            <li key={e.sha256}>
              {e.name} <code className="hint">SHA-256 {e.sha256.slice(0, 16)}…</code>
            </li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    },
  ];
  if (m.decisionNote)
    facts.push({ key: 'note', label: t('challengeDesk.decisionNote'), children: m.decisionNote });
  return (
    <section
      className="section-card milestone-card"
      aria-labelledby={`m-${m.seq}`}
      data-testid={`milestone-${m.seq}`}
    >
      <Typography.Title level={3} id={`m-${m.seq}`}>
        {t('challengeDesk.milestoneN', { n: m.seq })}：{m.title}
      </Typography.Title>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" className="facts" items={facts} />
      {tranche || m.tranche !== null ? <Tranche project={project} m={m} onChange={onChange} /> : null}
      {decidable ? <DecisionForm project={project} m={m} onDone={onChange} /> : null}
    </section>
  );
}

/** One tranche: its amount, both limits it is checked against, and its release (approvers, admins). */
function Tranche({ project, m, onChange }: { project: ProjectView; m: Milestone; onChange: () => void }) {
  const { t, lang } = useI18n('challengeDesk');
  const role = useDeskRole();
  const r = project.release;
  const v = r.tranches.find((x) => x.seq === m.seq);
  // One key per attempt on this page: a retry after a network failure replays the same payment.
  const key = useMemo(() => `desk-${project.id}-${m.seq}-${crypto.randomUUID()}`, [project.id, m.seq]);
  const { error, busy, run } = useAction();
  const paid = m.paymentId !== null;
  const release = () =>
    run(
      () =>
        api(
          'POST',
          `/api/challenges/projects/${project.id}/milestones/${m.seq}/release`,
          {},
          {
            'Idempotency-Key': key,
          },
        ),
      onChange,
    );
  const refusalId = `release-${m.seq}-refusal`;
  return (
    <div className="tranche" data-testid={`tranche-${m.seq}`}>
      <Descriptions
        column={1}
        size="small"
        className="facts"
        items={[
          {
            key: 'tranche',
            label: t('challengeDesk.tranche'),
            children: (
              <Space wrap>
                {m.tranche === null ? '—' : <Money fen={m.tranche} exact />}
                {paid ? (
                  <strong data-testid="tranche-paid">{t('challengeDesk.paid')}</strong>
                ) : m.state === 'stopped' ? (
                  <strong className="text-danger">{t('challengeDesk.stopped')}</strong>
                ) : null}
              </Space>
            ),
          },
          ...(v
            ? [
                {
                  key: 'limit',
                  label: t('challengeDesk.inputLimit', { rate: formatRate(r.rate) }),
                  children: (
                    <span data-testid="input-limit">
                      <Money fen={v.limit} exact />
                      <span className="hint">
                        （{t('challengeDesk.verifiedSoFar')} <Money fen={v.verifiedSoFar} />）
                      </span>
                    </span>
                  ),
                },
                {
                  key: 'approved',
                  label: t('challengeDesk.approvedLimit'),
                  children: r.approvedAmount === null ? '—' : <Money fen={r.approvedAmount} exact />,
                },
                ...(!paid && !v.ok && v.text
                  ? [
                      {
                        key: 'waits',
                        label: t('challengeDesk.releaseWaits'),
                        children: <span data-testid="release-waits">{v.text[lang] || v.text.zh}</span>,
                      },
                    ]
                  : []),
              ]
            : []),
        ]}
      />
      {role.payer && v && !paid && m.state !== 'stopped' && project.state !== 'failed' ? (
        <div>
          <Button
            type={v.ok ? 'primary' : 'default'}
            loading={busy}
            onClick={release}
            aria-describedby={error ? refusalId : undefined}
            data-testid={`release-${m.seq}`}
          >
            {t('challengeDesk.release', { n: m.seq })}
          </Button>
          {error ? (
            <div id={refusalId} role="alert" className="field-error" data-testid={`release-${m.seq}-refusal`}>
              {errorMessage(error, t, lang)}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const repaymentForm = repaymentSchema.extend({
  amount: moneyField,
  // Cleared: the server takes today.
  receivedOn: z.union([z.literal(''), repaymentSchema.shape.receivedOn.unwrap()]).optional(),
});

/**
 * 应追回与退回款 (11·5): what the fund ledger records as due back from this project, what was returned
 * and what is still due, each receipt; approvers and admins record money returned (partial receipts
 * are fine, never more than is still due — the server refuses it on the amount field).
 */
function Recovery({ project, onChange }: { project: ProjectView; onChange: () => void }) {
  const { t } = useI18n('challengeDesk');
  const role = useDeskRole();
  const rec = project.recovery!;
  const { form, today } = useTodayForm(
    repaymentForm,
    (today) => ({ amount: moneyValue(null), receivedOn: today, note: '' }),
    ['receivedOn'],
  );
  // One key per receipt: a retry after a network failure replays it; a new one after it was recorded
  // (two instalments of the same sum are two receipts, not a replay).
  const newKey = () => `repay-${project.id}-${crypto.randomUUID()}`;
  const [key, setKey] = useState(newKey);
  const { error, run } = useAction(form);
  const save = (v: z.output<typeof repaymentForm>) =>
    run(
      () =>
        api(
          'POST',
          `/api/challenges/projects/${project.id}/repayments`,
          { amount: v.amount, receivedOn: v.receivedOn || undefined, note: v.note?.trim() || null },
          { 'Idempotency-Key': key },
        ),
      () => {
        form.reset({ amount: moneyValue(null), receivedOn: today, note: '' });
        setKey(newKey());
        onChange();
      },
    );
  return (
    <section className="section-form" data-testid="recovery-ledger" aria-labelledby="recovery-title">
      <Typography.Title level={2} className="section-title" id="recovery-title">
        {t('challengeDesk.recoveryLedger')}
      </Typography.Title>
      <Descriptions
        column={1}
        size="small"
        className="facts"
        items={[
          {
            key: 'due',
            label: t('challengeDesk.recoveryDue'),
            children: (
              <span>
                <Money fen={rec.due} exact />{' '}
                <span className="hint">
                  {t('challengeDesk.recoveryFundYear', {
                    fund: rec.fund,
                    year: rec.year,
                    on: formatDate(rec.recordedOn),
                  })}
                </span>
              </span>
            ),
          },
          {
            key: 'returned',
            label: t('challengeDesk.recoveryReturned'),
            children: <Money fen={rec.returned} exact />,
          },
          {
            key: 'left',
            label: t('challengeDesk.recoveryLeft'),
            children: (
              <span data-testid="recovery-left">
                <Money fen={rec.left} exact />
              </span>
            ),
          },
        ]}
      />
      {rec.receipts.length > 0 ? (
        <ol className="plain-list" data-testid="recovery-receipts" aria-label={t('challengeDesk.receipts')}>
          {rec.receipts.map((r) => (
            <li key={r.id}>
              {formatDate(r.receivedOn)} · <Money fen={r.amount} exact />
              {r.note ? `（${r.note}）` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">{t('challengeDesk.noReceipts')}</p>
      )}
      {role.payer && rec.left > 0 ? (
        <ZodForm form={form} onValid={save} testId="repayment-form">
          <Typography.Title level={3}>{t('challengeDesk.recordRepayment')}</Typography.Title>
          <Space wrap align="start">
            <FormField form={form} name="amount" label={t('challengeDesk.repaymentAmount')} required>
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
            <FormField
              form={form}
              name="receivedOn"
              label={t('challengeDesk.receivedOn')}
              extra={t('challengeDesk.receivedOnHint')}
            >
              {(f) => <DateInput {...f} value={f.value ?? ''} />}
            </FormField>
          </Space>
          <FormField form={form} name="note" label={t('challengeDesk.repaymentNote')}>
            {(f) => <Input {...f} value={f.value ?? ''} maxLength={500} />}
          </FormField>
          {error ? <ErrorBox error={error} /> : null}
          <SubmitButton form={form} testId="record-repayment">
            {t('challengeDesk.recordRepayment')}
          </SubmitButton>
        </ZodForm>
      ) : null}
    </section>
  );
}

const decisionForm = decideMilestoneSchema.extend({
  verifiedInput: optionalMoneyField,
  recoveryAmount: optionalMoneyField,
});

/** 验收结论: pass / conditional / fail (with the reason), the input verified; a failed final one records the recovery. */
function DecisionForm({ project, m, onDone }: { project: ProjectView; m: Milestone; onDone: () => void }) {
  const { t } = useI18n('challengeDesk');
  const form = useZodForm(decisionForm, {
    decision: m.state === 'conditional' ? 'clear_conditions' : 'pass',
    verifiedInput: moneyValue(m.claimedInput),
    reason: '',
    recoveryAmount: moneyValue(null),
  });
  const { error, run } = useAction(form);
  const decision = form.watch('decision');
  const save = (v: z.output<typeof decisionForm>) =>
    run(
      () =>
        api('POST', `/api/challenges/projects/${project.id}/milestones/${m.seq}/decision`, {
          decision: v.decision,
          reason: v.reason?.trim() || null,
          ...(v.verifiedInput !== null && v.decision !== 'fail' ? { verifiedInput: v.verifiedInput } : {}),
          ...(v.recoveryAmount !== null && v.decision === 'fail' ? { recoveryAmount: v.recoveryAmount } : {}),
        }),
      onDone,
    );
  const options =
    m.state === 'conditional'
      ? [
          { value: 'clear_conditions', label: t('challengeDesk.clearConditions') },
          { value: 'fail', label: t('challengeDesk.fail') },
        ]
      : [
          { value: 'pass', label: t('challengeDesk.pass') },
          { value: 'conditional', label: t('challengeDesk.conditional') },
          { value: 'fail', label: t('challengeDesk.fail') },
        ];
  return (
    <ZodForm form={form} onValid={save} testId={`decision-${m.seq}`} className="section-form">
      <Typography.Title level={4}>{t('challengeDesk.decisionTitle')}</Typography.Title>
      <FormField form={form} name="decision" label={t('challengeDesk.decision')} group required>
        {(f) => (
          <Radio.Group
            aria-labelledby={f['aria-labelledby']}
            value={f.value}
            onChange={(e) => f.onChange(e.target.value)}
            options={options}
          />
        )}
      </FormField>
      {decision !== 'fail' ? (
        <FormField
          form={form}
          name="verifiedInput"
          label={t('challengeDesk.verifiedInput')}
          required={decision !== 'clear_conditions'}
          extra={t('challengeDesk.verifiedInputHint')}
        >
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
      ) : null}
      {decision === 'fail' && m.final ? (
        <FormField
          form={form}
          name="recoveryAmount"
          label={t('challengeDesk.recoveryAmount')}
          extra={t('challengeDesk.recoveryHint')}
        >
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
      ) : null}
      <FormField
        form={form}
        name="reason"
        label={t('challengeDesk.decisionReason')}
        required={decision !== 'pass'}
      >
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} maxLength={2000} />}
      </FormField>
      {error ? <ErrorBox error={error} /> : null}
      <Button type="primary" htmlType="submit" danger={decision === 'fail'} data-testid={`decide-${m.seq}`}>
        {t('challengeDesk.recordDecision')}
      </Button>
    </ZodForm>
  );
}
