/**
 * Screening runs over the registry in the database (免申即享 / 快申快享), notices and their inbox.
 *
 * A run screens every organisation against every monetary measure in force on its date, works out
 * for each pair whether it is 免申即享 or 快申快享 and its amount range (assess.ts, with the engine's
 * own amount rules and the organisation's filed figures and grants), and stores every pair in the
 * run's partition of screening_results, and a notice per new (organisation, measure).
 *
 * Two methods give the same rows (test/screening-scale.test.ts):
 * - `bulk` (full runs, the default): the registry read out in one COPY, screened by the compiled
 *   kernel in memory, the run's partition written back with one binary COPY (on PostgreSQL on a
 *   second connection, committed just before the run), the notices with another — the notices, the
 *   run's completion and its audit entry in one transaction (runs-bulk.ts). A crash or a retry
 *   starts it over.
 * - `sql` (incremental runs, and the differential check): in chunks of organisations in id order
 *   inside the database, one transaction per chunk that writes the chunk's results, its notices and
 *   the run's cursor together, so it can be cancelled between chunks and resumed from its cursor.
 * Notices are keyed by (organisation, measure): a re-run never notifies twice; it refreshes the
 * amount of a notice not yet acted on when the figures behind it changed.
 *
 * An incremental run re-evaluates only what a change can affect: measures whose decisive parts (the
 * applicant conditions, the window, the benefit's kind) hash differently from the base run's, over
 * every organisation; and every measure over the organisations updated since the base run's
 * snapshot. Everything else is copied from the base run.
 *
 * Only monetary measures are screened into results and notices: a service or a mechanism is listed
 * by the self-check, and notifying the whole registry of it would be noise. A run that simulates a
 * draft's adoption stores its results for officers and notifies nobody.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { loadScreeningRules } from '../catalogue/screening.ts';
import type { Measure } from '../core/catalogue/types.ts';
import { isMonetary } from '../core/catalogue/types.ts';
import { type IsoDate, isIsoDate, shanghaiDate } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
import { windowOn } from '../core/engine/window.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../core/errors.ts';
import type { Actor, AuditPort, Clock, IdSource } from '../service/applications/ports.ts';
import type { ApplicationService } from '../service/applications/service.ts';
import { OFFICER_ROLES as OFFICERS, STAFF_ROLES } from '../service/auth/types.ts';
import { type BulkTx, bulkTransaction } from '../storage/bulk.ts';
import type { Db, Tx } from '../storage/schema.ts';
import { bestMode } from './assess.ts';
import { createNoticeService } from './notices.ts';
import {
  createResultPartition,
  dropResultPartition,
  indexResultPartition,
  resultPartition,
} from './partitions.ts';
import type { ScreeningRules } from './rules.ts';
import {
  type BulkOutput,
  computeBulk,
  encodeNotices,
  encodeResults,
  existingNoticesQuery,
  NOTICE_COLUMNS,
  parseExistingNotices,
  REFRESH_COLUMNS,
  RESULT_COLUMNS,
} from './runs-bulk.ts';
import { type SqlChunkPlan, type SqlRun, screenSqlChunk, sqlChunkPlan } from './runs-sql.ts';
import { measuresInForce, screeningMode } from './screen.ts';
import { type RunSummary, runSummary } from './summary.ts';
import type { RunMeasure, RunMethod, RunStatus, RunTimings } from './tables.ts';
import { iso, type ResultRow, type Row, resultRow } from './views.ts';

export type { RunSummary, SummaryFund, SummaryMeasure } from './summary.ts';
export type { ConfirmResult, MoneyView, NoticeView, ResultRow } from './views.ts';

export interface ScreeningDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  /** For confirming a 免申即享 notice into an application. */
  applications?: Pick<ApplicationService, 'create'>;
  /** Which matters the registry files (policies/screening.yaml); loaded from the policy folder by default. */
  rules?: ScreeningRules;
  /** Called as each phase of a bulk run ends (load, screen, amounts, encode, store, notices): the benchmark's probe. */
  onPhase?: (phase: string) => void;
}

export interface StartRun {
  date: IsoDate;
  adopt?: Record<string, IsoDate>;
  chunkSize?: number;
  /** Re-evaluate only what changed since the latest completed run on the same date (else a full run). */
  incremental?: boolean;
  /** bulk (default for a full run) or sql (the in-database method; always for an incremental run). */
  method?: RunMethod;
}

export interface RunView {
  id: string;
  date: IsoDate;
  adopt: Record<string, IsoDate>;
  kind: 'full' | 'incremental';
  method: RunMethod;
  /** A draft is simulated as adopted: results are stored, no notices are sent. */
  simulated: boolean;
  baseRunId: string | null;
  changedMeasures: string[];
  status: RunStatus;
  total: number;
  processed: number;
  percent: number;
  /** Result rows evaluated in the database / copied from the base run. */
  evaluated: number;
  copied: number;
  notices: number;
  measures: RunMeasure[];
  catalogueVersion: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Milliseconds per phase (bulk: load, screen, amounts, encode, store, notices). */
  timings: RunTimings;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const RESULT_SELECT = `SELECT r.organisation_id, r.measure_id, r.mode, r.amount_min, r.amount_max, r.cap, r.basis,
    o.uscc, o.name, o.kind, o.city, n.status AS notice_status, n.run_id AS notice_run_id
  FROM screening_results r
  JOIN organisations o ON o.id = r.organisation_id
  LEFT JOIN screening_notices n ON n.organisation_id = r.organisation_id AND n.measure_id = r.measure_id`;
/** From this many organisations (the planner's estimate), a bulk run does not count them at its start. */
const LARGE_REGISTRY = 100_000;
/** Serialises the notices writes of concurrent runs (they touch the same keys): no deadlock. */
const NOTICES_LOCK = 6_046_215_071;
/** Who runs and manages screenings, and who reads them (the HTTP routes declare the same sets). */
export const OFFICER_ROLES: ReadonlySet<string> = new Set(OFFICERS);
export const READER_ROLES: ReadonlySet<string> = new Set(STAFF_ROLES);

/** Measures a run screens: monetary, in force on the date, with a notice mode. */
export function runMeasures(engine: Engine, date: IsoDate, adopt: Record<string, IsoDate>): Measure[] {
  return measuresInForce(engine.catalogue, date, adopt).filter(
    (m) => isMonetary(m.benefit) && screeningMode(m) !== 'none',
  );
}

/**
 * Hash of what decides who a measure reaches on a date and how: conditions (labels aside), window,
 * benefit, and how the registry files its matter.
 */
export function measureHash(
  m: Measure,
  date: IsoDate,
  adopt: Record<string, IsoDate>,
  rules?: ScreeningRules,
): string {
  const w = windowOn(m.document, date, adopt);
  const rule = m.matterType ? (rules?.registryMatters.get(m.matterType) ?? null) : null;
  const decisive = JSON.stringify(
    {
      a: m.applicant,
      mt: m.matter,
      w: [w.inForce, w.from, w.to],
      b: m.benefit,
      mode: screeningMode(m),
      r: rule && { f: rule.figures, y: rule.year },
    },
    (k, v) => (k === 'label' ? undefined : v),
  );
  return createHash('sha256').update(decisive).digest('hex').slice(0, 16);
}

function forbidden(zh: string, en: string): ForbiddenError {
  return new ForbiddenError({ zh, en });
}

function notFound(zh: string, en: string): NotFoundError {
  return new NotFoundError({ zh, en });
}

function toView(r: Row): RunView {
  const total = Number(r.total);
  const processed = Number(r.processed);
  return {
    id: String(r.id),
    date: String(r.screen_date),
    adopt: (r.adopt ?? {}) as Record<string, string>,
    kind: r.kind as RunView['kind'],
    method: (r.method as RunMethod | undefined) ?? 'sql',
    simulated: Object.keys((r.adopt ?? {}) as object).length > 0,
    baseRunId: (r.base_run_id as string | null) ?? null,
    changedMeasures: (r.changed_measures as string[]) ?? [],
    status: r.status as RunStatus,
    total,
    processed,
    percent: total === 0 ? 100 : Math.floor((processed * 100) / total),
    evaluated: Number(r.evaluated),
    copied: Number(r.copied),
    notices: Number(r.notices),
    measures: r.measures as RunMeasure[],
    catalogueVersion: String(r.catalogue_version),
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    error: (r.error as string | null) ?? null,
    timings: (r.timings ?? {}) as RunTimings,
  };
}

export function createScreeningService(deps: ScreeningDeps) {
  const { db, engine, clock, ids, audit } = deps;
  const rules = deps.rules ?? loadScreeningRules(engine.catalogue);

  async function raw(
    ex: Db | Tx,
    sql: string,
    params: unknown[] = [],
  ): Promise<{ rows: Row[]; affected: number }> {
    const r = await ex.executeQuery(CompiledQuery.raw(sql, params));
    return { rows: r.rows as Row[], affected: Number(r.numAffectedRows ?? 0) };
  }

  function requireOfficer(actor: Actor) {
    if (!OFFICER_ROLES.has(actor.role))
      throw forbidden('只有业务经办人员可以发起或管理筛查', 'only programme officers run screenings');
  }

  async function loadRun(ex: Db | Tx, id: string, lock = false): Promise<Row> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('未找到该筛查批次', 'no such screening run');
    const { rows } = await raw(
      ex,
      `SELECT * FROM screening_runs WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!rows[0]) throw notFound('未找到该筛查批次', 'no such screening run');
    return rows[0];
  }

  /**
   * The registry's size for a run's progress. A bulk run counts it again in its own snapshot as it
   * reads and records that at completion, so for a large registry the planner's estimate serves
   * until then: counting a million rows twice cost a third of a second on PGlite.
   */
  async function registrySize(tx: Tx, method: RunMethod): Promise<number> {
    if (method === 'bulk') {
      const { rows } = await raw(
        tx,
        `SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'organisations'::regclass`,
      );
      const estimate = Number(rows[0]?.n ?? -1);
      if (estimate >= LARGE_REGISTRY) return estimate;
    }
    const { rows } = await raw(tx, 'SELECT count(*)::int AS n FROM organisations');
    return Number(rows[0]!.n);
  }

  async function start(actor: Actor, input: StartRun): Promise<RunView> {
    requireOfficer(actor);
    if (!isIsoDate(input.date)) {
      throw new InputError([
        { path: 'date', rule: 'date', zh: '日期格式应为 YYYY-MM-DD', en: 'expected a date YYYY-MM-DD' },
      ]);
    }
    const adopt = input.adopt ?? {};
    const chunkSize = input.chunkSize ?? 10_000;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 1_000_000) {
      throw new InputError([
        {
          path: 'chunkSize',
          rule: 'range',
          zh: '分批大小应为 1–1000000',
          en: 'chunk size must be 1–1,000,000',
        },
      ]);
    }
    const measures: RunMeasure[] = runMeasures(engine, input.date, adopt).map((m) => ({
      id: m.id,
      mode: bestMode(m, rules) as RunMeasure['mode'],
      hash: measureHash(m, input.date, adopt, rules),
    }));
    const now = clock.now();
    const id = ids.next();
    return db.transaction().execute(async (tx) => {
      let base: Row | undefined;
      if (input.incremental) {
        const { rows } = await raw(
          tx,
          `SELECT * FROM screening_runs WHERE status = 'completed' AND screen_date = $1::date AND adopt = $2::jsonb
           ORDER BY created_at DESC LIMIT 1`,
          [input.date, JSON.stringify(adopt)],
        );
        base = rows[0];
      }
      const baseHashes = new Map(
        ((base?.measures as RunMeasure[] | undefined) ?? []).map((m) => [m.id, m.hash]),
      );
      const changed = base ? measures.filter((m) => baseHashes.get(m.id) !== m.hash).map((m) => m.id) : [];
      // An incremental run copies from its base chunk by chunk: only the in-database method does that.
      const method: RunMethod = base ? 'sql' : (input.method ?? 'bulk');
      const n = await registrySize(tx, method);
      await raw(
        tx,
        `INSERT INTO screening_runs (id, screen_date, adopt, catalogue_version, measures, kind, base_run_id, changed_measures,
           snapshot_at, since, status, total, chunk_size, created_by, created_at, updated_at, method, rules_version)
         VALUES ($1::uuid, $2::date, $3::jsonb, $4, $5::jsonb, $6, $7::uuid, $8::text[], $9::timestamptz, $10::timestamptz,
           'running', $11, $12, $13, $9::timestamptz, $9::timestamptz, $14, $15)`,
        [
          id,
          input.date,
          JSON.stringify(adopt),
          engine.catalogue.version,
          JSON.stringify(measures),
          base ? 'incremental' : 'full',
          base ? base.id : null,
          changed,
          now.toISOString(),
          base ? iso(base.snapshot_at) : null,
          Number(n),
          chunkSize,
          actor.username,
          method,
          rules.version,
        ],
      );
      // The run's own partition of the results, created now (DDL on the parent is brief) so the
      // run's writes later touch only it.
      for (const ddl of createResultPartition(id)) await raw(tx, ddl);
      // Chunk by chunk, the index serves from the first chunk; in bulk, it is built after the COPY.
      if (method === 'sql') await raw(tx, indexResultPartition(id));
      await audit.append(tx, {
        actor: actor.username,
        action: 'screening.start',
        subject: `screening_run:${id}`,
        detail: {
          date: input.date,
          adopt,
          kind: base ? 'incremental' : 'full',
          method,
          baseRunId: base?.id ?? null,
          changed,
          measures: measures.length,
        },
      });
      return toView(await loadRun(tx, id));
    });
  }

  function measuresOf(run: Row): Measure[] {
    return (run.measures as RunMeasure[]).map((m) => {
      const measure = engine.catalogue.byId.get(m.id);
      if (!measure)
        throw new Error(`screening run ${String(run.id)}: measure ${m.id} is not in the catalogue`);
      return measure;
    });
  }

  function staleCatalogue(): ConflictError {
    return new ConflictError({
      zh: '政策目录已变更，请重新发起筛查',
      en: 'the catalogue changed since this run started; start a new run',
    });
  }

  function isSimulated(run: Row): boolean {
    return Object.keys((run.adopt as Record<string, string>) ?? {}).length > 0;
  }

  /**
   * Notices from a run's results (all of them, or one chunk's id range): new pairs get a notice;
   * a notice not yet acted on follows its pair's latest amount. Under one lock per database, so two
   * runs writing notices at once queue instead of deadlocking.
   */
  async function writeNotices(
    tx: Tx,
    run: Row,
    now: Date,
    range?: [string, string],
  ): Promise<{ created: number; refreshed: number }> {
    const part = resultPartition(String(run.id));
    const where = range ? 'AND r.organisation_id > $2::uuid AND r.organisation_id <= $3::uuid' : '';
    const params = range ? [now.toISOString(), ...range] : [now.toISOString()];
    await raw(tx, `SELECT pg_advisory_xact_lock(${NOTICES_LOCK}::bigint)`);
    // A whole run joins two big sets: hash it. Planner statistics lag behind bulk writes (a table
    // just truncated or filled reads as empty), and a nested loop over a "small" table that is in fact
    // large is quadratic. A chunk's range is small: an index nested loop is right there.
    if (!range) await raw(tx, 'SET LOCAL enable_nestloop = off');
    const refreshed = await raw(
      tx,
      `UPDATE screening_notices n
         SET mode = r.mode, amount_min = r.amount_min, amount_max = r.amount_max, cap = r.cap, basis = r.basis,
             updated_at = $1::timestamptz
       FROM ${part} r
       WHERE n.organisation_id = r.organisation_id AND n.measure_id = r.measure_id
         AND r.mode <> 'exhausted' AND n.status IN ('new', 'read')
         AND (n.mode, n.amount_min, n.amount_max, n.cap, n.basis)
             IS DISTINCT FROM (r.mode, r.amount_min, r.amount_max, r.cap, r.basis) ${where}`,
      params,
    );
    // New pairs: each checked against the notices' key (an index probe per row, whatever the
    // statistics say); a pair that already has its notice is left to the update above.
    const created = await raw(
      tx,
      `INSERT INTO screening_notices (organisation_id, measure_id, mode, run_id, status, created_at, updated_at,
         amount_min, amount_max, cap, basis)
       SELECT r.organisation_id, r.measure_id, r.mode, r.run_id, 'new', $1::timestamptz, $1::timestamptz,
         r.amount_min, r.amount_max, r.cap, r.basis
       FROM ${part} r WHERE r.mode <> 'exhausted' ${where}
       ON CONFLICT (organisation_id, measure_id) DO NOTHING`,
      params,
    );
    if (!range) await raw(tx, 'SET LOCAL enable_nestloop = on');
    return { created: created.affected, refreshed: refreshed.affected };
  }

  /**
   * The notices of a bulk run, under the same lock as writeNotices: the notices of the run's measures
   * are read (only their key, status and money), the run's pairs sorted in memory into new notices —
   * written with one binary COPY, no conflict check per row — and notices whose money changed —
   * staged and updated in one statement, still only when not yet acted on.
   */
  async function writeBulkNotices(
    tx: Tx,
    bulk: Pick<BulkTx, 'copyIn' | 'copyOut'>,
    run: Row,
    out: BulkOutput,
    now: Date,
  ): Promise<{ created: number; refreshed: number }> {
    await raw(tx, `SELECT pg_advisory_xact_lock(${NOTICES_LOCK}::bigint)`);
    const measureIds = (run.measures as RunMeasure[]).map((m) => m.id);
    const existing = parseExistingNotices(await bulk.copyOut(existingNoticesQuery(measureIds)));
    const w = encodeNotices(out, String(run.id), now, existing);
    let refreshed = 0;
    if (w.refreshes > 0) {
      await raw(
        tx,
        `CREATE TEMP TABLE screening_refresh (organisation_id uuid, measure_id text, mode text,
           amount_min bigint, amount_max bigint, cap bigint, basis jsonb) ON COMMIT DROP`,
      );
      await bulk.copyIn('screening_refresh', REFRESH_COLUMNS, w.refresh, 'binary');
      refreshed = (
        await raw(
          tx,
          `UPDATE screening_notices n
             SET mode = s.mode, amount_min = s.amount_min, amount_max = s.amount_max, cap = s.cap,
                 basis = s.basis, updated_at = $1::timestamptz
           FROM screening_refresh s
           WHERE n.organisation_id = s.organisation_id AND n.measure_id = s.measure_id
             AND n.status IN ('new', 'read')`,
          [now.toISOString()],
        )
      ).affected;
    }
    const created =
      w.inserts > 0 ? await bulk.copyIn('screening_notices', NOTICE_COLUMNS, w.insert, 'binary') : 0;
    return { created, refreshed };
  }

  // ---------------------------------------------------------------------------------------------
  // The bulk method: one pass, one transaction.

  async function executeBulk(runId: string, signal?: AbortSignal): Promise<RunView> {
    const run = await loadRun(db, runId);
    if (run.status !== 'running') return toView(run);
    if (run.catalogue_version !== engine.catalogue.version) throw staleCatalogue();
    const out = await computeBulk(
      { db, engine, rules, onPhase: deps.onPhase },
      {
        runId,
        date: String(run.screen_date),
        adopt: (run.adopt ?? {}) as Record<string, string>,
        measures: measuresOf(run),
      },
      signal,
    );
    signal?.throwIfAborted();
    const e0 = performance.now();
    const results = encodeResults(out, runId);
    const encode = performance.now() - e0;
    deps.onPhase?.('encode');
    return bulkTransaction(db, async (bulk) => {
      const { tx } = bulk;
      // Whoever stores first wins: a run cancelled meanwhile, or completed by another worker that
      // took the same job after a crash, is left as it is (it waits here for this row's lock).
      const current = await loadRun(tx, runId, true);
      if (current.status !== 'running') return toView(current);
      // The run's partition is written on a second connection while this one writes the notices
      // (PostgreSQL; in turn on PGlite). It commits first, but the run is complete only when this
      // transaction commits; a failure here leaves the run failed, and a retry truncates the
      // partition and writes it again.
      const writeResults = async (side: BulkTx) => {
        const s0 = performance.now();
        const part = resultPartition(runId);
        for (const ddl of createResultPartition(runId)) await raw(side.tx, ddl);
        await raw(side.tx, `TRUNCATE ${part}`);
        const n = await side.copyIn(part, RESULT_COLUMNS, results, 'binary');
        await raw(side.tx, indexResultPartition(runId));
        return { n, ms: performance.now() - s0 };
      };
      const now = clock.now();
      const writeNoticesOf = async () => {
        const s0 = performance.now();
        const n = isSimulated(run)
          ? { created: 0, refreshed: 0 }
          : await writeBulkNotices(tx, bulk, run, out, now);
        return { ...n, ms: performance.now() - s0 };
      };
      let stored: { n: number; ms: number };
      let notices: { created: number; refreshed: number; ms: number };
      if (bulk.parallel) {
        [stored, notices] = await Promise.all([bulk.alongside(writeResults), writeNoticesOf()]);
        deps.onPhase?.('write');
      } else {
        stored = await writeResults(bulk);
        deps.onPhase?.('store');
        notices = await writeNoticesOf();
        deps.onPhase?.('notices');
      }
      const timings: RunTimings = {
        ...out.timings,
        encode,
        store: stored.ms,
        notices: notices.ms,
      };
      for (const k of Object.keys(timings)) timings[k] = Math.round(timings[k]!);
      await raw(
        tx,
        `UPDATE screening_runs SET status = 'completed', processed = $2, total = $2, evaluated = $3, notices = $4,
           timings = $5::jsonb, cursor = NULL, finished_at = $6, updated_at = $6, error = NULL WHERE id = $1::uuid`,
        [runId, out.organisations, stored.n, notices.created, JSON.stringify(timings), now.toISOString()],
      );
      await audit.append(tx, {
        actor: 'system',
        action: 'screening.complete',
        subject: `screening_run:${runId}`,
        detail: {
          method: 'bulk',
          processed: out.organisations,
          read: out.read,
          evaluated: stored.n,
          notices: notices.created,
          refreshed: notices.refreshed,
          unknownCodes: out.unknownCodes,
        },
      });
      return toView(await loadRun(tx, runId));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The SQL method: chunk by chunk.

  const plans = new Map<string, { run: SqlRun; plan: SqlChunkPlan }>();

  function sqlPlanOf(run: Row) {
    const id = String(run.id);
    let p = plans.get(id);
    if (!p) {
      const sqlRun: SqlRun = {
        id,
        date: String(run.screen_date),
        adopt: (run.adopt ?? {}) as Record<string, string>,
        measures: measuresOf(run),
        incremental: run.kind === 'incremental',
        changed: new Set((run.changed_measures as string[]) ?? []),
        baseRunId: (run.base_run_id as string | null) ?? null,
        since: run.since ? iso(run.since) : null,
      };
      p = { run: sqlRun, plan: sqlChunkPlan(engine, rules, sqlRun) };
      plans.set(id, p);
    }
    return p;
  }

  /** Screens the next chunk of a running run (sql method), in one transaction. */
  async function step(runId: string): Promise<RunView> {
    return db.transaction().execute(async (tx) => {
      const run = await loadRun(tx, runId, true);
      if (run.status !== 'running') return toView(run);
      if (run.catalogue_version !== engine.catalogue.version) throw staleCatalogue();
      if (run.method === 'bulk')
        throw new ConflictError({
          zh: '该批次按批量方式执行',
          en: 'a bulk run has no chunks to step through',
        });
      const lo = (run.cursor as string | null) ?? ZERO_UUID;
      const { rows } = await raw(
        tx,
        'SELECT id FROM organisations WHERE id > $1::uuid ORDER BY id LIMIT $2',
        [lo, run.chunk_size],
      );
      const now = clock.now();
      if (rows.length === 0) {
        await raw(
          tx,
          `UPDATE screening_runs SET status = 'completed', finished_at = $2, updated_at = $2 WHERE id = $1::uuid`,
          [runId, now.toISOString()],
        );
        await audit.append(tx, {
          actor: 'system',
          action: 'screening.complete',
          subject: `screening_run:${runId}`,
          detail: {
            method: 'sql',
            processed: Number(run.processed),
            evaluated: Number(run.evaluated),
            copied: Number(run.copied),
            notices: Number(run.notices),
          },
        });
        return toView(await loadRun(tx, runId));
      }
      const hi = String(rows[rows.length - 1]!.id);
      const { run: sqlRun, plan } = sqlPlanOf(run);
      // A retried chunk (a crash after writing, before the cursor moved, cannot happen: one
      // transaction) starts clean all the same.
      await raw(
        tx,
        `DELETE FROM ${resultPartition(runId)} WHERE organisation_id > $1::uuid AND organisation_id <= $2::uuid`,
        [lo, hi],
      );
      const { evaluated, copied } = await screenSqlChunk(tx, engine, sqlRun, plan, lo, hi);
      const notices = isSimulated(run) ? { created: 0 } : await writeNotices(tx, run, now, [lo, hi]);
      await raw(
        tx,
        `UPDATE screening_runs SET processed = processed + $2, cursor = $3::uuid, evaluated = evaluated + $4,
           copied = copied + $5, notices = notices + $6, updated_at = $7 WHERE id = $1::uuid`,
        [runId, rows.length, hi, evaluated, copied, notices.created, now.toISOString()],
      );
      return toView(await loadRun(tx, runId));
    });
  }

  async function setStatus(
    actor: Actor,
    runId: string,
    from: RunStatus[],
    to: RunStatus,
    action: string,
  ): Promise<RunView> {
    requireOfficer(actor);
    return db.transaction().execute(async (tx) => {
      const run = await loadRun(tx, runId, true);
      if (!from.includes(run.status as RunStatus)) {
        throw new ConflictError({
          zh: `筛查批次当前状态为 ${run.status}，不能执行该操作`,
          en: `the run is ${run.status}: cannot ${action.split('.')[1]} it`,
        });
      }
      await raw(
        tx,
        'UPDATE screening_runs SET status = $2, updated_at = $3, error = NULL WHERE id = $1::uuid',
        [runId, to, clock.now().toISOString()],
      );
      await audit.append(tx, {
        actor: actor.username,
        action,
        subject: `screening_run:${runId}`,
        detail: { processed: Number(run.processed) },
      });
      return toView(await loadRun(tx, runId));
    });
  }

  async function fail(runId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await raw(
      db,
      `UPDATE screening_runs SET status = 'failed', error = $2, updated_at = $3 WHERE id = $1::uuid AND status = 'running'`,
      [runId, message.slice(0, 2000), clock.now().toISOString()],
    );
  }

  async function get(actor: Actor, runId: string): Promise<RunView> {
    if (!READER_ROLES.has(actor.role))
      throw forbidden('无权查看筛查批次', 'your role may not read screening runs');
    return toView(await loadRun(db, runId));
  }

  const notices = createNoticeService(deps);

  return {
    start,
    step,
    get,
    ...notices,

    /** A run's money by measure and by fund, against the budget (summary.ts). */
    async summary(actor: Actor, runId: string): Promise<RunSummary> {
      const run = await get(actor, runId);
      if (run.status === 'purged')
        throw new ConflictError({ zh: '该批次结果已清除', en: 'the run’s results were dropped' });
      return runSummary(db, engine, run);
    },

    /**
     * Runs a run to its end: the bulk method in one pass, the sql method chunk by chunk until it
     * completes or stops. `signal` stops it (between chunks, or before the bulk write): the run is
     * cancelled, or with `onAbort: 'leave'` left running for another driver (a server shutting down).
     * A failure marks the run failed (resumable) and is rethrown — unless `failOnError` is false (a
     * job that will be retried). Yields to the event loop after every chunk.
     */
    async execute(
      actor: Actor,
      runId: string,
      opts: {
        signal?: AbortSignal;
        onProgress?: (run: RunView) => void;
        failOnError?: boolean;
        onAbort?: 'cancel' | 'leave';
      } = {},
    ): Promise<RunView> {
      requireOfficer(actor);
      const stopped = async (): Promise<RunView> => {
        const current = toView(await loadRun(db, runId));
        return current.status === 'running' && opts.onAbort !== 'leave'
          ? setStatus(actor, runId, ['running'], 'cancelled', 'screening.cancel')
          : current;
      };
      const first = toView(await loadRun(db, runId));
      if (first.method === 'bulk' && first.status === 'running') {
        try {
          const view = await executeBulk(runId, opts.signal);
          opts.onProgress?.(view);
          return view;
        } catch (error) {
          if (opts.signal?.aborted) return stopped();
          if (opts.failOnError !== false) await fail(runId, error);
          throw error;
        }
      }
      for (;;) {
        if (opts.signal?.aborted) return stopped();
        let view: RunView;
        try {
          view = await step(runId);
        } catch (error) {
          if (opts.failOnError !== false) await fail(runId, error);
          throw error;
        }
        opts.onProgress?.(view);
        if (view.status !== 'running') return view;
        // Let the event loop turn between chunks: on PGlite a query resolves through microtasks
        // only, so without this a run would hold the process (HTTP requests, timers, Ctrl-C) until
        // it finished.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },

    cancel(actor: Actor, runId: string): Promise<RunView> {
      return setStatus(actor, runId, ['running'], 'cancelled', 'screening.cancel');
    },

    /** A cancelled or failed run continues: from its cursor (sql), or over again (bulk). */
    resume(actor: Actor, runId: string): Promise<RunView> {
      return setStatus(actor, runId, ['cancelled', 'failed'], 'running', 'screening.resume');
    },

    /** Drops a finished run's results (its partition) in one statement; the run stays listed as purged. */
    async purge(actor: Actor, runId: string): Promise<RunView> {
      if (actor.role !== 'admin')
        throw forbidden('只有管理员可以清除筛查结果', 'only an admin drops a run’s results');
      return db.transaction().execute(async (tx) => {
        const run = await loadRun(tx, runId, true);
        if (!['completed', 'cancelled', 'failed'].includes(String(run.status))) {
          throw new ConflictError({
            zh: `筛查批次当前状态为 ${run.status}，不能清除`,
            en: `the run is ${run.status}: only a finished run can be purged`,
          });
        }
        await raw(tx, dropResultPartition(runId));
        await raw(tx, `UPDATE screening_runs SET status = 'purged', updated_at = $2 WHERE id = $1::uuid`, [
          runId,
          clock.now().toISOString(),
        ]);
        await audit.append(tx, {
          actor: actor.username,
          action: 'screening.purge',
          subject: `screening_run:${runId}`,
          detail: { evaluated: Number(run.evaluated) },
        });
        return toView(await loadRun(tx, runId));
      });
    },

    async list(actor: Actor, limit = 50): Promise<RunView[]> {
      if (!READER_ROLES.has(actor.role))
        throw forbidden('无权查看筛查批次', 'your role may not read screening runs');
      const { rows } = await raw(db, 'SELECT * FROM screening_runs ORDER BY created_at DESC, id LIMIT $1', [
        limit,
      ]);
      return rows.map(toView);
    },

    /** Runs still to be driven to their end (left running by a stop or a crash). */
    async running(): Promise<RunView[]> {
      const { rows } = await raw(
        db,
        `SELECT * FROM screening_runs WHERE status = 'running' ORDER BY created_at`,
      );
      return rows.map(toView).filter((r) => r.catalogueVersion === engine.catalogue.version);
    },

    /** Eligible organisations per measure in a run (pairs left out as used up are not counted). */
    async counts(
      actor: Actor,
      runId: string,
    ): Promise<{ measureId: string; mode: string; organisations: number }[]> {
      const run = await get(actor, runId);
      if (run.status === 'purged')
        return run.measures.map((m) => ({ measureId: m.id, mode: m.mode, organisations: 0 }));
      const { rows } = await raw(
        db,
        `SELECT measure_id, count(*)::int AS n FROM ${resultPartition(runId)} WHERE mode <> 'exhausted' GROUP BY measure_id`,
      );
      const n = new Map(rows.map((r) => [String(r.measure_id), Number(r.n)]));
      return run.measures.map((m) => ({ measureId: m.id, mode: m.mode, organisations: n.get(m.id) ?? 0 }));
    },

    /** Results of a run page by page (organisation, measure order), joined with the registry and notices. */
    async *results(actor: Actor, runId: string, pageSize = 5000): AsyncGenerator<ResultRow[]> {
      const run = await get(actor, runId);
      if (run.status === 'purged') return;
      let after: [string, string] = [ZERO_UUID, ''];
      for (;;) {
        const { rows } = await raw(
          db,
          `${RESULT_SELECT}
           WHERE r.run_id = $1::uuid AND r.mode <> 'exhausted' AND (r.organisation_id, r.measure_id) > ($2::uuid, $3)
           ORDER BY r.organisation_id, r.measure_id LIMIT $4`,
          [runId, after[0], after[1], pageSize],
        );
        if (rows.length === 0) return;
        yield rows.map((r) => resultRow(engine, r, runId));
        const last = rows[rows.length - 1]!;
        after = [String(last.organisation_id), String(last.measure_id)];
      }
    },

    /**
     * One page of a run's results (organisation, measure order) for a screen: only the measures
     * given and/or of one mode, with the number of rows that match.
     */
    async resultsPage(
      actor: Actor,
      runId: string,
      query: { measureId?: string; mode?: RunMeasure['mode']; limit: number; offset: number },
    ): Promise<{ items: ResultRow[]; total: number }> {
      const run = await get(actor, runId);
      if (run.status === 'purged') return { items: [], total: 0 };
      const measureIds = run.measures
        .filter((m) => !query.measureId || m.id === query.measureId)
        .map((m) => m.id);
      if (measureIds.length === 0) return { items: [], total: 0 };
      // The mode is the pair's own (a measure can be 免申即享 for one organisation, 快申快享 for another).
      const modes = query.mode ? [query.mode] : ['automatic', 'invitation'];
      const [count, page] = await Promise.all([
        raw(
          db,
          `SELECT count(*)::int AS n FROM screening_results r
           WHERE r.run_id = $1::uuid AND r.measure_id = ANY($2::text[]) AND r.mode = ANY($3::text[])`,
          [runId, measureIds, modes],
        ),
        raw(
          db,
          `${RESULT_SELECT}
           WHERE r.run_id = $1::uuid AND r.measure_id = ANY($2::text[]) AND r.mode = ANY($3::text[])
           ORDER BY r.organisation_id, r.measure_id LIMIT $4 OFFSET $5`,
          [runId, measureIds, modes, query.limit, query.offset],
        ),
      ]);
      return {
        items: page.rows.map((r) => resultRow(engine, r, runId)),
        total: Number(count.rows[0]?.n ?? 0),
      };
    },

    today(): IsoDate {
      return shanghaiDate(clock.now());
    },
  };
}

export type ScreeningService = ReturnType<typeof createScreeningService>;
