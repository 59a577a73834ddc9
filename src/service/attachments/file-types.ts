/**
 * What may be uploaded: a short list of document and image types, recognised by their first bytes
 * (a renamed .exe is not a PDF whatever its name says), and a file name safe to store and to send back.
 */

export interface FileType {
  mediaType: string;
  extensions: string[];
  /** Shown inline (preview) rather than only downloaded. */
  preview: boolean;
}

const PDF: FileType = { mediaType: 'application/pdf', extensions: ['pdf'], preview: true };
const PNG: FileType = { mediaType: 'image/png', extensions: ['png'], preview: true };
const JPEG: FileType = { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], preview: true };
/** Office Open XML and OFD (the national e-document format) are ZIP containers: told apart by name. */
const ZIPPED: FileType[] = [
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    preview: false,
  },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    preview: false,
  },
  { mediaType: 'application/ofd', extensions: ['ofd'], preview: false },
];

export const ACCEPTED_EXTENSIONS = [PDF, PNG, JPEG, ...ZIPPED].flatMap((t) => t.extensions);

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** The type of a file from its content (and, for ZIP containers, its extension); null if not accepted. */
export function sniffType(bytes: Uint8Array, name: string): FileType | null {
  const ext = extensionOf(name);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return ZIPPED.find((t) => t.extensions.includes(ext)) ?? null;
  return null;
}

export function typeOf(mediaType: string): FileType | undefined {
  return [PDF, PNG, JPEG, ...ZIPPED].find((t) => t.mediaType === mediaType);
}

/**
 * The name as the uploader gave it, without a path, control characters or characters that break a
 * header or a file system; never empty, at most 200 characters (the extension kept).
 */
export function cleanFileName(raw: string): string {
  // A lone surrogate cannot be stored as UTF-8: it becomes U+FFFD.
  const wellFormed = raw.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  const base = wellFormed.split(/[\\/]/).pop() ?? '';
  let name = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  name = name.replace(/^\.+/, '');
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = `${name.slice(0, 190 - ext.length)}….${ext}`;
  }
  return name || 'file';
}
