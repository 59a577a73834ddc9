/**
 * The matter's amounts, typed in the unit chosen (万元 or 元) as decimal strings. The figures the
 * matter type's measures take as their base come first; the others fold away unless one is filled
 * in or has an error.
 */
import type { MoneyUnit } from '../../../core/money.ts';
import type { CatalogueView } from '../../catalogue-data.tsx';
import { Field } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type SectionProps, useChoices } from './section.tsx';

const UNITS: MoneyUnit[] = ['wan', 'yuan'];

/** Figures a matter type uses as the base of some measure's formula. */
function relevantFigures(cat: CatalogueView, matterType: string): string[] {
  const codes = new Set<string>();
  for (const m of cat.measures) if (m.matterType === matterType && m.benefit.base) codes.add(m.benefit.base);
  return [...codes];
}

export function FiguresFieldset({ form, setForm, errors, catalogue }: SectionProps) {
  const { t } = useI18n();
  const { label } = useChoices(catalogue);
  const figures = form.matter.figures;
  const setFigure = (code: string, text: string) =>
    setForm((f) => ({ ...f, matter: { ...f.matter, figures: { ...f.matter.figures, [code]: text } } }));
  const unitLabel = (u: MoneyUnit) => (u === 'wan' ? t('common.unitWan') : t('common.unitYuan'));

  const all = catalogue.reference.figures.map((f) => f.code);
  const relevant = relevantFigures(catalogue, form.matter.type);
  const primary = relevant.length > 0 ? relevant : all;
  const secondary = all.filter((c) => !primary.includes(c));
  // An error on a field inside "other amounts" must be visible.
  const openOther = secondary.some((c) => figures[c]?.trim() || errors[`matters.0.figures.${c}`]);

  const figureField = (code: string) => (
    <Field key={code} label={label('figures', code)} path={`matters.0.figures.${code}`} errors={errors}>
      {(p) => (
        <div className="money-input">
          <input
            {...p}
            type="text"
            className="amount"
            inputMode="decimal"
            autoComplete="off"
            name={`figure-${code}`}
            value={figures[code] ?? ''}
            onChange={(e) => setFigure(code, e.target.value)}
          />
          <span className="unit" aria-hidden="true">
            {unitLabel(form.unit)}
          </span>
        </div>
      )}
    </Field>
  );

  return (
    <fieldset>
      <legend>{t('check.figures')}</legend>
      <div
        className="checks"
        style={{ marginBottom: '0.5rem' }}
        role="radiogroup"
        aria-label={t('check.unit')}
      >
        <span className="muted">{t('check.unit')}：</span>
        {UNITS.map((u) => (
          <label key={u} className="check">
            <input
              type="radio"
              name="unit"
              value={u}
              checked={form.unit === u}
              onChange={() => setForm((f) => ({ ...f, unit: u }))}
            />
            <span>{unitLabel(u)}</span>
          </label>
        ))}
      </div>
      <div className="grid-3">{primary.map(figureField)}</div>
      {secondary.length > 0 ? (
        <details open={openOther || undefined}>
          <summary>{t('check.otherFigures')}</summary>
          <div className="grid-3" style={{ marginTop: '0.5rem' }}>
            {secondary.map(figureField)}
          </div>
        </details>
      ) : null}
    </fieldset>
  );
}
