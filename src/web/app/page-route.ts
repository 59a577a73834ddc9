/**
 * One page of the router, declared by the area that owns it (`pages/<area>/routes.ts`): its path, its
 * code (loaded on first visit: one chunk per page), who may open it, and its menu entry.
 */
import type { ComponentType } from 'react';
import type { AnyKey } from '../i18n/index.ts';
import type { Role } from '../session.tsx';

export type MenuGroup = 'service' | 'mine' | 'work' | 'oversight' | 'admin' | (string & {});

export interface PageRoute {
  /** Path under the site root without the leading slash: 'review/:id'. */
  path: string;
  /** The page's module; its default export is the page. */
  load: () => Promise<{ default: ComponentType }>;
  /**
   * true: in the public area (no sign-in; the page may call only the public API: /api/catalogue,
   * /api/calc, /api/public/*). Otherwise `roles` says who may open it (undefined: anyone).
   */
  public?: boolean;
  roles?: Role[];
  /** The API path the page needs; until the server documents it the page is hidden and refused. */
  needs?: string;
  /** The menu entry, for list pages (not for detail pages such as review/:id). */
  menu?: { label: AnyKey; group: MenuGroup; order: number };
}

export const OFFICERS: Role[] = ['reviewer', 'approver', 'admin'];
export const READERS: Role[] = [...OFFICERS, 'auditor'];
