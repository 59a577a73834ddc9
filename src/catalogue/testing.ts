/**
 * A test fixture shared by the ledger, screening and API tests: the catalogue on disk with draft 001
 * put in force (from 2026-07-01 for its 5 years), so the workflow and 免申即享 can act on its measures
 * (a draft is otherwise only ever simulated in the calculator). Imported by tests only.
 */
import { buildCatalogue } from '../core/catalogue/build.ts';
import type { DocumentFile } from '../core/catalogue/schema.ts';
import type { Catalogue } from '../core/catalogue/types.ts';
import { readPolicyFiles } from './load.ts';

export function catalogueWith001InForce(
  /** A further change to a document's data (a what-if), applied after 001 is put in force. */
  edit?: (document: DocumentFile) => void,
  version = '001-in-force',
): Catalogue {
  const files = readPolicyFiles();
  const documents = files.documents.map((d) => {
    const data = structuredClone(d.data) as DocumentFile;
    if (data.code === '001') {
      data.status = 'in_force';
      data.validity = { from: '2026-07-01', to: '2031-06-30', quote: 'test' };
    }
    edit?.(data);
    return { file: d.file, data };
  });
  return buildCatalogue({ ...files, documents, version: `${files.version}-${version}` });
}
