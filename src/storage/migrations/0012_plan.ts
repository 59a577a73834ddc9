/**
 * 十五五 plan monitoring (003): observations of the plan's targets, the officers' settings per target,
 * and the last status each target was seen in (so that an alert is sent when it worsens).
 *
 * - `plan_observations` is append-only (a trigger refuses UPDATE and DELETE): a revision is a new row
 *   with the next `revision` for the same (target, period); a withdrawal is a revision with
 *   `withdrawn`. The current value of a period is its highest revision. Who, when, through which
 *   channel (form, import, API, demo), from which source document, and an internal comment.
 *   Values are statistics in the target's unit (亿元, %, 家), kept as exact decimals: money the
 *   platform moves stays integer fen in the ledger; a district's turnover in 亿元 is not that.
 * - `plan_target_settings`: the responsible department and the band width (左右) an officer set,
 *   overriding policies/plan-003.yaml's defaults.
 * - `plan_target_state`: the status last evaluated per target, compared by the next evaluation.
 *
 * Targets are identified by their id in plan-003.yaml (data, not a table): no foreign key, the
 * service checks every id against the loaded plan. No organisation owns these rows: they are
 * reference tables in a distributed (Citus) layout.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

const ASSESSMENTS = [
  'target_achieved',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table plan_observations (
      id uuid primary key,
      target_id text not null check (target_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      period text not null check (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
      revision int not null check (revision >= 1),
      value numeric null,
      assessment text null check (assessment is null or assessment in (${ASSESSMENTS.map((a) => `'${a}'`).join(', ')})),
      withdrawn boolean not null default false,
      source text not null check (length(source) between 1 and 300),
      comment text not null default '' check (length(comment) <= 2000),
      reason text null check (reason is null or length(reason) between 1 and 500),
      channel text not null check (channel in ('manual', 'import', 'api', 'demo')),
      is_demo boolean not null default false,
      import_file text null check (import_file is null or length(import_file) <= 200),
      recorded_by uuid null references users (id),
      recorded_by_name text not null,
      recorded_at timestamptz not null,
      unique (target_id, period, revision),
      check (withdrawn or value is not null or assessment is not null),
      check (revision = 1 or reason is not null)
    )`,
    'create index plan_observations_target_idx on plan_observations (target_id, period, revision desc)',
    `create function plan_observations_append_only() returns trigger language plpgsql as $$
     begin
       raise exception 'plan_observations is append-only (% refused)', tg_op;
     end
     $$`,
    `create trigger plan_observations_append_only before update or delete on plan_observations
     for each row execute function plan_observations_append_only()`,
    `create table plan_target_settings (
      target_id text primary key,
      department text null check (department is null or length(department) between 1 and 50),
      band_tolerance numeric null check (band_tolerance is null or band_tolerance > 0),
      updated_by uuid not null references users (id),
      updated_at timestamptz not null
    )`,
    `create table plan_target_state (
      target_id text primary key,
      status text not null,
      as_of date not null,
      latest_period text null,
      updated_at timestamptz not null
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table plan_target_state',
    'drop table plan_target_settings',
    'drop table plan_observations',
    'drop function plan_observations_append_only',
  ]);
}
