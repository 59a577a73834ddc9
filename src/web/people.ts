/**
 * Names for account names: `person('shenji')` → "区审计员". From GET /api/people (officers and
 * auditors); anyone else, or an unknown account, sees the account name.
 */
import { useCallback } from 'react';
import { useApi } from './api.ts';
import { useSession } from './session.tsx';

interface Person {
  username: string;
  displayName: string;
  role: string;
}

export function usePeople() {
  const { user } = useSession();
  const staff = user !== null && user.role !== 'enterprise';
  const { data } = useApi<{ items: Person[] }>(staff ? '/api/people' : null);
  const map = new Map((data?.items ?? []).map((p) => [p.username, p]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map follows the data
  return useCallback((username: string) => map.get(username)?.displayName || username, [data]);
}
