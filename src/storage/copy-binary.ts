/**
 * PostgreSQL's binary COPY format, written into 1 MiB buffers: what a bulk write sends instead of
 * text when the server's parsing is the cost (a uuid is 16 bytes copied, not 36 characters parsed; a
 * bigint is 8 bytes). Works on PostgreSQL (COPY … FROM STDIN WITH (FORMAT binary)) and PGlite (from
 * '/dev/blob'). Format: https://www.postgresql.org/docs/15/sql-copy.html (Binary Format).
 *
 * Fields are written in the order of the COPY's column list; each is its length (int32, -1 for null)
 * and its bytes in the type's binary (send/recv) form.
 */

/** The 11-byte signature, flags (no OIDs) and an empty header extension. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const CHUNK = 1 << 20;
/** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01 (timestamps count from it). */
const PG_EPOCH_MS = 946_684_800_000;

/** The hex value of an ASCII byte (0-9, a-f, A-F). */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[97 + i] = 10 + i;
  HEX[65 + i] = 10 + i;
}

export class BinaryCopyWriter {
  readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  /** Tuples written. */
  rows = 0;

  constructor() {
    this.bytes(HEADER);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at > 0) this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.at = 0;
  }

  /** Raw bytes: a header, or fields encoded beforehand (fieldBytes). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** Starts a tuple of n fields. */
  tuple(fields: number): void {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
  }

  /** A uuid field from its 36 ASCII characters (8-4-4-4-12 hex) at `src[at…]`. */
  uuidAscii(src: Uint8Array, at: number): void {
    this.room(20);
    const b = this.buf;
    let o = this.at;
    b.writeInt32BE(16, o);
    o += 4;
    for (let i = at, end = at + 36; i < end; ) {
      if (src[i] === 45) {
        i++;
        continue;
      }
      b[o++] = (HEX[src[i]!]! << 4) | HEX[src[i + 1]!]!;
      i += 2;
    }
    this.at = o;
  }

  /** A uuid field from its 16 bytes. */
  uuidBytes(id: Uint8Array): void {
    this.room(20);
    this.buf.writeInt32BE(16, this.at);
    this.buf.set(id, this.at + 4);
    this.at += 20;
  }

  /** Ends the stream (the trailer) and returns its chunks. */
  finish(): Buffer[] {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    this.chunks.push(this.buf.subarray(0, this.at));
    this.at = 0;
    return this.chunks;
  }
}

function field(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out.writeInt32BE(payload.length, 0);
  payload.copy(out, 4);
  return out;
}

/** A text (or varchar) field, length included: for values written many times, encode once. */
export function textField(s: string): Buffer {
  return field(Buffer.from(s, 'utf8'));
}

/** A bigint field, length included; null gives the null marker. */
export function int8Field(v: number | null): Buffer {
  if (v === null) return nullField();
  if (!Number.isSafeInteger(v)) throw new Error(`binary copy: ${v} is not a safe integer`);
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(v));
  return field(b);
}

/** A jsonb field (version 1, then the JSON text), length included; null gives the null marker. */
export function jsonbField(value: unknown): Buffer {
  if (value === null || value === undefined) return nullField();
  return field(Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify(value), 'utf8')]));
}

/** A timestamptz field (microseconds since 2000-01-01 UTC), length included. */
export function timestampField(d: Date): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(d.getTime() - PG_EPOCH_MS) * 1000n);
  return field(b);
}

export function nullField(): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(-1, 0);
  return b;
}
