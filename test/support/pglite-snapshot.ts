/**
 * The migrated PGlite snapshot the global setup made (test/support/global-setup.ts), read once per
 * test file. Undefined when a file runs without that setup (then databases start from initdb).
 */
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

let cached: Uint8Array<ArrayBuffer> | undefined;

export function migratedSnapshot(): Blob | undefined {
  const file = inject('pgliteSnapshot');
  if (!file || !existsSync(file)) return undefined;
  cached ??= new Uint8Array(readFileSync(file));
  return new Blob([cached]);
}
