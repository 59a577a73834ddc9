/**
 * The two places attachment bytes can live. Both are content-addressed (the SHA-256 names the bytes),
 * so a file uploaded twice is kept once and a stored file can be checked against its record.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { getBlob, putBlob } from '../../storage/repositories/attachments.ts';
import type { BlobStore } from './ports.ts';

/** In the database (attachment_blobs): backed up and replicated with everything else. */
export const databaseBlobs: BlobStore = {
  kind: 'db',
  put: (tx, sha256, bytes, at) => putBlob(tx, sha256, bytes, at),
  get: (db, sha256) => getBlob(db, sha256),
};

/**
 * In a folder (`CEYUAN_ATTACHMENTS_DIR`): <dir>/<ab>/<sha256>. Written to a temporary name, flushed
 * to disk and renamed, so a crash never leaves half a file under a checksum's name.
 */
export function directoryBlobs(dir: string): BlobStore {
  mkdirSync(dir, { recursive: true });
  const pathOf = (sha256: string) => join(dir, sha256.slice(0, 2), sha256);
  return {
    kind: 'dir',
    async put(_tx, sha256, bytes) {
      const target = pathOf(sha256);
      if (existsSync(target)) return;
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, bytes);
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    },
    async get(_db, sha256) {
      const target = pathOf(sha256);
      return existsSync(target) ? new Uint8Array(readFileSync(target)) : undefined;
    },
  };
}
