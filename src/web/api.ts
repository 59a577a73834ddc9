/**
 * The one way the browser talks to the server: JSON over fetch with the session cookie. Errors come
 * back as `{ error: { code, message: { zh, en }, issues? } }` and become an ApiError whose issues
 * name fields by dotted path ("applicant.city", "matters.0.figures.bidAmount").
 */
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface FieldIssue {
  path: string;
  rule: string;
  zh: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string } | null,
    readonly issues: FieldIssue[] = [],
  ) {
    super(text?.en ?? code);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let currentLang: 'zh' | 'en' = 'zh';
/** The API words some results (reasons, formulas) in one language: tell it which. */
export function setApiLang(lang: 'zh' | 'en'): void {
  currentLang = lang;
}

/**
 * The API a public page may call: the catalogue, the calculator, /api/public/*, the 揭榜挂帅 lists and
 * problems (src/api/routes/challenges.ts: published only to anyone) and the 双向发榜 listings and their matches (published only, never contact details: src/api/routes/matching.ts). Inside the public
 * area (PublicScope) useApi refuses anything else, so no private record is fetched there by mistake.
 */
export const PUBLIC_API = [
  /^\/api\/catalogue(\/|\?|$)/,
  /^\/api\/calc(\?|$)/,
  /^\/api\/public\//,
  // The server's date (src/web/today.ts): forms on public pages (the self-check) default to it.
  /^\/api\/now$/,
  /^\/api\/matching\/(reference|listings)(\/|\?|$)/,
  // 揭榜挂帅: the reference, published lists and the problems on them (never bids, never the entitlement).
  /^\/api\/challenges\/reference$/,
  /^\/api\/challenges\/(lists|problems)(\/[0-9a-f-]{36})?(\?|$)/,
];
export function isPublicApi(path: string): boolean {
  return PUBLIC_API.some((re) => re.test(path));
}
const PublicContext = createContext(false);
export function PublicScope({ children }: { children: ReactNode }) {
  return createElement(PublicContext.Provider, { value: true }, children);
}

export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return send<T>(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
  );
}

/** multipart/form-data (file uploads); the browser sets the boundary. */
export function upload<T>(path: string, form: FormData): Promise<T> {
  return send<T>('POST', path, form, {});
}

/** A file as the request body (an import whose route reads the raw file, e.g. CSV or .xlsx). */
export function sendFile<T>(path: string, file: Blob): Promise<T> {
  return send<T>('POST', path, file, { 'Content-Type': file.type || 'application/octet-stream' });
}

/** The one fetch: session cookie, JSON answers, the interface language; a network failure is an ApiError. */
async function send<T>(
  method: Method,
  path: string,
  body: BodyInit | undefined,
  headers: Record<string, string>,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLang === 'zh' ? 'zh-CN' : 'en',
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', null);
  }
  return readResponse<T>(res);
}

async function readResponse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (
      data as { error?: { code?: string; message?: { zh: string; en: string }; issues?: FieldIssue[] } }
    )?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? null,
      err?.issues ?? [],
    );
  }
  return data as T;
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GET a resource; re-fetches when the path changes (pass null to wait). */
export function useApi<T>(requested: string | null): Loaded<T> {
  const publicOnly = useContext(PublicContext);
  const refused = publicOnly && requested !== null && !isPublicApi(requested);
  const path = refused ? null : requested;
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const n = ++current.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>('GET', path).then(
      (data) => n === current.current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        n === current.current &&
        setState({
          data: null,
          error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', null),
          loading: false,
        }),
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  if (refused)
    return {
      data: null,
      error: new ApiError(0, 'NOT_PUBLIC', {
        zh: '公开页面不能读取此数据',
        en: 'a public page cannot read this',
      }),
      loading: false,
      reload,
    };
  return { ...state, reload };
}
