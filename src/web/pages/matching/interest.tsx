/**
 * 对接详情: one engagement from interest to project (GET /api/matching/interests/:id). The receiver
 * accepts or declines; the contacts appear only once accepted (the API sends none before); the
 * parties (and the assigned broker) record meetings, the technology contract (number, 技术合同认定登记,
 * amount in 万元) and then the 产学研 / 创新联合体 project, from which a prefilled self-check opens under
 * 000·五, 000·三 or 001·四 (GET …/self-check → the calculator input) and the enterprise may start an
 * application draft (POST …/application). Only the actions the server lists (`actions`) are offered.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Select,
  Space,
  Steps,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, useApi } from '../../api.ts';
import { DateInput } from '../../components/date-input.tsx';
import {
  applyIssues,
  type FormApi,
  FormField,
  SubmitButton,
  useZodForm,
  ZodForm,
} from '../../components/form.tsx';
import { Money, MoneyInput, moneyValue } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { useTodayForm } from '../../today.ts';
import { formFromInput, store } from '../self-check/form.ts';
import { contractForm, meetingForm, noteForm, projectForm } from './form.ts';
import { type InterestView, type MatchingReference, useLabels, useMatchingReference } from './shared.tsx';

type Contact = { name: string; phone: string | null; email: string | null };

function ContactLines({ c }: { c: Contact }) {
  return (
    <span data-testid="contact">
      {c.name}
      {c.phone ? ` · ${c.phone}` : ''}
      {c.email ? ` · ${c.email}` : ''}
    </span>
  );
}

export default function InterestPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n('matching');
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const data = useApi<InterestView>(`/api/matching/interests/${encodeURIComponent(id)}`);
  const [shown, setShown] = useState<InterestView | null>(null);
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data || !ref.data) return <Loading />;
  const i = shown && shown.version >= data.data.version ? shown : data.data;
  const done = (next: InterestView) => setShown(next);
  const stages = ref.data.engagementStages;
  const reached = stages.findIndex((s) => s.code === i.stage);
  return (
    <>
      <PageHeader
        title={t('matching.interestTitle')}
        subtitle={`${i.from.name} → ${i.to.name}`}
        back={{ to: '/matching/interests', label: t('matching.interestsTitle') }}
      />
      <Card className="section-card" data-testid="interest" data-state={i.state} data-stage={i.stage}>
        <Steps
          size="small"
          current={reached}
          status={i.state === 'declined' || i.state === 'withdrawn' ? 'error' : 'process'}
          items={stages.map((s) => ({ title: pick(s.label) }))}
          className="stage-steps"
        />
        <Descriptions
          column={1}
          size="small"
          className="facts"
          items={[
            {
              key: 'state',
              label: t('matching.state'),
              children: <strong data-testid="interest-state">{pick(i.stateLabel)}</strong>,
            },
            {
              key: 'need',
              label: labels.side('need'),
              children: i.need ? <Link to={`/matching/listings/${i.need.id}`}>{i.need.title}</Link> : '—',
            },
            {
              key: 'offer',
              label: labels.side('offer'),
              children: i.offer ? <Link to={`/matching/listings/${i.offer.id}`}>{i.offer.title}</Link> : '—',
            },
            { key: 'score', label: t('matching.score'), children: i.score ?? '—' },
            {
              key: 'message',
              label: t('matching.message'),
              children: <span className="pre-line">{i.message}</span>,
            },
            { key: 'sent', label: t('matching.sentOn'), children: formatDateTime(i.createdAt) },
            {
              key: 'answer',
              label: i.answeredAt ? t('matching.answeredOn') : t('matching.answerBy'),
              children: i.answeredAt
                ? `${formatDateTime(i.answeredAt)}${i.answerNote ? ` · ${i.answerNote}` : ''}`
                : formatDate(i.answerBy),
            },
            {
              key: 'broker',
              label: t('matching.broker'),
              children: i.broker
                ? `${i.broker.displayName}${i.brokerRespondBy ? ` · ${t('matching.respondBy', { at: formatDateTime(i.brokerRespondBy) })}` : ''}`
                : t('matching.noBroker'),
            },
          ]}
        />
      </Card>

      <Card className="section-card" title={t('matching.contacts')}>
        {i.counterpartContact ? (
          <p>
            {t('matching.counterpartContact')}：<ContactLines c={i.counterpartContact} />
          </p>
        ) : i.contacts ? (
          <p>
            {i.from.name}：<ContactLines c={i.contacts.from} />
            <br />
            {i.to.name}：<ContactLines c={i.contacts.to} />
          </p>
        ) : (
          <Alert type="info" showIcon title={t('matching.contactAfterAccept')} data-testid="contact-hidden" />
        )}
      </Card>

      <Answer i={i} onDone={done} />
      {i.timeline.length > 0 ? (
        <Card className="section-card" title={t('matching.timelineTitle')}>
          <Timeline
            items={i.timeline.map((e) => ({
              children: (
                <span>
                  {formatDate(e.onDate ?? e.at)} · {t(`matching.event.${e.kind}` as never)}
                  {e.text ? `：${e.text}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      ) : null}
      {i.perspective === 'broker' ? <BrokerNote i={i} onDone={done} /> : null}
      {i.actions.includes('record_meeting') ? <MeetingForm i={i} onDone={done} /> : null}
      {i.contract ? (
        <Card className="section-card" title={t('matching.contract')} data-testid="contract">
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'no', label: t('matching.contractNo'), children: i.contract.contractNo },
              { key: 'reg', label: t('matching.registrationNo'), children: i.contract.registrationNo ?? '—' },
              {
                key: 'amount',
                label: t('matching.contractAmount'),
                children: <Money fen={i.contract.amount} exact />,
              },
              { key: 'signed', label: t('matching.signedOn'), children: formatDate(i.contract.signedOn) },
            ]}
          />
        </Card>
      ) : i.actions.includes('record_contract') ? (
        <ContractForm i={i} onDone={done} />
      ) : null}
      {i.project ? (
        <ProjectCard i={i} onDone={done} reference={ref.data} />
      ) : i.actions.includes('form_project') ? (
        <ProjectForm i={i} onDone={done} reference={ref.data} />
      ) : null}
    </>
  );
}

async function step(
  path: string,
  body: unknown,
  onDone: (i: InterestView) => void,
  setError: (e: unknown) => void,
): Promise<void> {
  setError(null);
  try {
    onDone(await api<InterestView>('POST', path, body));
  } catch (e) {
    setError(e);
  }
}

function Answer({ i, onDone }: { i: InterestView; onDone: (i: InterestView) => void }) {
  const { t } = useI18n('matching');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const can = (a: string) => i.actions.includes(a as never);
  if (!can('accept') && !can('decline') && !can('withdraw')) return null;
  const run = async (action: string, body: unknown) => {
    setBusy(true);
    await step(`/api/matching/interests/${i.id}/${action}`, body, onDone, setError);
    setBusy(false);
  };
  return (
    <Card className="section-card" title={t('matching.answerTitle')}>
      {can('accept') ? (
        <>
          <label htmlFor="answer-note" className="field-label">
            {t('matching.answerNote')}
          </label>
          <Input.TextArea
            id="answer-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={500}
          />
        </>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <Space wrap className="actions-row">
        {can('accept') ? (
          <Button
            type="primary"
            loading={busy}
            data-testid="accept"
            onClick={() =>
              run('accept', { version: i.version, ...(note.trim() ? { note: note.trim() } : {}) })
            }
          >
            {t('matching.accept')}
          </Button>
        ) : null}
        {can('decline') ? (
          <Button
            danger
            loading={busy}
            data-testid="decline"
            onClick={() =>
              run('decline', { version: i.version, ...(note.trim() ? { note: note.trim() } : {}) })
            }
          >
            {t('matching.decline')}
          </Button>
        ) : null}
        {can('withdraw') ? (
          <Button
            loading={busy}
            data-testid="withdraw"
            onClick={() => run('withdraw', { version: i.version })}
          >
            {t('matching.withdrawInterest')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}

/**
 * One step of the engagement from a form (POST /api/matching/interests/:id/<step>): the view the server
 * answers replaces the page's; the server's issues go under their fields, anything else above the button.
 */
function useStep<T extends FieldValues>(
  i: InterestView,
  step: 'notes' | 'meetings' | 'contract' | 'project',
  form: FormApi<T>,
  onDone: (i: InterestView) => void,
) {
  const { lang } = useI18n('matching');
  const [error, setError] = useState<unknown>(null);
  async function save(body: object): Promise<boolean> {
    try {
      onDone(await api<InterestView>('POST', `/api/matching/interests/${i.id}/${step}`, body));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) applyIssues(form, e.issues, lang);
      else setError(e);
      return false;
    }
  }
  return { error, save };
}

/** The assigned broker's follow-up (the first one stops the response clock): POST …/notes. */
function BrokerNote({ i, onDone }: { i: InterestView; onDone: (i: InterestView) => void }) {
  const { t } = useI18n('matching');
  const form = useZodForm(noteForm, { text: '' });
  const { error, save: send } = useStep(i, 'notes', form, onDone);
  async function save(body: object) {
    if (await send(body)) form.reset({ text: '' });
  }
  return (
    <Card className="section-card" title={t('matching.brokerNote')}>
      {i.brokerRespondBy && !i.brokerRespondedAt ? (
        <Alert
          type="warning"
          showIcon
          title={t('matching.respondBy', { at: formatDateTime(i.brokerRespondBy) })}
        />
      ) : null}
      <ZodForm form={form} onValid={save} testId="note-form">
        <FormField form={form} name="text" label={t('matching.brokerNoteText')} required>
          {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="save-note">
          {t('matching.brokerNote')}
        </SubmitButton>
      </ZodForm>
    </Card>
  );
}

function MeetingForm({ i, onDone }: { i: InterestView; onDone: (i: InterestView) => void }) {
  const { t } = useI18n('matching');
  const { form, today } = useTodayForm(meetingForm, (today) => ({ date: today, note: '' }), ['date']);
  const { error, save: send } = useStep(i, 'meetings', form, onDone);
  async function save(body: object) {
    if (await send(body)) form.reset({ date: today, note: '' });
  }
  return (
    <Card className="section-card" title={t('matching.recordMeeting')}>
      <ZodForm form={form} onValid={save} testId="meeting-form">
        <FormField form={form} name="date" label={t('matching.meetingDate')} required>
          {(f) => <DateInput {...f} />}
        </FormField>
        <FormField form={form} name="note" label={t('matching.meetingNote')} required>
          {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="save-meeting">
          {t('matching.recordMeeting')}
        </SubmitButton>
      </ZodForm>
    </Card>
  );
}

function ContractForm({ i, onDone }: { i: InterestView; onDone: (i: InterestView) => void }) {
  const { t } = useI18n('matching');
  const { form } = useTodayForm(
    contractForm,
    (today) => ({
      contractNo: '',
      registrationNo: '',
      amount: moneyValue(null),
      signedOn: today,
      registeredOn: '',
    }),
    ['signedOn'],
  );
  const { error, save: send } = useStep(i, 'contract', form, onDone);
  async function save(body: object) {
    await send({ ...body, version: i.version });
  }
  return (
    <Card className="section-card" title={t('matching.recordContract')}>
      <ZodForm form={form} onValid={save} testId="contract-form">
        <FormField form={form} name="contractNo" label={t('matching.contractNo')} required>
          {(f) => <Input {...f} maxLength={60} />}
        </FormField>
        <FormField
          form={form}
          name="registrationNo"
          label={t('matching.registrationNo')}
          extra={t('matching.registrationHint')}
        >
          {(f) => <Input {...f} maxLength={60} />}
        </FormField>
        <FormField form={form} name="amount" label={t('matching.contractAmount')} required>
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
        <Flex gap={16} wrap>
          <FormField form={form} name="signedOn" label={t('matching.signedOn')} required>
            {(f) => <DateInput {...f} />}
          </FormField>
          <FormField form={form} name="registeredOn" label={t('matching.registeredOn')}>
            {(f) => <DateInput {...f} />}
          </FormField>
        </Flex>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="save-contract">
          {t('matching.recordContract')}
        </SubmitButton>
      </ZodForm>
    </Card>
  );
}

function ProjectForm({
  i,
  onDone,
  reference,
}: {
  i: InterestView;
  onDone: (i: InterestView) => void;
  reference: MatchingReference;
}) {
  const { t, pick } = useI18n('matching');
  const { form } = useTodayForm(
    projectForm,
    (today) => ({
      kind: 'iur_project' as const,
      title: i.need?.title ?? '',
      input: moneyValue(i.contract?.amount ?? null),
      formedOn: today,
    }),
    ['formedOn'],
  );
  const { error, save: send } = useStep(i, 'project', form, onDone);
  async function save(body: object) {
    await send({ ...body, version: i.version });
  }
  return (
    <Card className="section-card" title={t('matching.formProject')}>
      <ZodForm form={form} onValid={save} testId="project-form">
        <FormField form={form} name="kind" label={t('matching.projectKind')} required>
          {(f) => (
            <Select
              {...f}
              options={reference.projectKinds.map((k) => ({
                value: k.code,
                label: `${pick(k.label)}（${k.measureIds.join('、')}）`,
              }))}
            />
          )}
        </FormField>
        <FormField form={form} name="title" label={t('matching.projectTitle')} required>
          {(f) => <Input {...f} maxLength={200} />}
        </FormField>
        <FormField
          form={form}
          name="input"
          label={t('matching.projectInput')}
          extra={t('matching.projectInputHint')}
          required
        >
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
        <FormField form={form} name="formedOn" label={t('matching.formedOn')} required>
          {(f) => <DateInput {...f} />}
        </FormField>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="save-project">
          {t('matching.formProject')}
        </SubmitButton>
      </ZodForm>
    </Card>
  );
}

/**
 * The project formed: open the self-check filled in with it (the calculator input the server builds
 * from the registry record and the pair, kept where the self-check reads what was typed), or start
 * the application draft.
 */
function ProjectCard({
  i,
  onDone,
  reference,
}: {
  i: InterestView;
  onDone: (i: InterestView) => void;
  reference: MatchingReference;
}) {
  const { t } = useI18n('matching');
  const labels = useLabels(reference);
  const navigate = useNavigate();
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const p = i.project!;
  // The enterprise is the need's side: the receiver when the interest was in the need, else the sender.
  const enterprise = i.need && i.targetListingId === i.need.id ? i.to : i.from;
  const enterpriseSide = user?.organisationId === enterprise.organisationId;
  async function openSelfCheck() {
    setError(null);
    try {
      const r = await api<{ measureIds: string[]; input: Parameters<typeof formFromInput>[0] }>(
        'GET',
        `/api/matching/interests/${i.id}/self-check`,
      );
      store(formFromInput(r.input));
      navigate('/check');
    } catch (e) {
      setError(e);
    }
  }
  async function apply(measureId: string) {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ interest: InterestView; applicationId: string }>(
        'POST',
        `/api/matching/interests/${i.id}/application`,
        { measureId },
      );
      onDone(r.interest);
      navigate(`/applications/${r.applicationId}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card className="section-card" title={t('matching.project')} data-testid="project">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'kind', label: t('matching.projectKind'), children: labels.projectKind(p.kind) },
          { key: 'title', label: t('matching.projectTitle'), children: p.title },
          { key: 'input', label: t('matching.projectInput'), children: <Money fen={p.input} exact /> },
          { key: 'formed', label: t('matching.formedOn'), children: formatDate(p.formedOn) },
          { key: 'measures', label: t('matching.measures'), children: p.measureIds.join('、') },
        ]}
      />
      <Typography.Paragraph className="hint">{t('matching.selfCheckHint')}</Typography.Paragraph>
      {error ? <ErrorBox error={error} /> : null}
      <Space wrap>
        <Button type="primary" onClick={openSelfCheck} data-testid="open-self-check">
          {t('matching.openSelfCheck')}
        </Button>
        {p.applicationId ? (
          <Link to={`/applications/${p.applicationId}`}>{t('matching.openApplication')}</Link>
        ) : enterpriseSide ? (
          p.measureIds.map((m) => (
            <Button key={m} loading={busy} onClick={() => apply(m)} data-testid={`apply-${m}`}>
              {t('matching.startApplication', { measure: m })}
            </Button>
          ))
        ) : null}
      </Space>
    </Card>
  );
}
