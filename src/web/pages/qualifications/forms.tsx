/**
 * The officers' writes on a firm's ledger, each on the API's own request schema
 * (src/service/qualifications/schemas.ts): record a certificate or listing; revoke, downgrade or
 * withdraw a holding with a reason. The server's issues land under their fields; what it answers
 * (the events written, a first-time reward raised) is shown after the save.
 */
import { Alert, Input, Select } from 'antd';
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { z } from 'zod';
import {
  downgradeInputSchema,
  recordInputSchema,
  revokeInputSchema,
  withdrawInputSchema,
} from '../../../service/qualifications/schemas.ts';
import { ApiError, api } from '../../api.ts';
import { DateInput } from '../../components/date-input.tsx';
import {
  applyIssues,
  type FormApi,
  FormField,
  SubmitButton,
  useZodForm,
  ZodForm,
} from '../../components/form.tsx';
import { ErrorBox } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { RecordView, Reference } from './shared.tsx';

/** Empty optional texts are left out, not sent as "". */
const optionalText = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

const recordForm = recordInputSchema.extend({
  level: optionalText(recordInputSchema.shape.level.unwrap().unwrap()),
  grade: optionalText(recordInputSchema.shape.grade.unwrap().unwrap()),
  certificateNo: optionalText(recordInputSchema.shape.certificateNo.unwrap().unwrap()),
  issuer: optionalText(recordInputSchema.shape.issuer.unwrap().unwrap()),
  expiresOn: optionalText(recordInputSchema.shape.expiresOn.unwrap().unwrap()),
});
const downgradeTo = downgradeInputSchema.shape.to;
const downgradeForm = downgradeInputSchema.extend({
  to: downgradeTo.extend({
    grade: optionalText(downgradeTo.shape.grade.unwrap().unwrap()),
    level: optionalText(downgradeTo.shape.level.unwrap().unwrap()),
    expiresOn: optionalText(downgradeTo.shape.expiresOn.unwrap().unwrap()),
  }),
});

type WriteAnswer = {
  items?: { events: { event: string }[] }[];
  rewards?: { status: string; measureId: string }[];
};

function useWrite<T extends FieldValues>(form: FormApi<T>, onSaved: () => void) {
  const { t, lang } = useI18n('qualifications');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return {
    saved,
    error,
    async send(path: string, body: unknown) {
      setSaved(null);
      setError(null);
      try {
        const answer = await api<WriteAnswer>('POST', path, body);
        const events = (answer.items ?? []).flatMap((i) => i.events);
        const rewards = (answer.rewards ?? []).filter((r) => r.status === 'new');
        setSaved(
          [
            t('qual.saved'),
            events.length ? t('qual.savedEvents', { n: events.length }) : '',
            rewards.length
              ? t('qual.savedReward', { measures: rewards.map((r) => r.measureId).join('、') })
              : '',
          ]
            .filter(Boolean)
            .join(' '),
        );
        onSaved();
      } catch (err) {
        const stray = err instanceof ApiError ? applyIssues(form, err.issues, lang) : [];
        if (!(err instanceof ApiError) || err.issues.length === 0 || stray.length > 0) setError(err);
      }
    },
  };
}

function Outcome({ s, testId }: { s: { saved: string | null; error: unknown }; testId: string }) {
  return (
    <>
      {s.error ? <ErrorBox error={s.error} /> : null}
      {s.saved ? <Alert type="success" role="status" data-testid={testId} title={s.saved} /> : null}
    </>
  );
}

/** Kind, level and grade choices of the reference data for one form. */
function KindFields<T extends FieldValues>({
  form,
  reference,
  prefix,
}: {
  form: FormApi<T>;
  reference: Reference;
  prefix: '' | 'to.';
}) {
  const { t, pick } = useI18n('qualifications');
  const kind = form.watch(`${prefix}kind` as never) as unknown as string;
  const k = reference.kinds.find((x) => x.code === kind);
  return (
    <>
      <FormField form={form} name={`${prefix}kind` as never} label={t('qual.kind')} required>
        {(f) => (
          <Select
            {...f}
            showSearch={{ optionFilterProp: 'label' }}
            options={reference.kinds.map((x) => ({ value: x.code, label: pick(x.label) }))}
          />
        )}
      </FormField>
      {k && k.levels.length > 0 ? (
        <FormField form={form} name={`${prefix}level` as never} label={t('qual.level')}>
          {(f) => (
            <Select
              {...f}
              allowClear
              options={reference.levels
                .filter((l) => k.levels.includes(l.code))
                .map((l) => ({ value: l.code, label: pick(l.label) }))}
            />
          )}
        </FormField>
      ) : null}
      {k && k.grades.length > 0 ? (
        <FormField form={form} name={`${prefix}grade` as never} label={t('qual.grade')}>
          {(f) => (
            <Select
              {...f}
              allowClear
              options={k.grades.map((g) => ({ value: g.code, label: pick(g.label) }))}
            />
          )}
        </FormField>
      ) : null}
    </>
  );
}

export function RecordForm({
  organisationId,
  reference,
  onSaved,
}: {
  organisationId: string;
  reference: Reference;
  onSaved: () => void;
}) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(recordForm, {
    organisationId,
    kind: '',
    level: undefined,
    grade: undefined,
    certificateNo: '',
    issuer: '',
    grantedOn: '',
    expiresOn: '',
  });
  const write = useWrite(form, onSaved);
  return (
    <ZodForm form={form} onValid={(v) => write.send('/api/qualifications/records', v)} testId="record-form">
      <KindFields form={form} reference={reference} prefix="" />
      <FormField form={form} name="certificateNo" label={t('qual.certificateNo')}>
        {(f) => <Input {...f} value={(f.value as string | undefined) ?? ''} />}
      </FormField>
      <FormField form={form} name="issuer" label={t('qual.issuer')}>
        {(f) => <Input {...f} value={(f.value as string | undefined) ?? ''} />}
      </FormField>
      <FormField form={form} name="grantedOn" label={t('qual.grantedOn')} required>
        {(f) => <DateInput {...f} value={f.value ?? ''} />}
      </FormField>
      <FormField form={form} name="expiresOn" label={t('qual.expiresOn')} extra={t('qual.expiresHelp')}>
        {(f) => <DateInput {...f} value={(f.value as string | undefined) ?? ''} />}
      </FormField>
      <SubmitButton form={form} testId="record-submit">
        {t('qual.recordSubmit')}
      </SubmitButton>
      <Outcome s={write} testId="record-saved" />
    </ZodForm>
  );
}

export type RecordAction = 'revoke' | 'downgrade' | 'withdraw';

export function ActionForm({
  action,
  record,
  reference,
  today,
  onSaved,
}: {
  action: RecordAction;
  record: RecordView;
  reference: Reference;
  today: string;
  onSaved: () => void;
}) {
  if (action === 'withdraw') return <WithdrawForm record={record} onSaved={onSaved} />;
  if (action === 'revoke') return <RevokeForm record={record} today={today} onSaved={onSaved} />;
  return <DowngradeForm record={record} reference={reference} today={today} onSaved={onSaved} />;
}

function ReasonField<T extends FieldValues>({ form }: { form: FormApi<T> }) {
  const { t } = useI18n('qualifications');
  return (
    <FormField form={form} name={'reason' as never} label={t('qual.reason')} required>
      {(f) => <Input.TextArea {...f} rows={2} />}
    </FormField>
  );
}

function RevokeForm({ record, today, onSaved }: { record: RecordView; today: string; onSaved: () => void }) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(revokeInputSchema, { on: today, reason: '' });
  const write = useWrite(form, onSaved);
  return (
    <ZodForm
      form={form}
      onValid={(v) => write.send(`/api/qualifications/records/${record.id}/revoke`, v)}
      testId="revoke-form"
    >
      <FormField form={form} name="on" label={t('qual.effectiveOn')} required extra={t('qual.revokeHelp')}>
        {(f) => <DateInput {...f} value={f.value ?? ''} />}
      </FormField>
      <ReasonField form={form} />
      <SubmitButton form={form} danger testId="revoke-submit">
        {t('qual.revoke')}
      </SubmitButton>
      <Outcome s={write} testId="revoke-saved" />
    </ZodForm>
  );
}

function DowngradeForm({
  record,
  reference,
  today,
  onSaved,
}: {
  record: RecordView;
  reference: Reference;
  today: string;
  onSaved: () => void;
}) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(downgradeForm, {
    on: today,
    reason: '',
    to: { kind: record.kind, grade: undefined, level: undefined, expiresOn: '' },
  });
  const write = useWrite(form, onSaved);
  return (
    <ZodForm
      form={form}
      onValid={(v) => write.send(`/api/qualifications/records/${record.id}/downgrade`, v)}
      testId="downgrade-form"
    >
      <FormField form={form} name="on" label={t('qual.effectiveOn')} required>
        {(f) => <DateInput {...f} value={f.value ?? ''} />}
      </FormField>
      <KindFields form={form} reference={reference} prefix="to." />
      <FormField form={form} name="to.expiresOn" label={t('qual.expiresOn')}>
        {(f) => <DateInput {...f} value={(f.value as string | undefined) ?? ''} />}
      </FormField>
      <ReasonField form={form} />
      <SubmitButton form={form} testId="downgrade-submit">
        {t('qual.downgrade')}
      </SubmitButton>
      <Outcome s={write} testId="downgrade-saved" />
    </ZodForm>
  );
}

function WithdrawForm({ record, onSaved }: { record: RecordView; onSaved: () => void }) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(withdrawInputSchema, { reason: '' });
  const write = useWrite(form, onSaved);
  return (
    <ZodForm
      form={form}
      onValid={(v) => write.send(`/api/qualifications/records/${record.id}/withdraw`, v)}
      testId="withdraw-form"
    >
      <Alert type="warning" title={t('qual.withdrawHelp')} />
      <ReasonField form={form} />
      <SubmitButton form={form} danger testId="withdraw-submit">
        {t('qual.withdraw')}
      </SubmitButton>
      <Outcome s={write} testId="withdraw-saved" />
    </ZodForm>
  );
}
