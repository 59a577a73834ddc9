/**
 * The API paths the server documents (GET /api/openapi.json). A page that needs a path the server
 * does not offer yet stays out of the menu and says so when opened, so a page never shows invented data.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useApi } from '../api.ts';

const PathsContext = createContext<{ paths: Set<string>; ready: boolean }>({
  paths: new Set(),
  ready: false,
});

export function ApiPathsProvider({ children }: { children: ReactNode }) {
  const { data, error } = useApi<{ paths?: Record<string, unknown> }>('/api/openapi.json');
  const value = useMemo(
    () => ({ paths: new Set(Object.keys(data?.paths ?? {})), ready: Boolean(data || error) }),
    [data, error],
  );
  return <PathsContext.Provider value={value}>{children}</PathsContext.Provider>;
}

export function useApiPaths() {
  return useContext(PathsContext);
}
