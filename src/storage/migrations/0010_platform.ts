/**
 * Platform pieces the capabilities share (DESIGN.md "Shared platform services"):
 * - two more roles: `expert` (评审专家: judges bids and milestone acceptance, 揭榜挂帅) and `broker`
 *   (技术经理人: reviews and brokers 双向发榜 listings). Neither acts for an organisation; an expert's
 *   or broker's employer is `affiliation_organisation_id`, read for conflict-of-interest checks only,
 *   so it never grants access to that organisation's records (that is `organisation_id`, enterprise
 *   users only).
 * - `department` on officers' accounts (区科委, 区经委, 区科创办…), to address work to a department.
 * - `messages`: one in-site notification model (recipient organisation, role, department or user;
 *   subject, body, link; a dedupe key so one event never notifies twice) and `message_reads`, the
 *   read state per user.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export const ROLES_0010 = ['enterprise', 'reviewer', 'approver', 'admin', 'auditor', 'expert', 'broker'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table users drop constraint if exists users_role_check',
    `alter table users add constraint users_role_check check (role in (${ROLES_0010.map((r) => `'${r}'`).join(', ')}))`,
    `alter table users add column department text null check (department is null or length(department) between 1 and 50)`,
    'alter table users add column affiliation_organisation_id uuid null references organisations (id)',
    `alter table users add constraint users_affiliation_check
      check (affiliation_organisation_id is null or role in ('expert', 'broker'))`,
    `create table messages (
      id uuid primary key,
      recipient_organisation_id uuid null references organisations (id),
      recipient_role text null,
      recipient_department text null,
      recipient_user_id uuid null references users (id),
      kind text not null check (kind ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'),
      subject_zh text not null check (length(subject_zh) between 1 and 200),
      subject_en text not null check (length(subject_en) between 1 and 200),
      body_zh text not null default '' check (length(body_zh) <= 4000),
      body_en text not null default '' check (length(body_en) <= 4000),
      link text null check (link is null or link ~ '^/'),
      ref text null,
      dedupe_key text null unique,
      created_at timestamptz not null,
      check (num_nonnulls(recipient_organisation_id, recipient_role, recipient_department, recipient_user_id) >= 1)
    )`,
    'create index messages_org_idx on messages (recipient_organisation_id, created_at desc)',
    'create index messages_role_idx on messages (recipient_role, created_at desc)',
    'create index messages_user_idx on messages (recipient_user_id, created_at desc)',
    `create table message_reads (
      message_id uuid not null references messages (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      read_at timestamptz not null,
      primary key (message_id, user_id)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table message_reads',
    'drop table messages',
    'alter table users drop constraint users_affiliation_check',
    'alter table users drop column affiliation_organisation_id',
    'alter table users drop column department',
    'alter table users drop constraint users_role_check',
    `alter table users add constraint users_role_check
      check (role in ('enterprise', 'reviewer', 'approver', 'admin', 'auditor'))`,
  ]);
}
