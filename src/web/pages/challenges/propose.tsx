/**
 * 出题: an organisation (enterprise, university, institute) proposes a problem for a 揭榜挂帅 list — the
 * technical need, the 验收指标, deliverables, timeline, sector, the 揭榜额 range it offers and whether it
 * co-funds — saves it as a draft or submits it for the officer's review (POST /api/challenges/problems,
 * `submit`). A draft or a returned problem (补正) is edited here (…/:id/edit → PUT, with its version).
 */
import { Alert, Button, Card, Flex, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { api, useApi } from '../../api.ts';
import type { Reference } from '../../catalogue-data.tsx';
import { useCatalogue } from '../../catalogue-data.tsx';
import { FormField, useZodForm, ZodForm } from '../../components/form.tsx';
import { MoneyInput } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { problemFormSchema, problemFormValues } from './form.ts';
import { formError, type ProblemView } from './shared.tsx';
import './challenges.css';

export default function ProposePage() {
  const { id } = useParams();
  const { t } = useI18n('challenges');
  const catalogue = useCatalogue();
  const existing = useApi<ProblemView>(id ? `/api/challenges/problems/${encodeURIComponent(id)}` : null);
  const title = id ? t('challenges.editTitle') : t('challenges.proposeTitle');
  if (catalogue.error || existing.error) return <ErrorBox error={catalogue.error ?? existing.error} />;
  if (!catalogue.data || (id && !existing.data)) return <Loading />;
  return (
    <>
      <PageHeader
        title={title}
        subtitle={t('challenges.proposeIntro')}
        back={{ to: '/challenges/mine', label: t('challenges.mineTitle') }}
      />
      {existing.data?.reviewNote && existing.data.state === 'returned' ? (
        <Alert
          className="section-card"
          type="warning"
          showIcon
          data-testid="review-note"
          title={t('challenges.returnedNote')}
          description={existing.data.reviewNote}
        />
      ) : null}
      <ProblemEditor
        key={existing.data?.id ?? 'new'}
        reference={catalogue.data.reference}
        existing={existing.data}
      />
    </>
  );
}

function ProblemEditor({ reference, existing }: { reference: Reference; existing: ProblemView | null }) {
  const { t, lang, pick } = useI18n('challenges');
  const navigate = useNavigate();
  const schema = useMemo(() => problemFormSchema(reference), [reference]);
  const form = useZodForm(schema, problemFormValues(existing));
  const indicators = useFieldArray({ control: form.control, name: 'indicators' });
  const [error, setError] = useState<unknown>(null);
  const submit = useRef(true);
  const editable = !existing || existing.actions.includes('edit');

  async function save(body: Record<string, unknown>) {
    setError(null);
    const payload = { ...body, submit: submit.current };
    try {
      const saved = existing
        ? await api<ProblemView>('PUT', `/api/challenges/problems/${existing.id}`, {
            ...payload,
            version: existing.version,
          })
        : await api<ProblemView>('POST', '/api/challenges/problems', payload);
      navigate(`/challenges/mine?saved=${saved.id}`);
    } catch (e) {
      setError(formError(form, e, lang));
    }
  }

  if (!editable)
    return (
      <Alert
        type="info"
        showIcon
        title={t('challenges.notEditable', { state: pick(existing!.stateLabel) })}
      />
    );

  return (
    <ZodForm form={form} onValid={save} testId="problem-form" className="challenge-form">
      <Card className="section-card" title={t('challenges.problemPart')}>
        <FormField form={form} name="title" label={t('challenges.problemTitle')} required>
          {(f) => <Input {...f} maxLength={120} />}
        </FormField>
        <FormField
          form={form}
          name="need"
          label={t('challenges.need')}
          extra={t('challenges.needHint')}
          required
        >
          {(f) => <Input.TextArea {...f} rows={6} maxLength={5000} showCount />}
        </FormField>
        <FormField form={form} name="sector" label={t('challenges.sector')} required>
          {(f) => (
            <Select
              {...f}
              showSearch={{ optionFilterProp: 'label' }}
              options={reference.sectors.map((s) => ({ value: s.code, label: pick(s) }))}
            />
          )}
        </FormField>
      </Card>
      <Card className="section-card" title={t('challenges.indicators')}>
        <fieldset className="field-group">
          <legend>{t('challenges.indicatorsHint')}</legend>
          {indicators.fields.map((row, i) => (
            <Flex key={row.id} gap={8} wrap align="flex-start" className="array-row">
              <FormField
                form={form}
                name={`indicators.${i}.name`}
                label={t('challenges.indicatorName', { n: i + 1 })}
                required
              >
                {(f) => <Input {...f} maxLength={100} />}
              </FormField>
              <FormField
                form={form}
                name={`indicators.${i}.target`}
                label={t('challenges.indicatorTarget', { n: i + 1 })}
                required
              >
                {(f) => <Input {...f} maxLength={200} />}
              </FormField>
              {indicators.fields.length > 1 ? (
                <Button className="row-remove" onClick={() => indicators.remove(i)}>
                  {t('challenges.remove')}
                </Button>
              ) : null}
            </Flex>
          ))}
          <Button onClick={() => indicators.append({ name: '', target: '' })} data-testid="add-indicator">
            {t('challenges.addIndicator')}
          </Button>
        </fieldset>
        <FormField form={form} name="deliverables" label={t('challenges.deliverables')} required>
          {(f) => <Input.TextArea {...f} rows={3} maxLength={3000} />}
        </FormField>
        <FormField form={form} name="timelineMonths" label={t('challenges.timelineMonths')} required>
          {(f) => <InputNumber {...f} min={1} max={120} precision={0} />}
        </FormField>
      </Card>
      <Card className="section-card" title={t('challenges.budgetPart')}>
        <Flex gap={16} wrap>
          <FormField form={form} name="budgetMin" label={t('challenges.budgetMin')} required>
            {(f) => <MoneyInput {...f} value={f.value} />}
          </FormField>
          <FormField form={form} name="budgetMax" label={t('challenges.budgetMax')} required>
            {(f) => <MoneyInput {...f} value={f.value} />}
          </FormField>
        </Flex>
        <FormField
          form={form}
          name="coFunds"
          label={t('challenges.coFunds')}
          extra={t('challenges.coFundsHint')}
        >
          {(f) => <Switch id={f.id} checked={Boolean(f.value)} onChange={f.onChange} />}
        </FormField>
      </Card>
      {error ? <ErrorBox error={error} /> : null}
      <Space wrap>
        <Button
          type="primary"
          htmlType="submit"
          loading={form.formState.isSubmitting}
          onClick={() => {
            submit.current = true;
          }}
          data-testid="submit-problem"
        >
          {t('challenges.submitForReview')}
        </Button>
        <Button
          htmlType="submit"
          onClick={() => {
            submit.current = false;
          }}
          data-testid="save-draft"
        >
          {t('challenges.saveDraft')}
        </Button>
      </Space>
    </ZodForm>
  );
}
