/**
 * In-site messages (站内消息): the one notification model every capability uses (DESIGN.md "Shared
 * platform services"). A capability sends inside its own transaction, so the message commits or rolls
 * back with the state change it reports; a dedupe key makes a retried or repeated event notify once.
 *
 *   await messages.send(tx, {
 *     to: { organisationId },                       // or { role: 'reviewer' }, { department: '区科委' }, { userId }
 *     kind: 'qualification.expiring',               // dotted code: <capability>.<event>
 *     subject: { zh: '高新技术企业资格将于 90 天内到期', en: 'High-tech qualification expires within 90 days' },
 *     body: { zh: '…', en: '…' },
 *     link: '/qualifications/…',                    // a web path
 *     ref: 'qualification:<id>',
 *     dedupeKey: `expiry90:${qualificationId}`,
 *   });
 *
 * Reading is per user: a message addressed to a role or an organisation is read or unread for each of
 * its users separately. Read marks are personal reading state, not a change to anything a decision
 * rests on, so they are not written to the audit trail; sending is part of the audited change that
 * caused it.
 */
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import type { Text } from '../../core/text.ts';
import { parseOrThrow } from '../../core/validation.ts';
import type { MessageWithRead } from '../../storage/repositories/messages.ts';
import { type MessageReader, MessageRepository } from '../../storage/repositories/messages.ts';
import type { Db, Executor } from '../../storage/schema.ts';
import type { IdSource } from '../applications/ports.ts';
import { ROLES, type SessionUser } from '../auth/types.ts';
import type { Clock } from '../clock.ts';

const text = (max: number) =>
  z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

export const recipientSchema = z.union([
  z.object({ organisationId: z.uuid() }).strict(),
  z.object({ role: z.enum(ROLES) }).strict(),
  z.object({ department: z.string().trim().min(1).max(50) }).strict(),
  z.object({ userId: z.uuid() }).strict(),
]);

export const messageDraftSchema = z
  .object({
    to: recipientSchema,
    kind: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/),
    subject: text(200),
    body: z
      .object({ zh: z.string().max(4000), en: z.string().max(4000) })
      .strict()
      .optional(),
    link: z
      .string()
      .regex(/^\/[^\s]*$/)
      .max(500)
      .optional(),
    ref: z.string().min(1).max(200).optional(),
    dedupeKey: z.string().min(1).max(300).optional(),
  })
  .strict();

export type MessageDraft = z.input<typeof messageDraftSchema>;
export type Recipient = z.infer<typeof recipientSchema>;

export interface MessageView {
  id: string;
  kind: string;
  subject: Text;
  body: Text;
  link: string | null;
  ref: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface MessageDeps {
  db: Db;
  clock: Clock;
  ids: IdSource;
}

function toView(row: MessageWithRead): MessageView {
  return {
    id: row.id,
    kind: row.kind,
    subject: { zh: row.subject_zh, en: row.subject_en },
    body: { zh: row.body_zh, en: row.body_en },
    link: row.link,
    ref: row.ref,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

const noMessage = () => new NotFoundError({ zh: '未找到该消息', en: 'no such message' });

export function createMessageService(deps: MessageDeps) {
  const { db, clock, ids } = deps;

  async function reader(user: SessionUser): Promise<MessageReader> {
    return {
      userId: user.id,
      role: user.role,
      organisationId: user.role === 'enterprise' ? user.organisationId : null,
      department: await new MessageRepository(db).department(user.id),
    };
  }

  /**
   * Sends a message through `executor` (the caller's transaction, or the database). With a dedupe key
   * already used, nothing is sent and `created` is false.
   */
  async function send(executor: Executor, raw: MessageDraft): Promise<{ id: string; created: boolean }> {
    const draft = parseOrThrow(messageDraftSchema, raw);
    const to = draft.to;
    return new MessageRepository(executor).insertOnce({
      id: ids.next(),
      recipient_organisation_id: 'organisationId' in to ? to.organisationId : null,
      recipient_role: 'role' in to ? to.role : null,
      recipient_department: 'department' in to ? to.department : null,
      recipient_user_id: 'userId' in to ? to.userId : null,
      kind: draft.kind,
      subject_zh: draft.subject.zh,
      subject_en: draft.subject.en,
      body_zh: draft.body?.zh ?? '',
      body_en: draft.body?.en ?? '',
      link: draft.link ?? null,
      ref: draft.ref ?? null,
      dedupe_key: draft.dedupeKey ?? null,
      created_at: clock.now(),
    });
  }

  async function list(
    user: SessionUser,
    q: { unreadOnly?: boolean; kind?: string; before?: string; limit?: number } = {},
  ): Promise<{ items: MessageView[]; unread: number }> {
    const r = await reader(user);
    const repo = new MessageRepository(db);
    const rows = await repo.list(r, {
      unreadOnly: q.unreadOnly,
      kind: q.kind,
      before: q.before ? new Date(q.before) : undefined,
      limit: q.limit ?? 50,
    });
    return { items: rows.map(toView), unread: await repo.unreadCount(r) };
  }

  /** Marks one message read for this user; another user's message is 404, as if it did not exist. */
  async function markRead(user: SessionUser, id: string): Promise<MessageView> {
    const r = await reader(user);
    const repo = new MessageRepository(db);
    if (!(await repo.get(r, id))) throw noMessage();
    await repo.markRead(user.id, [id], clock.now());
    const row = await repo.get(r, id);
    if (!row) throw noMessage();
    return toView(row);
  }

  async function markAllRead(user: SessionUser): Promise<number> {
    const r = await reader(user);
    const repo = new MessageRepository(db);
    const unread = await repo.unreadIds(r);
    await repo.markRead(user.id, unread, clock.now());
    return unread.length;
  }

  return { send, list, markRead, markAllRead };
}

export type MessageService = ReturnType<typeof createMessageService>;
