/**
 * 揭榜挂帅 challenge lists: this area's pages (docs/web.md, "Adding a page"). Each page is a file beside this one; list it
 * here with its path, roles, the API it needs and its menu entry (group 'challenges').
 */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [];
