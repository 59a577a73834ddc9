/** Labels of the catalogue's codes in the current language, and a reference list as select options. */
import { type CatalogueView, makeLabeller, type RefList } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';

export function useChoices(catalogue: CatalogueView) {
  const { lang } = useI18n();
  const ref = catalogue.reference;
  const label = makeLabeller(ref, lang);
  const options = (list: RefList, only?: string[]) =>
    (ref[list] ?? [])
      .filter((x) => !only || only.includes(x.code))
      .map((x) => ({ value: x.code, label: label(list, x.code) }));
  return { label, options };
}
