/** When to assess: the date of the check, and a draft document assumed adopted on a given date. */
import { DateField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Section, type SectionProps } from './section.tsx';

export function WhenSection({ form, setForm, errors, catalogue }: SectionProps) {
  const { t, pick } = useI18n();
  const draft = catalogue.documents.find((d) => d.status === 'draft');
  return (
    <Section title={t('check.when')}>
      <div className="grid-3">
        <DateField
          label={t('check.asOf')}
          path="asOf"
          errors={errors}
          value={form.asOf}
          onChange={(asOf) => setForm((f) => ({ ...f, asOf }))}
        />
      </div>
      {draft ? (
        <div className="simulate">
          <label className="check">
            <input
              type="checkbox"
              name="simulate"
              checked={form.simulate}
              onChange={(e) => setForm((f) => ({ ...f, simulate: e.target.checked }))}
            />
            <span>{t('check.simulateDoc', { doc: pick(draft.title) })}</span>
          </label>
          {form.simulate ? (
            <div className="grid-3" style={{ marginTop: '0.4rem' }}>
              <DateField
                label={t('check.simulateDate')}
                path={`simulate.adopt.${draft.code}`}
                errors={errors}
                value={form.simulateDate}
                onChange={(simulateDate) => setForm((f) => ({ ...f, simulateDate }))}
              />
            </div>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}
