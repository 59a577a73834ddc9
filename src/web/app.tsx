/**
 * The shell: header with language switch and session, a role-aware menu, and the page for the
 * current hash route. A page appears in the menu only when the server offers what it needs.
 */
import { useEffect, useMemo, useState } from 'react';
import type { OrganisationRecord } from '../storage/repositories/organisations.ts';
import { setApiLang, useApi } from './api.ts';
import { CatalogueProvider } from './catalogue-data.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { Loading } from './components/ui.tsx';
import { I18nProvider, type Key, useI18n } from './i18n/index.tsx';
import { ApplicationsPage, ApplyButton } from './pages/applications.tsx';
import { AuditPage } from './pages/audit.tsx';
import { CataloguePage } from './pages/catalogue.tsx';
import { FundPage } from './pages/fund.tsx';
import { LoginPage } from './pages/login.tsx';
import { MeasurePage } from './pages/measure.tsx';
import { ReviewPage } from './pages/review.tsx';
import { ScreeningPage } from './pages/screening.tsx';
import { formFromOrganisation } from './pages/self-check/form.ts';
import { SelfCheckPage } from './pages/self-check.tsx';
import { SimulationPage } from './pages/simulation.tsx';
import { href, useRoute } from './router.tsx';
import { type Role, SessionProvider, useSession } from './session.tsx';

interface MenuItem {
  route: string;
  label: Key;
  /** Who sees it; undefined = everyone, signed in or not. */
  roles?: Role[];
  /** The API path the page needs; the page stays out of the menu until the server offers it. */
  needs?: string;
}

const OFFICERS: Role[] = ['reviewer', 'approver', 'admin'];

export const MENU: MenuItem[] = [
  { route: 'catalogue', label: 'nav.catalogue' },
  { route: 'check', label: 'nav.check' },
  { route: 'applications', label: 'nav.applications', roles: ['enterprise'], needs: '/api/applications' },
  { route: 'review', label: 'nav.review', roles: [...OFFICERS, 'auditor'], needs: '/api/review/queue' },
  { route: 'fund', label: 'nav.fund', roles: [...OFFICERS, 'auditor'], needs: '/api/ledger' },
  {
    route: 'screening',
    label: 'nav.screening',
    roles: [...OFFICERS, 'auditor'],
    needs: '/api/screening/runs',
  },
  { route: 'simulation', label: 'nav.simulation', roles: OFFICERS, needs: '/api/simulations' },
  { route: 'audit', label: 'nav.audit', roles: ['auditor', 'admin'], needs: '/api/audit' },
];

/** The API paths the server documents (GET /api/openapi.json), to know which pages can work. */
function useApiPaths(): Set<string> {
  const { data } = useApi<{ paths?: Record<string, unknown> }>('/api/openapi.json');
  return useMemo(() => new Set(Object.keys(data?.paths ?? {})), [data]);
}

function allowed(item: MenuItem, role: Role | undefined, paths: Set<string>): boolean {
  if (item.roles && (!role || !item.roles.includes(role))) return false;
  return !item.needs || paths.has(item.needs);
}

/** "已登录：名称（角色）", without repeating a role the display name already carries. */
function signedInLine(name: string, role: string, t: ReturnType<typeof useI18n>['t']): string {
  return name.includes(role) ? t('login.signedInAsName', { name }) : t('login.signedInAs', { name, role });
}

function Header({ menuOpen, onToggleMenu }: { menuOpen: boolean; onToggleMenu: () => void }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useSession();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <a className="brand" href={href(['catalogue'])}>
          <strong>{t('app.name')}</strong>
          <span>{t('app.tagline')}</span>
        </a>
        <button
          type="button"
          className="btn btn-ghost btn-small menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={onToggleMenu}
        >
          ☰ {t('app.menu')}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          aria-label={t('lang.switchLabel')}
          data-testid="lang-switch"
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t('lang.switch')}
        </button>
        {user ? (
          <>
            <span className="user" data-testid="user">
              {signedInLine(user.displayName || user.username, t(`role.${user.role}` as Key), t)}
            </span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => {
                void logout().then(() => {
                  location.hash = href(['catalogue']);
                });
              }}
            >
              {t('nav.logout')}
            </button>
          </>
        ) : (
          <a className="btn btn-ghost btn-small" href={href(['login'])}>
            {t('nav.login')}
          </a>
        )}
      </div>
    </header>
  );
}

function Nav({ current, open, paths }: { current: string; open: boolean; paths: Set<string> }) {
  const { t } = useI18n();
  const { user } = useSession();
  const items = MENU.filter((m) => allowed(m, user?.role, paths));
  return (
    <nav className="nav" id="main-nav" aria-label={t('app.menu')} data-open={open}>
      <ul>
        {items.map((m) => (
          <li key={m.route}>
            <a href={href([m.route])} aria-current={current === m.route ? 'page' : undefined}>
              {t(m.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="card">
      <h1>{t('app.notFound')}</h1>
      <a href={href(['catalogue'])}>{t('app.backHome')}</a>
    </div>
  );
}

function Page({ paths }: { paths: Set<string> }) {
  const route = useRoute();
  const { user, ready } = useSession();
  const [first = 'catalogue', second] = route.segments;
  const item = MENU.find((m) => m.route === first);
  if (item?.roles) {
    if (!ready) return <Loading />;
    if (!user) return <SignInFirst />;
    if (!allowed(item, user.role, paths) && paths.size > 0) return <NotFound />;
  }
  switch (first) {
    case 'catalogue':
      return second ? <MeasurePage id={second} /> : <CataloguePage query={route.query} />;
    case 'check':
      return <CheckRoute query={route.query} paths={paths} />;
    case 'applications':
      return <ApplicationsPage id={second} query={route.query} inbox={paths.has('/api/inbox')} />;
    case 'review':
      return <ReviewPage id={second} query={route.query} />;
    case 'fund':
      return <FundPage query={route.query} />;
    case 'audit':
      return <AuditPage query={route.query} />;
    case 'screening':
      return <ScreeningPage id={second} />;
    case 'simulation':
      return <SimulationPage />;
    case 'login':
      return <LoginPage next={route.query.get('next')} />;
    default:
      return <NotFound />;
  }
}

/**
 * The self-check, prefilled from the signed-in enterprise's registry record, with "apply" under each
 * granted measure when the server takes applications.
 */
function CheckRoute({ query, paths }: { query: URLSearchParams; paths: Set<string> }) {
  const { user, ready } = useSession();
  const enterprise = user?.role === 'enterprise' && user.organisationId ? user.organisationId : null;
  const org = useApi<OrganisationRecord>(
    enterprise && paths.has('/api/organisations/{id}') ? `/api/organisations/${enterprise}` : null,
  );
  const prefill = useMemo(() => (org.data ? formFromOrganisation(org.data) : null), [org.data]);
  if (!ready) return <Loading />;
  const canApply = enterprise !== null && paths.has('/api/applications/from-self-check');
  return (
    <SelfCheckPage
      query={query}
      prefill={prefill}
      renderApply={
        canApply ? (g, input, title) => <ApplyButton grant={g} input={input} title={title} /> : undefined
      }
    />
  );
}

function SignInFirst() {
  const { t } = useI18n();
  return (
    <div className="card">
      <p>{t('common.signInNeeded')}</p>
      <a
        className="btn btn-primary"
        href={href(['login'], { next: location.hash })}
        data-testid="sign-in-again"
      >
        {t('nav.login')}
      </a>
    </div>
  );
}

function Shell() {
  const { t, lang } = useI18n();
  const route = useRoute();
  const paths = useApiPaths();
  const [menuOpen, setMenuOpen] = useState(false);
  const current = route.segments[0] ?? 'catalogue';
  setApiLang(lang);
  // Close the phone menu and move focus to the page after a navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on route change
  useEffect(() => {
    setMenuOpen(false);
    window.scrollTo(0, 0);
  }, [current, route.segments[1]]);
  return (
    <>
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skip')}
      </button>
      <Header menuOpen={menuOpen} onToggleMenu={() => setMenuOpen((o) => !o)} />
      <Nav current={current} open={menuOpen} paths={paths} />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={route.segments.join('/')}>
          <Page paths={paths} />
        </ErrorBoundary>
      </main>
      <footer className="footer">{t('app.footer')}</footer>
    </>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <CatalogueProvider>
          <Shell />
        </CatalogueProvider>
      </SessionProvider>
    </I18nProvider>
  );
}
