/**
 * Web hardening for every response and every state-changing request (docs/security.md):
 *  - security headers from helmet, with a Content-Security-Policy the UI works under, worked out once
 *    at start (they depend on nothing in the request);
 *  - `Cache-Control: no-store` on every API answer (sessions, personal and financial data);
 *  - an Origin/Referer check on every POST/PUT/PATCH/DELETE: a foreign origin is refused (403)
 *    before the body is read, and so is a cookie-authenticated request that names no origin at all;
 *  - malformed requests Node's HTTP parser refuses (431 headers too large, 400 bad request) answer
 *    in the API's error shape too.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { ForbiddenError } from '../core/errors.ts';

/**
 * The Content-Security-Policy. script-src 'self' only: no inline script, no eval. style-src allows
 * 'unsafe-inline' because Ant Design's CSS-in-JS (and ECharts, Swagger UI) insert <style> elements
 * and style attributes at run time. Images may be data:/blob: URIs (the favicon, charts exported as
 * images). Nothing may frame the application.
 */
export function cspDirectives(secure: boolean): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // Only behind HTTPS: on plain http it would send the browser to an https:// that is not there.
    upgradeInsecureRequests: secure ? [] : null,
  };
}

/**
 * The headers helmet sets for these options, worked out once: helmet's middleware is run against a
 * stand-in response that records them. @fastify/helmet ran helmet(options) anew on every request
 * (every directive parsed and the CSP string rebuilt: about 5% of a calculator request's CPU); none
 * of our directives depends on the request (no nonces, no functions), so the answer is always the same.
 */
export function securityHeaders(options: HelmetOptions): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: string) {
      set.push([name, value]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let done = false;
  helmet(options)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    res as unknown as Parameters<ReturnType<typeof helmet>>[1],
    (error?: unknown) => {
      if (error) throw error;
      done = true;
    },
  );
  if (!done) throw new Error('helmet did not finish synchronously');
  return { set, removed };
}

export function installSecurityHeaders(app: FastifyInstance, opts: { secure: boolean }): void {
  const { set, removed } = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts.secure) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only means something over HTTPS; on plain http browsers ignore it anyway.
    strictTransportSecurity: opts.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  // On the raw response, first thing, as helmet did: a route or an error answer may still override one.
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of removed) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery: the session cookie is SameSite=Strict, but a sibling origin (another
 * port or subdomain of the same site) still gets it sent. So a state change must come from this
 * server's own origin (or one of `trustedOrigins`). Clients with a Bearer token are not at risk
 * (a browser never adds that header by itself) and send no Origin; they pass.
 */
export function installOriginCheck(
  app: FastifyInstance,
  opts: { cookieName: string; trustedOrigins: readonly string[] },
): void {
  const trusted = new Set(opts.trustedOrigins.map((o) => hostOf(o)).filter((h): h is string => h !== null));
  // Callback style, not async: it runs on every request, and most pass at once (no promise to settle).
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    const origin = request.headers.origin ?? request.headers.referer;
    const bearer = request.headers.authorization?.startsWith('Bearer ');
    const cookie = Boolean(request.cookies?.[opts.cookieName]);
    if (origin === undefined) {
      if (!cookie || bearer) return done();
    } else {
      const host = hostOf(origin);
      if (host !== null && (host === request.host.toLowerCase() || trusted.has(host))) return done();
    }
    done(
      new ForbiddenError(
        {
          zh: '跨站请求被拒绝：请求来源与本站不一致',
          en: 'cross-site request refused: the request does not come from this site',
        },
        { reason: 'origin', origin: origin ?? null },
      ),
    );
  });
}

/** Node's HTTP parser refusals (before Fastify sees a request), answered in the API's error shape. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: tooLarge
      ? {
          code: 'HEADERS_TOO_LARGE',
          message: { zh: '请求头过大', en: 'request headers too large' },
        }
      : {
          code: 'BAD_REQUEST',
          message: { zh: '请求格式错误', en: 'malformed HTTP request' },
        },
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}

/**
 * URLs Fastify refuses before routing (bad percent-encoding, a path parameter over the length
 * limit): the API's error shape, with the headers an error answer always carries.
 */
export function frameworkErrors(
  error: Error & { code?: string },
  _request: unknown,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  reply
    .status(tooLong ? 414 : 400)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-type', 'application/json; charset=utf-8')
    .send(
      JSON.stringify({
        error: tooLong
          ? { code: 'URI_TOO_LONG', message: { zh: '请求地址过长', en: 'request URL too long' } }
          : {
              code: 'BAD_URL',
              message: {
                zh: '请求地址不是有效的 UTF-8 百分号编码',
                en: 'the request URL is not valid percent-encoded UTF-8',
              },
            },
      }),
    );
}
