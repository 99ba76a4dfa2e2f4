import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';
import { send, type Me } from '../../auth-api';

interface TokenDto {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The signed-in user's API tokens: create one limited to some of their permissions (shown once), revoke. */
export function TokensSection({ user }: { user: Me }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => getJson<{ tokens: TokenDto[] }>('/api/v1/tokens'),
  });
  const done = () => client.invalidateQueries({ queryKey: ['tokens'] });
  const create = useMutation({
    mutationFn: () => send<{ token: string }>('POST', '/api/v1/tokens', { name, scopes }),
    onSuccess: (r) => {
      setCreated(r.token);
      setName('');
      setScopes([]);
      setError(null);
      return done();
    },
    onError: (e) => setError((e as Error).message),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => send('DELETE', `/api/v1/tokens/${id}`),
    onSuccess: done,
    onError: (e) => setError((e as Error).message),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const fmt = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(i18n.language === 'ko' ? 'ko-KR' : 'en-GB') : '—';
  return (
    <>
      <h2>{t('tokens.title')}</h2>
      <p className="intro">{t('tokens.intro')}</p>
      <form className="form form-inline" onSubmit={submit} data-testid="create-token">
        <label>
          {t('tokens.name')}
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('tokens.scopes')}</legend>
          {user.permissions.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(p)}
                onChange={() =>
                  setScopes(scopes.includes(p) ? scopes.filter((s) => s !== p) : [...scopes, p])
                }
              />
              <code>{p}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={create.isPending || scopes.length === 0}>
          {t('tokens.create')}
        </button>
      </form>
      {created && (
        <p className="panel" data-testid="new-token">
          {t('tokens.shownOnce')} <code>{created}</code>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tokens.data && tokens.data.tokens.length > 0 && (
        <table className="data-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>{t('tokens.name')}</th>
              <th>{t('tokens.scopes')}</th>
              <th>{t('tokens.created')}</th>
              <th>{t('tokens.lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((tok) => (
              <tr key={tok.id}>
                <td>
                  {tok.name}
                  <div className="source">
                    <code>{tok.prefix}…</code>
                  </div>
                </td>
                <td>{tok.scopes.join(', ')}</td>
                <td>{fmt(tok.createdAt)}</td>
                <td>{fmt(tok.lastUsedAt)}</td>
                <td>
                  {tok.revokedAt ? (
                    t('tokens.revoked')
                  ) : (
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => revoke.mutate(tok.id)}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
