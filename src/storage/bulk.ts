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
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { rawHandle } from './database.ts';
import type { Database, Db, Tx } from './schema.ts';

export interface BulkTx {
  tx: Tx;
  /**
   * COPY `table (columns)` from chunks in text format, or PostgreSQL's binary format
   * (storage/copy-binary.ts); resolves with the rows written.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    chunks: readonly Uint8Array[],
    format?: CopyFormat,
  ): Promise<number>;
  /** `COPY (query) TO` in text format inside the transaction: the rows' bytes. */
  copyOut(query: string): Promise<Buffer>;
  /**
   * Work in a transaction of its own on a second connection, at the same time as this one's
   * (PostgreSQL: the server does both on two cores); it commits when `work` resolves, whatever this
   * transaction then does. On PGlite (one connection) it runs inside this transaction, in turn.
   */
  alongside<R>(work: (b: BulkTx) => Promise<R>): Promise<R>;
  /** Whether `alongside` work really runs at the same time (PostgreSQL) or in turn (PGlite). */
  parallel: boolean;
}

export type CopyFormat = 'text' | 'binary';

const WITH: Record<CopyFormat, string> = { text: '', binary: ' WITH (FORMAT binary)' };

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
    // runs inside that transaction. Work "alongside" runs in it too, in turn.
    return db.transaction().execute((tx) => {
      const b: BulkTx = {
        tx,
        parallel: false,
        async copyIn(table, columns, chunks, format = 'text') {
          const r = await h.client.query(
            `COPY ${copyTarget(table, columns)} FROM '/dev/blob'${WITH[format]}`,
            [],
            { blob: new Blob(chunks as Uint8Array<ArrayBuffer>[]) },
          );
          return r.affectedRows ?? 0;
        },
        async copyOut(query) {
          const r = await h.client.query(`COPY (${query}) TO '/dev/blob'`);
          return r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0);
        },
        alongside: (work) => work(b),
      };
      return fn(b);
    });
  }
  const client = await h.pool.connect();
  let failed: Error | undefined;
  const pinned = pinnedKysely(client);
  try {
    return await pinned.transaction().execute((tx) =>
      fn({
        tx,
        parallel: true,
        ...pgCopy(client),
        async alongside(work) {
          // A connection of its own (not the pool's: a pool of one would wait for itself).
          const side = new pg.Client(h.pool.options);
          await side.connect();
          const k = pinnedKysely(side);
          try {
            return await k.transaction().execute((stx) => {
              const sb: BulkTx = { tx: stx, parallel: false, ...pgCopy(side), alongside: (w) => w(sb) };
              return work(sb);
            });
          } finally {
            await k.destroy();
            await side.end();
          }
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

/** A Kysely bound to one client, so its transaction and the COPY share the connection. */
function pinnedKysely(client: pg.PoolClient | pg.Client): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({ query: client.query.bind(client), release() {} }),
        end: async () => {},
      } as unknown as pg.Pool,
    }),
  });
}

function pgCopy(client: pg.PoolClient | pg.Client): Pick<BulkTx, 'copyIn' | 'copyOut'> {
  return {
    async copyIn(table, columns, chunks, format = 'text') {
      const stream = client.query(copyFrom(`COPY ${copyTarget(table, columns)} FROM STDIN${WITH[format]}`));
      await pipeline(Readable.from(chunks), stream);
      return stream.rowCount;
    },
    async copyOut(query) {
      const parts: Buffer[] = [];
      await pipeline(
        client.query(copyTo(`COPY (${query}) TO STDOUT`)),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            parts.push(chunk);
            done();
          },
        }),
      );
      return Buffer.concat(parts);
    },
  };
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
