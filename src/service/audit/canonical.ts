/**
 * The audit trail's canonical form. Everything hashed is first made into plain JSON that PostgreSQL
 * stores and returns unchanged, then serialised by RFC 8785 (JSON Canonicalization Scheme, the
 * `canonicalize` package): keys sorted by UTF-16 code units, no whitespace, ECMAScript number
 * formatting. So what is hashed is exactly what is stored, whatever the input:
 *  - NUL (refused by PostgreSQL text and jsonb) and lone surrogates (not encodable in UTF-8: the
 *    drivers would silently store U+FFFD) become U+FFFD here, before hashing;
 *  - numbers that are not finite become null, bigints numbers, dates ISO strings;
 *  - nesting deeper than MAX_DEPTH is cut (a marker string), so no value can overflow a stack.
 * The same function runs over what is read back, and a round trip through jsonb (which reorders
 * keys) gives the same bytes. Entries written before this module used RFC 8785 hash identically:
 * for clean JSON the old serialiser produced the same text.
 */
import canonicalize from 'canonicalize';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 64;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as it can be stored and read back identically: NUL and lone surrogates → U+FFFD. */
export function cleanText(s: string): string {
  return s.replaceAll(String.fromCharCode(0), '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

export function toJson(value: unknown, depth = 0): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out[cleanText(key)] = toJson(v, depth + 1);
  }
  return out;
}

/** RFC 8785 canonical JSON of the value after `toJson`. Never throws for any input. */
export function canonicalJson(value: unknown): string {
  return canonicalize(toJson(value)) ?? 'null';
}
