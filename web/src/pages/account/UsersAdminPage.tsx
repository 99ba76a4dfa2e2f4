import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';
import { ROLES, send, type Role, type UserDto } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';

function UserRow({ user, onError }: { user: UserDto; onError: (m: string | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [resetToken, setResetToken] = useState<string | null>(null);
  const patch = useMutation({
    mutationFn: (body: { roles?: Role[]; disabled?: boolean }) =>
      send<UserDto>('PATCH', `/api/v1/users/${user.id}`, body),
    onSuccess: () => {
      onError(null);
      return client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => onError((e as Error).message),
  });
  const toggleRole = (role: Role) =>
    patch.mutate({
      roles: user.roles.includes(role) ? user.roles.filter((r) => r !== role) : [...user.roles, role],
    });
  const issueReset = async () => {
    try {
      const r = await send<{ token: string }>('POST', `/api/v1/users/${user.id}/reset-token`);
      setResetToken(r.token);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <tr data-testid={`user-${user.username}`}>
      <td>
        <strong>{user.displayName}</strong>
        <div className="source">{user.username}</div>
      </td>
      <td>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={user.roles.includes(role)}
              disabled={patch.isPending}
              onChange={() => toggleRole(role)}
            />
            {t(`roles.${role}`)}
          </label>
        ))}
      </td>
      <td>{user.disabled ? t('users.disabled') : t('users.enabled')}</td>
      <td>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => patch.mutate({ disabled: !user.disabled })}
        >
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => void issueReset()}>
          {t('users.issueReset')}
        </button>
        {resetToken && (
          <p className="source">
            {t('users.resetTokenShown')} <code>{resetToken}</code>
          </p>
        )}
      </td>
    </tr>
  );
}

function CreateUser({ onError }: { onError: (m: string | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const create = useMutation({
    mutationFn: () =>
      send<UserDto>('POST', '/api/v1/users', {
        username,
        displayName: displayName || undefined,
        password,
        roles,
      }),
    onSuccess: () => {
      setUsername('');
      setDisplayName('');
      setPassword('');
      setRoles([]);
      onError(null);
      return client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => onError((e as Error).message),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="form form-inline" onSubmit={submit} data-testid="create-user">
      <label>
        {t('account.username')}
        <input required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('account.displayName')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {t('users.initialPassword')}
        <input
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('account.roles')}</legend>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={() =>
                setRoles(roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role])
              }
            />
            {t(`roles.${role}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={create.isPending}>
        {t('users.create')}
      </button>
    </form>
  );
}

function Users() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => getJson<{ users: UserDto[] }>('/api/v1/users'),
  });
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>{t('users.createTitle')}</h2>
      <CreateUser onError={setError} />
      <h2>{t('users.listTitle')}</h2>
      {users.isError && <p className="error">{users.error.message}</p>}
      {users.data && (
        <table className="data-table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('users.user')}</th>
              <th>{t('account.roles')}</th>
              <th>{t('users.state')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <UserRow key={u.id} user={u} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function UsersAdminPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('users.title')}</h1>
      <p className="intro">{t('users.intro')}</p>
      <RequirePermission permission="users:manage">
        <Users />
      </RequirePermission>
    </section>
  );
}
