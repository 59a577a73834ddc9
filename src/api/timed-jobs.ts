/**
 * A timed job of the platform (closing public notices, the matching expiry scan, the qualification scan):
 * its handler is registered on the job queue, and when the server runs timed jobs
 * (`config.scheduledJobs`) it is put on its hourly cron and swept once as the server becomes ready, so
 * what fell due while no server ran is done at start. Every server asks; the handler's `stately` policy
 * and the `sweep` singleton key make it one job however many ask.
 */
import type { FastifyInstance } from 'fastify';
import type { HandlerOptions, JobHandler } from '../service/jobs/queue.ts';
import type { ApiContext } from './context.ts';

export function timedJob<T extends object>(
  app: FastifyInstance,
  ctx: ApiContext,
  job: { name: string; cron: string; handler: JobHandler<T>; options: HandlerOptions },
): void {
  void ctx.jobs.register(job.name, job.handler, job.options);
  if (!ctx.config.scheduledJobs) return;
  app.addHook('onReady', async () => {
    await ctx.jobs.schedule(job.name, job.cron);
    await ctx.jobs.enqueue(job.name, {}, { singletonKey: 'sweep' });
  });
}
