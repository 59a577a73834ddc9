/** Small builders shared by tests: valid USCCs, users of each role, the loaded catalogue. */
import { loadCatalogue, readPolicyFiles } from '../../src/catalogue/load.ts';
import { buildCatalogue } from '../../src/core/catalogue/build.ts';
import type { DocumentFile } from '../../src/core/catalogue/schema.ts';
import type { Catalogue } from '../../src/core/catalogue/types.ts';
import { withUsccCheck } from '../../src/core/uscc.ts';
import type { Role, SessionUser } from '../../src/service/auth/types.ts';

/** The n-th valid USCC of a test series (a Shanghai Songjiang enterprise prefix, check char computed). */
export function testUscc(n: number, prefix = '91310117MA'): string {
  return withUsccCheck(`${prefix}${String(n).padStart(17 - prefix.length, '0')}`);
}

/** The same code with its check character changed: always invalid. */
export function breakUscc(code: string): string {
  return code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
}

export function actor(
  role: Role,
  organisationId: string | null = null,
  username = `test-${role}`,
): SessionUser {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    username,
    displayName: username,
    role,
    organisationId,
  };
}

let catalogue: Catalogue | undefined;
export function testCatalogue(): Catalogue {
  catalogue ??= loadCatalogue();
  return catalogue;
}

/**
 * The catalogue with draft 001 put in force from 2026-07-01 for five years (its measures then count
 * without a simulated adoption: screening tests need 001·十's 免申即享 awards). `tweak` edits the
 * documents further before they are built.
 */
export function catalogueWith001InForce(
  tag = '001-in-force',
  tweak: (doc: DocumentFile) => void = () => {},
): Catalogue {
  const files = readPolicyFiles();
  const documents = files.documents.map((d) => {
    const data = structuredClone(d.data) as DocumentFile;
    if (data.code === '001') {
      data.status = 'in_force';
      data.validity = { from: '2026-07-01', to: '2031-06-30', quote: 'test' };
    }
    tweak(data);
    return { file: d.file, data };
  });
  return buildCatalogue({ ...files, documents, version: `${files.version}-${tag}` });
}
