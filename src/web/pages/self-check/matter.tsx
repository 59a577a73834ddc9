/**
 * Step 3: the matter, asking only what its measures need (fields.ts): its date, name and reference,
 * the figures its amounts are computed on (in 万元 by default, 元 by the switch), and the flags,
 * sector, cities, partners and claims its conditions test. Each field says in plain words what it is.
 */
import { Button, Card, Checkbox, Input, Select } from 'antd';
import { useFieldArray } from 'react-hook-form';
import type { CatalogueView } from '../../catalogue-data.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { CheckField, type FormApi, FormField } from '../../components/form.tsx';
import { MoneyInput } from '../../components/money.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useChoices } from './choices.ts';
import type { MatterFields } from './fields.ts';
import type { CheckForm } from './form.ts';

export function MatterSection({
  form,
  catalogue,
  fields,
}: {
  form: FormApi<CheckForm>;
  catalogue: CatalogueView;
  fields: MatterFields;
}) {
  const { t } = useI18n('check');
  const { label, options } = useChoices(catalogue);
  const partners = useFieldArray({ control: form.control, name: 'matter.partners' });

  return (
    <Card
      title={<h2 className="card-h2">{t('check.matter')}</h2>}
      className="section-card"
      data-testid="step-matter"
    >
      <div className="grid-3">
        <FormField
          form={form}
          name="matter.date"
          label={t('check.matterDate')}
          extra={t('check.help.matterDate')}
        >
          {(f) => <DateInput {...f} />}
        </FormField>
        <FormField form={form} name="matter.name" label={t('check.projectName')} className="span-2">
          {(f) => <Input {...f} maxLength={200} />}
        </FormField>
        <FormField
          form={form}
          name="matter.ref"
          label={t('check.projectRef')}
          extra={t('check.projectRefHint')}
        >
          {(f) => <Input {...f} className="mono" maxLength={100} />}
        </FormField>
        {fields.figures.map((code) => (
          <FormField
            key={code}
            form={form}
            name={`matter.figures.${code}`}
            label={label('figures', code)}
            extra={t('check.help.figure', { figure: label('figures', code) })}
          >
            {(f) => <MoneyInput {...f} name={`figure-${code}`} value={f.value} />}
          </FormField>
        ))}
        {fields.sector ? (
          <FormField
            form={form}
            name="matter.sector"
            label={t('check.matterSector')}
            extra={t('check.help.sector')}
          >
            {(f) => (
              <Select {...f} options={[{ value: '', label: t('common.none') }, ...options('sectors')]} />
            )}
          </FormField>
        ) : null}
        {fields.leaseYears ? (
          <FormField
            form={form}
            name="matter.leaseYears"
            label={t('check.leaseYears')}
            extra={t('check.help.leaseYears')}
          >
            {(f) => <Input {...f} inputMode="numeric" />}
          </FormField>
        ) : null}
      </div>
      {fields.challengeLists ? (
        <FormField
          form={form}
          name="matter.challengeLists"
          label={t('check.listedTitle')}
          extra={t('check.help.challengeListed')}
          group
        >
          {(f) => (
            <Checkbox.Group
              role="group"
              aria-labelledby={f['aria-labelledby']}
              value={f.value as string[]}
              onChange={(v) => f.onChange(v)}
              options={options('challengeLists')}
              className="claims"
            />
          )}
        </FormField>
      ) : null}
      {fields.inCatalogue ? (
        <CheckField
          form={form}
          name="matter.inInnovationProductCatalogue"
          label={t('check.catalogueTitle')}
          text={t('check.inCatalogue')}
        />
      ) : null}
      {fields.cities ? (
        <FormField
          form={form}
          name="matter.cities"
          label={t('check.matterCities')}
          extra={t('check.help.cities')}
        >
          {(f) => (
            <Select
              {...f}
              mode="multiple"
              allowClear
              options={options('cities')}
              placeholder={t('common.none')}
            />
          )}
        </FormField>
      ) : null}
      {fields.partners ? (
        <fieldset className="row-list">
          <legend>{t('check.partners')}</legend>
          <p className="muted small">{t('check.help.partners')}</p>
          {partners.fields.map((row, i) => (
            <div className="row" key={row.id} data-testid="partner-row">
              <FormField form={form} name={`matter.partners.${i}.name`} label={t('check.partnerName')}>
                {(f) => <Input {...f} maxLength={200} />}
              </FormField>
              <FormField form={form} name={`matter.partners.${i}.kind`} label={t('check.partnerKind')}>
                {(f) => <Select {...f} options={options('orgKinds')} />}
              </FormField>
              <FormField form={form} name={`matter.partners.${i}.city`} label={t('check.partnerCity')}>
                {(f) => (
                  <Select {...f} showSearch={{ optionFilterProp: 'label' }} options={options('cities')} />
                )}
              </FormField>
              <Button
                danger
                onClick={() => partners.remove(i)}
                aria-label={`${t('check.removePartner')} ${i + 1}`}
              >
                {t('common.remove')}
              </Button>
            </div>
          ))}
          <Button onClick={() => partners.append({ kind: 'university', city: 'songjiang', name: '' })}>
            + {t('check.addPartner')}
          </Button>
        </fieldset>
      ) : null}
      {fields.claims.length > 0 ? (
        <FormField
          form={form}
          name="matter.claims"
          label={t('check.claims')}
          extra={t('check.help.claims')}
          group
        >
          {(f) => (
            <Checkbox.Group
              role="group"
              aria-labelledby={f['aria-labelledby']}
              value={f.value as string[]}
              onChange={(v) => f.onChange(v)}
              options={options('claims', fields.claims)}
              className="claims"
            />
          )}
        </FormField>
      ) : null}
    </Card>
  );
}
