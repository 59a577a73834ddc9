/**
 * Lines of a byte stream that arrives in chunks (a file read, a COPY … TO STDOUT), without a string per
 * line: `onLine(buf, start, end)` sees each line's bytes (line feed excluded); a line cut by a chunk
 * boundary is carried over and joined to the next chunk. `stop()` true ends the reading early.
 */
export interface LineSplitter {
  push(chunk: Uint8Array): void;
  /** The last line, when the stream did not end with a line feed. */
  end(): void;
}

const NL = 10;

export function lineSplitter(
  onLine: (buf: Buffer, start: number, end: number) => void,
  stop: () => boolean = () => false,
): LineSplitter {
  let carry: Buffer | null = null;
  return {
    push(chunk) {
      if (stop()) return;
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      if (carry) {
        buf = Buffer.concat([carry, buf]);
        carry = null;
      }
      let start = 0;
      for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
        onLine(buf, start, nl);
        start = nl + 1;
        if (stop()) return;
      }
      if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    },
    end() {
      if (carry && !stop()) onLine(carry, 0, carry.length);
      carry = null;
    },
  };
}
