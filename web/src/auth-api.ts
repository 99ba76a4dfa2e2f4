/**
 * The signed-in user and writes to the API. The session lives in an HttpOnly cookie the page cannot read;
 * writes carry the CSRF token from sign-in (or GET /api/v1/auth/csrf) in the x-csrf-token header.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, getJson } from './api-client';

export type Role = 'admin' | 'analyst' | 'programme_manager' | 'security_reviewer' | 'researcher' | 'public';
export const ROLES: Role[] = [
  'admin',
  'analyst',
  'programme_manager',
  'security_reviewer',
  'researcher',
  'public',
];

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: string[];
  via: 'session' | 'token';
}

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  roles: Role[];
  createdAt: string;
}

export interface AuditEntryDto {
  seq: number;
  at: string;
  actor: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown>;
  hash: string;
}

let csrfToken: string | null = null;

export async function currentCsrf(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const res = await fetch('/api/v1/auth/csrf', { headers: { accept: 'application/json' } });
  if (!res.ok) return null;
  csrfToken = ((await res.json()) as { csrfToken: string | null }).csrfToken;
  return csrfToken;
}

/** POST/PATCH/DELETE with JSON and the CSRF token; problem+json errors become ApiError. */
export async function send<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = path === '/api/v1/auth/login' ? null : await currentCsrf();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
    throw new ApiError(res.status, problem.code, problem.detail ?? `${res.status} ${res.statusText}`);
  }
  return (res.status === 204 ? null : await res.json()) as T;
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => getJson<{ user: Me | null; sessions: number | null }>('/api/v1/auth/me'),
    staleTime: 30_000,
  });
}

/** Whether the signed-in user holds a permission (false while loading or signed out). */
export function useCan(permission: string | undefined): boolean {
  const me = useMe();
  if (!permission) return true;
  return Boolean(me.data?.user?.permissions.includes(permission));
}

export function useAuthActions() {
  const client = useQueryClient();
  // Everything cached was fetched as the previous user: reset it, so every shown query fetches again.
  const refresh = () => client.resetQueries();
  return {
    async signIn(username: string, password: string) {
      const result = await send<{ csrfToken: string }>('POST', '/api/v1/auth/login', { username, password });
      csrfToken = result.csrfToken;
      await refresh();
    },
    /** Drops what the client knows after the server ended the session (e.g. a password change). */
    async forget() {
      csrfToken = null;
      await refresh();
    },
    async signOut(everywhere = false) {
      try {
        await send('POST', everywhere ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout');
      } finally {
        csrfToken = null;
        await refresh();
      }
    },
  };
}
