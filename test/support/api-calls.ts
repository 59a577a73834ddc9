/**
 * JSON calls against a test app through app.inject, signed in as a named user: `call` answers with the
 * status and parsed body, `ok` insists on a status (200 unless told) and throws with the answer
 * otherwise, so a failing step says what the API said.
 */
import type { TestApp } from './app.ts';

type Method = 'GET' | 'POST' | 'PUT';

// Answers are read field by field against the OpenAPI shapes; typing each one in a test would repeat them.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Body = any;

export function apiCalls(app: () => TestApp, sessions: Record<string, { authorization: string }>) {
  const call = async (
    method: Method,
    url: string,
    who?: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body; raw: string }> => {
    const res = await app().app.inject({
      method,
      url,
      headers: { ...(who ? sessions[who] : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, raw: res.body };
  };
  const ok = async (method: Method, url: string, who?: string, payload?: unknown, status = 200) => {
    const r = await call(method, url, who, payload);
    if (r.status !== status) throw new Error(`${method} ${url} → ${r.status} ${r.raw}`);
    return r.body as Body;
  };
  return { call, ok };
}
