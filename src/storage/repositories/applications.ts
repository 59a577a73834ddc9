/**
 * Applications, their decisions (the timeline) and objections. Every function takes an executor:
 * the database or an open transaction; the service decides which and what to lock.
 */
import { sql, type Updateable } from 'kysely';
import type { Applicant } from '../../core/input.ts';
import type { ApplicationState } from '../../core/workflow.ts';
import type { Executor } from '../schema.ts';
import type {
  ApplicationRow,
  ApplicationsTable,
  DecisionRow,
  ObjectionRow,
  ObjectionStatus,
} from '../tables/applications-ledger.ts';

/** A new application: the reasons for amounts below the ceiling come later (recommend, approve). */
export type NewApplication = Omit<
  ApplicationRow,
  'matter' | 'attachments' | 'recommended_reason' | 'approved_reason'
> & {
  matter: Record<string, unknown> | null;
  attachments: unknown[];
};

export async function insertApplication(db: Executor, app: NewApplication): Promise<void> {
  await db
    .insertInto('applications')
    .values({
      ...app,
      matter: app.matter === null ? null : JSON.stringify(app.matter),
      attachments: JSON.stringify(app.attachments),
    })
    .execute();
}

export async function findApplication(db: Executor, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the application and locks its row until the transaction ends: one transition at a time. */
export async function lockApplication(db: Executor, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type ApplicationPatch = Omit<
  Updateable<ApplicationsTable>,
  'organisation_id' | 'id' | 'matter' | 'attachments' | 'created_at' | 'created_by' | 'version'
> & { matter?: Record<string, unknown> | null; attachments?: unknown[] };

/** Writes the patch and bumps the version, only if the version is still the one read (optimistic lock). */
export async function updateApplication(
  db: Executor,
  key: { organisationId: string; id: string; version: number },
  patch: ApplicationPatch,
): Promise<ApplicationRow> {
  const { matter, attachments, ...rest } = patch;
  const row = await db
    .updateTable('applications')
    .set({
      ...rest,
      ...(matter !== undefined ? { matter: matter === null ? null : JSON.stringify(matter) } : {}),
      ...(attachments !== undefined ? { attachments: JSON.stringify(attachments) } : {}),
      version: key.version + 1,
    })
    .where('organisation_id', '=', key.organisationId)
    .where('id', '=', key.id)
    .where('version', '=', key.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Error(`application ${key.id} changed under a lock (version ${key.version})`);
  return row;
}

export interface ApplicationFilter {
  organisationId?: string;
  states?: ApplicationState[];
  measureId?: string;
  documentCode?: string;
  limit: number;
  offset: number;
}

export async function listApplications(
  db: Executor,
  f: ApplicationFilter,
): Promise<{ rows: ApplicationRow[]; total: number }> {
  let q = db.selectFrom('applications');
  if (f.organisationId) q = q.where('organisation_id', '=', f.organisationId);
  if (f.states && f.states.length > 0) q = q.where('state', 'in', f.states);
  if (f.measureId) q = q.where('measure_id', '=', f.measureId);
  if (f.documentCode) q = q.where('document_code', '=', f.documentCode);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export type NewDecision = Omit<DecisionRow, 'inputs' | 'evaluation' | 'clause' | 'detail'> & {
  inputs: unknown;
  evaluation: unknown;
  clause: unknown;
  detail: Record<string, unknown>;
};

const jsonOrNull = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export async function insertDecision(db: Executor, d: NewDecision): Promise<void> {
  await db
    .insertInto('decisions')
    .values({
      ...d,
      inputs: jsonOrNull(d.inputs),
      evaluation: jsonOrNull(d.evaluation),
      clause: jsonOrNull(d.clause),
      detail: JSON.stringify(d.detail),
    })
    .execute();
}

export async function listDecisions(
  db: Executor,
  organisationId: string,
  applicationId: string,
): Promise<DecisionRow[]> {
  return db
    .selectFrom('decisions')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('application_id', '=', applicationId)
    .orderBy('step')
    .execute();
}

export async function insertObjection(db: Executor, o: ObjectionRow): Promise<void> {
  await db.insertInto('objections').values(o).execute();
}

export async function listObjections(
  db: Executor,
  organisationId: string,
  applicationId: string,
): Promise<ObjectionRow[]> {
  return db
    .selectFrom('objections')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function resolveObjections(
  db: Executor,
  key: { organisationId: string; applicationId: string },
  status: Exclude<ObjectionStatus, 'open'>,
  resolution: string,
  by: string,
  at: Date,
): Promise<number> {
  const rows = await db
    .updateTable('objections')
    .set({ status, resolution, resolved_by: by, resolved_at: at })
    .where('organisation_id', '=', key.organisationId)
    .where('application_id', '=', key.applicationId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Locks the organisation's row (FOR NO KEY UPDATE: rows referencing it can still be inserted) so that
 * decisions about its caps are taken one at a time. Returns false if there is no such organisation.
 */
export async function lockOrganisation(db: Executor, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** The organisation as the calculator sees it: registry row and dated qualifications. */
export async function applicantProfile(db: Executor, organisationId: string): Promise<Applicant | undefined> {
  const org = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org) return undefined;
  const quals = await db
    .selectFrom('organisation_qualifications')
    .select(['code', 'valid_from', 'valid_to'])
    .where('organisation_id', '=', organisationId)
    .orderBy('valid_from')
    .orderBy('code')
    .execute();
  return {
    name: org.name,
    uscc: org.uscc,
    kind: org.kind,
    city: org.city,
    centreOriginCity: org.centre_origin_city,
    sectors: org.sectors,
    licences: org.licences,
    qualifications: quals.map((q) => ({ code: q.code, from: q.valid_from, to: q.valid_to })),
  };
}
