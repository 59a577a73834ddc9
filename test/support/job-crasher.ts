/**
 * A worker that dies mid-job (for src/service/jobs/queue.test.ts): it takes one `crash.me` job from
 * the queue on DATABASE_URL, says so on stdout, and kills itself with SIGKILL before finishing — as a
 * server process would die under a kill -9 or a power cut.
 */

import { createJobQueue } from '../../src/service/jobs/queue.ts';
import { openDatabase } from '../../src/storage/database.ts';

const db = await openDatabase({ url: process.env.DATABASE_URL!, poolSize: 2 });
const jobs = createJobQueue({ db, pollingIntervalSeconds: 0.5 });
await jobs.register<{ n: number }>(
  'crash.me',
  async (data, job) => {
    process.stdout.write(`taken ${job.id} ${data.n}\n`);
    await new Promise((r) => setTimeout(r, 100));
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
  { retryLimit: 2, expireInSeconds: 2, retryDelaySeconds: 1 },
);
await jobs.start();
process.stdout.write('ready\n');
