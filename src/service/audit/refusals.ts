/**
 * Permission refusals (403) in the audit trail, in aggregate: per user and per minute, the first
 * refusal is written at once (`auth.forbidden`, with the route and reason: the evidence exists even
 * if the process dies a second later) and the rest of that minute are counted and written as one
 * summary entry when the minute is over (`auth.forbidden_repeated`, with the count per route).
 *
 * Why: one audit row per refusal let one user write 864 rows in 5 s and slow every audited write
 * tenfold (the chain is one lock). This way a user costs the trail at most two entries a minute.
 * Counts kept in memory are lost on `kill -9` (the first refusal of each minute is not).
 */
import type { Clock } from '../clock.ts';
import type { AuditService } from './service.ts';

export interface Refusal {
  actor: string;
  role: string | null;
  /** `METHOD /route/:pattern` */
  route: string;
  url: string;
  reason: string;
  details?: unknown;
}

interface Window {
  startedAt: number;
  role: string | null;
  repeats: number;
  routes: Map<string, number>;
}

export const REFUSAL_WINDOW_MS = 60_000;
/** Routes named in one summary; the rest are counted under "(other)". */
const MAX_ROUTES = 50;
/** Users tracked at once; beyond it the oldest windows are written out early. */
const MAX_WINDOWS = 10_000;

export interface RefusalRecorder {
  note(refusal: Refusal): Promise<void>;
  /** Writes the summaries of windows that are over (all of them when `all`). */
  flush(all?: boolean): Promise<number>;
}

export function createRefusalRecorder(deps: {
  audit: Pick<AuditService, 'record'>;
  clock: Clock;
  windowMs?: number;
}): RefusalRecorder {
  const { audit, clock } = deps;
  const windowMs = deps.windowMs ?? REFUSAL_WINDOW_MS;
  const windows = new Map<string, Window>();

  async function summarise(actor: string, w: Window): Promise<void> {
    if (w.repeats === 0) return;
    await audit.record({
      actor,
      action: 'auth.forbidden_repeated',
      subject: null,
      detail: {
        role: w.role,
        repeats: w.repeats,
        from: new Date(w.startedAt).toISOString(),
        to: new Date(Math.min(clock.now().getTime(), w.startedAt + windowMs)).toISOString(),
        routes: Object.fromEntries(w.routes),
      },
    });
  }

  async function flush(all = false): Promise<number> {
    const now = clock.now().getTime();
    let written = 0;
    for (const [actor, w] of [...windows]) {
      if (!all && now < w.startedAt + windowMs) continue;
      windows.delete(actor);
      if (w.repeats > 0) written += 1;
      await summarise(actor, w);
    }
    return written;
  }

  return {
    flush,
    async note(r) {
      const now = clock.now().getTime();
      const open = windows.get(r.actor);
      if (open && now < open.startedAt + windowMs) {
        open.repeats += 1;
        const key = open.routes.has(r.route) || open.routes.size < MAX_ROUTES ? r.route : '(other)';
        open.routes.set(key, (open.routes.get(key) ?? 0) + 1);
        return;
      }
      if (open) {
        windows.delete(r.actor);
        await summarise(r.actor, open);
      }
      if (windows.size >= MAX_WINDOWS) {
        const [oldestActor, oldest] = windows.entries().next().value as [string, Window];
        windows.delete(oldestActor);
        await summarise(oldestActor, oldest);
      }
      windows.set(r.actor, { startedAt: now, role: r.role, repeats: 0, routes: new Map() });
      await audit.record({
        actor: r.actor,
        action: 'auth.forbidden',
        subject: r.route,
        detail: { url: r.url, role: r.role, reason: r.reason, details: r.details ?? null },
      });
    },
  };
}
