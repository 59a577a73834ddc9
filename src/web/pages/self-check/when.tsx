/** Step 4: when to assess — the date of the check, and the draft document assumed adopted on a date. */
import { Card } from 'antd';
import { useWatch } from 'react-hook-form';
import type { CatalogueView } from '../../catalogue-data.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { CheckField, type FormApi, FormField } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.ts';
import type { CheckForm } from './form.ts';

export function WhenSection({ form, catalogue }: { form: FormApi<CheckForm>; catalogue: CatalogueView }) {
  const { t, pick } = useI18n('check');
  const draft = catalogue.documents.find((d) => d.status === 'draft');
  const simulate = useWatch({ control: form.control, name: 'simulate' });
  return (
    <Card
      title={<h2 className="card-h2">{t('check.when')}</h2>}
      className="section-card"
      data-testid="step-when"
    >
      <div className="grid-3">
        <FormField form={form} name="asOf" label={t('check.asOf')} extra={t('check.help.asOf')}>
          {(f) => <DateInput {...f} />}
        </FormField>
      </div>
      {draft ? (
        <div className="simulate">
          <CheckField
            form={form}
            name="simulate"
            label={t('check.simulateTitle')}
            text={t('check.simulateDoc', { doc: pick(draft.title) })}
            extra={t('check.help.simulate')}
          />
          {simulate ? (
            <div className="grid-3">
              <FormField form={form} name="simulateDate" label={t('check.simulateDate')}>
                {(f) => <DateInput {...f} />}
              </FormField>
            </div>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
