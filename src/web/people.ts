/**
 * Names for account names: `person('shenji')` → "审计员（只读）". From GET /api/people (officers and
 * auditors), fetched once per signed-in user and shared by every component that asks; anyone else,
 * or an unknown account, sees the account name.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';
import { useSession } from './session.tsx';

interface Person {
  username: string;
  displayName: string;
  role: string;
}

let cache: { user: string; names: Promise<Map<string, string>> } | null = null;

function namesFor(user: string): Promise<Map<string, string>> {
  if (cache?.user !== user) {
    cache = {
      user,
      names: api<{ items: Person[] }>('GET', '/api/people').then(
        (r) => new Map(r.items.map((p) => [p.username, p.displayName])),
        () => new Map<string, string>(),
      ),
    };
  }
  return cache.names;
}

export function usePeople(): (username: string) => string {
  const { user } = useSession();
  const staff = user !== null && user.role !== 'enterprise';
  const [names, setNames] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    if (!staff || !user) return;
    let live = true;
    void namesFor(user.username).then((m) => live && setNames(m));
    return () => {
      live = false;
    };
  }, [staff, user]);
  return useCallback((username: string) => names?.get(username) || username, [names]);
}
