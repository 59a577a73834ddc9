/**
 * Closes every public notice (公示) whose window has ended with no open objection — the background
 * job `applications.close-due-notices` (src/service/jobs), run every hour and when a server starts,
 * instead of waiting for an officer to press 结束公示. Each case is closed through the ordinary
 * workflow step (close_notice: same checks, decision and audit entry), acted by the platform's
 * `system` account; a case that cannot be closed (an objection came in meanwhile, another worker
 * closed it first) is left as it is and counted.
 */
import { ConflictError } from '../../core/errors.ts';
import type { Db } from '../../storage/schema.ts';
import type { Actor } from './ports.ts';
import type { ApplicationService } from './service.ts';

export const SYSTEM_USERNAME = 'system';

/**
 * The platform's own account, for steps the platform takes by rule (a window that ended). It can
 * never sign in (disabled, no password) and has no organisation; created on first use.
 */
export async function systemActor(db: Db, now: Date): Promise<Actor> {
  await db
    .insertInto('users')
    .values({
      username: SYSTEM_USERNAME,
      display_name: '系统（定时任务） System (scheduled jobs)',
      password_hash: '!disabled',
      role: 'admin',
      organisation_id: null,
      disabled: true,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'organisation_id', 'disabled'])
    .where('username', '=', SYSTEM_USERNAME)
    .executeTakeFirstOrThrow();
  if (!row.disabled || row.role !== 'admin') {
    throw new Error('a user named "system" exists and is not the platform account: rename it');
  }
  return { id: row.id, username: row.username, role: 'admin', organisationId: null };
}

export async function closeDueNotices(deps: {
  db: Db;
  applications: Pick<ApplicationService, 'closeNotice'>;
  today: string;
  now: Date;
}): Promise<{ closed: string[]; left: string[] }> {
  const { db, today } = deps;
  const due = await db
    .selectFrom('applications as a')
    .select(['a.id', 'a.version'])
    .where('a.state', '=', 'in_notice')
    .where('a.notice_ends_on', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('objections as o')
            .select('o.id')
            .whereRef('o.organisation_id', '=', 'a.organisation_id')
            .whereRef('o.application_id', '=', 'a.id')
            .where('o.status', '=', 'open'),
        ),
      ),
    )
    .orderBy('a.notice_ends_on')
    .execute();
  if (due.length === 0) return { closed: [], left: [] };
  const actor = await systemActor(db, deps.now);
  const closed: string[] = [];
  const left: string[] = [];
  for (const a of due) {
    try {
      await deps.applications.closeNotice(actor, a.id, { version: a.version });
      closed.push(a.id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      left.push(a.id);
    }
  }
  return { closed, left };
}
