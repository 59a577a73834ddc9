/**
 * Rows edited in place (an applicant's qualifications, a matter's partners): one field per column,
 * a remove button on each row and an add button below. A field's path is `path.index.key`, the
 * API's path for it, so an issue the API reports on a row shows under that row's field.
 */
import { useI18n } from '../i18n/index.tsx';
import { DateField, type Option, SelectField, TextField } from './ui.tsx';

export type RowColumn<T> = { key: keyof T & string; label: string } & (
  | { input: 'text' | 'date' }
  | { input: 'select'; options: Option[] }
);

export function RowList<T extends { [K in keyof T]: string }>({
  legend,
  path,
  rows,
  columns,
  errors,
  onChange,
  newRow,
  addLabel,
  removeLabel,
  testId,
}: {
  legend: string;
  path: string;
  rows: T[];
  columns: RowColumn<T>[];
  errors: Record<string, string>;
  onChange: (rows: T[]) => void;
  newRow: () => T;
  addLabel: string;
  /** Read out with the row's number: "remove partner 2". */
  removeLabel: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const set = (i: number, key: keyof T, value: string) =>
    onChange(rows.map((x, j) => (j === i ? { ...x, [key]: value } : x)));
  return (
    <fieldset className="row-list">
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; index is their identity
        <div className="row" key={i} data-testid={testId}>
          {columns.map((c) => {
            const field = {
              label: c.label,
              path: `${path}.${i}.${c.key}`,
              errors,
              value: row[c.key],
              onChange: (v: string) => set(i, c.key, v),
            };
            if (c.input === 'select') return <SelectField key={c.key} {...field} options={c.options} />;
            if (c.input === 'date') return <DateField key={c.key} {...field} />;
            return <TextField key={c.key} {...field} />;
          })}
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={`${removeLabel} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t('common.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newRow()])}>
        + {addLabel}
      </button>
    </fieldset>
  );
}
