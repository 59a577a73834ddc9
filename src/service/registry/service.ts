/**
 * The registry use cases: read (an enterprise user sees its own organisation only), create, update,
 * delete and import. Each write validates first (naming the field and rule in zh and en), then runs
 * in one transaction with its audit entry, so a failure changes nothing.
 */
import type { Catalogue } from '../../core/catalogue/types.ts';
import { ConflictError, ImportRejectedError, NotFoundError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import {
  type Organisation,
  type OrganisationData,
  type OrganisationRecord,
  OrganisationRepository,
} from '../../storage/repositories/organisations.ts';
import type { Db } from '../../storage/schema.ts';
import type { AuditService } from '../audit/service.ts';
import { authorise, can } from '../auth/permissions.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { readSheet } from './files.ts';
import {
  columnForHeader,
  IMPORT_COLUMNS,
  importRowSchema,
  type OrganisationInput,
  organisationInputSchema,
  REQUIRED_COLUMNS,
} from './schema.ts';
import { type ImportIssue, parseRows, sheetColumns } from './sheet-rows.ts';

export type { ImportIssue } from './sheet-rows.ts';

export interface ImportReport {
  format: 'csv' | 'xlsx';
  rows: number;
  valid: number;
  created: number;
  updated: number;
  /** Rows left out because of their errors (allowPartial only). */
  skipped: number;
  committed: boolean;
  ignoredColumns: string[];
  issues: ImportIssue[];
}

export interface ListQuery {
  kind?: string;
  city?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

const NOT_FOUND = () => new NotFoundError({ zh: '未找到该单位', en: 'no such organisation' });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function duplicateUscc(uscc: string): ConflictError {
  return new ConflictError(
    { zh: `统一社会信用代码 ${uscc} 已登记`, en: `USCC ${uscc} is already registered` },
    [{ path: 'uscc', rule: 'unique', zh: '该统一社会信用代码已登记', en: 'this USCC is already registered' }],
  );
}

export function createRegistryService(deps: {
  db: Db;
  catalogue: Catalogue;
  clock: Clock;
  audit: AuditService;
}) {
  const { db, catalogue, clock, audit } = deps;
  const inputSchema = organisationInputSchema(catalogue.reference);
  const rowSchema = importRowSchema(catalogue.reference);

  function toData(input: OrganisationInput): OrganisationData {
    return {
      uscc: input.uscc,
      name: input.name,
      kind: input.kind,
      city: input.city,
      district: input.district,
      centreOriginCity: input.centreOriginCity,
      sectors: input.sectors,
      licences: input.licences,
      ...(input.qualifications && { qualifications: input.qualifications }),
      ...(input.figures && { figures: input.figures }),
      ...(input.groupLinks && { groupLinks: input.groupLinks }),
    };
  }

  /** Enterprise users may read their own organisation; others' answer 404, as if absent. */
  function visible(user: SessionUser, id: string): boolean {
    return can(user, 'registry.read_all') || user.organisationId === id;
  }

  return {
    async list(user: SessionUser, query: ListQuery): Promise<{ items: Organisation[]; total: number }> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const offset = Math.max(query.offset ?? 0, 0);
      const onlyId = can(user, 'registry.read_all') ? undefined : (user.organisationId ?? '');
      return new OrganisationRepository(db).list({
        ...query,
        limit,
        offset,
        ...(onlyId !== undefined && { onlyId }),
      });
    },

    async get(user: SessionUser, id: string): Promise<OrganisationRecord> {
      if (!visible(user, id)) throw NOT_FOUND();
      const org = await new OrganisationRepository(db).get(id);
      if (!org) throw NOT_FOUND();
      return org;
    },

    async create(user: SessionUser, raw: unknown): Promise<OrganisationRecord> {
      authorise(user, 'registry.write');
      const input = parseOrThrow(inputSchema, raw);
      try {
        return await db.transaction().execute(async (tx) => {
          const repo = new OrganisationRepository(tx);
          if (await repo.getByUscc(input.uscc)) throw duplicateUscc(input.uscc);
          const id = await repo.insert(toData(input), clock.now());
          await audit.append(tx, {
            actor: user.username,
            action: 'registry.create',
            subject: `organisation:${id}`,
            detail: { uscc: input.uscc, name: input.name },
          });
          return (await repo.get(id))!;
        });
      } catch (error) {
        // Two concurrent creates of one USCC: the unique index decides, the loser gets a 409.
        if (isUniqueViolation(error)) throw duplicateUscc(input.uscc);
        throw error;
      }
    },

    async update(user: SessionUser, id: string, raw: unknown): Promise<OrganisationRecord> {
      authorise(user, 'registry.write');
      const input = parseOrThrow(inputSchema, raw);
      try {
        return await db.transaction().execute(async (tx) => {
          const repo = new OrganisationRepository(tx);
          const before = await repo.get(id);
          if (!before) throw NOT_FOUND();
          const other = await repo.getByUscc(input.uscc);
          if (other && other.id !== id) throw duplicateUscc(input.uscc);
          await repo.update(id, toData(input), clock.now());
          const after = (await repo.get(id))!;
          await audit.append(tx, {
            actor: user.username,
            action: 'registry.update',
            subject: `organisation:${id}`,
            detail: {
              before: { ...before, updatedAt: undefined },
              after: { ...after, updatedAt: undefined },
            },
          });
          return after;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateUscc(input.uscc);
        throw error;
      }
    },

    async remove(user: SessionUser, id: string): Promise<void> {
      authorise(user, 'registry.write');
      try {
        await db.transaction().execute(async (tx) => {
          const repo = new OrganisationRepository(tx);
          const before = await repo.get(id);
          if (!before) throw NOT_FOUND();
          await repo.delete(id);
          await audit.append(tx, {
            actor: user.username,
            action: 'registry.delete',
            subject: `organisation:${id}`,
            detail: { uscc: before.uscc, name: before.name },
          });
        });
      } catch (error) {
        // 23503: rows elsewhere (users, applications, ledger) still point at it.
        if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503') {
          throw new ConflictError({
            zh: '该单位已有关联的用户、申请或资金记录，不能删除',
            en: 'the organisation has users, applications or ledger entries and cannot be deleted',
          });
        }
        throw error;
      }
    },

    /**
     * Imports a CSV or .xlsx file. Every row is validated first; with any error nothing is written
     * (ImportRejectedError naming row, column and rule) unless `allowPartial`, which writes the valid
     * rows only. Rows upsert by USCC, so importing the same file twice changes nothing the second time.
     */
    async importFile(
      user: SessionUser,
      file: { data: Uint8Array; name?: string },
      options: { allowPartial?: boolean } = {},
    ): Promise<ImportReport> {
      authorise(user, 'registry.write');
      const sheet = await readSheet(file.data, file.name);

      // Map headers to columns; unknown headers are reported, missing required ones stop the import.
      const { columnAt, present, ignoredColumns } = sheetColumns(
        sheet.headers,
        columnForHeader,
        REQUIRED_COLUMNS,
        (c) => IMPORT_COLUMNS[c][1],
      );
      const { valid, issues } = parseRows(sheet, columnAt, rowSchema, {
        key: (r) => r.uscc,
        column: 'uscc',
        zh: (earlier) => `统一社会信用代码与第 ${earlier} 行重复`,
        en: (earlier) => `same USCC as row ${earlier}`,
      });

      const report: ImportReport = {
        format: sheet.format,
        rows: sheet.rows.length,
        valid: valid.length,
        created: 0,
        updated: 0,
        skipped: sheet.rows.length - valid.length,
        committed: false,
        ignoredColumns,
        issues,
      };
      if (issues.length > 0 && !options.allowPartial)
        throw new ImportRejectedError(issues, sheet.rows.length);
      if (valid.length === 0) return report;

      await db.transaction().execute(async (tx) => {
        const repo = new OrganisationRepository(tx);
        const now = clock.now();
        for (const { data } of valid) {
          const result = await repo.upsertByUscc(
            {
              uscc: data.uscc,
              name: data.name,
              kind: data.kind,
              city: data.city,
              ...(present.has('district') && { district: data.district ?? null }),
              ...(present.has('centre_origin_city') && { centreOriginCity: data.centre_origin_city ?? null }),
              ...(present.has('sectors') && { sectors: data.sectors ?? [] }),
              ...(present.has('licences') && { licences: data.licences ?? [] }),
              ...(present.has('qualifications') && { qualifications: data.qualifications ?? [] }),
              ...((present.has('parent_uscc') || present.has('shareholder_usccs')) && {
                groupLinks: [
                  ...(data.parent_uscc ? [{ relation: 'parent' as const, uscc: data.parent_uscc }] : []),
                  ...(data.shareholder_usccs ?? []).map((uscc) => ({
                    relation: 'shareholder' as const,
                    uscc,
                  })),
                ],
                groupRelations: [
                  ...(present.has('parent_uscc') ? (['parent'] as const) : []),
                  ...(present.has('shareholder_usccs') ? (['shareholder'] as const) : []),
                ],
              }),
              ...(data.year !== undefined && {
                figures: [
                  {
                    year: data.year,
                    revenue: data.revenue_yuan ?? null,
                    rdExpense: data.rd_expense_yuan ?? null,
                    employees: data.employees ?? null,
                  },
                ],
              }),
            },
            now,
          );
          if (result.created) report.created += 1;
          else report.updated += 1;
        }
        await audit.append(tx, {
          actor: user.username,
          action: 'registry.import',
          subject: file.name ? `file:${file.name}` : null,
          detail: {
            format: sheet.format,
            rows: report.rows,
            created: report.created,
            updated: report.updated,
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

export type RegistryService = ReturnType<typeof createRegistryService>;
