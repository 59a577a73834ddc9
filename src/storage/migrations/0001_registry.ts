/**
 * The registry: organisations, their dated qualifications and their size figures by year.
 * Every table that belongs to an organisation carries organisation_id, so that the tables can be
 * distributed by it with Citus later (see docs/operations.md). Codes (kind, city, sector, …) are
 * checked against policies/reference.yaml by the service, not by CHECK constraints: the reference
 * lists are data and grow without a migration.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table organisations (
      id uuid primary key default gen_random_uuid(),
      uscc text not null unique check (uscc ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
      name text not null check (length(name) between 1 and 200),
      kind text not null,
      city text not null,
      district text null,
      centre_origin_city text null,
      sectors text[] not null default '{}',
      licences text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    'create index organisations_kind_idx on organisations (kind)',
    'create index organisations_city_idx on organisations (city)',
    `create table organisation_qualifications (
      organisation_id uuid not null references organisations (id) on delete cascade,
      code text not null,
      valid_from date not null,
      valid_to date null,
      primary key (organisation_id, code, valid_from),
      check (valid_to is null or valid_to >= valid_from)
    )`,
    'create index organisation_qualifications_code_idx on organisation_qualifications (code)',
    `create table organisation_figures (
      organisation_id uuid not null references organisations (id) on delete cascade,
      year int not null check (year between 1900 and 2200),
      revenue bigint null check (revenue >= 0),
      rd_expense bigint null check (rd_expense >= 0),
      employees int null check (employees >= 0),
      primary key (organisation_id, year)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table organisation_figures',
    'drop table organisation_qualifications',
    'drop table organisations',
  ]);
}
