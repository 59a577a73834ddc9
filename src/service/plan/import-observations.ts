/**
 * Officers import a year of values (or any number) from an .xlsx or CSV file, one row per target and
 * period: 指标编号 (target id or its Chinese title), 期间, 数值 (or 评估 for a qualitative target), 来源,
 * 备注. Every problem is reported with its row and column; with any error nothing is imported unless
 * `allowPartial`, which imports the valid rows. A period that already has a value is revised (the
 * same value again is "unchanged", so importing a file twice changes nothing). Audited as
 * `plan.import`; the targets touched are re-evaluated and their departments alerted if worse.
 */
import { stringify } from 'csv-stringify/sync';
import { type FieldIssue, ImportRejectedError, InputError } from '../../core/errors.ts';
import { ASSESSMENTS, type Assessment, STATUS_LABELS } from '../../core/plan/status.ts';
import type { Plan } from '../../core/plan/types.ts';
import type { Actor } from '../applications/ports.ts';
import { loadExcel } from '../excel.ts';
import { readSheet } from '../registry/files.ts';
import { normaliseHeader } from '../registry/schema.ts';
import { type BatchResult, type BatchRow, writeBatch } from './batch.ts';
import { authorise, checkObservation, type ObservationInput, today, WRITERS } from './observations.ts';
import type { PlanDeps } from './ports.ts';

export const IMPORT_COLUMNS = {
  target: ['target', 'target_id', '指标编号', '目标编号', '指标', '目标'],
  period: ['period', '期间', '统计期', '报告期'],
  value: ['value', '数值', '值'],
  assessment: ['assessment', '评估', '评估结论'],
  source: ['source', '来源', '数据来源', '来源文件'],
  comment: ['comment', '备注', '说明'],
  // Informational (the template prints the title next to the id): read and not reported as unknown.
  title: ['title', '目标名称', '指标名称'],
} as const;
type Column = keyof typeof IMPORT_COLUMNS;

/** The template's headers (Chinese and the code, so either reader knows the column). */
export const TEMPLATE_HEADERS: Record<Column, string> = {
  target: '指标编号 target',
  title: '目标名称 title',
  period: '期间 period',
  value: '数值 value',
  assessment: '评估 assessment',
  source: '来源 source',
  comment: '备注 comment',
};

const HEADER_TO_COLUMN = new Map<string, Column>(
  (Object.keys(IMPORT_COLUMNS) as Column[]).flatMap((c) =>
    [...IMPORT_COLUMNS[c], TEMPLATE_HEADERS[c]].map((n) => [normaliseHeader(n), c] as const),
  ),
);

function columnOf(header: string): Column | undefined {
  return HEADER_TO_COLUMN.get(normaliseHeader(header));
}

export interface ImportReport extends Omit<BatchResult, 'results'> {
  format: 'csv' | 'xlsx';
  rows: number;
  valid: number;
  skipped: number;
  committed: boolean;
  ignoredColumns: string[];
  issues: (FieldIssue & { row: number; column: string })[];
  results: BatchResult['results'];
}

function targetLookup(plan: Plan) {
  const map = new Map<string, string>();
  for (const t of plan.targets) {
    map.set(t.id, t.id);
    map.set(normaliseHeader(t.title.zh), t.id);
  }
  return (cell: string) => map.get(cell.trim()) ?? map.get(normaliseHeader(cell));
}

function assessmentOf(cell: string): Assessment | undefined {
  const c = cell.trim();
  if ((ASSESSMENTS as readonly string[]).includes(c)) return c as Assessment;
  return ASSESSMENTS.find((a) => STATUS_LABELS[a].zh === c);
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

export async function importObservations(
  deps: PlanDeps,
  actor: Actor,
  file: { data: Uint8Array; name?: string },
  options: { allowPartial?: boolean } = {},
): Promise<ImportReport> {
  authorise(actor, WRITERS, { zh: '导入规划监测数据', en: 'import plan observations' });
  const sheet = await readSheet(file.data, file.name);
  const day = today(deps);

  const columnAt = new Map<number, Column>();
  const ignoredColumns: string[] = [];
  const fileIssues: FieldIssue[] = [];
  sheet.headers.forEach((header, i) => {
    const column = columnOf(header);
    if (!column) {
      if (header.trim()) ignoredColumns.push(header);
      return;
    }
    if ([...columnAt.values()].includes(column))
      fileIssues.push({
        path: `header.${header}`,
        rule: 'duplicate_column',
        zh: `列“${header}”重复`,
        en: `column "${header}" appears twice`,
      });
    columnAt.set(i, column);
  });
  const present = new Set(columnAt.values());
  for (const required of ['target', 'period', 'source'] as const)
    if (!present.has(required))
      fileIssues.push({
        path: `header.${required}`,
        rule: 'missing_column',
        zh: `缺少必填列“${IMPORT_COLUMNS[required][2]}”（${required}）`,
        en: `required column "${required}" is missing`,
      });
  if (!present.has('value') && !present.has('assessment'))
    fileIssues.push({
      path: 'header.value',
      rule: 'missing_column',
      zh: '缺少“数值”（value）或“评估”（assessment）列',
      en: 'a "value" or an "assessment" column is required',
    });
  if (fileIssues.length > 0) throw new InputError(fileIssues);

  const lookup = targetLookup(deps.plan);
  const issues: ImportReport['issues'] = [];
  const add = (row: number, column: string, rule: string, zh: string, en: string) =>
    issues.push({ row, column, path: `row.${row}.${column}`, rule, zh, en });
  const valid: BatchRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    const cell: Partial<Record<Column, string>> = {};
    for (const [i, column] of columnAt) cell[column] = (cells[i] ?? '').trim();
    const before = issues.length;
    const targetId = cell.target ? lookup(cell.target) : undefined;
    if (!cell.target) add(row, 'target', 'required', '缺少指标编号', 'target is missing');
    else if (!targetId)
      add(
        row,
        'target',
        'unknown_target',
        `规划中没有目标“${cell.target}”`,
        `no target "${cell.target}" in the plan`,
      );
    if (!cell.source) add(row, 'source', 'required', '缺少数据来源', 'source is missing');
    let value: number | null = null;
    if (cell.value) {
      const text = cell.value.replace(/[,\s，]/g, '');
      if (NUMBER.test(text)) value = Number(text);
      else add(row, 'value', 'number', `“${cell.value}”不是数字`, `"${cell.value}" is not a number`);
    }
    let assessment: Assessment | undefined;
    if (cell.assessment) {
      assessment = assessmentOf(cell.assessment);
      if (!assessment)
        add(
          row,
          'assessment',
          'invalid_enum',
          `评估结论应为：${ASSESSMENTS.map((a) => STATUS_LABELS[a].zh).join('、')}`,
          `assessment must be one of ${ASSESSMENTS.join(', ')}`,
        );
    }
    if (!targetId || issues.length > before) continue;
    const input: ObservationInput = {
      period: cell.period ?? '',
      ...(value !== null && { value }),
      ...(assessment && { assessment }),
      source: cell.source!,
      ...(cell.comment && { comment: cell.comment }),
    };
    const target = deps.plan.targets.find((t) => t.id === targetId)!;
    for (const i of checkObservation(deps.plan, target, input, day)) {
      const column = i.path === 'targetId' ? 'target' : i.path;
      add(row, column, i.rule, i.zh, i.en);
    }
    if (input.comment && input.comment.length > 2000)
      add(row, 'comment', 'too_big', '备注过长（最多 2000 字）', 'comment too long (2000 at most)');
    if (input.source.length > 300)
      add(row, 'source', 'too_big', '来源过长（最多 300 字）', 'source too long (300 at most)');
    if (issues.length > before) continue;
    const key = `${targetId}|${input.period}`;
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) {
      add(
        row,
        'period',
        'duplicate_in_file',
        `与第 ${earlier} 行的指标和期间重复`,
        `same target and period as row ${earlier}`,
      );
      continue;
    }
    firstRowOf.set(key, row);
    valid.push({ targetId, input, at: row });
  }

  const report: ImportReport = {
    format: sheet.format,
    rows: sheet.rows.length,
    valid: valid.length,
    skipped: sheet.rows.length - valid.length,
    committed: false,
    ignoredColumns,
    issues,
    created: 0,
    revised: 0,
    unchanged: 0,
    results: [],
    progress: [],
    alerts: [],
  };
  if (issues.length > 0 && !options.allowPartial) throw new ImportRejectedError(issues, sheet.rows.length);
  if (valid.length === 0) return report;

  const result = await writeBatch(
    deps,
    { id: actor.id, name: actor.username },
    valid,
    { channel: 'import', today: day, ...(file.name && { importFile: file.name }) },
    async (tx, r) => {
      await deps.audit.append(tx, {
        actor: actor.username,
        action: 'plan.import',
        subject: file.name ? `file:${file.name}` : null,
        detail: {
          format: sheet.format,
          rows: report.rows,
          created: r.created,
          revised: r.revised,
          unchanged: r.unchanged,
          skipped: report.skipped,
          allowPartial: Boolean(options.allowPartial),
          written: r.results
            .filter((x) => x.outcome !== 'unchanged')
            .slice(0, 500)
            .map((x) => ({
              row: x.at,
              target: x.targetId,
              period: x.period,
              revision: x.revision,
            })),
        },
      });
    },
  );
  return { ...report, ...result, committed: true };
}

/** An import template: the headers and one row per target that takes values, to fill in. */
export async function importTemplate(plan: Plan, format: 'csv' | 'xlsx'): Promise<Buffer> {
  const order: Column[] = ['target', 'title', 'period', 'value', 'assessment', 'source', 'comment'];
  const header = order.map((c) => TEMPLATE_HEADERS[c]);
  const rows = plan.targets
    .filter((t) => !t.derived)
    .map((t) => [t.id, t.title.zh, '', '', t.kind === 'qualitative' ? '' : '', '', '']);
  if (format === 'csv') {
    return Buffer.from(`\uFEFF${stringify([header, ...rows])}`, 'utf8');
  }
  const workbook = new (await loadExcel()).Workbook();
  const ws = workbook.addWorksheet('规划监测数据');
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => {
    c.width = 22;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
