/**
 * What every spreadsheet import of the registry shares (organisations, base figures): the header row
 * mapped to known columns (a duplicate or a missing required column stops the file), then every row
 * parsed by its schema, with issues that name the spreadsheet row (header = 1) and the column, and a
 * row that repeats an earlier one's key refused on the later row.
 */
import type { z } from 'zod';
import { type FieldIssue, InputError } from '../../core/errors.ts';
import { fieldIssues } from '../../core/validation.ts';
import type { Sheet } from './files.ts';

export interface ImportIssue extends FieldIssue {
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** The column's code. */
  column: string;
}

export function sheetColumns<C extends string>(
  headers: string[],
  columnFor: (header: string) => C | undefined,
  required: readonly C[],
  label: (column: C) => string,
): { columnAt: Map<number, C>; present: Set<C>; ignoredColumns: string[] } {
  const columnAt = new Map<number, C>();
  const ignoredColumns: string[] = [];
  const fileIssues: FieldIssue[] = [];
  headers.forEach((header, i) => {
    const column = columnFor(header);
    if (!column) {
      if (header.trim()) ignoredColumns.push(header);
      return;
    }
    if ([...columnAt.values()].includes(column)) {
      fileIssues.push({
        path: `header.${header}`,
        rule: 'duplicate_column',
        zh: `列“${header}”重复`,
        en: `column "${header}" appears twice`,
      });
    }
    columnAt.set(i, column);
  });
  const present = new Set(columnAt.values());
  for (const c of required) {
    if (!present.has(c)) {
      fileIssues.push({
        path: `header.${c}`,
        rule: 'missing_column',
        zh: `缺少必填列“${label(c)}”（${c}）`,
        en: `required column "${c}" is missing`,
      });
    }
  }
  if (fileIssues.length > 0) throw new InputError(fileIssues);
  return { columnAt, present, ignoredColumns };
}

export function parseRows<C extends string, T>(
  sheet: Sheet,
  columnAt: Map<number, C>,
  schema: z.ZodType<T>,
  duplicate: {
    key: (row: T) => string;
    column: string;
    zh: (earlier: number) => string;
    en: (earlier: number) => string;
  },
): { valid: { row: number; data: T }[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const valid: { row: number; data: T }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    const record: Record<string, string> = {};
    for (const [i, column] of columnAt) record[column] = cells[i] ?? '';
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of fieldIssues(parsed.error)) {
        const column = issue.path.split('.')[0] ?? '(row)';
        issues.push({ ...issue, row, column, path: `row.${row}.${issue.path}` });
      }
      continue;
    }
    const key = duplicate.key(parsed.data);
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) {
      issues.push({
        row,
        column: duplicate.column,
        path: `row.${row}.${duplicate.column}`,
        rule: 'duplicate_in_file',
        zh: duplicate.zh(earlier),
        en: duplicate.en(earlier),
      });
      continue;
    }
    firstRowOf.set(key, row);
    valid.push({ row, data: parsed.data });
  }
  return { valid, issues };
}
