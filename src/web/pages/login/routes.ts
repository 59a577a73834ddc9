/** 登录: sign in, then go back where you were heading. */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [{ path: 'login', load: () => import('./index.tsx') }];
