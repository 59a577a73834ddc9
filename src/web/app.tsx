/**
 * The shell: header with language switch and session, a role-aware menu, and the page for the
 * current hash route. A page appears in the menu only when the server offers what it needs.
 */
import { useEffect, useState } from 'react';
import { setApiLang } from './api.ts';
import { CatalogueProvider } from './catalogue-data.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { I18nProvider, type Key, useI18n } from './i18n/index.tsx';
import { CataloguePage } from './pages/catalogue.tsx';
import { LoginPage } from './pages/login.tsx';
import { MeasurePage } from './pages/measure.tsx';
import { SelfCheckPage } from './pages/self-check.tsx';
import { href, useRoute } from './router.tsx';
import { type Role, SessionProvider, useSession } from './session.tsx';

interface MenuItem {
  route: string;
  label: Key;
  /** Who sees it; undefined = everyone, signed in or not. */
  roles?: Role[];
}

export const MENU: MenuItem[] = [
  { route: 'catalogue', label: 'nav.catalogue' },
  { route: 'check', label: 'nav.check' },
];

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
              {t('login.signedInAs', {
                name: user.displayName || user.username,
                role: t(`role.${user.role}` as Key),
              })}
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

function Nav({ current, open }: { current: string; open: boolean }) {
  const { t } = useI18n();
  const { user } = useSession();
  const items = MENU.filter((m) => !m.roles || (user && m.roles.includes(user.role)));
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

function Page() {
  const route = useRoute();
  const [first = 'catalogue', second] = route.segments;
  switch (first) {
    case 'catalogue':
      return second ? <MeasurePage id={second} /> : <CataloguePage query={route.query} />;
    case 'check':
      return <SelfCheckPage query={route.query} />;
    case 'login':
      return <LoginPage next={route.query.get('next')} />;
    default:
      return <NotFound />;
  }
}

function Shell() {
  const { t, lang } = useI18n();
  const route = useRoute();
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
      <Nav current={current} open={menuOpen} />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={route.segments.join('/')}>
          <Page />
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
