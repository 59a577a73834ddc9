/**
 * Raw file bodies for the import routes (CSV or .xlsx as the request body), within one route scope.
 * Browsers label .csv files inconsistently (Windows says application/vnd.ms-excel): the content decides
 * the format (a zip signature means .xlsx), the label only has to be one of these.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function acceptFileBodies(app: FastifyInstance, bodyLimit = IMPORT_BODY_LIMIT): void {
  for (const type of [
    'text/csv',
    'text/plain',
    'application/vnd.ms-excel',
    XLSX,
    'application/octet-stream',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
  }
}

/** The rows an import refused and why (ImportIssue, service/registry/sheet-rows.ts), as its report lists them. */
export const importIssuesSchema = z
  .array(
    z.object({
      row: z.number().int().describe('spreadsheet row (header = 1)'),
      column: z.string(),
      path: z.string(),
      rule: z.string(),
      zh: z.string(),
      en: z.string(),
    }),
  )
  .describe('rows left out (allowPartial=true)');
