/**
 * Screening runs over the registry in the database (免申即享 / 快申快享), notices and their inbox.
 *
 * A run screens every organisation against every monetary measure in force on its date with the
 * compiled SQL (compile-sql.ts) inside the database: no registry data leaves it. It works in chunks
 * of organisations in id order, one transaction per chunk that writes the chunk's results, its new
 * notices and the run's cursor together — so a run can be cancelled between chunks and resumed from
 * its cursor, and a crash mid-chunk leaves nothing half-written. Notices are keyed by (organisation,
 * measure): a re-run never notifies twice.
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
import { CompiledQuery, type Kysely } from 'kysely';
import type { Measure } from '../core/catalogue/types.ts';
import { isMonetary } from '../core/catalogue/types.ts';
import { type IsoDate, isIsoDate, shanghaiDate } from '../core/dates.ts';
import type { Engine } from '../core/engine/calculate.ts';
import { windowOn } from '../core/engine/window.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../core/errors.ts';
import type { Text } from '../core/text.ts';
import type { Actor, AuditPort, Clock, IdSource } from '../service/applications/ports.ts';
import type { ApplicationService } from '../service/applications/service.ts';
import type { ApplicationView } from '../service/applications/views.ts';
import type { Db, Tx } from '../storage/schema.ts';
import { SqlCompiler } from './compile-sql.ts';
import { measuresInForce, screeningMode, screenTarget } from './screen.ts';
import type { NoticeStatus, RunMeasure, RunStatus, ScreeningDatabase } from './tables.ts';

export interface ScreeningDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdSource;
  audit: AuditPort;
  /** For confirming a 免申即享 notice into an application. */
  applications?: Pick<ApplicationService, 'create'>;
}

export interface StartRun {
  date: IsoDate;
  adopt?: Record<string, IsoDate>;
  chunkSize?: number;
  /** Re-evaluate only what changed since the latest completed run on the same date (else a full run). */
  incremental?: boolean;
}

export interface RunView {
  id: string;
  date: IsoDate;
  adopt: Record<string, IsoDate>;
  kind: 'full' | 'incremental';
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
}

export interface NoticeView {
  organisationId: string;
  measureId: string;
  title: Text;
  mode: 'automatic' | 'invitation';
  status: NoticeStatus;
  runId: string;
  applicationId: string | null;
  createdAt: string;
}

export type ConfirmResult =
  | { kind: 'application'; application: ApplicationView }
  | { kind: 'invitation'; measureId: string; matterType: string | null };

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const RESULT_SELECT = `SELECT r.organisation_id, r.measure_id, o.uscc, o.name, o.kind, o.city, n.mode, n.status AS notice_status, n.run_id AS notice_run_id
  FROM screening_results r
  JOIN organisations o ON o.id = r.organisation_id
  LEFT JOIN screening_notices n ON n.organisation_id = r.organisation_id AND n.measure_id = r.measure_id`;
const OFFICERS = new Set(['reviewer', 'approver', 'admin']);
const READERS = new Set(['reviewer', 'approver', 'admin', 'auditor']);

/** Measures a run screens: monetary, in force on the date, with a notice mode. */
export function runMeasures(engine: Engine, date: IsoDate, adopt: Record<string, IsoDate>): Measure[] {
  return measuresInForce(engine.catalogue, date, adopt).filter(
    (m) => isMonetary(m.benefit) && screeningMode(m) !== 'none',
  );
}

/** Hash of what decides who a measure reaches on a date: conditions (labels aside), window, benefit kind. */
export function measureHash(m: Measure, date: IsoDate, adopt: Record<string, IsoDate>): string {
  const w = windowOn(m.document, date, adopt);
  const decisive = JSON.stringify(
    { a: m.applicant, w: [w.inForce, w.from, w.to], b: m.benefit.kind, mode: screeningMode(m) },
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

type Row = Record<string, unknown>;

function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

function toView(r: Row): RunView {
  const total = Number(r.total);
  const processed = Number(r.processed);
  return {
    id: String(r.id),
    date: String(r.screen_date),
    adopt: (r.adopt ?? {}) as Record<string, string>,
    kind: r.kind as RunView['kind'],
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
  };
}

export function createScreeningService(deps: ScreeningDeps) {
  const { db, engine, clock, ids, audit } = deps;
  // The screening tables are not in storage's Database type (their migration lives here).
  const sdb = db as unknown as Kysely<ScreeningDatabase>;

  async function raw(
    ex: Db | Tx,
    sql: string,
    params: unknown[] = [],
  ): Promise<{ rows: Row[]; affected: number }> {
    const r = await ex.executeQuery(CompiledQuery.raw(sql, params));
    return { rows: r.rows as Row[], affected: Number(r.numAffectedRows ?? 0) };
  }

  function requireOfficer(actor: Actor) {
    if (!OFFICERS.has(actor.role))
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
      mode: screeningMode(m) as RunMeasure['mode'],
      hash: measureHash(m, input.date, adopt),
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
      const [{ n }] = (await raw(tx, 'SELECT count(*)::int AS n FROM organisations')).rows as [{ n: number }];
      await raw(
        tx,
        `INSERT INTO screening_runs (id, screen_date, adopt, catalogue_version, measures, kind, base_run_id, changed_measures,
           snapshot_at, since, status, total, chunk_size, created_by, created_at, updated_at)
         VALUES ($1::uuid, $2::date, $3::jsonb, $4, $5::jsonb, $6, $7::uuid, $8::text[], $9::timestamptz, $10::timestamptz,
           'running', $11, $12, $13, $9::timestamptz, $9::timestamptz)`,
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
        ],
      );
      await audit.append(tx, {
        actor: actor.username,
        action: 'screening.start',
        subject: `screening_run:${id}`,
        detail: {
          date: input.date,
          adopt,
          kind: base ? 'incremental' : 'full',
          baseRunId: base?.id ?? null,
          changed,
          measures: measures.length,
        },
      });
      return toView(await loadRun(tx, id));
    });
  }

  /** The statements of one chunk, built from the run's measures and the catalogue. */
  function chunkStatements(run: Row) {
    const measures = run.measures as RunMeasure[];
    const date = String(run.screen_date);
    const incremental = run.kind === 'incremental';
    const changed = new Set((run.changed_measures as string[]) ?? []);
    const byId = engine.catalogue.byId;
    // Full: every measure everywhere. Incremental: changed measures everywhere, the rest only where
    // the organisation changed; unchanged pairs are copied from the base run.
    const offset = incremental ? 5 : 4;
    const compiler = new SqlCompiler({ date, facts: engine.facts }, offset);
    const adopt = (run.adopt as Record<string, IsoDate> | null) ?? {};
    const values = measures.map((m, i) => {
      // From the measure's window on the run's date: 001·十 counts tiers first reached since adoption.
      const target = screenTarget(byId.get(m.id)!, date, adopt);
      const expr = compiler.expression(target.conditions, target.windowFrom);
      const ok = incremental && !changed.has(m.id) ? `(o.updated_at > $5::timestamptz AND ${expr})` : expr;
      return `(${i + 1}, ${ok})`;
    });
    const evaluate =
      measures.length === 0
        ? null
        : {
            sql: `INSERT INTO screening_results (organisation_id, run_id, measure_id)
                  SELECT o.id, $1::uuid, ($4::text[])[v.m]
                  FROM organisations o CROSS JOIN LATERAL (VALUES ${values.join(', ')}) AS v(m, ok)
                  WHERE o.id > $2::uuid AND o.id <= $3::uuid AND v.ok`,
            params: (lo: string, hi: string) => [
              run.id,
              lo,
              hi,
              measures.map((m) => m.id),
              ...(incremental ? [iso(run.since)] : []),
              ...compiler.params,
            ],
          };
    const unchanged = measures.filter((m) => !changed.has(m.id)).map((m) => m.id);
    const copy =
      incremental && unchanged.length > 0
        ? {
            sql: `INSERT INTO screening_results (organisation_id, run_id, measure_id)
                  SELECT r.organisation_id, $1::uuid, r.measure_id
                  FROM screening_results r JOIN organisations o ON o.id = r.organisation_id
                  WHERE r.run_id = $2::uuid AND r.measure_id = ANY($3::text[]) AND o.updated_at <= $4::timestamptz
                    AND r.organisation_id > $5::uuid AND r.organisation_id <= $6::uuid`,
            params: (lo: string, hi: string) => [run.id, run.base_run_id, unchanged, iso(run.since), lo, hi],
          }
        : null;
    // A run with a simulated adoption is a what-if: it stores results but notifies nobody.
    const simulated = Object.keys((run.adopt as Record<string, string>) ?? {}).length > 0;
    const notices = simulated
      ? null
      : {
          sql: `INSERT INTO screening_notices (organisation_id, measure_id, mode, run_id, status, created_at, updated_at)
            SELECT r.organisation_id, r.measure_id, m.mode, $1::uuid, 'new', $4::timestamptz, $4::timestamptz
            FROM screening_results r JOIN unnest($5::text[], $6::text[]) AS m(id, mode) ON m.id = r.measure_id
            WHERE r.run_id = $1::uuid AND r.organisation_id > $2::uuid AND r.organisation_id <= $3::uuid
            ON CONFLICT (organisation_id, measure_id) DO NOTHING`,
          params: (lo: string, hi: string, now: Date) => [
            run.id,
            lo,
            hi,
            now.toISOString(),
            measures.map((m) => m.id),
            measures.map((m) => m.mode),
          ],
        };
    return { evaluate, copy, notices };
  }

  const statements = new Map<string, ReturnType<typeof chunkStatements>>();

  /** Screens the next chunk of a running run, in one transaction. */
  async function step(runId: string): Promise<RunView> {
    return db.transaction().execute(async (tx) => {
      const run = await loadRun(tx, runId, true);
      if (run.status !== 'running') return toView(run);
      if (run.catalogue_version !== engine.catalogue.version) {
        throw new ConflictError({
          zh: '政策目录已变更，请重新发起筛查',
          en: 'the catalogue changed since this run started; start a new run',
        });
      }
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
            processed: Number(run.processed),
            evaluated: Number(run.evaluated),
            copied: Number(run.copied),
            notices: Number(run.notices),
          },
        });
        return toView(await loadRun(tx, runId));
      }
      const hi = String(rows[rows.length - 1]!.id);
      let s = statements.get(runId);
      if (!s) {
        s = chunkStatements(run);
        statements.set(runId, s);
      }
      const evaluated = s.evaluate ? (await raw(tx, s.evaluate.sql, s.evaluate.params(lo, hi))).affected : 0;
      const copied = s.copy ? (await raw(tx, s.copy.sql, s.copy.params(lo, hi))).affected : 0;
      const notices = s.notices ? (await raw(tx, s.notices.sql, s.notices.params(lo, hi, now))).affected : 0;
      await raw(
        tx,
        `UPDATE screening_runs SET processed = processed + $2, cursor = $3::uuid, evaluated = evaluated + $4,
           copied = copied + $5, notices = notices + $6, updated_at = $7 WHERE id = $1::uuid`,
        [runId, rows.length, hi, evaluated, copied, notices, now.toISOString()],
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

  function resultRow(r: Row, runId: string): ResultRow {
    const m = engine.catalogue.byId.get(String(r.measure_id));
    return {
      organisationId: String(r.organisation_id),
      uscc: String(r.uscc),
      name: String(r.name),
      kind: String(r.kind),
      city: String(r.city),
      measureId: String(r.measure_id),
      measureTitle: m?.title.zh ?? String(r.measure_id),
      title: m?.title ?? { zh: String(r.measure_id), en: String(r.measure_id) },
      mode: (r.mode as string | null) ?? (m ? screeningMode(m) : ''),
      newInThisRun: r.notice_run_id === runId,
      noticeStatus: (r.notice_status as string | null) ?? '',
    };
  }

  return {
    start,
    step,

    /**
     * Runs chunks until the run completes or stops; `signal` cancels between chunks. A failure marks
     * the run failed (resumable) and is rethrown. Yields to the event loop after every chunk.
     */
    async execute(
      actor: Actor,
      runId: string,
      opts: { signal?: AbortSignal; onProgress?: (run: RunView) => void } = {},
    ): Promise<RunView> {
      requireOfficer(actor);
      for (;;) {
        if (opts.signal?.aborted) {
          const current = toView(await loadRun(db, runId));
          return current.status === 'running'
            ? setStatus(actor, runId, ['running'], 'cancelled', 'screening.cancel')
            : current;
        }
        let view: RunView;
        try {
          view = await step(runId);
        } catch (error) {
          await fail(runId, error);
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

    /** A cancelled or failed run continues from its cursor. */
    resume(actor: Actor, runId: string): Promise<RunView> {
      return setStatus(actor, runId, ['cancelled', 'failed'], 'running', 'screening.resume');
    },

    async get(actor: Actor, runId: string): Promise<RunView> {
      if (!READERS.has(actor.role))
        throw forbidden('无权查看筛查批次', 'your role may not read screening runs');
      return toView(await loadRun(db, runId));
    },

    async list(actor: Actor, limit = 50): Promise<RunView[]> {
      if (!READERS.has(actor.role))
        throw forbidden('无权查看筛查批次', 'your role may not read screening runs');
      const { rows } = await raw(db, 'SELECT * FROM screening_runs ORDER BY created_at DESC, id LIMIT $1', [
        limit,
      ]);
      return rows.map(toView);
    },

    /** Eligible organisations per measure in a run. */
    async counts(
      actor: Actor,
      runId: string,
    ): Promise<{ measureId: string; mode: string; organisations: number }[]> {
      const run = await this.get(actor, runId);
      const { rows } = await raw(
        db,
        'SELECT measure_id, count(*)::int AS n FROM screening_results WHERE run_id = $1::uuid GROUP BY measure_id',
        [runId],
      );
      const n = new Map(rows.map((r) => [String(r.measure_id), Number(r.n)]));
      return run.measures.map((m) => ({ measureId: m.id, mode: m.mode, organisations: n.get(m.id) ?? 0 }));
    },

    /** An organisation's notices, newest first. Enterprise users see their own organisation's only. */
    async inbox(
      actor: Actor,
      query: { organisationId?: string; status?: NoticeStatus } = {},
    ): Promise<NoticeView[]> {
      const organisationId = actor.role === 'enterprise' ? actor.organisationId : query.organisationId;
      if (
        actor.role === 'enterprise' &&
        query.organisationId &&
        query.organisationId !== actor.organisationId
      ) {
        throw notFound('未找到该单位', 'no such organisation');
      }
      if (!organisationId)
        throw new InputError([
          { path: 'organisationId', rule: 'required', zh: '请指定单位', en: 'organisationId is required' },
        ]);
      let q = sdb
        .selectFrom('screening_notices')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at', 'desc')
        .orderBy('measure_id');
      if (query.status) q = q.where('status', '=', query.status);
      const rows = await q.execute();
      return rows.map((r) => ({
        organisationId: r.organisation_id,
        measureId: r.measure_id,
        title: engine.catalogue.byId.get(r.measure_id)?.title ?? { zh: r.measure_id, en: r.measure_id },
        mode: r.mode,
        status: r.status,
        runId: r.run_id,
        applicationId: r.application_id,
        createdAt: iso(r.created_at),
      }));
    },

    async markRead(actor: Actor, measureId: string): Promise<void> {
      await setNotice(actor, measureId, ['new'], 'read');
    },

    async dismiss(actor: Actor, measureId: string): Promise<void> {
      await setNotice(actor, measureId, ['new', 'read'], 'dismissed');
    },

    /**
     * One step from a notice: a 免申即享 notice becomes the organisation's application, prefilled
     * (the measure needs no matter); a 快申快享 notice is an invitation — it is marked read and the
     * caller opens the short application form for the measure's matter type.
     */
    async confirm(actor: Actor, measureId: string): Promise<ConfirmResult> {
      if (actor.role !== 'enterprise' || !actor.organisationId) {
        throw forbidden('只有企业用户可以确认本单位的通知', 'only an enterprise user confirms its notices');
      }
      const notice = await sdb
        .selectFrom('screening_notices')
        .selectAll()
        .where('organisation_id', '=', actor.organisationId)
        .where('measure_id', '=', measureId)
        .executeTakeFirst();
      if (!notice) throw notFound('未找到该通知', 'no such notice');
      const measure = engine.catalogue.byId.get(measureId);
      if (notice.mode === 'invitation' || !measure) {
        if (notice.status === 'new') await setNotice(actor, measureId, ['new'], 'read');
        return { kind: 'invitation', measureId, matterType: measure?.matterType ?? null };
      }
      if (notice.status === 'confirmed')
        throw new ConflictError({ zh: '该通知已确认', en: 'this notice is already confirmed' });
      if (!deps.applications) throw new Error('screening service: no application service to confirm into');
      const application = await deps.applications.create(actor, {
        measureId,
        matter: null,
        title: `${measure.title.zh}（免申即享）`,
      });
      await db.transaction().execute(async (tx) => {
        await raw(
          tx,
          `UPDATE screening_notices SET status = 'confirmed', application_id = $3::uuid, updated_at = $4
           WHERE organisation_id = $1::uuid AND measure_id = $2`,
          [actor.organisationId, measureId, application.id, clock.now().toISOString()],
        );
        await audit.append(tx, {
          actor: actor.username,
          action: 'screening.notice.confirm',
          subject: `organisation:${actor.organisationId}`,
          detail: { measureId, applicationId: application.id },
        });
      });
      return { kind: 'application', application };
    },

    /** Results of a run page by page (organisation, measure order), joined with the registry and notices. */
    async *results(actor: Actor, runId: string, pageSize = 5000): AsyncGenerator<ResultRow[]> {
      await this.get(actor, runId);
      let after: [string, string] = [ZERO_UUID, ''];
      for (;;) {
        const { rows } = await raw(
          db,
          `${RESULT_SELECT}
           WHERE r.run_id = $1::uuid AND (r.organisation_id, r.measure_id) > ($2::uuid, $3)
           ORDER BY r.organisation_id, r.measure_id LIMIT $4`,
          [runId, after[0], after[1], pageSize],
        );
        if (rows.length === 0) return;
        yield rows.map((r) => resultRow(r, runId));
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
      const run = await this.get(actor, runId);
      const measureIds = run.measures
        .filter(
          (m) => (!query.measureId || m.id === query.measureId) && (!query.mode || m.mode === query.mode),
        )
        .map((m) => m.id);
      if (measureIds.length === 0) return { items: [], total: 0 };
      const [count, page] = await Promise.all([
        raw(
          db,
          'SELECT count(*)::int AS n FROM screening_results WHERE run_id = $1::uuid AND measure_id = ANY($2::text[])',
          [runId, measureIds],
        ),
        raw(
          db,
          `${RESULT_SELECT}
           WHERE r.run_id = $1::uuid AND r.measure_id = ANY($2::text[])
           ORDER BY r.organisation_id, r.measure_id LIMIT $3 OFFSET $4`,
          [runId, measureIds, query.limit, query.offset],
        ),
      ]);
      return { items: page.rows.map((r) => resultRow(r, runId)), total: Number(count.rows[0]?.n ?? 0) };
    },

    today(): IsoDate {
      return shanghaiDate(clock.now());
    },
  };

  async function setNotice(actor: Actor, measureId: string, from: NoticeStatus[], to: NoticeStatus) {
    if (actor.role !== 'enterprise' || !actor.organisationId) {
      throw forbidden('只有企业用户可以处理本单位的通知', 'only an enterprise user handles its notices');
    }
    const r = await sdb
      .updateTable('screening_notices')
      .set({ status: to, updated_at: clock.now() })
      .where('organisation_id', '=', actor.organisationId)
      .where('measure_id', '=', measureId)
      .where('status', 'in', from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await sdb
        .selectFrom('screening_notices')
        .select('status')
        .where('organisation_id', '=', actor.organisationId)
        .where('measure_id', '=', measureId)
        .executeTakeFirst();
      if (!exists) throw notFound('未找到该通知', 'no such notice');
    }
  }
}

export interface ResultRow {
  organisationId: string;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  measureId: string;
  /** The measure's title in Chinese (the export's column). */
  measureTitle: string;
  title: Text;
  mode: string;
  /** The notice for this (organisation, measure) was created by this run. */
  newInThisRun: boolean;
  noticeStatus: string;
}

export type ScreeningService = ReturnType<typeof createScreeningService>;
