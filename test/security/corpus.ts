/**
 * The bad-input corpus, generated from the OpenAPI document: for every operation, its path
 * parameters, query parameters, headers and body (each top-level field, and the body as a whole)
 * get the inputs an attacker or a broken client sends. Each case says whether the API must refuse it
 * (`refuse`: a 4xx in the error shape and not one row written) or may accept it (`any`: valid text
 * that looks hostile, e.g. an SQL-injection string as a title: it must be stored as text, not run).
 */
import type { InjectOptions } from 'fastify';
import { headersOf, type JsonSchema, type Operation, pathOf, queryOf, sample } from './support.ts';

export interface BadInput {
  name: string;
  expect: 'refuse' | 'any';
  request: InjectOptions;
}

const NUL = 'a\u0000b';
const HIGH = '\ud800x';
const LOW = 'x\udc00';
const RTL = '\u202eevil\u202c.exe';
const SQLI = "' OR '1'='1'; DROP TABLE users; --";
const TRAVERSAL = '../../../../etc/passwd';
const HUGE_INT = '9007199254740993';

/** Deeply nested JSON text (arrays in arrays), 10,000 levels. */
function deepJson(levels = 10_000): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return 'unknown';
  if (schema.enum) return 'enum';
  if (schema.anyOf || schema.oneOf) {
    const first = ((schema.anyOf ?? schema.oneOf) as JsonSchema[]).find((s) => s.type !== 'null');
    return typeOf(first);
  }
  const t = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== 'null') : schema.type;
  return t ?? 'unknown';
}

function isDate(schema: JsonSchema | undefined, name: string): boolean {
  if (!schema) return false;
  if (schema.format === 'date') return true;
  const inner = (schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[];
  return inner.some((s) => s.format === 'date') || (typeOf(schema) === 'string' && /date|On$/.test(name));
}

/** Values that a field of this schema must refuse, and values it may take but must survive. */
function fieldValues(schema: JsonSchema | undefined, name: string) {
  const type = typeOf(schema);
  const refuse: [string, unknown][] = [
    ['NUL', NUL],
    ['lone high surrogate', HIGH],
    ['lone low surrogate', LOW],
    ['key with NUL', { [NUL]: 1 }],
  ];
  const any: [string, unknown][] = [
    ['RTL override', RTL],
    ['SQL injection', SQLI],
    ['path traversal', TRAVERSAL],
    ['emoji', '😀🇨🇳'],
  ];
  if (type === 'string' || type === 'enum') {
    refuse.push(['number for string', 12345], ['object for string', { a: 1 }], ['array for string', ['a']]);
    if (schema?.maxLength !== undefined) refuse.push(['too long', 'x'.repeat(schema.maxLength + 1)]);
    else any.push(['100k characters', 'x'.repeat(100_000)]);
  }
  if (type === 'integer' || type === 'number') {
    refuse.push(
      ['string for number', 'abc'],
      ['2^53+1', Number(HUGE_INT)],
      ['1e308', 1e308],
      ['-1e308', -1e308],
      ['NaN-ish string', 'NaN'],
    );
    if (schema?.minimum !== undefined) refuse.push(['below minimum', schema.minimum - 1]);
    if (schema?.maximum !== undefined) refuse.push(['above maximum', schema.maximum + 1]);
    if (type === 'integer') refuse.push(['fraction', 1.5]);
  }
  if (type === 'boolean') refuse.push(['string for boolean', 'yes'], ['number for boolean', 1]);
  if (type === 'array') refuse.push(['object for array', { a: 1 }], ['string for array', 'a']);
  if (type === 'object') refuse.push(['array for object', [1]], ['string for object', 'a']);
  if (isDate(schema, name))
    refuse.push(
      ['impossible date', '2026-02-30'],
      ['year 0 day 0', '0000-00-00'],
      ['date with time', '2026-07-01T00:00:00Z'],
    );
  return { refuse, any };
}

function jsonRequest(
  op: Operation,
  url: string,
  payload: string,
  contentType = 'application/json',
  extraHeaders: Record<string, string> = {},
): InjectOptions {
  return {
    method: op.method as InjectOptions['method'],
    url,
    headers: { ...headersOf(op), 'content-type': contentType, ...extraHeaders },
    payload,
  };
}

function withQuery(path: string, query: Record<string, string>, raw?: string): string {
  const qs = new URLSearchParams(query).toString();
  const all = [qs, raw].filter(Boolean).join('&');
  return all ? `${path}?${all}` : path;
}

export function corpusFor(op: Operation): BadInput[] {
  const out: BadInput[] = [];
  const url = withQuery(pathOf(op), queryOf(op));
  const base = op.body ? (sample(op.body) as Record<string, unknown>) : null;
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';

  // Path parameters: the raw text goes in the URL as an attacker would type it.
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const bad: [string, string, 'refuse' | 'any'][] = [
      ['NUL (%00)', 'a%00b', 'refuse'],
      ['bad UTF-8 (%ff)', '%ff%fe', 'refuse'],
      ['encoded lone surrogate (%ED%A0%80)', '%ED%A0%80x', 'refuse'],
      ['traversal', '..%2F..%2F..%2Fetc%2Fpasswd', 'refuse'],
      ['SQL injection', encodeURIComponent(SQLI), 'refuse'],
      ['RTL override', encodeURIComponent(RTL), 'refuse'],
      ['500 characters', 'x'.repeat(500), 'refuse'],
    ];
    for (const [name, value, expect] of bad) {
      const u = withQuery(pathOf(op, { [p.name]: value }), queryOf(op));
      out.push({
        name: `path ${p.name}: ${name}`,
        expect,
        request: hasBody
          ? jsonRequest(op, u, JSON.stringify(base ?? {}))
          : { method: op.method as InjectOptions['method'], url: u, headers: headersOf(op) },
      });
    }
  }

  // Query parameters.
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const values = fieldValues(p.schema, p.name);
    const raw: [string, string, 'refuse' | 'any'][] = [
      ['NUL (%00)', 'a%00b', 'refuse'],
      ['bad UTF-8 (%ff)', '%ff', 'any'],
      ['SQL injection', encodeURIComponent(SQLI), 'any'],
      ['repeated', `${encodeURIComponent(String(sample(p.schema, p.name)))}&${p.name}=x`, 'any'],
    ];
    const type = typeOf(p.schema);
    if (type === 'integer' || type === 'number')
      raw.push(
        ['2^53+1', HUGE_INT, 'refuse'],
        ['text for a number', 'abc', 'refuse'],
        ['-1e308', '-1e308', 'refuse'],
      );
    if (isDate(p.schema, p.name)) raw.push(['impossible date', '2026-02-30', 'refuse']);
    if (p.schema.maxLength !== undefined)
      raw.push(['too long', 'x'.repeat(p.schema.maxLength + 1), 'refuse']);
    for (const [name, value, expect] of raw) {
      const q = { ...queryOf(op) };
      delete q[p.name];
      out.push({
        name: `query ${p.name}: ${name}`,
        expect,
        request: {
          method: op.method as InjectOptions['method'],
          url: withQuery(pathOf(op), q, `${p.name}=${value}`),
          headers: headersOf(op),
          ...(hasBody
            ? {
                payload: JSON.stringify(base ?? {}),
                headers: { ...headersOf(op), 'content-type': 'application/json' },
              }
            : {}),
        },
      });
    }
    void values;
  }

  // Headers the route declares (e.g. Idempotency-Key).
  for (const p of op.params.filter((x) => x.in === 'header')) {
    for (const [name, value] of [
      ['too short', 'abc'],
      ['spaces', 'has spaces in it'],
      ['too long', 'k'.repeat(5000)],
      ['SQL injection', SQLI],
    ] as const) {
      out.push({
        name: `header ${p.name}: ${name}`,
        expect: 'refuse',
        request: jsonRequest(op, url, JSON.stringify(base ?? {}), 'application/json', { [p.name]: value }),
      });
    }
  }

  if (!hasBody) return out;

  // The body as a whole.
  const whole: [string, string, string, 'refuse' | 'any'][] = [
    ['malformed JSON', '{"a": ', 'application/json', 'refuse'],
    ['empty JSON body', '', 'application/json', op.body ? 'refuse' : 'any'],
    ['JSON with trailing garbage', '{} x', 'application/json', 'refuse'],
    ['an array', '[1,2,3]', 'application/json', 'refuse'],
    ['a string', '"hello"', 'application/json', 'refuse'],
    ['null', 'null', 'application/json', op.body ? 'any' : 'any'],
    ['__proto__ pollution', '{"__proto__": {"role": "admin"}}', 'application/json', 'refuse'],
    [
      'constructor.prototype pollution',
      '{"constructor": {"prototype": {"role": "admin"}}}',
      'application/json',
      'refuse',
    ],
    ['10,000 levels deep', deepJson(), 'application/json', 'refuse'],
    [
      '5 MB',
      JSON.stringify({ ...(base ?? {}), padding: 'x'.repeat(5 * 1024 * 1024) }),
      'application/json',
      'refuse',
    ],
    [
      'text/plain (a cross-site form)',
      JSON.stringify(base ?? {}),
      'text/plain',
      op.path === '/api/organisations/import' ? 'any' : 'refuse',
    ],
    ['application/xml', '<a>1</a>', 'application/xml', 'refuse'],
    ['form-urlencoded', 'a=1&b=2', 'application/x-www-form-urlencoded', 'refuse'],
    ['JSON with a NUL escape', JSON.stringify({ ...(base ?? {}), note: NUL }), 'application/json', 'refuse'],
  ];
  // A route without a body schema ignores what it is sent; only what cannot be parsed is refused.
  const parseable = (name: string) =>
    !['malformed JSON', 'JSON with trailing garbage', 'application/xml', 'form-urlencoded', '5 MB'].includes(
      name,
    );
  for (const [name, payload, type, expect] of whole) {
    out.push({
      name: `body: ${name}`,
      expect: !op.body && parseable(name) ? 'any' : expect,
      request: jsonRequest(op, url, payload, type),
    });
  }
  out.push({
    name: 'body: invalid UTF-8 bytes',
    expect: 'any',
    request: {
      ...jsonRequest(op, url, ''),
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
    },
  });

  // Each top-level field of the body.
  const props = (op.body?.properties ?? {}) as Record<string, JsonSchema>;
  for (const [field, schema] of Object.entries(props)) {
    const { refuse, any } = fieldValues(schema, field);
    for (const [kind, values] of [
      ['refuse', refuse],
      ['any', any],
    ] as const) {
      for (const [name, value] of values) {
        out.push({
          name: `body.${field}: ${name}`,
          expect: kind,
          request: jsonRequest(op, url, JSON.stringify({ ...(base ?? {}), [field]: value })),
        });
      }
    }
  }
  return out;
}
