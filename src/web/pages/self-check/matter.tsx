/**
 * The matter (one project or event): its type, and once a type is chosen its date, name, reference,
 * amounts, flags, sector, lease, cities, partners and claims.
 */
import { RowList } from '../../components/row-list.tsx';
import { CheckGroup, DateField, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FiguresFieldset } from './figures.tsx';
import type { CheckForm, PartnerRow } from './form.ts';
import { Section, type SectionProps, useChoices } from './section.tsx';

export function MatterSection(props: SectionProps) {
  const { form, setForm, errors, catalogue } = props;
  const { t } = useI18n();
  const { options } = useChoices(catalogue);
  const matter = form.matter;
  const set = (patch: Partial<CheckForm['matter']>) =>
    setForm((f) => ({ ...f, matter: { ...f.matter, ...patch } }));

  return (
    <Section title={t('check.matter')}>
      <div className="grid-3">
        <SelectField
          label={t('check.matterType')}
          path="matters.0.type"
          errors={errors}
          className="span-2"
          name="matterType"
          none={t('check.matterTypeNone')}
          options={options('matterTypes')}
          value={matter.type}
          onChange={(type) => set({ type })}
        />
        {matter.type ? (
          <>
            <DateField
              label={t('check.matterDate')}
              path="matters.0.date"
              errors={errors}
              value={matter.date}
              onChange={(date) => set({ date })}
            />
            <TextField
              label={t('check.projectName')}
              path="title"
              errors={errors}
              className="span-2"
              maxLength={200}
              value={matter.name}
              onChange={(name) => set({ name })}
            />
            <TextField
              label={t('check.projectRef')}
              path="matters.0.id"
              errors={errors}
              hint={t('check.projectRefHint')}
              maxLength={100}
              inputClassName="mono"
              value={matter.ref}
              onChange={(ref) => set({ ref })}
            />
          </>
        ) : null}
      </div>
      {matter.type ? (
        <>
          <FiguresFieldset {...props} />
          <div className="checks" style={{ marginBottom: '0.8rem' }}>
            {(['songjiang_demand', 'corridor_source'] as const).map((list) => (
              <label className="check" key={list}>
                <input
                  type="checkbox"
                  name={`challengeLists-${list}`}
                  checked={matter.challengeLists.includes(list)}
                  onChange={(e) =>
                    set({
                      challengeLists: e.target.checked
                        ? [...matter.challengeLists.filter((x) => x !== list), list]
                        : matter.challengeLists.filter((x) => x !== list),
                    })
                  }
                />
                <span>
                  {t(list === 'songjiang_demand' ? 'check.challengeListed' : 'check.challengeListedSource')}
                </span>
              </label>
            ))}
            <label className="check">
              <input
                type="checkbox"
                checked={matter.inInnovationProductCatalogue}
                onChange={(e) => set({ inInnovationProductCatalogue: e.target.checked })}
              />
              <span>{t('check.inCatalogue')}</span>
            </label>
          </div>
          <div className="grid-3">
            <SelectField
              label={t('check.matterSector')}
              path="matters.0.sector"
              errors={errors}
              none={t('common.none')}
              options={options('sectors')}
              value={matter.sector}
              onChange={(sector) => set({ sector })}
            />
            <TextField
              label={t('check.leaseYears')}
              path="matters.0.leaseYears"
              errors={errors}
              inputMode="numeric"
              value={matter.leaseYears}
              onChange={(leaseYears) => set({ leaseYears })}
            />
          </div>
          <CheckGroup
            legend={t('check.matterCities')}
            path="matters.0.cities"
            errors={errors}
            options={options('cities')}
            value={matter.cities}
            onChange={(cities) => set({ cities })}
          />
          <RowList<PartnerRow>
            legend={t('check.partners')}
            path="matters.0.partners"
            rows={matter.partners}
            columns={[
              { key: 'name', label: t('check.partnerName'), input: 'text' },
              { key: 'kind', label: t('check.partnerKind'), input: 'select', options: options('orgKinds') },
              { key: 'city', label: t('check.partnerCity'), input: 'select', options: options('cities') },
            ]}
            errors={errors}
            onChange={(partners) => set({ partners })}
            newRow={() => ({ kind: 'university', city: 'songjiang', name: '' })}
            addLabel={t('check.addPartner')}
            removeLabel={t('check.removePartner')}
          />
          <CheckGroup
            legend={t('check.claims')}
            path="matters.0.claims"
            errors={errors}
            options={options('claims')}
            value={matter.claims}
            onChange={(claims) => set({ claims })}
          />
        </>
      ) : null}
    </Section>
  );
}
