/**
 * The frame of every page: a header (brand, language, who is signed in), the menu of the pages the
 * signed-in role may use (a side menu on wide screens, a drawer on phones), the page, a footer.
 */
import { Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { Loading } from '../components/status.tsx';
import { type AnyKey, useI18n } from '../i18n/index.ts';
import { type Role, useSession } from '../session.tsx';
import { useApiPaths } from './api-paths.tsx';
import type { MenuGroup, PageRoute } from './page-route.ts';
import { PAGES } from './routes.tsx';

const GROUPS: { group: MenuGroup; label: AnyKey }[] = [
  { group: 'service', label: 'menu.service' },
  { group: 'mine', label: 'menu.mine' },
  { group: 'work', label: 'menu.work' },
  { group: 'oversight', label: 'menu.oversight' },
  { group: 'admin', label: 'menu.admin' },
];

function visible(page: PageRoute, role: Role | undefined, paths: Set<string>): boolean {
  if (!page.menu) return false;
  if (page.roles && (!role || !page.roles.includes(role))) return false;
  return !page.needs || paths.has(page.needs);
}

function useMenuItems(): MenuProps['items'] {
  const { t } = useI18n();
  const { user } = useSession();
  const { paths } = useApiPaths();
  return useMemo(() => {
    const pages = PAGES.filter((p) => visible(p, user?.role, paths));
    const groups = [...GROUPS.map((g) => g.group), ...new Set(pages.map((p) => p.menu!.group))].filter(
      (g, i, all) => all.indexOf(g) === i,
    );
    return groups
      .map((group) => {
        const inGroup = pages
          .filter((p) => p.menu!.group === group)
          .sort((a, b) => a.menu!.order - b.menu!.order);
        const label = GROUPS.find((g) => g.group === group)?.label ?? (`menu.${group}` as AnyKey);
        return {
          type: 'group' as const,
          key: `g-${group}`,
          label: t(label as never),
          children: inGroup.map((p) => ({
            key: `/${p.path}`,
            label: <Link to={`/${p.path}`}>{t(p.menu!.label as never)}</Link>,
          })),
        };
      })
      .filter((g) => g.children.length > 0);
  }, [t, user?.role, paths]);
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const items = useMenuItems();
  const location = useLocation();
  // The menu entry whose path is the longest prefix of this page's (/matching/interests/1 → 对接进展,
  // not 榜单大厅 at /matching); the first segment when none is.
  const keys = (items ?? []).flatMap((g) =>
    g && 'children' in g ? (g.children ?? []).map((c) => String(c?.key ?? '')) : [],
  );
  const path = location.pathname;
  const first =
    keys.filter((k) => path === k || path.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0] ??
    `/${path.split('/')[1] ?? ''}`;
  return (
    <nav aria-label={t('app.menu')} id="main-nav">
      <Menu mode="inline" items={items} selectedKeys={[first]} onClick={onNavigate} />
    </nav>
  );
}

function Header({ phone, menuOpen, onMenu }: { phone: boolean; menuOpen: boolean; onMenu: () => void }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const name = user ? user.displayName || user.username : '';
  const role = user ? t(`role.${user.role}` as never) : '';
  return (
    <Layout.Header className="topbar">
      {phone ? (
        <Button className="menu-toggle" type="text" onClick={onMenu} aria-expanded={menuOpen}>
          ☰ {t('app.menu')}
        </Button>
      ) : null}
      <Link className="brand" to="/catalogue">
        <strong>{t('app.name')}</strong>
        {phone ? null : <span>{t('app.tagline')}</span>}
      </Link>
      <div className="topbar-actions">
        <Button
          size="small"
          ghost
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          data-testid="lang-switch"
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t('lang.switch')}
        </Button>
        {user ? (
          <>
            <span className="user" data-testid="user">
              {phone
                ? name
                : name.includes(role)
                  ? t('login.signedInAsName', { name })
                  : t('login.signedInAs', { name, role })}
            </span>
            <Button
              size="small"
              ghost
              onClick={() => {
                void logout().then(() => navigate('/catalogue'));
              }}
            >
              {t('nav.logout')}
            </Button>
          </>
        ) : (
          <Button size="small" ghost onClick={() => navigate('/login')}>
            {t('nav.login')}
          </Button>
        )}
      </div>
    </Layout.Header>
  );
}

export function Shell() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = screens.lg === false;
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();

  // After a navigation: close the phone menu and start at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a change of page
  useEffect(() => {
    setDrawer(false);
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skip')}
      </button>
      <Layout className="app">
        <Header phone={phone} menuOpen={drawer} onMenu={() => setDrawer(true)} />
        <Layout>
          {phone ? (
            <Drawer
              open={drawer}
              onClose={() => setDrawer(false)}
              placement="left"
              size={260}
              title={t('app.menu')}
              className="nav-drawer"
            >
              <SideMenu onNavigate={() => setDrawer(false)} />
            </Drawer>
          ) : (
            <Layout.Sider width={208} className="sider no-print" theme="light">
              <SideMenu />
            </Layout.Sider>
          )}
          <Layout>
            <Layout.Content id="main" tabIndex={-1} className="content">
              <ErrorBoundary key={location.pathname}>
                <Suspense fallback={<Loading />}>
                  <Outlet />
                </Suspense>
              </ErrorBoundary>
            </Layout.Content>
            <Layout.Footer className="footer">{t('app.footer')}</Layout.Footer>
          </Layout>
        </Layout>
      </Layout>
    </>
  );
}
