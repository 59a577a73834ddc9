/**
 * Per-address throttling of failed sign-ins, across accounts: an address with `limit` failures in
 * `windowMs` gets no further password checks until the window has passed (429). It bounds how many
 * accounts one address can lock (the account lock is temporary anyway) and how fast it can spray
 * one password over many usernames. In memory, per process: a restart forgets it, and several
 * processes each count their own (the per-account lock lives in the database and is exact).
 */
import type { Clock } from '../clock.ts';

const MAX_ADDRESSES = 50_000;

export interface AddressThrottle {
  /** True while the address may not try. */
  blocked(address: string | undefined): boolean;
  failed(address: string | undefined): void;
}

export function createAddressThrottle(clock: Clock, limit: number, windowMs: number): AddressThrottle {
  const seen = new Map<string, { since: number; failures: number }>();
  const current = (address: string) => {
    const now = clock.now().getTime();
    const entry = seen.get(address);
    if (entry && now - entry.since < windowMs) return entry;
    if (entry) seen.delete(address);
    return null;
  };
  return {
    blocked(address) {
      if (!address) return false;
      return (current(address)?.failures ?? 0) >= limit;
    },
    failed(address) {
      if (!address) return;
      const entry = current(address);
      if (entry) entry.failures += 1;
      else {
        // Bounded memory: the oldest address is forgotten first.
        if (seen.size >= MAX_ADDRESSES) seen.delete(seen.keys().next().value as string);
        seen.set(address, { since: clock.now().getTime(), failures: 1 });
      }
    },
  };
}
