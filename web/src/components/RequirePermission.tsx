import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../auth-api';

/** Shows its children only to a user holding the permission; others are told to sign in or that it is not theirs. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <p>{t('system.loading')}</p>;
  const user = me.data?.user;
  if (!user) {
    return (
      <div className="panel panel-muted" data-testid="needs-sign-in">
        <p>
          {t('account.needsSignIn')} <Link to="/sign-in">{t('account.signIn')}</Link>
        </p>
      </div>
    );
  }
  if (!user.permissions.includes(permission)) {
    return (
      <div className="panel panel-muted" data-testid="not-allowed">
        <p>{t('account.notAllowed')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
