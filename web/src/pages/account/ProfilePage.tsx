import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuthActions, useMe } from '../../auth-api';
import { PasswordSection } from './PasswordSection';
import { TokensSection } from './TokensSection';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { signOut } = useAuthActions();
  const [error, setError] = useState<string | null>(null);
  const user = me.data?.user;

  if (me.isPending) return <p>{t('system.loading')}</p>;
  if (!user) {
    return (
      <section className="narrow">
        <h1>{t('account.profileTitle')}</h1>
        <p>
          {t('account.signedOut')} <Link to="/sign-in">{t('account.signIn')}</Link>
        </p>
      </section>
    );
  }
  const out = async (everywhere: boolean) => {
    try {
      await signOut(everywhere);
      navigate('/');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>{t('account.profileTitle')}</h1>
      <dl className="facts" data-testid="profile">
        <dt>{t('account.displayName')}</dt>
        <dd data-testid="profile-name">{user.displayName}</dd>
        <dt>{t('account.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('account.roles')}</dt>
        <dd data-testid="profile-roles">
          {user.roles.length === 0 ? t('account.noRoles') : user.roles.map((r) => t(`roles.${r}`)).join(', ')}
        </dd>
        <dt>{t('account.permissions')}</dt>
        <dd>{user.permissions.join(', ') || '—'}</dd>
        <dt>{t('account.sessions')}</dt>
        <dd>{me.data?.sessions ?? '—'}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" className="button" data-testid="sign-out" onClick={() => void out(false)}>
          {t('account.signOut')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          data-testid="sign-out-all"
          onClick={() => void out(true)}
        >
          {t('account.signOutEverywhere')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {user.permissions.includes('tokens:own') && <TokensSection user={user} />}
      {user.via === 'session' && <PasswordSection />}
    </section>
  );
}
