import { randomUUID } from 'node:crypto';

/** Small files with real magic bytes, for attachment tests (made-up content). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);

/** A multipart/form-data body with one file in the field `file`, as browsers send it. */
export function multipart(name: string, bytes: Buffer, type = 'application/octet-stream') {
  const boundary = `----ceyuan${randomUUID().replace(/-/g, '')}`;
  const head = Buffer.from(
    // As browsers send it: the name in UTF-8, unescaped.
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
