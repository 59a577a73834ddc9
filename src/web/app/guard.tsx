/**
 * Who may open a page: public pages anyone (inside the public area, which may reach only the public
 * API); others by role, after sign-in. A page whose API the server does not offer yet says so.
 */
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { PublicScope } from '../api.ts';
import { Loading } from '../components/status.tsx';
import { useI18n } from '../i18n/index.ts';
import { useSession } from '../session.tsx';
import { useApiPaths } from './api-paths.tsx';
import type { PageRoute } from './page-route.ts';

export function SignInFirst() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const next = location.pathname + location.search;
  return (
    <Result
      status="403"
      title={t('common.signInNeeded')}
      extra={
        <Button
          type="primary"
          data-testid="sign-in-again"
          onClick={() => navigate(`/login?next=${encodeURIComponent(next)}`)}
        >
          {t('nav.login')}
        </Button>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('app.notFound')}</h1>}
      extra={<Link to="/catalogue">{t('app.backHome')}</Link>}
    />
  );
}

export function Guard({ page, children }: { page: PageRoute; children: ReactNode }) {
  const { t } = useI18n();
  const { user, ready } = useSession();
  const { paths, ready: pathsReady } = useApiPaths();
  if (page.roles) {
    if (!ready) return <Loading />;
    if (!user) return <SignInFirst />;
    if (!page.roles.includes(user.role))
      return <Result status="403" title={<h1 className="result-title">{t('common.forbidden')}</h1>} />;
  }
  if (page.needs) {
    if (!pathsReady) return <Loading />;
    if (!paths.has(page.needs)) return <NotFound />;
  }
  return <>{children}</>;
}

/** The unauthenticated area: its pages may call only the public API (api.ts refuses anything else). */
export function PublicArea() {
  return (
    <PublicScope>
      <Outlet />
    </PublicScope>
  );
}
