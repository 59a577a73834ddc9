/**
 * The platform's own background jobs, registered on the job queue (src/service/jobs), and what
 * operators see of the queue:
 * - `applications.close-due-notices`: closes every public notice whose window has ended with no open
 *   objection (hourly, and once when a server starts);
 * - GET /api/jobs: the recent jobs of a queue and their states (admin, auditor).
 * Capabilities register their own jobs beside their routes (screening: `screening.run`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import { closeDueNotices } from '../../service/applications/close-due-notices.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { timedJob } from '../timed-jobs.ts';
import { applicationService } from './applications.ts';

export const CLOSE_DUE_NOTICES_JOB = 'applications.close-due-notices';

export function jobRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const applications = applicationService(ctx);

  // Hourly at :07 and once at start.
  timedJob(app, ctx, {
    name: CLOSE_DUE_NOTICES_JOB,
    cron: '7 * * * *',
    handler: async () => {
      const result = await closeDueNotices({
        db: ctx.db,
        applications,
        today: ctx.today(),
        now: ctx.clock.now(),
      });
      if (result.closed.length || result.left.length)
        ctx.logger.info({ closed: result.closed.length, left: result.left.length }, 'public notices closed');
    },
    // One queued at a time whoever asks (every server asks when it starts).
    options: { policy: 'stately', retryLimit: 3, expireInSeconds: 15 * 60 },
  });

  app.get(
    '/api/jobs',
    {
      ...allow(new Set(['admin', 'auditor'])),
      schema: {
        tags: ['jobs'],
        summary: '后台任务 Recent jobs of a queue and their states (admin, auditor)',
        querystring: z.object({
          name: safeText({ min: 1, max: 100 }).describe('e.g. screening.run, applications.close-due-notices'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                state: z.string().describe('created, retry, active, completed, cancelled, failed'),
                retryCount: z.number().int(),
                createdOn: z.string(),
                startedOn: z.string().nullable(),
                completedOn: z.string().nullable(),
                singletonKey: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const jobs = await ctx.jobs.jobs(request.query.name);
      return {
        items: jobs.slice(0, request.query.limit).map((j) => ({
          id: j.id,
          name: j.name,
          state: j.state,
          retryCount: j.retryCount,
          createdOn: j.createdOn.toISOString(),
          startedOn: j.startedOn?.toISOString() ?? null,
          completedOn: j.completedOn?.toISOString() ?? null,
          singletonKey: j.singletonKey,
        })),
      };
    },
  );
}
