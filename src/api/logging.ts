/**
 * Request logging, one JSON line per request (pino, through Fastify): when it ended, its id, method,
 * URL, client address, status and time taken — what operations reads to follow a request, count
 * errors and see slow answers. Fastify's default writes two lines (incoming, completed) and builds a
 * pino child logger for every request before anything is logged.
 *
 * - `OneLinePerRequest`: no "incoming request" line; the "request completed" line carries the request
 *   (method, url, host, remoteAddress, remotePort) as well as the status and responseTime.
 * - `lazyChildLogger`: a request's logger makes its pino child (the reqId binding) the first time a
 *   line at an enabled level is written; at level warn a request that logs nothing makes none.
 */
import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawRequestDefaultExpression,
} from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    if (error)
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];

/** A request's logger: the parent's child with `bindings`, made when first needed. */
class LazyChild {
  #parent: FastifyBaseLogger;
  #bindings: Bindings;
  #child: FastifyBaseLogger | undefined;
  constructor(parent: FastifyBaseLogger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #log(): FastifyBaseLogger {
    if (this.#child === undefined) this.#child = this.#parent.child(this.#bindings);
    return this.#child;
  }

  /** Writes unless the level is known to be off (pino's isLevelEnabled; the child's once it is made). */
  #write(level: Level, args: unknown[]): void {
    const logger = (this.#child ?? this.#parent) as { isLevelEnabled?: (level: string) => boolean };
    if (typeof logger.isLevelEnabled === 'function' && !logger.isLevelEnabled(level)) return;
    (this.#log()[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return (this.#child ?? this.#parent).level;
  }
  set level(level: string) {
    this.#log().level = level;
  }
  fatal(...args: unknown[]) {
    this.#write('fatal', args);
  }
  error(...args: unknown[]) {
    this.#write('error', args);
  }
  warn(...args: unknown[]) {
    this.#write('warn', args);
  }
  info(...args: unknown[]) {
    this.#write('info', args);
  }
  debug(...args: unknown[]) {
    this.#write('debug', args);
  }
  trace(...args: unknown[]) {
    this.#write('trace', args);
  }
  silent() {}
  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#log().child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: the request logger above. Route-level log options (a level or
 * serializers of its own) get the pino child at once, as Fastify's default factory does.
 */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
  _raw: RawRequestDefaultExpression,
): FastifyBaseLogger {
  if (options && Object.keys(options).length > 0) return logger.child(bindings, options);
  return new LazyChild(logger, bindings) as unknown as FastifyBaseLogger;
}
