/** Accounts for tests: one user per role (plus one with no role) and sign-in through the real API. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { ROLES } from '../../src/auth/permissions.js';
import { createUser } from '../../src/auth/user-queries.js';
import type { DbHandle } from '../../src/db/create-db.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Usernames: the role name with '_' → '-', and 'noroles'. */
export const roleUser = (role: string): string => role.replace(/_/g, '-');

export async function createRoleUsers(handle: DbHandle): Promise<void> {
  for (const role of ROLES) {
    await createUser(
      handle.db,
      { username: roleUser(role), password: TEST_PASSWORD, roles: [role] },
      'cli:test',
    );
  }
  await createUser(handle.db, { username: 'noroles', password: TEST_PASSWORD, roles: [] }, 'cli:test');
}

export interface Session {
  cookie: string;
  sessionId: string;
  csrf: string;
}

export async function signInVia(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'cetmap_session');
  expect(cookie).toBeDefined();
  return {
    cookie: `cetmap_session=${cookie!.value}`,
    sessionId: cookie!.value,
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
}

/** Headers for a request signed in by cookie, with the CSRF token. */
export const asSession = (s: Session): Record<string, string> => ({
  cookie: s.cookie,
  'x-csrf-token': s.csrf,
});
