/**
 * Request logging, one JSON line per request (pino, through Fastify): when it ended, its id, method,
 * URL, client address, status and time taken — what operations reads to follow a request, count
 * errors and see slow answers. Fastify's default writes two lines (incoming, completed); the
 * "request completed" line here carries the request (method, url, host, remoteAddress, remotePort)
 * as well as the status and responseTime, so the first line says nothing new.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

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
