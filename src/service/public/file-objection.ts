/**
 * Anyone objects to a public notice (公示) while its window is open. The objection is open at once,
 * like one an officer records: the notice cannot be closed until an officer upholds or dismisses it
 * (review console). The contact is kept for the officer's reply and never published or written to
 * the audit trail (which auditors and exports read); the trail records that an objection came in.
 */
import { ConflictError } from '../../core/errors.ts';
import { lockApplication } from '../../storage/repositories/applications.ts';
import { findNotice, insertPublicObjection } from '../../storage/repositories/public-notices.ts';
import { noticeNotFound, toPublicNotice } from './read-notices.ts';
import type { PublicDeps } from './service.ts';

export interface PublicObjectionInput {
  name?: string;
  contact: string;
  text: string;
}

export async function fileObjection(
  deps: PublicDeps,
  noticeId: string,
  input: PublicObjectionInput,
  from: { ip?: string },
): Promise<{ id: string; receivedOn: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(noticeId)) throw noticeNotFound();
  const today = deps.today();
  return deps.db.transaction().execute(async (tx) => {
    // The application's lock: an objection and the closing of the notice never cross.
    const app = await lockApplication(tx, noticeId);
    const row = app ? await findNotice(tx, noticeId) : undefined;
    if (!app || !row) throw noticeNotFound();
    const notice = toPublicNotice(row, today);
    if (notice.status !== 'open') {
      throw new ConflictError(
        {
          zh: `该公示的异议期为 ${notice.startsOn} 至 ${notice.endsOn}，现已不在异议期内`,
          en: `objections to this notice were taken from ${notice.startsOn} to ${notice.endsOn}; the window is closed`,
        },
        { startsOn: notice.startsOn, endsOn: notice.endsOn },
      );
    }
    const id = deps.ids.next();
    const at = deps.clock.now();
    await insertPublicObjection(tx, {
      organisation_id: app.organisation_id,
      id,
      application_id: app.id,
      name: input.name?.trim() || null,
      contact: input.contact.trim(),
      text: input.text.trim(),
      received_on: today,
      received_at: at,
      status: 'open',
      resolution: null,
      resolved_by: null,
      resolved_at: null,
    });
    await deps.audit.append(tx, {
      actor: 'anonymous',
      action: 'notice.objection_filed',
      subject: `application:${app.id}`,
      detail: { publicObjectionId: id, named: Boolean(input.name?.trim()), ip: from.ip ?? null },
    });
    return { id, receivedOn: today };
  });
}
