/**
 * The SQL-only method of a stored run, chunk by chunk inside the database: what the bulk method is
 * checked against (test/screening-scale.test.ts), and the method of incremental runs.
 *
 * Per chunk of organisations (id range):
 * - every distinct top-level condition of the measures is computed once per organisation (`g0`, `g1`
 *   …: a document's applicability, shared by its measures, is tested once, not once per measure);
 * - measures whose matter is a project insert their pairs directly (invitation, the text's cap);
 * - measures the engine evaluates per organisation (no matter, or a registry matter) return their
 *   pairs, whose amounts assess.ts works out from the organisation's profile, figures and history —
 *   the same function the bulk method calls — and which are then inserted with them.
 */
import { CompiledQuery } from 'kysely';
import type { Measure } from '../core/catalogue/types.ts';
import type { Engine } from '../core/engine/calculate.ts';
import type { Applicant } from '../core/input.ts';
import type { Tx } from '../storage/schema.ts';
import { type Assessment, assessPair, figureYear, type MeasurePlan, planMeasure, textCap } from './assess.ts';
import { SqlCompiler } from './compile-sql.ts';
import { loadPairFacts } from './pair-facts.ts';
import type { ScreeningRules } from './rules.ts';
import { screenTarget } from './screen.ts';

type Row = Record<string, unknown>;

export interface SqlChunkPlan {
  /** Inserts the project measures' pairs of a chunk; null when there are none to evaluate here. */
  insertProjects: { sql: string; params: (lo: string, hi: string) => unknown[] } | null;
  /** Selects (id, measure index) of the evaluated measures' pairs of a chunk. */
  selectEvaluated: { sql: string; params: (lo: string, hi: string) => unknown[] } | null;
  /** Copies unchanged pairs from the base run (incremental). */
  copy: { sql: string; params: (lo: string, hi: string) => unknown[] } | null;
  measures: Measure[];
  plans: MeasurePlan[];
}

export interface SqlRun {
  id: string;
  date: string;
  adopt: Record<string, string>;
  measures: Measure[];
  incremental: boolean;
  /** Measures whose decisive parts changed since the base run (incremental). */
  changed: ReadonlySet<string>;
  baseRunId: string | null;
  since: string | null;
}

/**
 * `(SELECT o.id, <g0> AS g0, … FROM organisations o WHERE o.id in (lo, hi]) t` and, per measure, the
 * conjunction of its g's. Parameters: $1 lo, $2 hi, $3 since (or null), then the compiler's.
 */
function hoisted(
  engine: Engine,
  date: string,
  adopt: Record<string, string>,
  measures: readonly Measure[],
  onlyChanged: (m: Measure) => boolean,
  extraParams: number,
): { from: string; verdicts: string[]; params: unknown[] } {
  const compiler = new SqlCompiler({ date, facts: engine.facts }, 3 + extraParams);
  const columns = new Map<string, string>();
  const verdicts = measures.map((m) => {
    const parts: string[] = [];
    // From the measure's window on the run's date: 001·十 counts tiers first reached since adoption.
    const { windowFrom } = screenTarget(m, date, adopt);
    for (const c of m.applicant) {
      const sql = compiler.expression([c], windowFrom);
      if (sql === 'TRUE') continue;
      if (sql === 'FALSE') return 'FALSE';
      let alias = columns.get(sql);
      if (!alias) {
        alias = `g${columns.size}`;
        columns.set(sql, alias);
      }
      parts.push(`t.${alias}`);
    }
    if (onlyChanged(m)) parts.push('t.changed');
    return parts.length ? parts.join(' AND ') : 'TRUE';
  });
  const select = [...columns.entries()].map(([sql, alias]) => `${sql} AS ${alias}`);
  const from = `(SELECT o.id, (o.updated_at > $3::timestamptz) IS TRUE AS changed${select.map((s) => `, ${s}`).join('')}
    FROM organisations o WHERE o.id > $1::uuid AND o.id <= $2::uuid) t`;
  return { from, verdicts, params: compiler.params };
}

export function sqlChunkPlan(engine: Engine, rules: ScreeningRules, run: SqlRun): SqlChunkPlan {
  const plans = run.measures.map((m) => planMeasure(m, rules));
  // Incremental: a changed measure everywhere; an unchanged project measure only where the
  // organisation changed (the rest is copied); evaluated measures everywhere, since figures and
  // grants move without the organisation's row changing.
  const onlyChanged = (m: Measure, i: number) =>
    run.incremental && !run.changed.has(m.id) && plans[i]!.kind === 'project';
  const projectIdx = run.measures.flatMap((_, i) => (plans[i]!.kind === 'project' ? [i] : []));
  const evalIdx = run.measures.flatMap((_, i) => (plans[i]!.kind === 'evaluate' ? [i] : []));

  let insertProjects: SqlChunkPlan['insertProjects'] = null;
  if (projectIdx.length > 0) {
    const ms = projectIdx.map((i) => run.measures[i]!);
    // $4 run id, $5 measure ids, $6 caps
    const h = hoisted(engine, run.date, run.adopt, ms, (m) => onlyChanged(m, run.measures.indexOf(m)), 3);
    const values = h.verdicts.map((v, k) => `(${k + 1}, ${v})`).join(', ');
    insertProjects = {
      sql: `INSERT INTO screening_results (run_id, organisation_id, measure_id, mode, cap)
        SELECT $4::uuid, t.id, ($5::text[])[v.m], 'invitation', ($6::bigint[])[v.m]
        FROM ${h.from} CROSS JOIN LATERAL (VALUES ${values}) AS v(m, ok) WHERE v.ok`,
      params: (lo, hi) => [
        lo,
        hi,
        run.since,
        run.id,
        ms.map((m) => m.id),
        ms.map((m) => textCap(m)),
        ...h.params,
      ],
    };
  }
  let selectEvaluated: SqlChunkPlan['selectEvaluated'] = null;
  if (evalIdx.length > 0) {
    const ms = evalIdx.map((i) => run.measures[i]!);
    const h = hoisted(engine, run.date, run.adopt, ms, () => false, 0);
    const values = h.verdicts.map((v, k) => `(${evalIdx[k]}, ${v})`).join(', ');
    selectEvaluated = {
      sql: `SELECT t.id, v.m FROM ${h.from} CROSS JOIN LATERAL (VALUES ${values}) AS v(m, ok) WHERE v.ok`,
      params: (lo, hi) => [lo, hi, run.since, ...h.params],
    };
  }
  const unchanged = run.measures.filter((m, i) => onlyChanged(m, i)).map((m) => m.id);
  const copy =
    run.incremental && unchanged.length > 0
      ? {
          sql: `INSERT INTO screening_results (run_id, organisation_id, measure_id, mode, amount_min, amount_max, cap, basis)
            SELECT $1::uuid, r.organisation_id, r.measure_id, r.mode, r.amount_min, r.amount_max, r.cap, r.basis
            FROM screening_results r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.run_id = $2::uuid AND r.measure_id = ANY($3::text[]) AND o.updated_at <= $4::timestamptz
              AND r.organisation_id > $5::uuid AND r.organisation_id <= $6::uuid`,
          params: (lo: string, hi: string) => [run.id, run.baseRunId, unchanged, run.since, lo, hi],
        }
      : null;
  return { insertProjects, selectEvaluated, copy, measures: run.measures, plans };
}

async function raw(tx: Tx, sql: string, params: unknown[]): Promise<{ rows: Row[]; affected: number }> {
  const r = await tx.executeQuery(CompiledQuery.raw(sql, params));
  return { rows: r.rows as Row[], affected: Number(r.numAffectedRows ?? 0) };
}

/** Profiles of a few organisations, as the calculator reads them. */
async function applicantsOf(tx: Tx, ids: string[]): Promise<Map<string, Applicant>> {
  const out = new Map<string, Applicant>();
  if (ids.length === 0) return out;
  const orgs = await tx
    .selectFrom('organisations')
    .select(['id', 'uscc', 'name', 'kind', 'city', 'centre_origin_city', 'sectors', 'licences'])
    .where('id', 'in', ids)
    .execute();
  const quals = await tx
    .selectFrom('organisation_qualifications')
    .select(['organisation_id', 'code', 'valid_from', 'valid_to'])
    .where('organisation_id', 'in', ids)
    .orderBy('valid_from')
    .execute();
  for (const o of orgs) {
    const a: Applicant = {
      kind: o.kind,
      city: o.city,
      sectors: o.sectors,
      licences: o.licences,
      qualifications: [],
      uscc: o.uscc,
      name: o.name,
    };
    if (o.centre_origin_city) a.centreOriginCity = o.centre_origin_city;
    out.set(o.id, a);
  }
  for (const q of quals)
    out.get(q.organisation_id)?.qualifications.push({ code: q.code, from: q.valid_from, to: q.valid_to });
  return out;
}

/** Screens one chunk (lo, hi] of a run: pairs with their amounts into the run's results. */
export async function screenSqlChunk(
  tx: Tx,
  engine: Engine,
  run: SqlRun,
  plan: SqlChunkPlan,
  lo: string,
  hi: string,
): Promise<{ evaluated: number; copied: number }> {
  let evaluated = 0;
  if (plan.insertProjects)
    evaluated += (await raw(tx, plan.insertProjects.sql, plan.insertProjects.params(lo, hi))).affected;
  if (plan.selectEvaluated) {
    const { rows } = await raw(tx, plan.selectEvaluated.sql, plan.selectEvaluated.params(lo, hi));
    if (rows.length > 0) {
      const ids = [...new Set(rows.map((r) => String(r.id)))];
      const applicants = await applicantsOf(tx, ids);
      const years = [
        ...new Set(
          plan.plans.flatMap((p) => (p.kind === 'evaluate' && p.rule ? [figureYear(p.rule, run.date)] : [])),
        ),
      ];
      const factsOf = await loadPairFacts(tx, ids, years);
      const cols: [
        string[],
        string[],
        string[],
        (number | null)[],
        (number | null)[],
        (number | null)[],
        (string | null)[],
      ] = [[], [], [], [], [], [], []];
      for (const r of rows) {
        const id = String(r.id);
        const m = Number(r.m);
        const measure = plan.measures[m]!;
        const facts = factsOf(id);
        const a: Assessment = assessPair(engine, measure, plan.plans[m]!, {
          applicant: applicants.get(id)!,
          figures: facts.figures,
          history: facts.history,
          date: run.date,
          adopt: run.adopt,
        });
        cols[0].push(id);
        cols[1].push(measure.id);
        cols[2].push(a.mode);
        cols[3].push(a.amount?.min ?? null);
        cols[4].push(a.amount?.max ?? null);
        cols[5].push(a.cap);
        cols[6].push(a.basis ? JSON.stringify(a.basis) : null);
      }
      evaluated += (
        await raw(
          tx,
          `INSERT INTO screening_results (run_id, organisation_id, measure_id, mode, amount_min, amount_max, cap, basis)
           SELECT $1::uuid, t.id, t.measure_id, t.mode, t.amin, t.amax, t.cap, t.basis::jsonb
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[])
             AS t(id, measure_id, mode, amin, amax, cap, basis)`,
          [run.id, ...cols],
        )
      ).affected;
    }
  }
  const copied = plan.copy ? (await raw(tx, plan.copy.sql, plan.copy.params(lo, hi))).affected : 0;
  return { evaluated, copied };
}
