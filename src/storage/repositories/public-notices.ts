/**
 * Public notices (公示) as the public may read them, and objections the public files against them
 * (migration 0007). Only what a 公示 shows is selected here: the applicant's name, the measure, the
 * amount and the window. Never a matter's figures, never an objector's contact.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../schema.ts';
import type { PublicObjectionStatus, PublicObjectionsTable } from '../tables/attachments-public.ts';

export type PublicObjectionRow = Selectable<PublicObjectionsTable>;

/** States an application is in once its notice was published (an upheld objection clears the notice). */
export const NOTICED_STATES = [
  'in_notice',
  'notice_closed',
  'scheduled',
  'paying',
  'paid',
  'closed',
] as const;

export interface NoticeRow {
  id: string;
  organisation_id: string;
  title: string;
  measure_id: string;
  document_code: string;
  approved_amount: number | null;
  state: string;
  notice_starts_on: string;
  notice_ends_on: string;
  organisation_name: string;
}

function notices(db: Executor) {
  return db
    .selectFrom('applications as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .where('a.state', 'in', [...NOTICED_STATES])
    .where('a.notice_starts_on', 'is not', null)
    .where('a.notice_ends_on', 'is not', null)
    .select([
      'a.id',
      'a.organisation_id',
      'a.title',
      'a.measure_id',
      'a.document_code',
      'a.approved_amount',
      'a.state',
      sql<string>`a.notice_starts_on::text`.as('notice_starts_on'),
      sql<string>`a.notice_ends_on::text`.as('notice_ends_on'),
      'o.name as organisation_name',
    ]);
}

/** Notices, newest first; `open` on `today`: only those whose window includes it. */
export async function listNotices(
  db: Executor,
  f: { today: string; open?: boolean; limit: number; offset: number },
): Promise<{ rows: NoticeRow[]; total: number }> {
  let q = notices(db);
  if (f.open)
    q = q.where('a.state', '=', 'in_notice').where(sql<boolean>`a.notice_ends_on >= ${f.today}::date`);
  const [rows, all] = await Promise.all([
    q.orderBy('a.notice_starts_on', 'desc').orderBy('a.id').limit(f.limit).offset(f.offset).execute(),
    q.execute(),
  ]);
  return { rows: rows as NoticeRow[], total: all.length };
}

export async function findNotice(db: Executor, id: string): Promise<NoticeRow | undefined> {
  return (await notices(db).where('a.id', '=', id).executeTakeFirst()) as NoticeRow | undefined;
}

export async function insertPublicObjection(
  db: Executor,
  row: Insertable<PublicObjectionsTable>,
): Promise<void> {
  await db.insertInto('public_objections').values(row).execute();
}

export async function countPublicObjections(
  db: Executor,
  key: { organisationId: string; applicationId: string },
  status: PublicObjectionStatus = 'open',
): Promise<number> {
  const r = await db
    .selectFrom('public_objections')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organisation_id', '=', key.organisationId)
    .where('application_id', '=', key.applicationId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listPublicObjections(
  db: Executor,
  f: { organisationId?: string; applicationId?: string; status?: PublicObjectionStatus; limit: number },
): Promise<(PublicObjectionRow & { title: string; measure_id: string; organisation_name: string })[]> {
  let q = db
    .selectFrom('public_objections as p')
    .innerJoin('applications as a', (j) =>
      j.onRef('a.organisation_id', '=', 'p.organisation_id').onRef('a.id', '=', 'p.application_id'),
    )
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .selectAll('p')
    .select(['a.title', 'a.measure_id', 'o.name as organisation_name']);
  if (f.organisationId) q = q.where('p.organisation_id', '=', f.organisationId);
  if (f.applicationId) q = q.where('p.application_id', '=', f.applicationId);
  if (f.status) q = q.where('p.status', '=', f.status);
  return q.orderBy('p.received_at', 'desc').limit(f.limit).execute();
}

/** Decides a case's open public objections with its officer objections (upheld or dismissed). */
export async function resolvePublicObjections(
  db: Executor,
  key: { organisationId: string; applicationId: string },
  status: 'upheld' | 'dismissed',
  resolution: string,
  by: string,
  at: Date,
): Promise<number> {
  const r = await db
    .updateTable('public_objections')
    .set({ status, resolution, resolved_by: by, resolved_at: at })
    .where('organisation_id', '=', key.organisationId)
    .where('application_id', '=', key.applicationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
