/**
 * 双向发榜 matching (002·六; issue 12), and group links in the registry.
 *
 * - `organisation_links`: an organisation's parent (母公司/控股股东) and shareholders (股东) by USCC, which
 *   may be outside the registry. Two organisations joined by a chain of links are one group
 *   (src/core/groups.ts): matching leaves out pairs within a group; conflict-of-interest checks reuse it.
 * - `matching_listings`: needs (需求榜) and offers (成果榜) with their review state, publication window
 *   (expires_on, renewals) and the private contact kept apart from the public text.
 * - `matching_matches`: need–offer pairs recorded at or above the match threshold, with the score and
 *   its breakdown when first and last seen: the funnel's "matches" and the strong-match notices.
 * - `matching_interests`: one engagement = an expression of interest followed to contacts, meetings
 *   (matching_events), the technology contract (技术合同认定登记: number, amount in fen, dates) and the
 *   project (产学研 / 创新联合体) with the calculator input it prefills and the application it became.
 * - `matching_events`: an engagement's timeline (meetings, broker notes, assignments).
 * - `matching_brokers`: each 技术经理人's capacity (open assignments).
 * Every row that belongs to an organisation carries its id (Citus-ready).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

const USCC = `'^[0-9A-HJ-NP-RTUWXY]{18}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table organisation_links (
      organisation_id uuid not null references organisations (id) on delete cascade,
      relation text not null check (relation in ('parent', 'shareholder')),
      related_uscc text not null check (related_uscc ~ ${USCC}),
      primary key (organisation_id, relation, related_uscc)
    )`,
    'create index organisation_links_related_idx on organisation_links (related_uscc)',

    `create table matching_listings (
      id uuid primary key,
      organisation_id uuid not null references organisations (id),
      side text not null check (side in ('need', 'offer')),
      state text not null check (state in ('draft', 'pending_review', 'returned', 'published', 'expired', 'withdrawn', 'rejected')),
      title text not null check (length(title) between 1 and 60),
      summary text not null check (length(summary) between 1 and 3000),
      keywords text[] not null default '{}',
      sectors text[] not null,
      city text not null,
      details jsonb not null,
      contact jsonb not null,
      anonymous boolean not null default false,
      valid_days int not null check (valid_days between 1 and 3650),
      expires_on date null,
      first_published_at timestamptz null,
      published_at timestamptz null,
      renewals int not null default 0 check (renewals >= 0),
      review_note text null check (review_note is null or length(review_note) <= 2000),
      reviewed_by text null,
      lint jsonb not null default '[]',
      version int not null default 1 check (version >= 1),
      created_by uuid not null references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    'create index matching_listings_state_idx on matching_listings (state, side)',
    'create index matching_listings_org_idx on matching_listings (organisation_id)',
    'create index matching_listings_updated_idx on matching_listings (updated_at)',

    `create table matching_matches (
      need_id uuid not null references matching_listings (id),
      offer_id uuid not null references matching_listings (id),
      need_organisation_id uuid not null references organisations (id),
      offer_organisation_id uuid not null references organisations (id),
      score int not null check (score between 0 and 100),
      breakdown jsonb not null,
      city text not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      primary key (need_id, offer_id)
    )`,
    'create index matching_matches_offer_idx on matching_matches (offer_id)',
    'create index matching_matches_first_seen_idx on matching_matches (first_seen_at)',

    `create table matching_interests (
      id uuid primary key,
      need_id uuid null references matching_listings (id),
      offer_id uuid null references matching_listings (id),
      target_listing_id uuid not null references matching_listings (id),
      from_organisation_id uuid not null references organisations (id),
      to_organisation_id uuid not null references organisations (id),
      from_user_id uuid not null references users (id),
      message text not null check (length(message) between 1 and 2000),
      sender_contact jsonb not null,
      state text not null check (state in ('pending', 'accepted', 'declined', 'withdrawn')),
      answer_note text null check (answer_note is null or length(answer_note) <= 2000),
      answered_at timestamptz null,
      answered_by uuid null references users (id),
      city text not null,
      score int null check (score is null or score between 0 and 100),
      broker_user_id uuid null references users (id),
      assigned_at timestamptz null,
      broker_first_response_at timestamptz null,
      meetings int not null default 0 check (meetings >= 0),
      contract_no text null check (contract_no is null or length(contract_no) between 1 and 60),
      registration_no text null check (registration_no is null or length(registration_no) between 1 and 60),
      contract_amount bigint null check (contract_amount is null or contract_amount > 0),
      contract_signed_on date null,
      contract_registered_on date null,
      contract_recorded_at timestamptz null,
      project_kind text null check (project_kind is null or project_kind in ('iur_project', 'consortium')),
      project_title text null check (project_title is null or length(project_title) between 1 and 200),
      project_input bigint null check (project_input is null or project_input > 0),
      project_formed_on date null,
      project_calc_input jsonb null,
      project_measure_ids text[] null,
      project_recorded_at timestamptz null,
      application_id uuid null,
      application_organisation_id uuid null,
      version int not null default 1 check (version >= 1),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (num_nonnulls(need_id, offer_id) >= 1),
      check (from_organisation_id <> to_organisation_id),
      check ((contract_no is null) = (contract_amount is null)),
      check (project_kind is null or contract_no is not null)
    )`,
    // One open interest per sender and listing; after a decline or withdrawal a new one may follow.
    `create unique index matching_interests_open_idx on matching_interests (from_organisation_id, target_listing_id)
      where state in ('pending', 'accepted')`,
    'create unique index matching_interests_contract_idx on matching_interests (contract_no) where contract_no is not null',
    'create index matching_interests_from_idx on matching_interests (from_organisation_id)',
    'create index matching_interests_to_idx on matching_interests (to_organisation_id)',
    'create index matching_interests_broker_idx on matching_interests (broker_user_id)',

    `create table matching_events (
      id uuid primary key,
      interest_id uuid not null references matching_interests (id),
      kind text not null check (kind in ('meeting', 'note', 'assign', 'release')),
      on_date date null,
      text text null check (text is null or length(text) <= 2000),
      actor_id uuid null references users (id),
      actor_role text not null,
      at timestamptz not null
    )`,
    'create index matching_events_interest_idx on matching_events (interest_id, at)',

    `create table matching_brokers (
      user_id uuid primary key references users (id),
      capacity int not null check (capacity between 0 and 100),
      updated_at timestamptz not null
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table matching_brokers',
    'drop table matching_events',
    'drop table matching_interests',
    'drop table matching_matches',
    'drop table matching_listings',
    'drop table organisation_links',
  ]);
}
