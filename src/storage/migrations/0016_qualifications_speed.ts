/**
 * The qualification ledger at corridor scale (issue 13 item 7: the "as of" stock and the pool
 * computation over 1,000,000 organisations in under a second).
 *
 * `qualification_spans` is a projection of `organisation_qualifications`: for each organisation and
 * kind, the maximal stretches of days on which it held the kind (overlapping or touching holdings
 * merged; a renewal on the expiry day, an overlapping certificate and a revocation all end up as the
 * days actually covered), once for any level (level = '') and once per level. "Held on D" is then one
 * row per organisation, so a stock is a count and not a count of distinct organisations, and a pool's
 * "holds X / holds none of Y" is one index probe. Open-ended holdings end on 'infinity', so a range
 * test needs no OR. The organisation's city is copied in, so a city's stock needs no join.
 *
 * It is kept by triggers in the same transaction as every write to the holdings, whoever writes them
 * (the ledger's one write path, the registry import, the demo, a COPY): statement-level triggers with
 * transition tables rebuild the spans of exactly the (organisation, kind) pairs a statement touched,
 * set-based, so a bulk load costs one pass and a single write a few index probes. A city change
 * moves its spans. The backfill below builds it for what is already there.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

/** Merged spans of the holdings of the (organisation, kind) pairs in the table expression `k`. */
const spansOf = (k: string) => `
  with h as (
    select q.organisation_id, q.code, '' as level, q.valid_from, coalesce(q.valid_to, 'infinity'::date) as valid_to
      from organisation_qualifications q join ${k} k on k.organisation_id = q.organisation_id and k.code = q.code
    union all
    select q.organisation_id, q.code, q.level, q.valid_from, coalesce(q.valid_to, 'infinity'::date)
      from organisation_qualifications q join ${k} k on k.organisation_id = q.organisation_id and k.code = q.code
     where q.level is not null),
  marked as (
    select h.*, case when h.valid_from <= max(h.valid_to) over (
                  partition by h.organisation_id, h.code, h.level order by h.valid_from, h.valid_to
                  rows between unbounded preceding and 1 preceding) + 1
                then 0 else 1 end as starts
      from h),
  grouped as (
    select m.*, sum(m.starts) over (partition by m.organisation_id, m.code, m.level
                                    order by m.valid_from, m.valid_to rows unbounded preceding) as grp
      from marked m)
  select g.organisation_id, g.code, g.level, o.city, min(g.valid_from) as valid_from, max(g.valid_to) as valid_to
    from grouped g join organisations o on o.id = g.organisation_id
   group by g.organisation_id, g.code, g.level, g.grp, o.city`;

/** A span's +1 on its first day and −1 on the day after its last, for the rows of `t`, times `sign`. */
const deltasOf = (t: string, sign: 1 | -1) => `
  select code, level, city, valid_from as day, ${sign} as delta from ${t}
  union all select code, level, city, valid_to + 1, ${-sign} from ${t} where valid_to <> 'infinity'`;

/**
 * Rebuilds the spans of the pairs in `k` and records the stock's change: spans that did not change
 * are left alone, so a write touches only what it changed (and a bulk load into nothing inserts).
 */
const rebuild = (k: string) => `
  with k as (${k}),
  n as (${spansOf('k')}),
  d as (delete from qualification_spans s using k
         where s.organisation_id = k.organisation_id and s.code = k.code
           and not exists (select 1 from n where n.organisation_id = s.organisation_id and n.code = s.code
                             and n.level = s.level and n.valid_from = s.valid_from and n.valid_to = s.valid_to)
        returning s.code, s.level, s.city, s.valid_from, s.valid_to),
  i as (insert into qualification_spans (organisation_id, code, level, city, valid_from, valid_to)
        select n.organisation_id, n.code, n.level, n.city, n.valid_from, n.valid_to from n
         where not exists (select 1 from qualification_spans s where s.organisation_id = n.organisation_id
                             and s.code = n.code and s.level = n.level and s.valid_from = n.valid_from
                             and s.valid_to = n.valid_to)
        returning code, level, city, valid_from, valid_to)
  insert into qualification_stock_deltas (code, level, city, day, delta)
  select code, level, city, day, sum(delta)::int from (${deltasOf('i', 1)} union all ${deltasOf('d', -1)}) x
   group by code, level, city, day having sum(delta) <> 0`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // No foreign key to organisations: an organisation's holdings go with it (ON DELETE CASCADE), and
    // their delete trigger takes the spans away with their share of the stock — a cascade of its own
    // here could run first and leave the stock counting a firm that is gone.
    `create table qualification_spans (
      organisation_id uuid not null,
      code text not null,
      level text not null,
      city text not null,
      valid_from date not null,
      valid_to date not null check (valid_to >= valid_from),
      primary key (organisation_id, code, level, valid_from, valid_to)
    )`,
    // As-of scans (pools, holders, multi-kind counts): by kind and the end of the span, the rest in
    // the index so the scan never reads the table.
    `create index qualification_spans_asof_idx on qualification_spans (code, level, valid_to, valid_from)
       include (organisation_id, city)`,
    // The stock as a running sum: stock(kind, level, city, D) = Σ delta over day ≤ D. Appended by the
    // triggers (no row is updated, so concurrent writers never wait on one another) and folded per
    // (kind, level, city, day) by qualification_stock_rollup() (the daily scan calls it).
    `create table qualification_stock_deltas (
      code text not null,
      level text not null,
      city text not null,
      day date not null,
      delta int not null
    )`,
    'create index qualification_stock_deltas_idx on qualification_stock_deltas (code, level, city, day) include (delta)',
    `insert into qualification_spans (organisation_id, code, level, city, valid_from, valid_to)
       ${spansOf('(select distinct organisation_id, code from organisation_qualifications)')}`,
    `insert into qualification_stock_deltas (code, level, city, day, delta)
       select code, level, city, day, sum(delta)::int from (${deltasOf('qualification_spans', 1)}) x
        group by code, level, city, day having sum(delta) <> 0`,
    `create function qualification_stock_rollup() returns void language sql as $$
       with gone as (delete from qualification_stock_deltas returning *)
       insert into qualification_stock_deltas (code, level, city, day, delta)
       select code, level, city, day, sum(delta)::int from gone
        group by code, level, city, day having sum(delta) <> 0
     $$`,
    `create function qualification_spans_inserted() returns trigger language plpgsql as $$
     begin
       ${rebuild('select distinct organisation_id, code from new_rows')};
       return null;
     end $$`,
    `create function qualification_spans_deleted() returns trigger language plpgsql as $$
     begin
       ${rebuild('select distinct organisation_id, code from old_rows')};
       return null;
     end $$`,
    `create function qualification_spans_updated() returns trigger language plpgsql as $$
     begin
       ${rebuild('select organisation_id, code from old_rows union select organisation_id, code from new_rows')};
       return null;
     end $$`,
    `create trigger qualification_spans_inserted after insert on organisation_qualifications
       referencing new table as new_rows for each statement execute function qualification_spans_inserted()`,
    `create trigger qualification_spans_deleted after delete on organisation_qualifications
       referencing old table as old_rows for each statement execute function qualification_spans_deleted()`,
    `create trigger qualification_spans_updated after update on organisation_qualifications
       referencing old table as old_rows new table as new_rows for each statement
       execute function qualification_spans_updated()`,
    // A move to another city moves its spans and their share of each city's stock. (A trigger with
    // transition tables cannot name columns, so it runs on every update and does nothing unless a
    // city changed.)
    `create function qualification_spans_city() returns trigger language plpgsql as $$
     begin
       with moved as (
         select n.id, o.city as old_city, n.city as new_city
           from new_rows n join old_rows o on o.id = n.id where n.city is distinct from o.city),
       u as (update qualification_spans s set city = m.new_city from moved m where s.organisation_id = m.id
             returning s.code, s.level, m.old_city, m.new_city, s.valid_from, s.valid_to)
       insert into qualification_stock_deltas (code, level, city, day, delta)
       select code, level, city, day, sum(delta)::int from (
         select code, level, new_city as city, valid_from as day, 1 as delta from u
         union all select code, level, new_city, valid_to + 1, -1 from u where valid_to <> 'infinity'
         union all select code, level, old_city, valid_from, -1 from u
         union all select code, level, old_city, valid_to + 1, 1 from u where valid_to <> 'infinity') x
        group by code, level, city, day having sum(delta) <> 0;
       return null;
     end $$`,
    `create trigger qualification_spans_city after update on organisations
       referencing old table as old_rows new table as new_rows for each statement
       execute function qualification_spans_city()`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop trigger qualification_spans_city on organisations',
    'drop function qualification_spans_city()',
    'drop trigger qualification_spans_updated on organisation_qualifications',
    'drop trigger qualification_spans_deleted on organisation_qualifications',
    'drop trigger qualification_spans_inserted on organisation_qualifications',
    'drop function qualification_spans_updated()',
    'drop function qualification_spans_deleted()',
    'drop function qualification_spans_inserted()',
    'drop function qualification_stock_rollup()',
    'drop table qualification_stock_deltas',
    'drop table qualification_spans',
  ]);
}
