/**
 * Bulk reads and writes with COPY, on both databases: PostgreSQL through `pg-copy-streams`
 * (COPY … FROM STDIN / TO STDOUT on one pooled connection), PGlite through its `/dev/blob` device
 * (COPY … FROM '/dev/blob' with a Blob, TO '/dev/blob' returning one). Data is PostgreSQL's COPY text
 * format: tab-separated, `\N` for NULL, one row per line.
 *
 * A bulk write runs inside a transaction that ordinary Kysely queries share (the same connection), so
 * a COPY, the statements around it and the audit entry commit or roll back together.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { rawHandle } from './database.ts';
import type { Database, Db, Tx } from './schema.ts';

export interface BulkTx {
  tx: Tx;
  /** COPY `table (columns)` from text-format chunks; resolves with the rows written. */
  copyIn(table: string, columns: readonly string[], chunks: readonly Uint8Array[]): Promise<number>;
}

function handleOf(db: Db) {
  const h = rawHandle(db);
  if (!h) throw new Error('bulk: this Kysely instance was not opened by storage/database.ts');
  return h;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function copyTarget(table: string, columns: readonly string[]): string {
  if (!IDENT.test(table) || !columns.every((c) => IDENT.test(c)))
    throw new Error(`bulk: bad identifier in ${table} (${columns.join(', ')})`);
  return `${table} (${columns.join(', ')})`;
}

/** Runs fn in one transaction in which COPY works alongside ordinary queries. */
export async function bulkTransaction<T>(db: Db, fn: (b: BulkTx) => Promise<T>): Promise<T> {
  const h = handleOf(db);
  if (h.kind === 'pglite') {
    // PGlite has one connection; Kysely's transaction holds it, and COPY through the client itself
    // runs inside that transaction.
    return db.transaction().execute((tx) =>
      fn({
        tx,
        async copyIn(table, columns, chunks) {
          const r = await h.client.query(`COPY ${copyTarget(table, columns)} FROM '/dev/blob'`, [], {
            blob: new Blob(chunks as Uint8Array<ArrayBuffer>[]),
          });
          return r.affectedRows ?? 0;
        },
      }),
    );
  }
  const client = await h.pool.connect();
  let failed: Error | undefined;
  // A Kysely bound to this one client, so its transaction and the COPY share the connection.
  const pinned = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({ query: client.query.bind(client), release() {} }),
        end: async () => {},
      } as unknown as pg.Pool,
    }),
  });
  try {
    return await pinned.transaction().execute((tx) =>
      fn({
        tx,
        async copyIn(table, columns, chunks) {
          const stream = client.query(copyFrom(`COPY ${copyTarget(table, columns)} FROM STDIN`));
          await pipeline(Readable.from(chunks), stream);
          return stream.rowCount;
        },
      }),
    );
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-COPY may be unusable: release(error) drops it from the pool.
    client.release(failed);
    await pinned.destroy();
  }
}

/**
 * `COPY (query) TO STDOUT` in text format, chunk by chunk, for each query in turn — all in one
 * REPEATABLE READ, READ ONLY transaction on one connection, so together they read one snapshot.
 * PostgreSQL streams; PGlite hands back each result as one chunk.
 */
export async function copyOut(
  db: Db,
  queries: string | readonly string[],
  onChunk: (chunk: Uint8Array, query: number) => void,
): Promise<void> {
  const list = typeof queries === 'string' ? [queries] : queries;
  const h = handleOf(db);
  const BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
  if (h.kind === 'pglite') {
    // Through Kysely's connection queue, so no transaction of another caller is open around it.
    await db.connection().execute(async () => {
      await h.client.query(BEGIN);
      try {
        for (let i = 0; i < list.length; i++) {
          const r = await h.client.query(`COPY (${list[i]}) TO '/dev/blob'`);
          if (r.blob) onChunk(new Uint8Array(await r.blob.arrayBuffer()), i);
        }
      } finally {
        await h.client.query('COMMIT');
      }
    });
    return;
  }
  const client = await h.pool.connect();
  let failed: Error | undefined;
  try {
    await client.query(BEGIN);
    for (let i = 0; i < list.length; i++) {
      await pipeline(
        client.query(copyTo(`COPY (${list[i]}) TO STDOUT`)),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            onChunk(chunk, i);
            done();
          },
        }),
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    client.release(failed);
  }
}
