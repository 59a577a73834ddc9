/**
 * What the security tests share: a world with a user of every role, the operations of the OpenAPI
 * document (so a route added later is covered without touching these tests), a request that gets
 * as far as validation for each, and a fingerprint of every table to prove a refusal wrote nothing.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { ROLES, type Role } from '../../src/service/auth/types.ts';
import type { Database } from '../../src/storage/schema.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { testUscc } from '../support/fixtures.ts';

/** Every role there is: a role added later is in the matrix at once. */
export const ROLE_LIST: Role[] = [...ROLES];

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema from the OpenAPI document
export type JsonSchema = Record<string, any>;

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/applications/{id} */
  path: string;
  public: boolean;
  /** Roles admitted (x-roles); empty for a public route. */
  roles: Role[];
  declared: boolean;
  params: { name: string; in: 'path' | 'query' | 'header'; schema: JsonSchema; required: boolean }[];
  body: JsonSchema | null;
  /** Content types the body may have. */
  consumes: string[];
}

export async function operations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const doc = res.json() as { paths: Record<string, Record<string, JsonSchema>> };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema: JsonSchema }>;
      out.push({
        method: method.toUpperCase(),
        path,
        public: Array.isArray(op.security) && op.security.length === 0,
        roles: (op['x-roles'] ?? []) as Role[],
        declared: op['x-access'] !== 'undeclared',
        params: ((op.parameters ?? []) as JsonSchema[]).map((p) => ({
          name: p.name,
          in: p.in,
          schema: p.schema ?? {},
          required: Boolean(p.required),
        })),
        body: content['application/json']?.schema ?? null,
        consumes: Object.keys(content),
      });
    }
  }
  return out;
}

/** A value the schema accepts, as far as a small generator can tell (good enough to reach validation of the rest). */
export function sample(schema: JsonSchema | undefined, name = ''): unknown {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[key])) {
      const first = (schema[key] as JsonSchema[]).find((s) => s.type !== 'null') ?? schema[key][0];
      return sample(first, name);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of (schema.required ?? []) as string[]) out[key] = sample(schema.properties?.[key], key);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      return sampleString(schema, name);
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  if (schema.format === 'date' || /date|On$|^from$|^to$/.test(name)) return '2026-07-01';
  if (schema.format === 'uuid' || /^\^\[0-9a-f\]\{8\}/.test(schema.pattern ?? '')) return randomUUID();
  if (schema.pattern === '^\\d{3}$') return '000';
  if (name === 'uscc') return testUscc(999);
  const min = Math.max(schema.minLength ?? 1, 1);
  return 'a'.repeat(Math.min(Math.max(min, 8), schema.maxLength ?? 8));
}

/** Path parameters filled in: ids that exist nowhere, a fund and a year that are well-formed. */
export function pathOf(op: Operation, overrides: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in overrides) return overrides[name]!;
    const p = op.params.find((x) => x.in === 'path' && x.name === name);
    const v = sample(p?.schema, name);
    return encodeURIComponent(name === 'id' && op.path.startsWith('/api/catalogue') ? '000·二' : String(v));
  });
}

export function queryOf(op: Operation): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of op.params) if (p.in === 'query' && p.required) q[p.name] = String(sample(p.schema, p.name));
  return q;
}

export function headersOf(op: Operation): Record<string, string> {
  const h: Record<string, string> = {};
  for (const p of op.params)
    if (p.in === 'header' && p.required)
      h[p.name] = p.name === 'idempotency-key' ? `key-${randomUUID()}` : 'x';
  return h;
}

/** The role a bad-input request is sent as: one the route admits, so it gets as far as validation. */
export function actingRole(op: Operation): Role | null {
  if (op.public) return null;
  const preferred: Role[] = ['admin', 'approver', 'reviewer', 'enterprise', 'auditor'];
  for (const r of [...preferred, ...ROLE_LIST]) if (op.roles.includes(r)) return r;
  return null;
}

export interface World {
  t: TestApp;
  headers: Record<Role, { authorization: string }>;
  orgId: string;
  db: Kysely<Database>;
}

export async function securityWorld(db: Kysely<Database>): Promise<World> {
  const t = await buildTestApp(db);
  await t.createUser('sec-admin', 'admin');
  const admin = await t.login('sec-admin');
  const org = await t.app.inject({
    method: 'POST',
    url: '/api/organisations',
    headers: admin,
    payload: {
      uscc: testUscc(4242),
      name: '安全测试单位',
      kind: 'enterprise',
      city: 'songjiang',
      sectors: ['ai'],
      qualifications: [],
      figures: [],
    },
  });
  if (org.statusCode !== 201) throw new Error(org.body);
  const orgId = org.json().id as string;
  await t.createUser('sec-enterprise', 'enterprise', orgId);
  for (const r of ROLE_LIST) if (r !== 'admin' && r !== 'enterprise') await t.createUser(`sec-${r}`, r);
  const headers = {} as World['headers'];
  for (const r of ROLE_LIST) headers[r] = await t.login(`sec-${r}`);
  return { t, headers, orgId, db };
}

/**
 * One digest per table over every row, in a stable order: equal before and after means nothing was
 * inserted, updated or deleted. `except` names tables to leave out (e.g. sessions that logins add).
 */
export async function fingerprint(
  db: Kysely<Database>,
  except: string[] = [],
): Promise<Record<string, string>> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'
    order by tablename`.execute(db);
  const names = tables.rows.map((t) => t.tablename).filter((t) => !except.includes(t));
  if (names.length === 0) return {};
  // Every table's row count and digest in one statement: the corpus takes a fingerprint before and after
  // every operation, and one round trip per table made that most of the file's time.
  const r = await sql<{ tablename: string; digest: string; n: number }>`${sql.join(
    names.map(
      (name) => sql`select ${name}::text as tablename,
        md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as n
        from ${sql.table(name)} t`,
    ),
    sql` union all `,
  )}`.execute(db);
  const out: Record<string, string> = {};
  for (const row of r.rows) out[row.tablename] = `${row.n}:${row.digest}`;
  return out;
}

export function inject(app: FastifyInstance, options: InjectOptions) {
  return app.inject(options);
}

/** The API's error shape: { error: { code, message: { zh, en }, issues? } }. */
export function hasErrorShape(body: string): boolean {
  try {
    const e = JSON.parse(body).error;
    return (
      typeof e?.code === 'string' && typeof e.message?.zh === 'string' && typeof e.message?.en === 'string'
    );
  } catch {
    return false;
  }
}
