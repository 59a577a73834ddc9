/**
 * Canonical JSON for hashing: keys sorted at every level, no whitespace, undefined dropped, NUL
 * characters replaced (PostgreSQL text and jsonb refuse them). Two equal values always give the
 * same bytes, including after a round trip through jsonb, which reorders keys.
 */
const NUL = String.fromCharCode(0);
const cleanText = (s: string): string => s.replaceAll(NUL, '\uFFFD');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toJson(v)));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function') continue;
      out[cleanText(key)] = toJson(v);
    }
    return out;
  }
  return null;
}

export function canonicalJson(value: unknown): string {
  const json = toJson(value);
  return stringify(json);
}

function stringify(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stringify(value[k]!)}`).join(',')}}`;
}
