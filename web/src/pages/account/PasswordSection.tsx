import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { send, useAuthActions } from '../../auth-api';

/** Change one's own password; every session ends, so the user signs in again. */
export function PasswordSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { forget } = useAuthActions();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await send('POST', '/api/v1/auth/password', { currentPassword: current, newPassword: next });
      await forget();
      navigate('/sign-in');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <h2>{t('account.changePassword')}</h2>
      <form className="form form-inline" onSubmit={submit} data-testid="change-password">
        <label>
          {t('account.currentPassword')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          {t('account.newPassword')}
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          {t('account.changePassword')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
