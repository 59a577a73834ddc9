/**
 * Who is signed in: read once from `GET /api/auth/me` (401 → nobody), updated by login/logout.
 * The session itself is an HTTP-only cookie the server sets; the browser never sees a token.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api.ts';

export type Role = 'enterprise' | 'reviewer' | 'approver' | 'admin' | 'auditor' | 'broker' | 'expert';

export interface User {
  id?: string;
  username: string;
  displayName?: string;
  role: Role;
  organisationId?: string | null;
}

interface Session {
  user: User | null;
  ready: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The API may wrap the user (`{ user: {...} }`) or return it bare; accept both, camel or snake case. */
export function normaliseUser(raw: unknown): User | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const u = (r.user && typeof r.user === 'object' ? r.user : r) as Record<string, unknown>;
  if (typeof u.username !== 'string' || typeof u.role !== 'string') return null;
  return {
    id: typeof u.id === 'string' ? u.id : undefined,
    username: u.username,
    displayName: (u.displayName ?? u.display_name) as string | undefined,
    role: u.role as Role,
    organisationId: (u.organisationId ?? u.organisation_id ?? null) as string | null,
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setUser(normaliseUser(await api<unknown>('GET', '/api/auth/me')));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setUser(null);
    } finally {
      setReady(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (username: string, password: string) => {
    const u = normaliseUser(await api<unknown>('POST', '/api/auth/login', { username, password }));
    if (!u) throw new ApiError(500, 'BAD_RESPONSE', null);
    setUser(u);
    return u;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout', {});
    } finally {
      // What one user typed (the self-check form) must not be shown to the next on a shared computer.
      try {
        sessionStorage.clear();
      } catch {
        // Storage unavailable: nothing was kept.
      }
      setUser(null);
    }
  }, []);

  const value = useMemo(
    () => ({ user, ready, login, logout, refresh }),
    [user, ready, login, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
