/** Row types of the shared platform tables (migration 0010_platform): in-site messages and their reads. */
import type { ColumnType, Selectable } from 'kysely';
import type { Timestamp } from './registry.ts';

export interface MessagesTable {
  id: string;
  recipient_organisation_id: string | null;
  recipient_role: string | null;
  recipient_department: string | null;
  recipient_user_id: string | null;
  /** A dotted code naming what happened: `plan.alert`, `matching.new_match`, `qualification.expiring`… */
  kind: string;
  subject_zh: string;
  subject_en: string;
  body_zh: ColumnType<string, string | undefined, string>;
  body_en: ColumnType<string, string | undefined, string>;
  /** Where in the web UI the message points (a path starting with /). */
  link: string | null;
  /** What it is about, as `<type>:<id>`, for filtering. */
  ref: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
}

export interface MessageReadsTable {
  message_id: string;
  user_id: string;
  read_at: Timestamp;
}

export interface PlatformTables {
  messages: MessagesTable;
  message_reads: MessageReadsTable;
}

export type MessageRow = Selectable<MessagesTable>;
