/** API tokens of the signed-in user: list, create (the token is shown once), revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_PERMISSIONS } from '../../auth/permissions.js';
import { createToken, listTokens, revokeToken } from '../../auth/token-queries.js';
import { actorOf, requireUser } from '../access-control.js';
import type { AppDeps } from '../app.js';

const tokenSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const own = { access: { permission: 'tokens:own' as const } };

export const tokenRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/tokens',
      {
        config: own,
        schema: {
          tags: ['tokens'],
          summary: 'My API tokens',
          response: { 200: z.object({ tokens: z.array(tokenSchema) }) },
        },
      },
      async (request) => ({ tokens: await listTokens(db(), { userId: requireUser(request).id }) }),
    );

    app.post(
      '/tokens',
      {
        config: own,
        schema: {
          tags: ['tokens'],
          summary:
            'Create an API token limited to the given scopes (permissions); the token is shown only here',
          body: z.object({
            name: z.string().min(1).max(100),
            scopes: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])).min(1),
            expiresInDays: z.number().int().min(1).max(366).optional(),
          }),
          response: { 201: z.object({ token: z.string(), record: tokenSchema }) },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const created = await createToken(db(), user, request.body, actorOf(user));
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: own,
        schema: {
          tags: ['tokens'],
          summary: 'Revoke one of my API tokens',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: tokenSchema },
        },
      },
      async (request) => {
        const user = requireUser(request);
        return revokeToken(db(), request.params.id, actorOf(user), user.id);
      },
    );
  };
