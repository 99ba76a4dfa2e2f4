import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { setLanguage } from '../i18n';
import { SyntheticBanner } from './SyntheticBanner';

export const NAV_ITEMS = [
  { to: '/', key: 'dashboard' },
  { to: '/technologies', key: 'technologies' },
  { to: '/countries', key: 'countries' },
  { to: '/strategy', key: 'strategy' },
  { to: '/foresight', key: 'foresight' },
  { to: '/programmes', key: 'programmes' },
  { to: '/security', key: 'security' },
  { to: '/forum', key: 'forum' },
  { to: '/talent', key: 'talent' },
  { to: '/admin', key: 'admin' },
] as const;

export function Layout() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'ko' ? 'en' : 'ko';
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
          {NAV_ITEMS.map((item) => (
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
