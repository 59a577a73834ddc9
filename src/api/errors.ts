/**
 * Every error leaves the API in one shape: `{ error: { code, message: { zh, en }, issues? } }`, with
 * the HTTP status taken from the stable code (core/errors.ts HTTP_STATUS). Fastify's own errors
 * (malformed JSON, oversize body, wrong media type, rate limit) are translated into the same shape.
 * Permission refusals are audited here, whichever service raised them.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CeyuanError, type FieldIssue, HTTP_STATUS, InputError } from '../core/errors.ts';
import type { Text } from '../core/text.ts';
import type { ApiContext } from './context.ts';

export interface ErrorBody {
  error: { code: string; message: Text; issues?: FieldIssue[] };
}

const MAX_ISSUES = 1000;

function issuesOf(error: CeyuanError): FieldIssue[] | undefined {
  const candidate =
    error instanceof InputError ? error.issues : ((error as { issues?: unknown }).issues ?? error.details);
  if (!Array.isArray(candidate)) return undefined;
  const issues = candidate.filter(
    (i): i is FieldIssue =>
      typeof i === 'object' && i !== null && 'path' in i && 'rule' in i && 'zh' in i && 'en' in i,
  );
  return issues.length > 0 ? issues.slice(0, MAX_ISSUES) : undefined;
}

export function errorBody(code: string, message: Text, issues?: FieldIssue[]): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/**
 * A database refusal that reached the edge (a constraint the schemas did not anticipate): never a
 * 500. SQLSTATE class 22 (data exception: bad value, out of range, invalid text) is bad input;
 * class 23 (integrity constraint: unique, foreign key, check) contradicts the stored state.
 */
function databaseRefusal(error: { code?: unknown }): CeyuanError | null {
  const code = typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : null;
  if (code?.startsWith('22'))
    return new CeyuanError('INVALID_INPUT', {
      zh: `数据库拒绝了该值（${code}）：请检查输入`,
      en: `the database refused a value (${code}): check the input`,
    });
  if (code?.startsWith('23'))
    return new CeyuanError('CONFLICT', {
      zh: `与已存数据冲突（${code}），未做任何更改`,
      en: `conflicts with stored data (${code}); nothing was changed`,
    });
  return null;
}

/** Fastify and plugin errors (not ours) → a CeyuanError with a stable code. */
function translate(error: FastifyError): CeyuanError | null {
  const fromDatabase = databaseRefusal(error);
  if (fromDatabase) return fromDatabase;
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new CeyuanError('INVALID_JSON', {
        zh: `请求体不是有效的 JSON：${error.message}`,
        en: `the request body is not valid JSON: ${error.message}`,
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CeyuanError('PAYLOAD_TOO_LARGE', {
        zh: '请求体过大（上限 1 MiB，导入文件上限 16 MiB）',
        en: 'the request body is too large (1 MiB; imports 16 MiB)',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new CeyuanError('UNSUPPORTED_MEDIA_TYPE', {
        zh: `不支持的内容类型：${error.message}`,
        en: `unsupported content type: ${error.message}`,
      });
  }
  if (error instanceof SyntaxError && status === 400) {
    return new CeyuanError('INVALID_JSON', {
      zh: `请求体不是有效的 JSON：${error.message}`,
      en: `the request body is not valid JSON: ${error.message}`,
    });
  }
  if (status === 429) {
    return new CeyuanError('RATE_LIMITED', {
      zh: '请求过于频繁，请稍后再试',
      en: 'too many requests: try again later',
    });
  }
  if (status >= 400 && status < 500) {
    return new CeyuanError('INVALID_REQUEST', {
      zh: `请求无效：${error.message}`,
      en: `invalid request: ${error.message}`,
    });
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance, ctx: () => ApiContext): void {
  app.setErrorHandler(async (raw: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const error = raw instanceof CeyuanError ? raw : translate(raw);
    if (!error) {
      request.log.error({ err: raw }, 'unhandled error');
      return reply
        .status(500)
        .send(errorBody('INTERNAL', { zh: '服务器内部错误，已记录', en: 'internal error (logged)' }));
    }
    const status =
      HTTP_STATUS[error.code] ?? (raw.statusCode && raw.statusCode >= 400 ? raw.statusCode : 500);
    if (status >= 500) request.log.error({ err: raw }, error.text.en);
    if (error.code === 'FORBIDDEN') {
      try {
        const c = ctx();
        const user = await c.currentUser(request);
        await c.refusals.note({
          actor: user?.username ?? 'anonymous',
          role: user?.role ?? null,
          route: `${request.method} ${request.routeOptions.url ?? request.url}`,
          url: request.url,
          reason: error.text.en,
          details: error.details ?? null,
        });
      } catch (auditError) {
        request.log.error({ err: auditError }, 'could not audit a permission refusal');
      }
    }
    return reply.status(status).send(errorBody(error.code, error.text, issuesOf(error)));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(
      errorBody('NOT_FOUND', {
        zh: `没有这个地址：${request.method} ${request.url}`,
        en: `no route ${request.method} ${request.url}`,
      }),
    );
  });
}
