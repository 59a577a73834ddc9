/**
 * The qualification ledger (issue 13). The registry's `organisation_qualifications` becomes the
 * ledger's holdings — one row per certificate or listing — so everything that already reads it (the
 * engine's applicant profile, screening in SQL and in columns, plan counts) reads the ledger:
 *
 * - organisation_qualifications gains the record's identity and details: id, level, grade,
 *   certificate number, issuer, the printed expiry (`expires_on`), an early end (`ended_on`,
 *   `end_reason`: revoked, downgraded, superseded) and where it came from. `valid_from`/`valid_to`
 *   stay the effective validity (valid_to = the day before an early end, else the printed expiry),
 *   which is what as-of queries test. Rows written before this migration keep their end as expiry.
 * - qualification_events: what happened to each record (granted, renewed, upgraded, downgraded,
 *   revoked, lapsed, corrected, withdrawn), with the source (import file, officer, API feed,
 *   registry, scan) and who; append-only (a trigger refuses UPDATE and DELETE; rows go only with
 *   their organisation). Existing holdings get one `granted` event each, marked as migrated.
 * - qualification_parameters: local thresholds officers set (瞪羚 …), every revision kept.
 * - qualification_pools, _pool_members, _services: 培育库, who is in them, their service officer,
 *   and the services given (visits, trainings, referrals) with outcomes.
 * - qualification_rewards: one row per (organisation, measure) for first-time rewards (001·十):
 *   the 免申即享 notice, or the explanation when it does not pay. The key makes it once per firm.
 * - qualification_settings: the simulated adoption of a draft for rewards (001 until adopted).
 * - applications.adopt: the simulated adoption an application is judged under (a notice raised under
 *   a simulated draft flows into the workflow with it); '{}' for every other application.
 *
 * Every organisation-owned table leads its key with organisation_id (Citus-ready); pools, parameters
 * and settings belong to no organisation (reference tables).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

const EVENTS = [
  'granted',
  'renewed',
  'upgraded',
  'downgraded',
  'revoked',
  'lapsed',
  'corrected',
  'withdrawn',
];
const SOURCES = ['import', 'officer', 'api', 'registry', 'demo', 'migration', 'scan'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table organisation_qualifications add column id uuid not null default gen_random_uuid()',
    `alter table organisation_qualifications add column level text null
       check (level is null or level in ('national', 'municipal', 'district'))`,
    'alter table organisation_qualifications add column grade text null check (length(grade) <= 40)',
    'alter table organisation_qualifications add column certificate_no text null check (length(certificate_no) <= 100)',
    'alter table organisation_qualifications add column issuer text null check (length(issuer) <= 200)',
    'alter table organisation_qualifications add column expires_on date null',
    'alter table organisation_qualifications add column ended_on date null',
    `alter table organisation_qualifications add column end_reason text null
       check (end_reason is null or end_reason in ('revoked', 'downgraded', 'superseded'))`,
    `alter table organisation_qualifications add column source text not null default 'registry'
       check (source in (${list(SOURCES)}))`,
    'alter table organisation_qualifications add column recorded_at timestamptz not null default now()',
    'update organisation_qualifications set expires_on = valid_to',
    'create unique index organisation_qualifications_id_idx on organisation_qualifications (organisation_id, id)',
    'create index organisation_qualifications_expiry_idx on organisation_qualifications (valid_to)',

    `create table qualification_events (
      organisation_id uuid not null references organisations (id) on delete cascade,
      id uuid not null,
      seq bigserial not null,
      record_id uuid not null,
      code text not null,
      event text not null check (event in (${list(EVENTS)})),
      on_date date not null,
      first_time boolean not null default false,
      level text null,
      grade text null,
      detail jsonb not null default '{}',
      source text not null check (source in (${list(SOURCES)})),
      source_ref text null check (length(source_ref) <= 300),
      actor text not null,
      recorded_at timestamptz not null,
      primary key (organisation_id, id)
    )`,
    'create index qualification_events_record_idx on qualification_events (organisation_id, record_id)',
    'create index qualification_events_code_idx on qualification_events (code, event, on_date)',
    'create index qualification_events_date_idx on qualification_events (on_date, seq)',
    `create function qualification_events_append_only() returns trigger language plpgsql as $$
     begin
       -- Rows leave only with their organisation (ON DELETE CASCADE runs as a DELETE on this table
       -- too, so deletions are allowed when the organisation is gone).
       if tg_op = 'DELETE' and not exists (select 1 from organisations where id = old.organisation_id) then
         return old;
       end if;
       raise exception 'qualification_events is append-only';
     end $$`,
    `create trigger qualification_events_append_only before update or delete on qualification_events
       for each row execute function qualification_events_append_only()`,
    `insert into qualification_events
       (organisation_id, id, record_id, code, event, on_date, first_time, source, actor, recorded_at)
     select q.organisation_id, gen_random_uuid(), q.id, q.code, 'granted', q.valid_from,
            q.valid_from = min(q.valid_from) over (partition by q.organisation_id, q.code),
            'migration', 'system', now()
       from organisation_qualifications q`,

    `create table qualification_parameters (
      kind text not null,
      criterion text not null,
      revision int not null check (revision >= 1),
      value bigint null,
      source text not null check (length(source) between 1 and 300),
      note text null check (length(note) <= 1000),
      set_by text not null,
      set_at timestamptz not null,
      primary key (kind, criterion, revision)
    )`,

    `create table qualification_pools (
      id uuid primary key,
      name text not null unique check (length(name) between 1 and 100),
      description text not null default '' check (length(description) <= 2000),
      target_kind text not null,
      target_grade text null,
      rule jsonb not null,
      active boolean not null default true,
      version int not null default 1,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    `create table qualification_pool_members (
      organisation_id uuid not null references organisations (id) on delete cascade,
      pool_id uuid not null references qualification_pools (id) on delete cascade,
      officer_id uuid null references users (id),
      status text not null check (status in ('active', 'graduated', 'left')),
      enrolled_on date not null,
      enrolled_by text not null,
      left_on date null,
      outcome text null check (length(outcome) <= 500),
      note text null check (length(note) <= 1000),
      updated_at timestamptz not null,
      primary key (organisation_id, pool_id)
    )`,
    'create index qualification_pool_members_pool_idx on qualification_pool_members (pool_id, status)',
    'create index qualification_pool_members_officer_idx on qualification_pool_members (officer_id)',
    `create table qualification_services (
      organisation_id uuid not null references organisations (id) on delete cascade,
      id uuid not null,
      pool_id uuid null references qualification_pools (id) on delete set null,
      service text not null check (service in ('visit', 'training', 'referral', 'consultation', 'other')),
      on_date date not null,
      officer text not null,
      note text not null check (length(note) between 1 and 2000),
      outcome text null check (length(outcome) <= 500),
      recorded_at timestamptz not null,
      primary key (organisation_id, id)
    )`,
    'create index qualification_services_pool_idx on qualification_services (pool_id, on_date)',

    `create table qualification_rewards (
      organisation_id uuid not null references organisations (id) on delete cascade,
      measure_id text not null,
      code text not null,
      reached_on date not null,
      status text not null check (status in ('new', 'read', 'confirmed', 'dismissed', 'explained')),
      amount_min bigint null check (amount_min >= 0),
      amount_max bigint null check (amount_max >= 0),
      reasons jsonb not null default '[]',
      adopt jsonb not null default '{}',
      application_id uuid null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (organisation_id, measure_id)
    )`,
    'create index qualification_rewards_status_idx on qualification_rewards (status, created_at)',

    `create table qualification_settings (
      key text primary key,
      value jsonb not null,
      updated_by text not null,
      updated_at timestamptz not null
    )`,

    `alter table applications add column adopt jsonb not null default '{}'`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table applications drop column adopt',
    'drop table qualification_settings',
    'drop table qualification_rewards',
    'drop table qualification_services',
    'drop table qualification_pool_members',
    'drop table qualification_pools',
    'drop table qualification_parameters',
    'drop trigger qualification_events_append_only on qualification_events',
    'drop function qualification_events_append_only()',
    'drop table qualification_events',
    'drop index organisation_qualifications_expiry_idx',
    'drop index organisation_qualifications_id_idx',
    ...[
      'recorded_at',
      'source',
      'end_reason',
      'ended_on',
      'expires_on',
      'issuer',
      'certificate_no',
      'grade',
      'level',
      'id',
    ].map((c) => `alter table organisation_qualifications drop column ${c}`),
  ]);
}
