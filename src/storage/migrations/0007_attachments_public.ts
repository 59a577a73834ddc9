/**
 * Platform services of issue 10: attachments (one store for every subject: applications now, bids,
 * milestone evidence and listings later), objections filed by the public against a notice (公示), and
 * the facts of a measure's 办事指南 an administrator fills in where the policy text gives none.
 *
 * Attachments: the metadata row says whose it is (subject type and id, the owning organisation) and
 * what it is (name, media type, size, SHA-256); the bytes are kept once per checksum, in
 * attachment_blobs or in a folder the operator configures (`storage`). Rows are never deleted: a
 * removed attachment is marked, so the audit trail's checksums keep pointing at something.
 * `organisation_id` is null for what belongs to the platform (a department's challenge list).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table attachment_blobs (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint not null check (size >= 0),
      content bytea not null,
      created_at timestamptz not null
    )`,
    `create table attachments (
      id uuid primary key,
      organisation_id uuid null references organisations (id),
      subject_type text not null check (subject_type ~ '^[a-z][a-z_]{1,39}$'),
      subject_id text not null check (length(subject_id) between 1 and 100),
      material text null check (length(material) between 1 and 100),
      name text not null check (length(name) between 1 and 200),
      media_type text not null check (length(media_type) between 3 and 100),
      size bigint not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      storage text not null check (storage in ('db', 'dir')),
      uploaded_by uuid not null references users (id),
      uploaded_at timestamptz not null,
      removed_by uuid null references users (id),
      removed_at timestamptz null
    )`,
    'create index attachments_subject_idx on attachments (subject_type, subject_id)',
    'create index attachments_organisation_idx on attachments (organisation_id)',
    `create table public_objections (
      organisation_id uuid not null,
      id uuid not null,
      application_id uuid not null,
      name text null check (length(name) between 1 and 100),
      contact text not null check (length(contact) between 1 and 200),
      text text not null check (length(text) between 1 and 4000),
      received_on date not null,
      received_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
      resolution text null,
      resolved_by uuid null references users (id),
      resolved_at timestamptz null,
      primary key (organisation_id, id),
      foreign key (organisation_id, application_id) references applications (organisation_id, id)
    )`,
    'create index public_objections_open_idx on public_objections (organisation_id, application_id, status)',
    `create table guide_entries (
      measure_id text not null check (length(measure_id) between 1 and 40),
      field text not null check (field in ('department', 'processingTime', 'contact', 'rounds')),
      value text not null check (length(value) between 1 and 500),
      source text not null check (length(source) between 1 and 200),
      updated_by uuid not null references users (id),
      updated_at timestamptz not null,
      primary key (measure_id, field)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table guide_entries',
    'drop table public_objections',
    'drop table attachments',
    'drop table attachment_blobs',
  ]);
}
