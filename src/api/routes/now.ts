/**
 * The server's clock for the browser: `GET /api/now`. Forms default their dates to the platform's
 * "today" (Asia/Shanghai, by the server's clock: tests move it, a demo may run at a fixed date), not
 * to the browser's clock, which may be wrong or in another zone (src/web/today.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';

export const nowSchema = z.object({
  today: z.string().describe('the calendar date in Shanghai by the server clock, YYYY-MM-DD'),
  now: z.string().describe('the server clock as an ISO 8601 instant (UTC)'),
  timeZone: z.literal('Asia/Shanghai').describe('the zone the platform’s calendar dates are in'),
});

export function nowRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/now',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: '服务器日期 The server’s date and time (no sign-in): forms default their dates to it',
        response: { 200: nowSchema },
      },
    },
    async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { today: ctx.today(), now: ctx.clock.now().toISOString(), timeZone: 'Asia/Shanghai' as const };
    },
  );
}
