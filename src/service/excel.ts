/**
 * exceljs, loaded on first use. Importing it (with unzipper and its other dependencies) costs about half
 * a second of CPU, which every process that loads the API paid at start-up — the server, the CLI, and
 * each of the test files — although only the .xlsx imports and exports need it.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
