/**
 * Importing the ledger from an .xlsx or CSV file (e.g. the list of newly recognised 高新技术企业, a
 * 瞪羚 list, a revocation notice), with the registry import's machinery (readSheet, sheet columns,
 * row parsing with row/column issues): one row per certificate or event, columns in Chinese or as
 * codes. Every row is validated — its cells, its organisation (a USCC the registry does not know is
 * an error on that row), and then what it would do to the ledger (nothing to revoke, a downgrade that
 * is not lower) — before anything is written. With any error nothing is written (ImportRejectedError,
 * each issue naming row and column) unless `allowPartial`, which writes the valid rows only.
 * Re-importing the same file changes nothing (the same holding again is “unchanged”). Each event
 * keeps the file's name as its source; one audit entry for the import.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { type FieldIssue, ImportRejectedError } from '../../core/errors.ts';
import { effectiveDay, type LedgerOp } from '../../core/qualifications/operations.ts';
import type { Level, QualificationPolicy } from '../../core/qualifications/types.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { recordsOf } from '../../storage/repositories/qualifications/ledger.ts';
import type { SessionUser } from '../auth/types.ts';
import { loadExcel } from '../excel.ts';
import { readSheet } from '../registry/files.ts';
import { normaliseHeader, usccSchema } from '../registry/schema.ts';
import { type ImportIssue, parseRows, sheetColumns } from '../registry/sheet-rows.ts';
import { applyOperations, type OperationItem, planItems } from './apply-operations.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import type { RewardDecision } from './raise-rewards.ts';

export const LEDGER_COLUMNS = {
  uscc: ['uscc', '统一社会信用代码', '信用代码'],
  name: ['name', '企业名称', '单位名称', '名称'],
  kind: ['kind', '资质类型', '资质', '资质名称', '梯度层级'],
  level: ['level', '级别', '认定级别'],
  grade: ['grade', '等级', '类别'],
  certificate_no: ['certificate_no', '证书编号', '编号'],
  issuer: ['issuer', '发证机关', '认定机构', '认定部门'],
  granted_on: ['granted_on', '认定日期', '发证日期', '起始日期'],
  expires_on: ['expires_on', '有效期至', '截止日期', '到期日期'],
  action: ['action', '事项', '变动类型'],
  effective_on: ['effective_on', '变动日期', '撤销日期', '降级日期'],
  downgrade_to: ['downgrade_to', '降级为'],
  reason: ['reason', '原因', '备注'],
} as const;
type Column = keyof typeof LEDGER_COLUMNS;
const REQUIRED: Column[] = ['uscc', 'kind'];

/** The template's headers: Chinese and the code, so either reader knows the column. */
export const TEMPLATE_HEADERS: Record<Column, string> = {
  uscc: '统一社会信用代码 uscc',
  name: '企业名称 name',
  kind: '资质类型 kind',
  level: '级别 level',
  grade: '等级 grade',
  certificate_no: '证书编号 certificate_no',
  issuer: '发证机关 issuer',
  granted_on: '认定日期 granted_on',
  expires_on: '有效期至 expires_on',
  action: '事项 action',
  effective_on: '变动日期 effective_on',
  downgrade_to: '降级为 downgrade_to',
  reason: '原因 reason',
};

const HEADER = new Map<string, Column>(
  (Object.keys(LEDGER_COLUMNS) as Column[]).flatMap((c) =>
    [...LEDGER_COLUMNS[c], TEMPLATE_HEADERS[c]].map((n) => [normaliseHeader(n), c] as const),
  ),
);

const ACTIONS: Record<string, 'certify' | 'revoke' | 'downgrade'> = {
  certify: 'certify',
  认定: 'certify',
  新认定: 'certify',
  重新认定: 'certify',
  复审: 'certify',
  续期: 'certify',
  入库: 'certify',
  revoke: 'revoke',
  撤销: 'revoke',
  取消: 'revoke',
  取消资格: 'revoke',
  downgrade: 'downgrade',
  降级: 'downgrade',
};

/** A kind, or one of its level or grade names, typed in a cell → kind (and level/grade it implies). */
function kindLookup(policy: QualificationPolicy) {
  const map = new Map<string, { kind: string; level?: Level; grade?: string }>();
  const put = (text: string, v: { kind: string; level?: Level; grade?: string }) =>
    map.set(normaliseHeader(text), v);
  for (const k of policy.kinds) {
    put(k.code, { kind: k.code });
    put(k.label.zh, { kind: k.code });
    put(k.label.en, { kind: k.code });
    for (const [level, name] of Object.entries(k.levelNames))
      if (name) put(name.zh, { kind: k.code, level: level as Level });
    for (const g of k.grades) put(g.label.zh, { kind: k.code, grade: g.code });
  }
  return (cell: string) => map.get(normaliseHeader(cell));
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const custom = (ctx: z.RefinementCtx, path: string, rule: string, zh: string, en: string) =>
  ctx.addIssue({ code: 'custom', path: [path], message: en, params: { zh, en, rule } });

function rowSchema(policy: QualificationPolicy) {
  const kindOf = kindLookup(policy);
  const levels = new Map<string, Level>();
  for (const l of policy.levels)
    for (const t of [l.code, l.label.zh, l.label.en]) levels.set(normaliseHeader(t), l.code);
  return z
    .object({
      uscc: usccSchema,
      name: opt(safeText({ max: 200 })),
      kind: safeText({ min: 1, max: 60 }),
      level: opt(safeText({ max: 20 })),
      grade: opt(safeText({ max: 40 })),
      certificate_no: opt(safeText({ max: 100 })),
      issuer: opt(safeText({ max: 200 })),
      granted_on: opt(isoDate()),
      expires_on: opt(isoDate()),
      action: opt(safeText({ max: 20 })),
      effective_on: opt(isoDate()),
      downgrade_to: opt(safeText({ max: 60 })),
      reason: opt(safeText({ max: 500 })),
    })
    .transform((row, ctx) => {
      const action = row.action
        ? (ACTIONS[row.action.trim().toLowerCase()] ?? ACTIONS[row.action.trim()])
        : 'certify';
      if (!action) {
        custom(
          ctx,
          'action',
          'unknown_action',
          `未知事项“${row.action}”（可填：认定、撤销、降级）`,
          `unknown action "${row.action}" (certify, revoke, downgrade)`,
        );
        return z.NEVER;
      }
      const k = kindOf(row.kind);
      if (!k) {
        custom(
          ctx,
          'kind',
          'unknown_kind',
          `未知资质类型“${row.kind}”`,
          `unknown qualification kind "${row.kind}"`,
        );
        return z.NEVER;
      }
      const kind = policy.byCode.get(k.kind)!;
      let level: Level | null = k.level ?? null;
      if (row.level) {
        level = levels.get(normaliseHeader(row.level)) ?? null;
        if (!level) {
          custom(
            ctx,
            'level',
            'unknown_level',
            `未知级别“${row.level}”（国家级、市级、区级）`,
            `unknown level "${row.level}"`,
          );
          return z.NEVER;
        }
      }
      let grade: string | null = k.grade ?? null;
      if (row.grade) {
        const g = kind.grades.find((x) =>
          [x.code, x.label.zh, x.label.en, ...x.aliases]
            .map(normaliseHeader)
            .includes(normaliseHeader(row.grade!)),
        );
        if (!g) {
          custom(
            ctx,
            'grade',
            'unknown_grade',
            `${kind.label.zh}没有等级“${row.grade}”`,
            `${kind.label.en} has no grade "${row.grade}"`,
          );
          return z.NEVER;
        }
        grade = g.code;
      }
      const reason = row.reason ?? '导入文件';
      if (action === 'certify') {
        if (!row.granted_on) {
          custom(
            ctx,
            'granted_on',
            'required',
            '认定事项须填写认定日期',
            'a certificate needs its grant date',
          );
          return z.NEVER;
        }
        return {
          uscc: row.uscc,
          op: {
            op: 'certify',
            kind: k.kind,
            level,
            grade,
            certificateNo: row.certificate_no ?? null,
            issuer: row.issuer ?? null,
            grantedOn: row.granted_on,
            expiresOn: row.expires_on ?? null,
          } satisfies LedgerOp as LedgerOp,
        };
      }
      if (!row.effective_on) {
        custom(
          ctx,
          'effective_on',
          'required',
          '撤销或降级须填写变动日期',
          'a revocation or downgrade needs its effective date',
        );
        return z.NEVER;
      }
      if (action === 'revoke')
        return {
          uscc: row.uscc,
          op: {
            op: 'revoke',
            kind: k.kind,
            on: row.effective_on,
            reason,
            grantedOn: row.granted_on ?? null,
          } satisfies LedgerOp as LedgerOp,
        };
      const to = row.downgrade_to ? kindOf(row.downgrade_to) : undefined;
      if (!to) {
        custom(
          ctx,
          'downgrade_to',
          row.downgrade_to ? 'unknown_kind' : 'required',
          '降级须填写降级后的资质（如“潜力瞪羚企业”）',
          'a downgrade names the lower kind',
        );
        return z.NEVER;
      }
      return {
        uscc: row.uscc,
        op: {
          op: 'downgrade',
          kind: k.kind,
          on: row.effective_on,
          reason,
          to: {
            kind: to.kind,
            grade: to.grade ?? null,
            level: to.level ?? null,
            expiresOn: row.expires_on ?? null,
          },
        } satisfies LedgerOp as LedgerOp,
      };
    });
}

/** A ledger refusal's field → the file's column. */
const COLUMN_OF: Record<string, Column> = {
  kind: 'kind',
  grade: 'grade',
  level: 'level',
  expiresOn: 'expires_on',
  grantedOn: 'granted_on',
  on: 'effective_on',
  'to.kind': 'downgrade_to',
  'to.grade': 'downgrade_to',
  'to.level': 'downgrade_to',
  'to.expiresOn': 'expires_on',
};

export interface LedgerImportReport {
  format: 'csv' | 'xlsx';
  rows: number;
  valid: number;
  skipped: number;
  committed: boolean;
  created: number;
  corrected: number;
  unchanged: number;
  revoked: number;
  downgraded: number;
  ignoredColumns: string[];
  issues: ImportIssue[];
  rewards: RewardDecision[];
}

export async function importQualifications(
  ctx: QualificationContext,
  user: SessionUser,
  file: { data: Uint8Array; name?: string },
  options: { allowPartial?: boolean } = {},
): Promise<LedgerImportReport> {
  requireOfficer(user);
  const sheet = await readSheet(file.data, file.name);
  const { columnAt, ignoredColumns } = sheetColumns(
    sheet.headers,
    (h) => HEADER.get(normaliseHeader(h)),
    REQUIRED,
    (c) => LEDGER_COLUMNS[c][1],
  );
  const { valid, issues } = parseRows(sheet, columnAt, rowSchema(ctx.policy), {
    // The same certificate (or event) twice in one file is a mistake on the later row.
    key: (r) => JSON.stringify([r.uscc, r.op]),
    column: 'uscc',
    zh: (earlier) => `与第 ${earlier} 行重复`,
    en: (earlier) => `same as row ${earlier}`,
  });

  // Organisations by USCC: an unknown one is an error on its row.
  const ids = await new OrganisationRepository(ctx.db).idsByUscc([...new Set(valid.map((v) => v.data.uscc))]);
  const known = valid.filter((v) => {
    if (ids.has(v.data.uscc)) return true;
    issues.push({
      row: v.row,
      column: 'uscc',
      path: `row.${v.row}.uscc`,
      rule: 'unknown_organisation',
      zh: '该统一社会信用代码未在单位名录中登记（请先导入单位名录）',
      en: 'this USCC is not in the registry (import the organisation first)',
    });
    return false;
  });

  // What each row would do, planned against the ledger as it is (each firm's rows in date order).
  const items = known
    .map((v) => ({ organisationId: ids.get(v.data.uscc)!, op: v.data.op, row: v.row }))
    .sort((a, b) => {
      const [da, pa] = effectiveDay(a.op);
      const [db, pb] = effectiveDay(b.op);
      return (
        a.organisationId.localeCompare(b.organisationId) ||
        (da < db ? -1 : da > db ? 1 : pa - pb) ||
        a.row - b.row
      );
    });
  const records = await recordsOf(ctx.db, [...new Set(items.map((i) => i.organisationId))]);
  const dry = planItems(ctx, records, items);
  const refused = new Set<number>();
  for (const x of dry.issues) {
    const row = items[x.index]!.row;
    refused.add(row);
    for (const i of x.issues) issues.push(rowIssue(row, i));
  }
  // A row after a refused one of the same firm was planned without it: plan the rest again.
  const good: (OperationItem & { row: number })[] = items
    .filter((i) => !refused.has(i.row))
    .map((i) => ({ ...i, path: `row.${i.row}` }));
  issues.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));

  const badRows = new Set(issues.map((i) => i.row)).size;
  const report: LedgerImportReport = {
    format: sheet.format,
    rows: sheet.rows.length,
    valid: good.length,
    skipped: badRows,
    committed: false,
    created: 0,
    corrected: 0,
    unchanged: 0,
    revoked: 0,
    downgraded: 0,
    ignoredColumns,
    issues,
    rewards: [],
  };
  if (issues.length > 0 && !options.allowPartial) throw new ImportRejectedError(issues, sheet.rows.length);
  if (good.length === 0) return report;
  const result = await applyOperations(
    ctx,
    user.username,
    good,
    { source: 'import', sourceRef: file.name ?? null },
    {
      action: 'qualification.import',
      subject: file.name ? `file:${file.name}` : null,
      detail: {
        format: sheet.format,
        rows: report.rows,
        skipped: report.skipped,
        allowPartial: Boolean(options.allowPartial),
      },
    },
  );
  for (const i of result.items) {
    if (i.outcome === 'withdrawn') continue;
    report[i.outcome] += 1;
  }
  report.rewards = result.rewards;
  report.committed = true;
  return report;
}

function rowIssue(row: number, i: FieldIssue): ImportIssue {
  const column = COLUMN_OF[i.path] ?? 'uscc';
  return { ...i, row, column, path: `row.${row}.${column}` };
}

/** The import template: the headers (Chinese and code), as .xlsx or CSV (UTF-8 with BOM for Excel). */
export async function ledgerTemplate(format: 'csv' | 'xlsx'): Promise<Uint8Array> {
  const headers = Object.values(TEMPLATE_HEADERS);
  if (format === 'csv') return new TextEncoder().encode(`\uFEFF${stringify([headers])}`);
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('资质台账');
  ws.addRow(headers);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = 20;
  });
  const notes = wb.addWorksheet('说明');
  for (const line of [
    ['每行一项资质证书或一次变动。事项留空为“认定”；“撤销”“降级”须填变动日期，“降级”须填降级为。'],
    [
      '资质类型可填代码或中文名称（如 high_tech、高新技术企业、国家级专精特新“小巨人”企业、科技小巨人培育企业）。',
    ],
    [
      '有效期至留空：高新技术企业按《高新技术企业认定管理办法》第九条自发证之日起三年推算；其他资质记为未载明。',
    ],
    ['同一证书重复导入不会产生变化；有效期等信息不同则记为更正。'],
  ])
    notes.addRow(line);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
