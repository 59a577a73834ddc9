/**
 * The qualification ledger's reads and writes: holdings (organisation_qualifications, since 0014 the
 * ledger's records) and their events. The service plans every change with the pure core
 * (src/core/qualifications/operations.ts) and writes it here in one transaction, after locking the
 * organisation's row so two writers of one firm's ledger go one after the other.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../../../core/dates.ts';
import type {
  LedgerRecord,
  LedgerSource,
  PlannedEvent,
  RecordEnd,
} from '../../../core/qualifications/ledger.ts';
import { validTo } from '../../../core/qualifications/ledger.ts';
import type { RecordChange } from '../../../core/qualifications/operations.ts';
import type { Level } from '../../../core/qualifications/types.ts';
import type { Executor } from '../../schema.ts';

/** A row of organisation_qualifications as the ledger reads it. */
export interface HoldingRow {
  organisation_id: string;
  id: string;
  code: string;
  valid_from: string;
  valid_to: string | null;
  level: string | null;
  grade: string | null;
  certificate_no: string | null;
  issuer: string | null;
  expires_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  source: string;
}

export const HOLDING_COLUMNS = [
  'organisation_id',
  'id',
  'code',
  'valid_from',
  'valid_to',
  'level',
  'grade',
  'certificate_no',
  'issuer',
  'expires_on',
  'ended_on',
  'end_reason',
  'source',
] as const;

/** A row → the core's record. A row written without the ledger's details reads its end as its expiry. */
export function toRecord(row: HoldingRow): LedgerRecord {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    kind: row.code,
    level: row.level as Level | null,
    grade: row.grade,
    certificateNo: row.certificate_no,
    issuer: row.issuer,
    grantedOn: row.valid_from,
    expiresOn: row.expires_on ?? (row.ended_on ? null : row.valid_to),
    endedOn: row.ended_on,
    endReason: row.end_reason as RecordEnd | null,
  };
}

function columnsOf(r: LedgerRecord) {
  return {
    code: r.kind,
    valid_from: r.grantedOn,
    valid_to: validTo(r),
    level: r.level,
    grade: r.grade,
    certificate_no: r.certificateNo,
    issuer: r.issuer,
    expires_on: r.expiresOn,
    ended_on: r.endedOn,
    end_reason: r.endReason,
  };
}

export interface EventMeta {
  source: LedgerSource;
  sourceRef: string | null;
  actor: string;
  at: Date;
}

export interface EventRow {
  organisation_id: string;
  id: string;
  seq: number;
  record_id: string;
  code: string;
  event: string;
  on_date: string;
  first_time: boolean;
  level: string | null;
  grade: string | null;
  detail: Record<string, unknown>;
  source: string;
  source_ref: string | null;
  actor: string;
  recorded_at: Date;
}

/**
 * Locks the organisations' rows (in id order, so two batches never wait on each other in a cycle),
 * FOR NO KEY UPDATE like the application workflow: rows referencing them can still be inserted.
 */
export async function lockOrganisations(ex: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', [...ids].sort())
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** The records of these organisations, by organisation. */
export async function recordsOf(ex: Executor, ids: readonly string[]): Promise<Map<string, LedgerRecord[]>> {
  const out = new Map<string, LedgerRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ex
    .selectFrom('organisation_qualifications')
    .select([...HOLDING_COLUMNS])
    .where('organisation_id', 'in', [...ids])
    .orderBy('organisation_id')
    .orderBy('valid_from')
    .orderBy('code')
    .execute();
  for (const row of rows) out.get(row.organisation_id)?.push(toRecord(row as HoldingRow));
  return out;
}

/**
 * Writes planned record changes and events (in the caller's transaction). A batch's changes are
 * collapsed to each record's final state first (a holding inserted and revoked in one import is one
 * insert; one inserted and withdrawn is nothing), then written as deletes, updates and multi-row
 * inserts, so a large import costs a few statements per thousand rows.
 */
export async function writeChanges(
  ex: Executor,
  changes: readonly RecordChange[],
  events: readonly (PlannedEvent & { organisationId: string; id: string })[],
  meta: EventMeta,
): Promise<void> {
  const final = new Map<string, { record: LedgerRecord; inserted: boolean; deleted: boolean }>();
  for (const c of changes) {
    const seen = final.get(c.record.id);
    final.set(c.record.id, {
      record: c.record,
      inserted: (seen?.inserted ?? false) || c.type === 'insert',
      deleted: c.type === 'delete',
    });
  }
  const deletes: LedgerRecord[] = [];
  const updates: LedgerRecord[] = [];
  const inserts: LedgerRecord[] = [];
  for (const f of final.values()) {
    if (f.inserted && f.deleted) continue;
    if (f.deleted) deletes.push(f.record);
    else if (f.inserted) inserts.push(f.record);
    else updates.push(f.record);
  }
  for (const r of deletes)
    await ex
      .deleteFrom('organisation_qualifications')
      .where('organisation_id', '=', r.organisationId)
      .where('id', '=', r.id)
      .execute();
  for (const r of updates)
    await ex
      .updateTable('organisation_qualifications')
      .set({ ...columnsOf(r), recorded_at: meta.at })
      .where('organisation_id', '=', r.organisationId)
      .where('id', '=', r.id)
      .execute();
  for (let i = 0; i < inserts.length; i += 1000)
    await ex
      .insertInto('organisation_qualifications')
      .values(
        inserts.slice(i, i + 1000).map((r) => ({
          organisation_id: r.organisationId,
          id: r.id,
          ...columnsOf(r),
          source: meta.source,
          recorded_at: meta.at,
        })),
      )
      .execute();
  if (events.length === 0) return;
  // Many events at once (an import): in slices, so no statement carries too many parameters.
  for (let i = 0; i < events.length; i += 2000) {
    await ex
      .insertInto('qualification_events')
      .values(
        events.slice(i, i + 2000).map((e) => ({
          organisation_id: e.organisationId,
          id: e.id,
          record_id: e.recordId,
          code: e.kind,
          event: e.event,
          on_date: e.on,
          first_time: e.firstTime,
          level: e.level,
          grade: e.grade,
          detail: JSON.stringify(e.detail),
          source: meta.source,
          source_ref: meta.sourceRef,
          actor: meta.actor,
          recorded_at: meta.at,
        })),
      )
      .execute();
  }
}

export interface EventFilter {
  organisationId?: string;
  from?: IsoDate;
  to?: IsoDate;
  codes?: readonly string[];
  events?: readonly string[];
  limit: number;
  offset: number;
}

/** Events, newest first (by effective day, then by when they were written). */
export async function listEvents(ex: Executor, f: EventFilter): Promise<{ rows: EventRow[]; total: number }> {
  let q = ex.selectFrom('qualification_events');
  if (f.organisationId) q = q.where('organisation_id', '=', f.organisationId);
  if (f.from) q = q.where('on_date', '>=', f.from);
  if (f.to) q = q.where('on_date', '<=', f.to);
  if (f.codes?.length) q = q.where('code', 'in', [...f.codes]);
  if (f.events?.length) q = q.where('event', 'in', [...f.events]);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('on_date', 'desc').orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as EventRow[], total: Number(count.n) };
}

/** Record ids of these organisations that already have a lapse event (the scan records each once). */
export async function lapsedRecordIds(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ex
    .selectFrom('qualification_events')
    .select('record_id')
    .where('organisation_id', 'in', [...ids])
    .where('event', '=', 'lapsed')
    .execute();
  return new Set(rows.map((r) => r.record_id));
}

/**
 * Organisations with a holding that ran out before `date`, that nothing continues and that has no
 * lapse event yet: the scan's work list (few on any one day once the scan runs daily).
 */
export async function organisationsToLapse(ex: Executor, date: IsoDate, limit: number): Promise<string[]> {
  const rows = await sql<{ organisation_id: string }>`
    select distinct q.organisation_id from organisation_qualifications q
     where q.valid_to < ${date}::date and q.ended_on is null
       and not exists (select 1 from organisation_qualifications n
                        where n.organisation_id = q.organisation_id and n.code = q.code and n.id <> q.id
                          and n.valid_from > q.valid_from and n.valid_from <= q.valid_to + 1)
       and not exists (select 1 from qualification_events e
                        where e.organisation_id = q.organisation_id and e.record_id = q.id and e.event = 'lapsed')
     order by q.organisation_id limit ${limit}`.execute(ex);
  return rows.rows.map((r) => r.organisation_id);
}

/**
 * The registry's own writes of qualifications (POST/PUT /api/organisations, the registry import):
 * the given set replaces the stored one, as the registry always did — now as ledger changes with
 * events. A holding kept (same code and start) keeps its ledger details; a changed end is a
 * correction; a new one is granted; one left out is withdrawn (entered in error).
 */
export async function syncHoldings(
  ex: Executor,
  organisationId: string,
  wanted: readonly { code: string; from: string; to: string | null }[],
  meta: EventMeta,
): Promise<void> {
  const current = (await recordsOf(ex, [organisationId])).get(organisationId) ?? [];
  const key = (code: string, from: string) => `${code}\u0000${from}`;
  const byKey = new Map(current.map((r) => [key(r.kind, r.grantedOn), r]));
  const want = new Map(wanted.map((w) => [key(w.code, w.from), w]));
  const changes: RecordChange[] = [];
  const events: (PlannedEvent & { organisationId: string; id: string })[] = [];
  const event = (
    r: LedgerRecord,
    kind: PlannedEvent['event'],
    firstTime: boolean,
    detail: Record<string, unknown>,
  ) =>
    events.push({
      organisationId,
      id: crypto.randomUUID(),
      recordId: r.id,
      kind: r.kind,
      event: kind,
      on: r.grantedOn,
      firstTime,
      level: r.level,
      grade: r.grade,
      detail,
    });
  for (const [k, r] of byKey) {
    if (want.has(k)) continue;
    changes.push({ type: 'delete', record: r });
    event(r, 'withdrawn', false, {
      reason: 'registry',
      record: { kind: r.kind, grantedOn: r.grantedOn, expiresOn: r.expiresOn },
    });
  }
  const earliest = new Map<string, string>();
  for (const w of wanted) {
    const e = earliest.get(w.code);
    if (e === undefined || w.from < e) earliest.set(w.code, w.from);
  }
  for (const [k, w] of want) {
    const have = byKey.get(k);
    if (have) {
      if (have.expiresOn === w.to && have.endedOn === null) continue;
      const updated: LedgerRecord = { ...have, expiresOn: w.to, endedOn: null, endReason: null };
      changes.push({ type: 'update', record: updated });
      event(updated, 'corrected', false, {
        reason: 'registry',
        fields: ['expiresOn'],
        before: { expiresOn: have.expiresOn },
      });
      continue;
    }
    const record: LedgerRecord = {
      id: crypto.randomUUID(),
      organisationId,
      kind: w.code,
      level: null,
      grade: null,
      certificateNo: null,
      issuer: null,
      grantedOn: w.from,
      expiresOn: w.to,
      endedOn: null,
      endReason: null,
    };
    changes.push({ type: 'insert', record });
    const before = current.some(
      (r) => r.kind === w.code && r.grantedOn < w.from && want.has(key(r.kind, r.grantedOn)),
    );
    event(record, 'granted', !before && earliest.get(w.code) === w.from, { reason: 'registry' });
  }
  await writeChanges(ex, changes, events, meta);
}
