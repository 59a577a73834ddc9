/**
 * What the attachment store needs from outside, and how another area plugs its records in.
 *
 * A subject type (`application`, later `bid`, `milestone`, `listing`…) registers a SubjectPolicy:
 * given who asks and the subject's id, it says whose the subject is and whether they may read it or
 * add to it. The store does the rest (limits, type check, checksum, storage, audit) the same for all.
 */
import type { Executor } from '../../storage/schema.ts';
import type { Actor, AuditPort, Clock, IdSource } from '../applications/ports.ts';

export type { Actor };

export interface SubjectAccess {
  /** The organisation the subject (and so its attachments) belongs to; null: the platform's. */
  organisationId: string | null;
  canRead: boolean;
  /** May add and remove attachments now (e.g. an application while it is a draft or returned). */
  canWrite: boolean;
}

export interface SubjectPolicy {
  /**
   * The actor's access to one subject; undefined when it does not exist or the actor may not know
   * it exists (answered as NOT_FOUND, never FORBIDDEN).
   */
  access(db: Executor, actor: Actor, subjectId: string): Promise<SubjectAccess | undefined>;
}

/** Where the bytes live: the database (default) or a folder the operator configures. */
export interface BlobStore {
  readonly kind: 'db' | 'dir';
  /** Stores the bytes under their SHA-256 (idempotent); `tx` is the upload's transaction. */
  put(tx: Executor, sha256: string, bytes: Uint8Array, at: Date): Promise<void>;
  get(db: Executor, sha256: string): Promise<Uint8Array | undefined>;
}

export interface AttachmentLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most attachments one subject may hold. */
  maxPerSubject: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = { maxBytes: 20 * 1024 * 1024, maxPerSubject: 50 };

export interface AttachmentDeps {
  db: import('../../storage/schema.ts').Db;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  blobs: BlobStore;
  limits?: Partial<AttachmentLimits>;
  /** Subject types and their policies; `application` is built in (subjects.ts). */
  subjects?: Record<string, SubjectPolicy>;
}
