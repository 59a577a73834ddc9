/** Row types of the attachment, public objection and guide tables (migration 0007_attachments_public). */
import type { Timestamp } from './registry.ts';

export type AttachmentStorage = 'db' | 'dir';

export interface AttachmentBlobsTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: string;
  organisation_id: string | null;
  subject_type: string;
  subject_id: string;
  material: string | null;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  storage: AttachmentStorage;
  uploaded_by: string;
  uploaded_at: Timestamp;
  removed_by: string | null;
  removed_at: Timestamp | null;
}

export type PublicObjectionStatus = 'open' | 'upheld' | 'dismissed';

export interface PublicObjectionsTable {
  organisation_id: string;
  id: string;
  application_id: string;
  name: string | null;
  contact: string;
  text: string;
  received_on: string;
  received_at: Timestamp;
  status: PublicObjectionStatus;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
}

export interface GuideEntriesTable {
  measure_id: string;
  field: 'department' | 'processingTime' | 'contact' | 'rounds';
  value: string;
  source: string;
  updated_by: string;
  updated_at: Timestamp;
}

export interface AttachmentsPublicTables {
  attachment_blobs: AttachmentBlobsTable;
  attachments: AttachmentsTable;
  public_objections: PublicObjectionsTable;
  guide_entries: GuideEntriesTable;
}
