/** Step 2: the organisation — name, 统一社会信用代码, kind, registered city, centre, sectors, qualifications, licences. */
import { Button, Card, Input, Select } from 'antd';
import { useFieldArray } from 'react-hook-form';
import type { CatalogueView } from '../../catalogue-data.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { type FormApi, FormField } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useChoices } from './choices.ts';
import type { CheckForm } from './form.ts';

export function OrganisationSection({
  form,
  catalogue,
}: {
  form: FormApi<CheckForm>;
  catalogue: CatalogueView;
}) {
  const { t } = useI18n('check');
  const { label, options } = useChoices(catalogue);
  const quals = useFieldArray({ control: form.control, name: 'applicant.qualifications' });
  // The cities that may set up a centre in Songjiang: the reference's member and partner cities.
  const centreCities = catalogue.reference.cities
    .filter((c) => c.role === 'member' || c.role === 'partner')
    .map((c) => ({ value: c.code, label: label('cities', c.code) }));

  return (
    <Card
      title={<h2 className="card-h2">{t('check.org')}</h2>}
      className="section-card"
      data-testid="step-organisation"
    >
      <div className="grid-3">
        <FormField
          form={form}
          name="applicant.name"
          label={t('check.orgName')}
          extra={t('check.help.orgName')}
        >
          {(f) => <Input {...f} autoComplete="organization" maxLength={200} />}
        </FormField>
        <FormField form={form} name="applicant.uscc" label={t('check.uscc')} extra={t('check.help.uscc')}>
          {(f) => (
            <Input
              {...f}
              className="mono"
              maxLength={18}
              onChange={(e) => f.onChange(e.target.value.toUpperCase())}
            />
          )}
        </FormField>
        <FormField form={form} name="applicant.kind" label={t('check.kind')} required>
          {(f) => <Select {...f} options={options('orgKinds')} />}
        </FormField>
        <FormField
          form={form}
          name="applicant.city"
          label={t('check.city')}
          extra={t('check.help.city')}
          required
        >
          {(f) => <Select {...f} showSearch={{ optionFilterProp: 'label' }} options={options('cities')} />}
        </FormField>
        <FormField
          form={form}
          name="applicant.centreOriginCity"
          label={t('check.centreOrigin')}
          extra={t('check.centreOriginHint')}
          className="span-2"
        >
          {(f) => <Select {...f} options={[{ value: '', label: t('common.none') }, ...centreCities]} />}
        </FormField>
        <FormField form={form} name="applicant.sectors" label={t('check.sectors')} className="span-2">
          {(f) => (
            <Select
              {...f}
              mode="multiple"
              allowClear
              options={options('sectors')}
              placeholder={t('common.none')}
            />
          )}
        </FormField>
        <FormField form={form} name="applicant.licences" label={t('check.licences')}>
          {(f) => (
            <Select
              {...f}
              mode="multiple"
              allowClear
              options={options('licences')}
              placeholder={t('common.none')}
            />
          )}
        </FormField>
      </div>
      <fieldset className="row-list">
        <legend>{t('check.qualifications')}</legend>
        <p className="muted small">{t('check.help.qualifications')}</p>
        {quals.fields.map((row, i) => (
          <div className="row" key={row.id} data-testid="qualification-row">
            <FormField
              form={form}
              name={`applicant.qualifications.${i}.code`}
              label={t('check.qualification')}
            >
              {(f) => <Select {...f} options={options('qualifications')} />}
            </FormField>
            <FormField form={form} name={`applicant.qualifications.${i}.from`} label={t('check.validFrom')}>
              {(f) => <DateInput {...f} />}
            </FormField>
            <FormField form={form} name={`applicant.qualifications.${i}.to`} label={t('check.validTo')}>
              {(f) => <DateInput {...f} />}
            </FormField>
            <Button
              danger
              onClick={() => quals.remove(i)}
              aria-label={`${t('check.removeQualification')} ${i + 1}`}
            >
              {t('common.remove')}
            </Button>
          </div>
        ))}
        <Button
          onClick={() =>
            quals.append({
              code: catalogue.reference.qualifications[0]?.code ?? '',
              from: form.getValues('asOf'),
              to: '',
            })
          }
        >
          + {t('check.addQualification')}
        </Button>
      </fieldset>
    </Card>
  );
}
