import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineSplitter } from './lines.ts';

function linesOf(chunks: Uint8Array[], stopAfter = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  const s = lineSplitter(
    (buf, a, b) => out.push(buf.toString('utf8', a, b)),
    () => out.length >= stopAfter,
  );
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('lineSplitter', () => {
  it('gives the lines of any text however it is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '策') })),
        fc.array(fc.nat()),
        (parts, cuts) => {
          const text = parts.join('');
          const bytes = new TextEncoder().encode(text);
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
          const chunks = [0, ...at, bytes.length]
            .slice(1)
            .map((e, i, a) => bytes.subarray(i ? a[i - 1] : 0, e));
          const expected = text.split('\n');
          if (expected.at(-1) === '') expected.pop();
          expect(linesOf(chunks)).toEqual(expected);
        },
      ),
    );
  });

  it('stops when told, the carried line included', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(linesOf([enc('a\nb\nc'), enc('d\ne')], 2)).toEqual(['a', 'b']);
    expect(linesOf([enc('a\nb')], 2)).toEqual(['a', 'b']);
    expect(linesOf([enc('a\nb')], 1)).toEqual(['a']);
  });
});
