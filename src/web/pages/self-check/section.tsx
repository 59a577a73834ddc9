/** What every part of the self-check form shares: its frame, its props and its choices. */
import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { type CatalogueView, makeLabeller, type RefList } from '../../catalogue-data.tsx';
import type { Option } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { CheckForm } from './form.ts';

export interface SectionProps {
  form: CheckForm;
  setForm: Dispatch<SetStateAction<CheckForm>>;
  /** Messages by the API's field path (the API's issues and the browser's own checks). */
  errors: Record<string, string>;
  catalogue: CatalogueView;
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card">
      <legend className="section-legend">{title}</legend>
      {children}
    </fieldset>
  );
}

/** Labels of the catalogue's codes in the current language, and a reference list as options. */
export function useChoices(catalogue: CatalogueView) {
  const { lang } = useI18n();
  const ref = catalogue.reference;
  const label = makeLabeller(ref, lang);
  const options = (list: RefList): Option[] =>
    (ref[list] ?? []).map((x) => ({ code: x.code, label: label(list, x.code) }));
  return { label, options };
}
