/**
 * In-site messages: insert (once per dedupe key), the messages a reader may see, and read marks.
 * Who may see what is decided by the reader's identity passed in (`MessageReader`), never by the
 * caller's say-so: a message is visible to its recipient user, to the users of its recipient
 * organisation, to every user of its recipient role, and to officers of its recipient department.
 */
import type { Expression, Insertable, SqlBool } from 'kysely';
import type { Executor } from '../schema.ts';
import type { MessageRow, MessagesTable } from '../tables/platform.ts';

export interface MessageReader {
  userId: string;
  role: string;
  organisationId: string | null;
  department: string | null;
}

export interface MessageListQuery {
  unreadOnly?: boolean;
  kind?: string;
  /** Messages created before this instant (keyset paging, newest first). */
  before?: Date;
  limit: number;
}

export type MessageWithRead = MessageRow & { read_at: Date | null };

export class MessageRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts the message unless one with the same dedupe key exists; returns the id and whether it was new. */
  async insertOnce(row: Insertable<MessagesTable>): Promise<{ id: string; created: boolean }> {
    const inserted = await this.db
      .insertInto('messages')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await this.db
      .selectFrom('messages')
      .select('id')
      .where('dedupe_key', '=', row.dedupe_key ?? null)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  private visible(reader: MessageReader) {
    return this.db
      .selectFrom('messages as m')
      .leftJoin('message_reads as r', (join) =>
        join.onRef('r.message_id', '=', 'm.id').on('r.user_id', '=', reader.userId),
      )
      .where((eb) => {
        const ors: Expression<SqlBool>[] = [
          eb('m.recipient_user_id', '=', reader.userId),
          eb('m.recipient_role', '=', reader.role),
        ];
        if (reader.organisationId) ors.push(eb('m.recipient_organisation_id', '=', reader.organisationId));
        if (reader.department) ors.push(eb('m.recipient_department', '=', reader.department));
        return eb.or(ors);
      });
  }

  async list(reader: MessageReader, q: MessageListQuery): Promise<MessageWithRead[]> {
    let query = this.visible(reader).selectAll('m').select('r.read_at');
    if (q.unreadOnly) query = query.where('r.read_at', 'is', null);
    if (q.kind) query = query.where('m.kind', '=', q.kind);
    if (q.before) query = query.where('m.created_at', '<', q.before);
    return query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(q.limit).execute();
  }

  async unreadCount(reader: MessageReader): Promise<number> {
    const row = await this.visible(reader)
      .where('r.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(reader: MessageReader, id: string): Promise<MessageWithRead | undefined> {
    return this.visible(reader).selectAll('m').select('r.read_at').where('m.id', '=', id).executeTakeFirst();
  }

  /** Marks the given messages read for the user (already-read ones keep their first read time). */
  async markRead(userId: string, messageIds: string[], at: Date): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db
      .insertInto('message_reads')
      .values(messageIds.map((id) => ({ message_id: id, user_id: userId, read_at: at })))
      .onConflict((oc) => oc.columns(['message_id', 'user_id']).doNothing())
      .execute();
  }

  /** Ids of every unread message the reader may see. */
  async unreadIds(reader: MessageReader): Promise<string[]> {
    const rows = await this.visible(reader).where('r.read_at', 'is', null).select('m.id').execute();
    return rows.map((r) => r.id);
  }

  async department(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('users')
      .select('department')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.department ?? null;
  }
}
