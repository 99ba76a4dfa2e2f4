import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api-client';
import { useAuthActions } from '../../auth-api';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signIn } = useAuthActions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      navigate('/profile');
    } catch (e) {
      const code = e instanceof ApiError ? e.code : undefined;
      setError(
        code === 'CET_ACCOUNT_LOCKED'
          ? t('account.locked')
          : code === 'CET_RATE_LIMITED'
            ? t('account.tooMany')
            : code === 'CET_UNAUTHENTICATED'
              ? t('account.wrongCredentials')
              : t('account.failed', { message: (e as Error).message }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('account.signInTitle')}</h1>
      <form className="form" onSubmit={submit} data-testid="sign-in-form">
        <label>
          {t('account.username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('account.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={busy} data-testid="sign-in-submit">
          {t('account.signIn')}
        </button>
      </form>
      <p className="source">
        <Link to="/reset-password">{t('account.resetLink')}</Link>
      </p>
    </section>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const res = await fetch('/api/v1/auth/reset-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token: token.trim(), newPassword: password }),
      });
      const body = (await res.json()) as { detail?: string };
      setMessage(
        res.ok
          ? { ok: true, text: t('account.resetDone') }
          : { ok: false, text: body.detail ?? String(res.status) },
      );
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };

  return (
    <section className="narrow">
      <h1>{t('account.resetTitle')}</h1>
      <p className="intro">{t('account.resetIntro')}</p>
      <form className="form" onSubmit={submit}>
        <label>
          {t('account.resetToken')}
          <input name="token" required value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <label>
          {t('account.newPassword')}
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          {t('account.resetSubmit')}
        </button>
        {message && (
          <p className={message.ok ? 'status-ok' : 'error'} role="status">
            {message.text} {message.ok && <Link to="/sign-in">{t('account.signIn')}</Link>}
          </p>
        )}
      </form>
    </section>
  );
}
