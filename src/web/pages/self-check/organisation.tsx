/** The organisation: name, 统一社会信用代码, kind, registered city, centre, sectors, qualifications, licences. */
import { RowList } from '../../components/row-list.tsx';
import { CheckGroup, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { CheckForm, QualificationRow } from './form.ts';
import { Section, type SectionProps, useChoices } from './section.tsx';

export function OrganisationSection({ form, setForm, errors, catalogue }: SectionProps) {
  const { t } = useI18n();
  const { label, options } = useChoices(catalogue);
  const applicant = form.applicant;
  const set = (patch: Partial<CheckForm['applicant']>) =>
    setForm((f) => ({ ...f, applicant: { ...f.applicant, ...patch } }));
  // The cities that may set up a centre in Songjiang: the reference's member and partner cities.
  const centreCities = catalogue.reference.cities
    .filter((c) => c.role === 'member' || c.role === 'partner')
    .map((c) => ({ code: c.code, label: label('cities', c.code) }));

  return (
    <Section title={t('check.org')}>
      <div className="grid-3">
        <TextField
          label={t('check.orgName')}
          path="applicant.name"
          errors={errors}
          autoComplete="organization"
          value={applicant.name}
          onChange={(name) => set({ name })}
        />
        <TextField
          label={t('check.uscc')}
          path="applicant.uscc"
          errors={errors}
          maxLength={18}
          inputClassName="mono"
          value={applicant.uscc}
          onChange={(uscc) => set({ uscc: uscc.toUpperCase() })}
        />
        <SelectField
          label={t('check.kind')}
          path="applicant.kind"
          errors={errors}
          required
          options={options('orgKinds')}
          value={applicant.kind}
          onChange={(kind) => set({ kind })}
        />
        <SelectField
          label={t('check.city')}
          path="applicant.city"
          errors={errors}
          required
          options={options('cities')}
          value={applicant.city}
          onChange={(city) => set({ city })}
        />
        <SelectField
          label={t('check.centreOrigin')}
          path="applicant.centreOriginCity"
          errors={errors}
          hint={t('check.centreOriginHint')}
          className="span-2"
          none={t('common.none')}
          options={centreCities}
          value={applicant.centreOriginCity}
          onChange={(centreOriginCity) => set({ centreOriginCity })}
        />
      </div>
      <CheckGroup
        legend={t('check.sectors')}
        path="applicant.sectors"
        errors={errors}
        options={options('sectors')}
        value={applicant.sectors}
        onChange={(sectors) => set({ sectors })}
      />
      <RowList<QualificationRow>
        legend={t('check.qualifications')}
        path="applicant.qualifications"
        testId="qualification-row"
        rows={applicant.qualifications}
        columns={[
          {
            key: 'code',
            label: t('check.qualification'),
            input: 'select',
            options: options('qualifications'),
          },
          { key: 'from', label: t('check.validFrom'), input: 'date' },
          { key: 'to', label: t('check.validTo'), input: 'date' },
        ]}
        errors={errors}
        onChange={(qualifications) => set({ qualifications })}
        newRow={() => ({ code: catalogue.reference.qualifications[0]?.code ?? '', from: form.asOf, to: '' })}
        addLabel={t('check.addQualification')}
        removeLabel={t('check.removeQualification')}
      />
      <CheckGroup
        legend={t('check.licences')}
        path="applicant.licences"
        errors={errors}
        options={options('licences')}
        value={applicant.licences}
        onChange={(licences) => set({ licences })}
      />
    </Section>
  );
}
