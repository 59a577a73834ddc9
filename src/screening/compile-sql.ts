/**
 * Compiles a measure's applicant conditions into a SQL boolean expression over the registry tables
 * of migration 0001_registry (`organisations o`, `organisation_qualifications q`), PostgreSQL dialect
 * (PGlite and a PostgreSQL server alike). Values are always bound parameters ($1, $2, …), never
 * spliced into the text. Qualifications are EXISTS subqueries on the screening date.
 *
 * Semantics are those of the reference evaluator (src/core/conditions.ts), which is two-valued: every
 * atom here is written so it can never be NULL (nullable columns are guarded), so NOT/AND/OR of the
 * atoms mean what they mean in JavaScript. The differential tests hold SQL, JS and the reference
 * together.
 */
import type { Condition, Leaf } from '../core/catalogue/types.ts';
import { leafOn, testLeaf } from '../core/conditions.ts';
import type { IsoDate } from '../core/dates.ts';
import type { FactDef } from '../core/facts.ts';
import { rowIndependentVerdict } from './compile-js.ts';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

type Column =
  | { type: 'enum'; column: string; nullable: boolean }
  | { type: 'set'; column: string }
  | { type: 'qualifications' }
  | { type: 'firstReached' };

/** Applicant facts → registry columns (alias `o` for organisations). */
export const SQL_COLUMNS: Readonly<Record<string, Column>> = {
  'applicant.kind': { type: 'enum', column: 'o.kind', nullable: false },
  'applicant.city': { type: 'enum', column: 'o.city', nullable: false },
  'applicant.centreOriginCity': { type: 'enum', column: 'o.centre_origin_city', nullable: true },
  'applicant.sectors': { type: 'set', column: 'o.sectors' },
  'applicant.licences': { type: 'set', column: 'o.licences' },
  'applicant.qualifications': { type: 'qualifications' },
  'applicant.firstReached': { type: 'firstReached' },
};

type Expr = { c: boolean } | { sql: string };
const TRUE: Expr = { c: true };
const FALSE: Expr = { c: false };
const constant = (b: boolean): Expr => (b ? TRUE : FALSE);

function and(xs: Expr[]): Expr {
  const parts: string[] = [];
  for (const x of xs) {
    if ('c' in x) {
      if (!x.c) return FALSE;
    } else parts.push(x.sql);
  }
  if (parts.length === 0) return TRUE;
  return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})` };
}

function or(xs: Expr[]): Expr {
  const parts: string[] = [];
  for (const x of xs) {
    if ('c' in x) {
      if (x.c) return TRUE;
    } else parts.push(x.sql);
  }
  if (parts.length === 0) return FALSE;
  return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})` };
}

function not(x: Expr): Expr {
  return 'c' in x ? constant(!x.c) : { sql: `(NOT ${x.sql})` };
}

function sqlOf(x: Expr): string {
  return 'c' in x ? (x.c ? 'TRUE' : 'FALSE') : x.sql;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

/** Strings only: a number or boolean never equals a text code in the reference either. */
function strings(v: unknown): string[] {
  return [...new Set(asList(v).filter((x): x is string => typeof x === 'string'))];
}

export interface SqlCompileOptions {
  date: IsoDate;
  facts: ReadonlyMap<string, FactDef>;
  /** First day of the measure's document window, for applicant.firstReached (see compile-js.ts). */
  windowFrom?: IsoDate | null;
}

/**
 * Accumulates parameters across expressions, so one statement can test many measures with one list
 * of parameters (the screening date is bound once).
 */
export class SqlCompiler {
  readonly params: unknown[] = [];
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly opts: SqlCompileOptions,
    /** Parameters already bound before these expressions (placeholders continue after them). */
    private readonly offset = 0,
  ) {}

  /**
   * A value to bind. Returns a marker; placeholders ($n) are assigned only to the markers left in an
   * expression after constant folding, so a pruned branch binds nothing.
   */
  private param(value: unknown, cast: string): string {
    this.pending.push({ value, cast });
    return `\uE000${this.pending.length - 1}\uE000`;
  }

  private readonly pending: { value: unknown; cast: string }[] = [];

  private date(): string {
    return this.param(this.opts.date, 'date');
  }

  /** The window start applicant.firstReached counts from, for the expression being compiled. */
  private windowFrom: IsoDate | null = null;

  /** The conditions (all of them) as one SQL boolean expression. */
  expression(conditions: readonly Condition[], windowFrom?: IsoDate | null): string {
    this.windowFrom = (windowFrom !== undefined ? windowFrom : this.opts.windowFrom) ?? null;
    const folded = sqlOf(and(conditions.map((c) => this.condition(c))));
    return folded.replace(/\uE000(\d+)\uE000/g, (_, i: string) => {
      const { value, cast } = this.pending[Number(i)]!;
      const key = `${cast}:${JSON.stringify(value)}`;
      let p = this.cache.get(key);
      if (!p) {
        this.params.push(value);
        p = `$${this.offset + this.params.length}::${cast}`;
        this.cache.set(key, p);
      }
      return p;
    });
  }

  private condition(c: Condition): Expr {
    if ('all' in c) return and(c.all.map((x) => this.condition(x)));
    if ('any' in c) return or(c.any.map((x) => this.condition(x)));
    if ('not' in c) return not(this.condition(c.not));
    return this.leaf(c);
  }

  private leaf(dated: Leaf): Expr {
    // A named set with members that count from a date (a partner city added later), as on this day.
    const leaf = leafOn(dated, this.opts.date);
    const column = SQL_COLUMNS[leaf.fact];
    if (!column) return constant(rowIndependentVerdict(leaf, this.opts.facts, this.opts.date));
    if (column.type === 'enum') return this.enumLeaf(leaf, column.column, column.nullable);
    if (column.type === 'set') {
      return this.setLeaf(leaf, {
        one: (v) => ({ sql: `(${column.column} @> ARRAY[${this.param(v, 'text')}])` }),
        any: (vs) => ({ sql: `(${column.column} && ${this.param(vs, 'text[]')})` }),
        present: () => ({ sql: `(cardinality(${column.column}) > 0)` }),
        allIn: (vs) => ({ sql: `(${column.column} <@ ${this.param(vs, 'text[]')})` }),
      });
    }
    const exists = column.type === 'firstReached' ? this.firstExists.bind(this) : this.heldExists.bind(this);
    return this.setLeaf(leaf, {
      one: (v) => exists(`q.code = ${this.param(v, 'text')}`),
      any: (vs) => exists(`q.code = ANY(${this.param(vs, 'text[]')})`),
      present: () => exists(null),
      allIn: (vs) => not(exists(`NOT (q.code = ANY(${this.param(vs, 'text[]')}))`)),
    });
  }

  /** One text value: the reference's operators on a scalar (null only where the column allows it). */
  private enumLeaf(leaf: Leaf, column: string, nullable: boolean): Expr {
    const guard = (sql: string): Expr => ({
      sql: nullable ? `(${column} IS NOT NULL AND ${sql})` : `(${sql})`,
    });
    const equals = (v: unknown): Expr => {
      if (v === null) return nullable ? { sql: `(${column} IS NULL)` } : FALSE;
      return typeof v === 'string' ? guard(`${column} = ${this.param(v, 'text')}`) : FALSE;
    };
    const member = (v: unknown): Expr => {
      const list = strings(v);
      if (list.length === 0) return FALSE;
      if (list.length === 1) return guard(`${column} = ${this.param(list[0], 'text')}`);
      return guard(`${column} = ANY(${this.param(list, 'text[]')})`);
    };
    switch (leaf.op) {
      case 'eq':
        return equals(leaf.value);
      case 'ne':
        return not(equals(leaf.value));
      case 'in':
      case 'hasAny':
        return member(leaf.value);
      case 'notIn':
        return not(member(leaf.value));
      case 'has':
        // asList(actual).includes(expected): the value itself, never null.
        return typeof leaf.value === 'string' ? member(leaf.value) : FALSE;
      case 'allIn':
        // asList(actual).every(in list): an absent value is the empty list, which passes.
        return nullable ? or([{ sql: `(${column} IS NULL)` }, member(leaf.value)]) : member(leaf.value);
      case 'present':
        return nullable ? { sql: `(${column} IS NOT NULL)` } : TRUE;
      default:
        // Numeric comparisons on a text value never hold.
        return FALSE;
    }
  }

  private setLeaf(
    leaf: Leaf,
    sql: {
      one: (v: string) => Expr;
      any: (vs: string[]) => Expr;
      present: () => Expr;
      allIn: (vs: string[]) => Expr;
    },
  ): Expr {
    switch (leaf.op) {
      case 'has':
        return typeof leaf.value === 'string' ? sql.one(leaf.value) : FALSE;
      case 'hasAny': {
        const list = strings(leaf.value);
        if (list.length === 0) return FALSE;
        return list.length === 1 ? sql.one(list[0]!) : sql.any(list);
      }
      case 'present':
        return sql.present();
      case 'allIn':
        return sql.allIn(strings(leaf.value));
      default:
        // Operators comparing the list as a whole give one verdict for every list.
        return constant(testLeaf(leaf, []));
    }
  }

  /**
   * Some code (matching the test) was first reached inside [windowFrom, date]: the earliest
   * valid_from over all the code's holdings lies in the window.
   */
  private firstExists(codeTest: string | null): Expr {
    const d = this.date();
    const from =
      this.windowFrom === null ? '' : ` AND min(q.valid_from) >= ${this.param(this.windowFrom, 'date')}`;
    return {
      sql:
        `EXISTS (SELECT 1 FROM organisation_qualifications q WHERE q.organisation_id = o.id` +
        (codeTest ? ` AND ${codeTest}` : '') +
        ` GROUP BY q.code HAVING min(q.valid_from) <= ${d}${from})`,
    };
  }

  private heldExists(codeTest: string | null): Expr {
    const d = this.date();
    return {
      sql:
        `EXISTS (SELECT 1 FROM organisation_qualifications q WHERE q.organisation_id = o.id` +
        (codeTest ? ` AND ${codeTest}` : '') +
        ` AND q.valid_from <= ${d} AND (q.valid_to IS NULL OR q.valid_to >= ${d}))`,
    };
  }
}

/** One condition list as a WHERE-able boolean over `organisations o`. */
export function compileSql(
  conditions: readonly Condition[],
  opts: SqlCompileOptions,
  offset = 0,
): SqlFragment {
  const c = new SqlCompiler(opts, offset);
  const sql = c.expression(conditions);
  return { sql, params: c.params };
}

export interface SqlScreenTarget {
  id: string;
  conditions: readonly Condition[];
  /** First day of the measure's document window (applicant.firstReached). */
  windowFrom?: IsoDate | null;
}

/** `SELECT o.id FROM organisations o WHERE …` for one measure. */
export function eligibleIdsQuery(conditions: readonly Condition[], opts: SqlCompileOptions): SqlFragment {
  const { sql, params } = compileSql(conditions, opts);
  return { sql: `SELECT o.id FROM organisations o WHERE ${sql}`, params };
}

/**
 * Counts per measure in one scan: `SELECT count(*) FILTER (WHERE …) AS m0, …`. Parameters are shared
 * between the measures' expressions.
 */
export function countsQuery(targets: readonly SqlScreenTarget[], opts: SqlCompileOptions): SqlFragment {
  const c = new SqlCompiler(opts);
  const cols = targets.map(
    (t, i) => `count(*) FILTER (WHERE ${c.expression(t.conditions, t.windowFrom)}) AS m${i}`,
  );
  return { sql: `SELECT ${cols.join(', ') || 'count(*) AS n'} FROM organisations o`, params: c.params };
}

/**
 * Every (organisation, measure) pair that holds, in one statement: a lateral list of the measures'
 * verdicts per organisation, kept where true. Rows come back as (id, uscc, m) with m the target index.
 */
export function pairsQuery(targets: readonly SqlScreenTarget[], opts: SqlCompileOptions): SqlFragment {
  const c = new SqlCompiler(opts);
  if (targets.length === 0)
    return { sql: 'SELECT NULL::uuid AS id, NULL::text AS uscc, 0 AS m WHERE FALSE', params: [] };
  const values = targets.map((t, i) => `(${i}, ${c.expression(t.conditions, t.windowFrom)})`).join(', ');
  return {
    sql: `SELECT o.id, o.uscc, v.m FROM organisations o CROSS JOIN LATERAL (VALUES ${values}) AS v(m, ok) WHERE v.ok`,
    params: c.params,
  };
}
