/** Small builders shared by tests: valid USCCs, users of each role, the loaded catalogue. */
import { loadCatalogue } from '../../src/catalogue/load.ts';
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
