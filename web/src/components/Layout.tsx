import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useMe } from '../auth-api';
import { setLanguage } from '../i18n';
import { SyntheticBanner } from './SyntheticBanner';

/** `permission`: the item shows only to users holding it (the API enforces the same permission). */
export const NAV_ITEMS: ReadonlyArray<{ to: string; key: string; permission?: string }> = [
  { to: '/', key: 'dashboard' },
  { to: '/technologies', key: 'technologies' },
  { to: '/countries', key: 'countries' },
  { to: '/strategy', key: 'strategy' },
  { to: '/foresight', key: 'foresight' },
  { to: '/targets', key: 'targets' },
  { to: '/programmes', key: 'programmes', permission: 'programmes:read' },
  { to: '/security', key: 'security', permission: 'security:submit' },
  { to: '/forum', key: 'forum' },
  { to: '/talent', key: 'talent' },
  { to: '/admin', key: 'admin', permission: 'users:manage' },
];

export function Layout() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'ko' ? 'en' : 'ko';
  const me = useMe();
  const user = me.data?.user ?? null;
  const visible = NAV_ITEMS.filter((item) => !item.permission || user?.permissions.includes(item.permission));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <NavLink to="/" className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </NavLink>
        <div className="header-tools">
          <NavLink to="/system" className="header-link">
            {t('nav.system')}
          </NavLink>
          {user ? (
            <NavLink to="/profile" className="header-link header-user" data-testid="header-user">
              {t('account.signedInAs', { name: user.displayName })}
            </NavLink>
          ) : (
            <NavLink to="/sign-in" className="header-link" data-testid="header-sign-in">
              {t('account.signIn')}
            </NavLink>
          )}
          <button
            type="button"
            className="lang-toggle"
            data-testid="lang-toggle"
            aria-label={t('app.switchToLabel')}
            lang={other}
            onClick={() => setLanguage(other)}
          >
            {t('app.switchTo')}
          </button>
        </div>
      </header>
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          {visible.map((item) => (
            <li key={item.key}>
              <NavLink to={item.to} end={item.to === '/'} data-testid={`nav-${item.key}`}>
                {t(`nav.${item.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <SyntheticBanner />
      <main id="main" className="main">
        <Outlet />
      </main>
    </div>
  );
}
