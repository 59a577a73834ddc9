/** Attachment rows and blobs (migration 0007): the only SQL for the attachment store. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../schema.ts';
import type { AttachmentsTable } from '../tables/attachments-public.ts';

export type AttachmentRow = Selectable<AttachmentsTable>;

export async function insertAttachment(db: Executor, row: Insertable<AttachmentsTable>): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export async function findAttachment(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The subject's attachments that have not been removed, oldest first. */
export async function listAttachments(
  db: Executor,
  subjectType: string,
  subjectId: string,
): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('removed_at', 'is', null)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

/** The latest row of a subject holding these bytes, removed or not (blobs are never deleted). */
export async function findAttachmentBySha(
  db: Executor,
  subjectType: string,
  subjectId: string,
  sha256: string,
): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('sha256', '=', sha256)
    .orderBy('removed_at', (ob) => ob.desc().nullsFirst())
    .orderBy('uploaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function markRemoved(db: Executor, id: string, by: string, at: Date): Promise<void> {
  await db.updateTable('attachments').set({ removed_by: by, removed_at: at }).where('id', '=', id).execute();
}

/** Stores the bytes once per checksum; a second upload of the same file adds nothing. */
export async function putBlob(db: Executor, sha256: string, content: Uint8Array, at: Date): Promise<void> {
  await db
    .insertInto('attachment_blobs')
    .values({ sha256, size: content.byteLength, content, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function getBlob(db: Executor, sha256: string): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('attachment_blobs')
    .select('content')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row?.content;
}
