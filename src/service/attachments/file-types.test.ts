import { describe, expect, it } from 'vitest';
import { cleanFileName, sniffType } from './file-types.ts';

describe('attachment file types and names', () => {
  it('recognises a file by its first bytes, not its name', () => {
    expect(sniffType(Buffer.from('%PDF-1.7 …'), 'x.png')?.mediaType).toBe('application/pdf');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'photo.pdf')?.mediaType).toBe('image/jpeg');
    expect(sniffType(Buffer.from('MZ executable'), 'contract.pdf')).toBeNull();
    // ZIP containers are told apart by their extension, and only the accepted ones.
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]);
    expect(sniffType(zip, '预算表.xlsx')?.mediaType).toContain('spreadsheetml');
    expect(sniffType(zip, '电子发票.ofd')?.mediaType).toBe('application/ofd');
    expect(sniffType(zip, 'archive.zip')).toBeNull();
  });

  it('keeps a Chinese name and drops paths, control characters and lone surrogates', () => {
    expect(cleanFileName('C:\\Users\\a\\揭榜合同.pdf')).toBe('揭榜合同.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b"c<d>.pdf')).toBe('abcd.pdf');
    expect(cleanFileName('x\uD800y.pdf')).toBe('x\uFFFDy.pdf');
    expect(cleanFileName('...')).toBe('file');
    const long = cleanFileName(`${'长'.repeat(300)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
