/**
 * 揭榜挂帅 challenge lists (000·二, 001·二, 002·四; issue 11).
 *
 * - `challenge_lists`: a dated batch (榜单) on a legal basis (basis_measure_id), its co-issuing cities, the
 *   application window, the fund, and its judging rules (criteria and weights, quorum, tie-breaks) as
 *   data; `challenge_list_versions` keeps every published version with its note (shown publicly).
 * - `challenge_problems`: a problem (出题) by an organisation, reviewed by an officer, placed on a list.
 * - `challenge_bids`: a bid (揭榜) by a lead organisation with registry partners, milestones with planned
 *   input; sealed (only the bidder reads it until the window closes, judges after). Every version is
 *   kept in `challenge_bid_versions`.
 * - `challenge_judges`: the panel per problem (experts the officer appoints, and the poser's scorer), with
 *   conflict blocks and their reasons; `challenge_declarations`: relations a judge declared.
 * - `challenge_scores`: one score sheet per judge and bid (criterion → points).
 * - `challenge_projects` and `challenge_milestones`: an awarded bid, its application in the workflow, its
 *   milestones with 验收 decisions, verified input, evidence hashes and the tranche each releases; a
 *   failed final acceptance records the amount to recover.
 * Money is integer 分 (bigint); every row that belongs to an organisation carries its id.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table challenge_lists (
      id uuid primary key,
      basis_measure_id text not null,
      title text not null check (length(title) between 2 and 120),
      batch text not null check (length(batch) between 1 and 60),
      co_issuers text[] not null default '{}',
      opens_on date not null,
      closes_on date not null,
      fund text not null,
      criteria jsonb not null,
      quorum int not null check (quorum between 1 and 50),
      score_max int not null check (score_max between 1 and 1000),
      tie_breaks text[] not null,
      state text not null check (state in ('draft', 'published', 'cancelled')),
      note text null,
      demo boolean not null default false,
      version int not null default 1 check (version >= 1),
      published_at timestamptz null,
      created_by uuid not null references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (closes_on >= opens_on)
    )`,
    'create index challenge_lists_state_idx on challenge_lists (state, opens_on)',
    `create table challenge_list_versions (
      list_id uuid not null references challenge_lists (id) on delete cascade,
      version int not null,
      note text null,
      snapshot jsonb not null,
      changed_by text not null,
      changed_at timestamptz not null,
      primary key (list_id, version)
    )`,

    `create table challenge_problems (
      id uuid primary key,
      organisation_id uuid not null references organisations (id),
      list_id uuid null references challenge_lists (id),
      state text not null check (state in ('draft', 'submitted', 'returned', 'rejected', 'accepted', 'listed', 'judging', 'awarded', 'racing', 'no_award', 'cancelled', 'withdrawn')),
      title text not null check (length(title) between 2 and 120),
      need text not null check (length(need) between 10 and 5000),
      indicators jsonb not null,
      deliverables text not null check (length(deliverables) between 2 and 3000),
      timeline_months int not null check (timeline_months between 1 and 120),
      sector text not null,
      budget_min bigint not null check (budget_min >= 0),
      budget_max bigint not null check (budget_max >= budget_min),
      co_funds boolean not null default false,
      review_note text null,
      decision jsonb null,
      version int not null default 1 check (version >= 1),
      created_by uuid not null references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    'create index challenge_problems_list_idx on challenge_problems (list_id, state)',
    'create index challenge_problems_org_idx on challenge_problems (organisation_id)',

    `create table challenge_bids (
      id uuid primary key,
      problem_id uuid not null references challenge_problems (id),
      organisation_id uuid not null references organisations (id),
      partners uuid[] not null default '{}',
      state text not null check (state in ('submitted', 'withdrawn', 'awarded', 'racing', 'not_awarded', 'dropped', 'void')),
      amount bigint not null check (amount > 0),
      plan text not null,
      team text not null,
      milestones jsonb not null,
      attachments jsonb not null default '[]',
      version int not null default 1 check (version >= 1),
      submitted_at timestamptz not null,
      created_by uuid not null references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    // One live bid per organisation and problem (a withdrawn one may be followed by a new bid).
    `create unique index challenge_bids_one_live_idx on challenge_bids (problem_id, organisation_id) where state <> 'withdrawn'`,
    `create table challenge_bid_versions (
      bid_id uuid not null references challenge_bids (id) on delete cascade,
      organisation_id uuid not null,
      version int not null,
      snapshot jsonb not null,
      saved_at timestamptz not null,
      primary key (bid_id, version)
    )`,

    `create table challenge_judges (
      problem_id uuid not null references challenge_problems (id),
      user_id uuid not null references users (id),
      kind text not null check (kind in ('expert', 'poser')),
      blocked boolean not null default false,
      conflicts jsonb not null default '[]',
      appointed_by text not null,
      appointed_at timestamptz not null,
      primary key (problem_id, user_id)
    )`,
    `create table challenge_declarations (
      user_id uuid not null references users (id),
      organisation_id uuid not null references organisations (id),
      note text not null,
      declared_at timestamptz not null,
      primary key (user_id, organisation_id)
    )`,
    `create table challenge_scores (
      bid_id uuid not null references challenge_bids (id),
      judge_id uuid not null references users (id),
      problem_id uuid not null references challenge_problems (id),
      scores jsonb not null,
      comment text null,
      scored_at timestamptz not null,
      primary key (bid_id, judge_id)
    )`,

    `create table challenge_projects (
      id uuid primary key,
      problem_id uuid not null references challenge_problems (id),
      bid_id uuid not null unique references challenge_bids (id),
      organisation_id uuid not null references organisations (id),
      measure_id text not null,
      amount bigint not null check (amount > 0),
      state text not null check (state in ('active', 'completed', 'failed', 'dropped')),
      application_id uuid null,
      recovery_amount bigint null check (recovery_amount is null or recovery_amount >= 0),
      recovery_note text null,
      version int not null default 1 check (version >= 1),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    `create table challenge_milestones (
      project_id uuid not null references challenge_projects (id),
      organisation_id uuid not null,
      seq int not null check (seq >= 1),
      title text not null,
      due_on date not null,
      planned_input bigint not null check (planned_input > 0),
      final boolean not null,
      state text not null check (state in ('pending', 'submitted', 'accepted', 'conditional', 'failed', 'stopped')),
      evidence jsonb not null default '[]',
      claimed_input bigint null check (claimed_input is null or claimed_input >= 0),
      verified_input bigint null check (verified_input is null or verified_input >= 0),
      decision_note text null,
      tranche bigint null check (tranche is null or tranche >= 0),
      payment_id uuid null,
      version int not null default 1 check (version >= 1),
      updated_at timestamptz not null,
      primary key (project_id, seq)
    )`,
  ]);
}
