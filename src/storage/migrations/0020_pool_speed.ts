/**
 * A pool over a million organisations in under a second (issue 13 item 7). A pool ranks every
 * candidate by its figures of a reference year and the two before; reading them from
 * organisation_figures costs an index range and an aggregate per candidate. `organisation_figure_windows`
 * holds, for each row of organisation_figures (an organisation's year Y), that year's figures beside
 * Y−1's and Y−2's and the three years' R&D and revenue summed over the years that report both
 * (近三个会计年度, as metricsOf sums them), so a candidate's figures are one index probe and its
 * ratios need no sums. Every metric reads year Y (metricsOf measures nothing without it), so a year
 * with no figures needs no window.
 *
 * Kept, like the spans of 0016, by statement-level triggers with transition tables in the same
 * transaction as every write to the figures (registry import, demo, a COPY): the windows of the years
 * a statement touched and of the two years after each are rebuilt, set-based. An organisation's
 * delete cascades to its figures, whose trigger takes its windows away.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

/** The windows of the (organisation, year) pairs in the table expression `k` that have figures. */
const windowsOf = (k: string) => `
  insert into organisation_figure_windows
    (organisation_id, year, y0_revenue, y0_rd, y0_employees, y1_revenue, y1_rd, y2_revenue, y2_rd, rd3_rd, rd3_revenue)
  select f.organisation_id, f.year, f.revenue, f.rd_expense, f.employees, p1.revenue, p1.rd_expense, p2.revenue, p2.rd_expense,
         ${both('f', 'rd_expense')} + ${both('p1', 'rd_expense')} + ${both('p2', 'rd_expense')},
         ${both('f', 'revenue')} + ${both('p1', 'revenue')} + ${both('p2', 'revenue')}
    from ${k} k join organisation_figures f on f.organisation_id = k.organisation_id and f.year = k.year
    left join organisation_figures p1 on p1.organisation_id = f.organisation_id and p1.year = f.year - 1
    left join organisation_figures p2 on p2.organisation_id = f.organisation_id and p2.year = f.year - 2`;

/** A year's figure counted in the three-year sums: only in a year that reports both R&D and revenue. */
const both = (t: string, col: string) =>
  `case when ${t}.rd_expense is not null and ${t}.revenue is not null then ${t}.${col}::numeric else 0 end`;

/** Rebuilds the windows of the pairs in `k` (deleted first: a pair may have lost its figures). */
const rebuild = (k: string) => `
  delete from organisation_figure_windows w using (${k}) k
   where w.organisation_id = k.organisation_id and w.year = k.year;
  ${windowsOf(`(select distinct organisation_id, year from (${k}) x)`)}`;

/** The pairs a statement's rows reach: their year and the two after it. */
const reach = (t: string) =>
  `select organisation_id, year + g as year from ${t} cross join generate_series(0, 2) g`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // Sums in numeric: three years of bigint figures cannot overflow it.
    `create table organisation_figure_windows (
      organisation_id uuid not null,
      year int not null,
      y0_revenue bigint null,
      y0_rd bigint null,
      y0_employees int null,
      y1_revenue bigint null,
      y1_rd bigint null,
      y2_revenue bigint null,
      y2_rd bigint null,
      rd3_rd numeric not null,
      rd3_revenue numeric not null,
      primary key (organisation_id, year)
    )`,
    windowsOf('organisation_figures'),
    `create function organisation_figure_windows_inserted() returns trigger language plpgsql as $$
     begin
       ${rebuild(reach('new_rows'))};
       return null;
     end $$`,
    `create function organisation_figure_windows_deleted() returns trigger language plpgsql as $$
     begin
       ${rebuild(reach('old_rows'))};
       return null;
     end $$`,
    `create function organisation_figure_windows_updated() returns trigger language plpgsql as $$
     begin
       ${rebuild(`${reach('old_rows')} union all ${reach('new_rows')}`)};
       return null;
     end $$`,
    `create trigger organisation_figure_windows_inserted after insert on organisation_figures
       referencing new table as new_rows for each statement execute function organisation_figure_windows_inserted()`,
    `create trigger organisation_figure_windows_deleted after delete on organisation_figures
       referencing old table as old_rows for each statement execute function organisation_figure_windows_deleted()`,
    `create trigger organisation_figure_windows_updated after update on organisation_figures
       referencing old table as old_rows new table as new_rows for each statement
       execute function organisation_figure_windows_updated()`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop trigger organisation_figure_windows_updated on organisation_figures',
    'drop trigger organisation_figure_windows_deleted on organisation_figures',
    'drop trigger organisation_figure_windows_inserted on organisation_figures',
    'drop function organisation_figure_windows_updated()',
    'drop function organisation_figure_windows_deleted()',
    'drop function organisation_figure_windows_inserted()',
    'drop table organisation_figure_windows',
  ]);
}
