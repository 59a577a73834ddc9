/**
 * The platform's "today" for the browser: the server's date (`GET /api/now`, Asia/Shanghai by the
 * server's clock), not the browser's. Tests move the server's clock and a demo may run at a fixed
 * date; a form that defaulted to the browser's day would file matters on a day the server is not at.
 *
 * Asked when a page first needs it (and again when the tab comes back into view); until the answer
 * arrives, and if it never does, the browser's Shanghai date stands in. Time passing in the tab is
 * added to the server's instant, so a tab left open over midnight moves to the next day with it.
 *
 * A form with a date that defaults to today is one call (an untouched default follows the server's
 * answer when it comes after the form was built):
 *
 *   const { form, today } = useTodayForm(schema, (today) => ({ date: today, … }), ['date']);
 *
 * A page that shows the date without a form field takes `useServerToday()`.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DefaultValues, FieldValues, Path, PathValue } from 'react-hook-form';
import type { z } from 'zod';
import { api } from './api.ts';
import { type FormApi, type FormSchema, useZodForm } from './components/form.tsx';
import { formatDate } from './format.ts';

interface Anchor {
  /** The server's instant, in ms since the epoch, when the answer was read. */
  server: number;
  /** The browser's monotonic time (performance.now()) at that moment. */
  at: number;
}

let anchor: Anchor | null = null;
let inFlight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function shanghaiDay(ms: number): string {
  return formatDate(new Date(ms).toISOString());
}

let started = false;

/** The first page that needs the date asks for it (pages without a date field never do). */
function ensureLoaded(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  void loadServerToday();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void loadServerToday();
  });
}

/** Today in Shanghai: by the server's clock once known, by the browser's until then. */
export function serverToday(): string {
  ensureLoaded();
  return anchor ? shanghaiDay(anchor.server + (performance.now() - anchor.at)) : shanghaiDay(Date.now());
}

/** Asks the server (once at a time); a failure leaves the fallback and is retried on the next call. */
export function loadServerToday(): Promise<void> {
  if (inFlight) return inFlight;
  const sent = performance.now();
  inFlight = api<{ now: string }>('GET', '/api/now')
    .then((body) => {
      const server = Date.parse(body.now);
      if (Number.isNaN(server)) return;
      // The answer was read somewhere between sending and receiving: take the middle.
      const received = performance.now();
      anchor = { server: server + (received - sent) / 2, at: received };
      for (const l of listeners) l();
    })
    .catch(() => {
      // Offline or the server is restarting: the browser's date stands in until the next try.
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The platform's today (YYYY-MM-DD); re-renders when the server's answer arrives. */
export function useServerToday(): string {
  return useSyncExternalStore(subscribe, serverToday, serverToday);
}

/**
 * useZodForm with date defaults on the platform's today: `defaults(today)` builds the form's default
 * values (once, as useZodForm reads them once), and `dated` names the fields that default to today.
 * When today changes (the server's answer arrives after the form was built), each of them still
 * holding the old default and untouched by the user takes the new one as its default. `derive` maps
 * the date to those fields' value (a year: d => d.slice(0, 4)). Returns the form and today, for a reset.
 */
export function useTodayForm<S extends FormSchema>(
  schema: S,
  defaults: (today: string) => DefaultValues<z.input<S>>,
  dated: readonly Path<z.input<S>>[],
  derive?: (today: string) => string,
) {
  const today = useServerToday();
  const [initial] = useState(() => defaults(today));
  const form = useZodForm(schema, initial);
  useTodayDefaults(form, today, dated, derive);
  return { form, today };
}

function useTodayDefaults<T extends FieldValues>(
  form: FormApi<T>,
  today: string,
  fields: readonly Path<T>[],
  derive: (today: string) => string = (d) => d,
): void {
  const previous = useRef(today);
  // The mapping may be a new closure each render; only the date moving re-runs the effect.
  const mapping = useRef(derive);
  mapping.current = derive;
  const names = fields.join('\n');
  useEffect(() => {
    const was = mapping.current(previous.current);
    previous.current = today;
    const next = mapping.current(today);
    if (was === next) return;
    for (const name of names.split('\n') as Path<T>[]) {
      if (form.getFieldState(name).isDirty || form.getValues(name) !== was) continue;
      form.resetField(name, { defaultValue: next as PathValue<T, Path<T>> });
    }
  }, [today, form, names]);
}
