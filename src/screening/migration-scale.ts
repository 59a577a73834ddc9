/**
 * Migration `0008_screening_scale`: notices that carry money, and stored runs written in bulk.
 *
 * - `organisation_base_figures`: the figures the texts take as a base (总运营支出, 年度营业收入 …) per
 *   organisation, figure code (policies/reference.yaml `figures`) and year, each with its source.
 * - `screening_results` becomes partitioned: LIST by run, each run's partition HASH by organisation
 *   (partitions.ts), with the mode, amount range, cap and basis of each (organisation, measure). No
 *   foreign keys on it, and its index (organisation, measure) is built per run once the run has
 *   written (partitions.ts): a run writes hundreds of thousands of rows in one COPY and they must not
 *   be checked one by one; a run's results are dropped with its partition.
 * - `screening_notices` carries the same money columns; its foreign keys go too (a trigger removes a
 *   deleted organisation's notices instead).
 * - `screening_runs` records how a run was executed (bulk or SQL) and the time of each phase.
 */
import { type Kysely, sql } from 'kysely';
import { runStatements } from '../storage/migrations/util.ts';
import { createResultPartition, indexResultPartition, resultPartition } from './partitions.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table organisation_base_figures (
      organisation_id uuid not null references organisations (id) on delete cascade,
      figure text not null,
      year int not null check (year between 1900 and 2200),
      amount bigint not null check (amount >= 0),
      source text not null check (length(source) between 1 and 500),
      recorded_by text not null,
      recorded_at timestamptz not null,
      primary key (organisation_id, figure, year)
    )`,
    'create index organisation_base_figures_year_idx on organisation_base_figures (figure, year)',

    `alter table screening_runs add column method text not null default 'sql' check (method in ('bulk', 'sql'))`,
    `alter table screening_runs add column timings jsonb not null default '{}'`,
    'alter table screening_runs add column rules_version text null',
    // A run whose results were dropped (its partition) stays listed, as `purged`.
    'alter table screening_runs drop constraint if exists screening_runs_status_check',
    `alter table screening_runs add constraint screening_runs_status_check
       check (status in ('running', 'cancelled', 'completed', 'failed', 'purged'))`,

    'alter table screening_results rename to screening_results_0004',
    `create table screening_results (
      run_id uuid not null,
      organisation_id uuid not null,
      measure_id text not null,
      mode text not null check (mode in ('automatic', 'invitation', 'exhausted')),
      amount_min bigint null check (amount_min >= 0),
      amount_max bigint null check (amount_max >= amount_min),
      cap bigint null check (cap >= 0),
      basis jsonb null
    ) partition by list (run_id)`,

    'alter table screening_notices drop constraint if exists screening_notices_organisation_id_fkey',
    'alter table screening_notices drop constraint if exists screening_notices_run_id_fkey',
    'alter table screening_notices add column amount_min bigint null check (amount_min >= 0)',
    'alter table screening_notices add column amount_max bigint null check (amount_max >= amount_min)',
    'alter table screening_notices add column cap bigint null check (cap >= 0)',
    'alter table screening_notices add column basis jsonb null',
    `create function screening_notices_of_deleted_organisation() returns trigger language plpgsql as $$
     begin
       delete from screening_notices where organisation_id = old.id;
       return old;
     end
     $$`,
    `create trigger screening_notices_of_deleted_organisation after delete on organisations
     for each row execute function screening_notices_of_deleted_organisation()`,
  ]);

  // Results of earlier runs move into their run's partition; their mode is the one the run recorded.
  const runs = await sql<{ id: string }>`select distinct run_id as id from screening_results_0004`.execute(
    db,
  );
  for (const { id } of runs.rows) {
    await runStatements(db, [...createResultPartition(id), indexResultPartition(id)]);
    await sql
      .raw(
        `insert into ${resultPartition(id)} (run_id, organisation_id, measure_id, mode)
         select r.run_id, r.organisation_id, r.measure_id,
           coalesce((select m->>'mode' from screening_runs s, jsonb_array_elements(s.measures) m
                     where s.id = r.run_id and m->>'id' = r.measure_id), 'invitation')
         from screening_results_0004 r where r.run_id = '${id}'`,
      )
      .execute(db);
  }
  await runStatements(db, ['drop table screening_results_0004']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop trigger screening_notices_of_deleted_organisation on organisations',
    'drop function screening_notices_of_deleted_organisation',
    'alter table screening_notices drop column basis',
    'alter table screening_notices drop column cap',
    'alter table screening_notices drop column amount_max',
    'alter table screening_notices drop column amount_min',
    'drop table screening_results',
    `create table screening_results (
      organisation_id uuid not null references organisations (id) on delete cascade,
      run_id uuid not null references screening_runs (id) on delete cascade,
      measure_id text not null,
      primary key (organisation_id, run_id, measure_id)
    )`,
    'create index screening_results_run_idx on screening_results (run_id, measure_id)',
    'alter table screening_runs drop constraint screening_runs_status_check',
    `alter table screening_runs add constraint screening_runs_status_check
       check (status in ('running', 'cancelled', 'completed', 'failed'))`,
    'alter table screening_runs drop column rules_version',
    'alter table screening_runs drop column timings',
    'alter table screening_runs drop column method',
    'drop table organisation_base_figures',
  ]);
}
