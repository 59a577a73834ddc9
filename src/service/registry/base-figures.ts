/**
 * Base figures of the registry: what the texts take as a base (总运营支出, 年度营业收入 … — the codes
 * of policies/reference.yaml `figures`) per organisation and year, each with its source (an audited
 * report, a statistics filing). Screening works out a notice's amount from them (免申即享); an
 * application confirmed from the notice carries them as its matter.
 *
 * Set one at a time (admin) or imported from CSV/xlsx like the registry: every row validated first,
 * naming row and column; with any error nothing is written unless allowPartial. Each write is one
 * transaction with its audit entry, and touches the organisation's updated_at (an incremental run
 * re-screens it).
 */

import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Catalogue } from '../../core/catalogue/types.ts';
import { ImportRejectedError, NotFoundError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import type { BaseFiguresTable, ScreeningDatabase } from '../../screening/tables.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditService } from '../audit/service.ts';
import { authorise, can } from '../auth/permissions.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { readSheet } from './files.ts';
import { labelOrCode, normaliseHeader, plainText, usccSchema, wholeNumber, yuan } from './schema.ts';
import { type ImportIssue, parseRows, sheetColumns } from './sheet-rows.ts';

export interface BaseFigureView {
  organisationId: string;
  figure: string;
  year: number;
  /** fen */
  amount: number;
  source: string;
  recordedBy: string;
  recordedAt: string;
}

export const BASE_FIGURE_COLUMNS = {
  uscc: ['uscc', '统一社会信用代码', '信用代码'],
  figure: ['figure', '指标', '指标名称'],
  year: ['year', '年度'],
  amount_yuan: ['amount_yuan', '金额(元)', '金额'],
  source: ['source', '来源', '数据来源'],
} as const;
type Column = keyof typeof BASE_FIGURE_COLUMNS;
const REQUIRED: Column[] = ['uscc', 'figure', 'year', 'amount_yuan', 'source'];
const HEADER = new Map<string, Column>(
  Object.entries(BASE_FIGURE_COLUMNS).flatMap(([c, names]) =>
    names.map((n) => [normaliseHeader(n), c as Column] as const),
  ),
);

export type BaseFigureImportIssue = ImportIssue;

export interface BaseFigureImportReport {
  format: 'csv' | 'xlsx';
  rows: number;
  valid: number;
  written: number;
  skipped: number;
  committed: boolean;
  ignoredColumns: string[];
  issues: BaseFigureImportIssue[];
}

const NOT_FOUND = () => new NotFoundError({ zh: '未找到该单位', en: 'no such organisation' });

export function createBaseFigureService(deps: {
  db: Db;
  catalogue: Catalogue;
  clock: Clock;
  audit: AuditService;
}) {
  const { db, catalogue, clock, audit } = deps;
  const sdb = db as unknown as Kysely<ScreeningDatabase>;
  const figure = labelOrCode(catalogue.reference.figures);
  const inputSchema = z
    .object({
      figure,
      year: z.number().int().min(1900).max(2200),
      amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('fen'),
      source: plainText(500),
    })
    .strict();
  const rowSchema = z.object({
    uscc: usccSchema,
    figure,
    year: wholeNumber(1900, 2200),
    amount_yuan: yuan,
    source: plainText(500),
  });

  function view(r: Selectable<BaseFiguresTable>): BaseFigureView {
    return {
      organisationId: r.organisation_id,
      figure: r.figure,
      year: r.year,
      amount: Number(r.amount),
      source: r.source,
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at).toISOString(),
    };
  }

  /**
   * Writes figures (one statement per slice of rows: a row is five parameters and the keys are
   * distinct, the import refused repeats) and touches their organisations' updated_at, so an
   * incremental run re-screens them.
   */
  async function upsert(
    tx: Kysely<ScreeningDatabase>,
    rows: { organisationId: string; figure: string; year: number; amount: number; source: string }[],
    by: string,
    now: Date,
  ) {
    for (let i = 0; i < rows.length; i += 2000) {
      const slice = rows.slice(i, i + 2000);
      await tx
        .insertInto('organisation_base_figures')
        .values(
          slice.map(({ organisationId, ...f }) => ({
            organisation_id: organisationId,
            ...f,
            recorded_by: by,
            recorded_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'figure', 'year']).doUpdateSet((eb) => ({
            amount: eb.ref('excluded.amount'),
            source: eb.ref('excluded.source'),
            recorded_by: eb.ref('excluded.recorded_by'),
            recorded_at: eb.ref('excluded.recorded_at'),
          })),
        )
        .execute();
      await tx
        .updateTable('organisations')
        .set({ updated_at: now })
        .where('id', 'in', [...new Set(slice.map((r) => r.organisationId))])
        .execute();
    }
  }

  return {
    async list(user: SessionUser, organisationId: string): Promise<BaseFigureView[]> {
      if (!can(user, 'registry.read_all') && user.organisationId !== organisationId) throw NOT_FOUND();
      const rows = await sdb
        .selectFrom('organisation_base_figures')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('year', 'desc')
        .orderBy('figure')
        .execute();
      return rows.map(view);
    },

    async set(user: SessionUser, organisationId: string, raw: unknown): Promise<BaseFigureView> {
      authorise(user, 'registry.write');
      const input = parseOrThrow(inputSchema, raw);
      const now = clock.now();
      return sdb.transaction().execute(async (tx) => {
        const org = await tx
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', organisationId)
          .executeTakeFirst();
        if (!org) throw NOT_FOUND();
        await upsert(tx, [{ organisationId, ...input }], user.username, now);
        await audit.append(tx as never, {
          actor: user.username,
          action: 'registry.base_figure',
          subject: `organisation:${organisationId}`,
          detail: { ...input },
        });
        const row = await tx
          .selectFrom('organisation_base_figures')
          .selectAll()
          .where('organisation_id', '=', organisationId)
          .where('figure', '=', input.figure)
          .where('year', '=', input.year)
          .executeTakeFirstOrThrow();
        return view(row);
      });
    },

    /** CSV or .xlsx, one figure per row: uscc, figure, year, amount_yuan, source. */
    async importFile(
      user: SessionUser,
      file: { data: Uint8Array; name?: string },
      options: { allowPartial?: boolean } = {},
    ): Promise<BaseFigureImportReport> {
      authorise(user, 'registry.write');
      const sheet = await readSheet(file.data, file.name);
      const { columnAt, ignoredColumns } = sheetColumns(
        sheet.headers,
        (h) => HEADER.get(normaliseHeader(h)),
        REQUIRED,
        (c) => BASE_FIGURE_COLUMNS[c][1],
      );
      const { valid, issues } = parseRows(sheet, columnAt, rowSchema, {
        key: (r) => `${r.uscc} ${r.figure} ${r.year}`,
        column: 'figure',
        zh: (earlier) => `同一单位、指标和年度与第 ${earlier} 行重复`,
        en: (earlier) => `same organisation, figure and year as row ${earlier}`,
      });
      // Every USCC must be registered: a figure for nobody is an error on its row.
      const usccs = [...new Set(valid.map((v) => v.data.uscc))];
      const ids = await new OrganisationRepository(db).idsByUscc(usccs);
      const writable = valid.filter((v) => {
        if (ids.has(v.data.uscc)) return true;
        issues.push({
          row: v.row,
          column: 'uscc',
          path: `row.${v.row}.uscc`,
          rule: 'unknown_organisation',
          zh: '该统一社会信用代码未登记，请先导入单位',
          en: 'no organisation with this USCC: import it first',
        });
        return false;
      });
      issues.sort((a, b) => a.row - b.row);
      const report: BaseFigureImportReport = {
        format: sheet.format,
        rows: sheet.rows.length,
        valid: writable.length,
        written: 0,
        skipped: sheet.rows.length - writable.length,
        committed: false,
        ignoredColumns,
        issues,
      };
      if (issues.length > 0 && !options.allowPartial)
        throw new ImportRejectedError(issues, sheet.rows.length);
      if (writable.length === 0) return report;
      const now = clock.now();
      await sdb.transaction().execute(async (tx) => {
        await upsert(
          tx,
          writable.map(({ data }) => ({
            organisationId: ids.get(data.uscc)!,
            figure: data.figure,
            year: data.year,
            amount: data.amount_yuan,
            source: data.source,
          })),
          user.username,
          now,
        );
        report.written = writable.length;
        await audit.append(tx as never, {
          actor: user.username,
          action: 'registry.base_figures.import',
          subject: file.name ? `file:${file.name}` : null,
          detail: {
            format: sheet.format,
            rows: report.rows,
            written: report.written,
            skipped: report.skipped,
            allowPartial: Boolean(options.allowPartial),
          },
        });
      });
      report.committed = true;
      return report;
    },
  };
}

export type BaseFigureService = ReturnType<typeof createBaseFigureService>;
