/**
 * 补正: the applicant corrects a draft or a returned application — its title, the amount it asks for
 * and the figures of its matter (in 万元 by default). Errors name the field; nothing typed is lost.
 */
import { Input } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import { editApplicationFields } from '../../../api/schemas.ts';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import { ApiError, api } from '../../api.ts';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';
import { applyIssues, FormField, SubmitButton, useZodForm, ZodForm } from '../form.tsx';
import { MoneyInput, moneyValue, optionalMoneyField } from '../money.tsx';
import { ErrorBox } from '../status.tsx';

const editForm = z.object({
  title: editApplicationFields.shape.title.unwrap(),
  requestedAmount: optionalMoneyField,
  figures: z.record(z.string(), optionalMoneyField),
});

export function EditForm({ app, onDone }: { app: ApplicationDetail; onDone: (message: string) => void }) {
  const { t, lang } = useI18n('applications');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  const figures0 = (app.matter?.figures ?? {}) as Record<string, number>;
  const form = useZodForm(editForm, {
    title: app.title,
    requestedAmount: moneyValue(app.requestedAmount, 'wan'),
    figures: Object.fromEntries(Object.entries(figures0).map(([k, v]) => [k, moneyValue(v, 'wan')])),
  });
  const [error, setError] = useState<unknown>(null);

  async function save(v: z.output<typeof editForm>) {
    setError(null);
    const fen: Record<string, number> = {};
    for (const [code, value] of Object.entries(v.figures)) if (value !== null) fen[code] = value;
    try {
      await api('PATCH', `/api/applications/${app.id}`, {
        title: v.title,
        requestedAmount: v.requestedAmount,
        ...(app.matter ? { matter: { ...app.matter, figures: fen } } : {}),
        version: app.version,
      });
      onDone(t('apps.saved'));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0)
        applyIssues(
          form,
          err.issues.map((i) => ({ ...i, path: i.path.replace(/^matter\.figures\./, 'figures.') })),
          lang,
        );
      else setError(err);
    }
  }

  return (
    <div className="action-form" data-testid="form-edit">
      <ZodForm form={form} onValid={save}>
        <FormField form={form} name="title" label={t('apps.colTitle')}>
          {(f) => <Input {...f} maxLength={200} />}
        </FormField>
        <FormField
          form={form}
          name="requestedAmount"
          label={t('apps.requested')}
          extra={t('apps.requestedHint')}
        >
          {(f) => <MoneyInput {...f} value={f.value} />}
        </FormField>
        {Object.keys(figures0).map((code) => (
          <FormField key={code} form={form} name={`figures.${code}`} label={label('figures', code)}>
            {(f) => <MoneyInput {...f} value={f.value} />}
          </FormField>
        ))}
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton form={form} testId="do-edit">
          {t('common.save')}
        </SubmitButton>
      </ZodForm>
    </div>
  );
}
