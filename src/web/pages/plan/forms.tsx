/**
 * The officers' forms on a target (docs/plan.md, "Values and their provenance"), each on the API's own
 * request schema (src/service/plan/schemas.ts): record a period's value (or a qualitative
 * assessment), correct it with a reason, withdraw it with a reason; and the administrator's settings
 * (responsible department, the 左右 band's width). The server's issues land under their fields.
 */
import { Alert, Input, InputNumber, Select, Tag } from 'antd';
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { z } from 'zod';
import {
  observationInputSchema,
  reviseInputSchema,
  settingsInputSchema,
  withdrawInputSchema,
} from '../../../service/plan/schemas.ts';
import { ApiError, api } from '../../api.ts';
import {
  applyIssues,
  type FormApi,
  FormField,
  SubmitButton,
  useZodForm,
  ZodForm,
} from '../../components/form.tsx';
import { ErrorBox } from '../../components/status.tsx';
import { translate, useI18n } from '../../i18n/index.ts';
import type { Observation, TargetDetail } from './shared.tsx';

type WriteAnswer = { progress: { statusLabel: { zh: string; en: string } } };

const value = z.number({ error: () => translate('form.required') }).finite();
const assessment = observationInputSchema.shape.assessment.unwrap();

const recordValue = observationInputSchema.omit({ assessment: true }).extend({ value });
const recordAssessment = observationInputSchema.omit({ value: true }).extend({ assessment });
const reviseValue = reviseInputSchema.omit({ assessment: true }).extend({ value });
const reviseAssessment = reviseInputSchema.omit({ value: true }).extend({ assessment });

/**
 * One write of a form: send it, then show the new status (or the settings saved); the server's issues
 * go under their fields, anything else above the button.
 */
function useWrite<T extends FieldValues>(form: FormApi<T>, onSaved: () => void) {
  const { pick, t, lang } = useI18n('plan');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return {
    saved,
    error,
    async send(method: 'POST' | 'PUT', path: string, body: unknown) {
      setSaved(null);
      setError(null);
      try {
        const answer = await api<Partial<WriteAnswer>>(method, path, body);
        setSaved(answer.progress ? pick(answer.progress.statusLabel) : t('plan.settingsSaved'));
        onSaved();
        return true;
      } catch (err) {
        const stray = err instanceof ApiError ? applyIssues(form, err.issues, lang) : [];
        if (!(err instanceof ApiError) || err.issues.length === 0 || stray.length > 0) setError(err);
        return false;
      }
    },
  };
}

function Outcome({ s, testId }: { s: { saved: string | null; error: unknown }; testId: string }) {
  const { t } = useI18n('plan');
  return (
    <>
      {s.error ? <ErrorBox error={s.error} /> : null}
      {s.saved ? (
        <Tag color="success" role="status" data-testid={testId}>
          {t('plan.savedStatus', { status: s.saved })}
        </Tag>
      ) : null}
    </>
  );
}

function ValueOrAssessment({
  form,
  detail,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: one field set for the four value/assessment schemas
  form: any;
  detail: TargetDetail;
}) {
  const { t, pick } = useI18n('plan');
  const unit = detail.unit ? pick(detail.unit) : '';
  return detail.kind === 'qualitative' ? (
    <FormField form={form} name="assessment" label={t('plan.assessment')} required>
      {(f) => (
        <Select {...f} options={detail.assessments.map((a) => ({ value: a.code, label: pick(a.label) }))} />
      )}
    </FormField>
  ) : (
    <FormField form={form} name="value" label={t('plan.valueIn', { unit })} required>
      {(f) => <InputNumber {...f} className="plan-number" />}
    </FormField>
  );
}

export function RecordForm({ detail, onSaved }: { detail: TargetDetail; onSaved: () => void }) {
  const { t } = useI18n('plan');
  const qualitative = detail.kind === 'qualitative';
  const form = useZodForm(qualitative ? recordAssessment : recordValue, {
    period: '',
    source: '',
    comment: '',
  } as never);
  const s = useWrite(form, onSaved);
  async function save(v: z.output<typeof recordValue> | z.output<typeof recordAssessment>) {
    if (await s.send('POST', `/api/plan/targets/${detail.id}/observations`, v))
      form.reset({ period: '', source: '', comment: '' } as never);
  }
  return (
    <ZodForm form={form} onValid={save} testId="record-form">
      <div className="grid-3">
        <FormField form={form} name="period" label={t('plan.period')} required extra={t('plan.periodHelp')}>
          {(f) => <Input {...f} maxLength={20} />}
        </FormField>
        <ValueOrAssessment form={form} detail={detail} />
        <FormField form={form} name="source" label={t('plan.source')} required extra={t('plan.sourceHelp')}>
          {(f) => <Input {...f} maxLength={300} />}
        </FormField>
      </div>
      <FormField form={form} name="comment" label={t('plan.comment')} extra={t('plan.commentHelp')}>
        {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
      </FormField>
      <SubmitButton form={form} testId="record-submit">
        {t('plan.record')}
      </SubmitButton>{' '}
      <Outcome s={s} testId="record-saved" />
    </ZodForm>
  );
}

export function ReviseForm({
  detail,
  observation,
  onSaved,
}: {
  detail: TargetDetail;
  observation: Observation;
  onSaved: () => void;
}) {
  const { t } = useI18n('plan');
  const qualitative = detail.kind === 'qualitative';
  const form = useZodForm(qualitative ? reviseAssessment : reviseValue, {
    ...(qualitative ? { assessment: observation.assessment ?? undefined } : { value: observation.value }),
    source: observation.source,
    comment: observation.comment,
    reason: '',
    expectedRevision: observation.revision,
  } as never);
  const s = useWrite(form, onSaved);
  async function save(v: z.output<typeof reviseValue> | z.output<typeof reviseAssessment>) {
    await s.send(
      'PUT',
      `/api/plan/targets/${detail.id}/observations/${encodeURIComponent(observation.period)}`,
      v,
    );
  }
  return (
    <ZodForm form={form} onValid={save} testId="revise-form">
      <div className="grid-3">
        <ValueOrAssessment form={form} detail={detail} />
        <FormField form={form} name="source" label={t('plan.source')} required>
          {(f) => <Input {...f} maxLength={300} />}
        </FormField>
      </div>
      <FormField form={form} name="comment" label={t('plan.comment')}>
        {(f) => <Input.TextArea {...f} rows={2} maxLength={2000} />}
      </FormField>
      <FormField form={form} name="reason" label={t('plan.reviseReason')} required>
        {(f) => <Input.TextArea {...f} rows={2} maxLength={500} />}
      </FormField>
      <SubmitButton form={form} testId="revise-submit">
        {t('plan.revise')}
      </SubmitButton>{' '}
      <Outcome s={s} testId="revise-saved" />
    </ZodForm>
  );
}

export function WithdrawForm({
  detail,
  observation,
  onSaved,
}: {
  detail: TargetDetail;
  observation: Observation;
  onSaved: () => void;
}) {
  const { t } = useI18n('plan');
  const form = useZodForm(withdrawInputSchema, { reason: '' });
  const s = useWrite(form, onSaved);
  async function save(v: z.output<typeof withdrawInputSchema>) {
    await s.send(
      'POST',
      `/api/plan/targets/${detail.id}/observations/${encodeURIComponent(observation.period)}/withdraw`,
      v,
    );
  }
  return (
    <ZodForm form={form} onValid={save} testId="withdraw-form">
      <Alert type="warning" showIcon title={t('plan.withdrawWarning', { period: observation.period })} />
      <FormField form={form} name="reason" label={t('plan.withdrawReason')} required>
        {(f) => <Input.TextArea {...f} rows={2} maxLength={500} />}
      </FormField>
      <SubmitButton form={form} danger testId="withdraw-submit">
        {t('plan.withdraw')}
      </SubmitButton>{' '}
      <Outcome s={s} testId="withdraw-saved" />
    </ZodForm>
  );
}

const settingsForm = settingsInputSchema.extend({ department: z.string() });

export function SettingsForm({ detail, onSaved }: { detail: TargetDetail; onSaved: () => void }) {
  const { t, lang } = useI18n('plan');
  const band = detail.kind === 'band';
  const form = useZodForm(settingsForm, {
    department: detail.department,
    ...(band ? { bandTolerance: detail.band?.tolerance ?? null } : {}),
  });
  const s = useWrite(form, onSaved);
  async function save(v: z.output<typeof settingsForm>) {
    await s.send('PUT', `/api/plan/targets/${detail.id}/settings`, {
      department: v.department.trim() === '' ? null : v.department,
      ...(band ? { bandTolerance: v.bandTolerance ?? null } : {}),
    });
  }
  const unit = detail.unit ? (detail.unit[lang] ?? detail.unit.zh) : '';
  return (
    <ZodForm form={form} onValid={save} testId="settings-form">
      <div className="grid-3">
        <FormField
          form={form}
          name="department"
          label={t('plan.department')}
          extra={t('plan.departmentHelp')}
        >
          {(f) => <Input {...f} maxLength={50} />}
        </FormField>
        {band ? (
          <FormField
            form={form}
            name="bandTolerance"
            label={t('plan.bandTolerance', { unit })}
            extra={t('plan.bandHelp')}
          >
            {(f) => <InputNumber {...f} min={0} className="plan-number" />}
          </FormField>
        ) : null}
      </div>
      <SubmitButton form={form} testId="settings-submit">
        {t('common.save')}
      </SubmitButton>{' '}
      <Outcome s={s} testId="settings-saved" />
    </ZodForm>
  );
}
