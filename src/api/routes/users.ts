/** Account administration (permission users:manage): list, create, change roles, disable, issue reset tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../auth/permissions.js';
import {
  createResetToken,
  createUser,
  getUser,
  listUsers,
  setDisabled,
  setDisplayName,
  setOrganisation,
  setRoles,
} from '../../auth/user-queries.js';
import { actorOf } from '../access-control.js';
import type { AppDeps } from '../app.js';

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  roles: z.array(z.enum(ROLES)),
  organisation: z.string().nullable(),
  createdAt: z.string(),
});

const manage = { access: { permission: 'users:manage' as const } };
const params = z.object({ id: z.coerce.number().int().positive() });

export const userRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/users',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: 'All accounts with their roles',
          response: { 200: z.object({ users: z.array(userSchema) }) },
        },
      },
      async () => ({ users: await listUsers(db()) }),
    );

    app.post(
      '/users',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: 'Create an account',
          body: z.object({
            username: z.string().min(2).max(100),
            displayName: z.string().max(200).optional(),
            password: z.string().min(1).max(1024),
            roles: z.array(z.enum(ROLES)).default([]),
            organisation: z.string().trim().max(200).nullable().optional(),
          }),
          response: { 201: userSchema },
        },
      },
      async (request, reply) => {
        const user = await createUser(db(), request.body, actorOf(request.user));
        return reply.code(201).send(user);
      },
    );

    app.get(
      '/users/:id',
      {
        config: manage,
        schema: { tags: ['users'], summary: 'One account', params, response: { 200: userSchema } },
      },
      async (request) => getUser(db(), request.params.id),
    );

    app.patch(
      '/users/:id',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: 'Change display name, organisation, roles (replaced as given) or disabled state',
          params,
          body: z.object({
            displayName: z.string().min(1).max(200).optional(),
            roles: z.array(z.enum(ROLES)).optional(),
            organisation: z.string().trim().max(200).nullable().optional(),
            disabled: z.boolean().optional(),
          }),
          response: { 200: userSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request.user);
        const { id } = request.params;
        const body = request.body;
        if (body.displayName !== undefined) await setDisplayName(db(), id, body.displayName, actor);
        if (body.organisation !== undefined) await setOrganisation(db(), id, body.organisation, actor);
        if (body.roles !== undefined) await setRoles(db(), id, body.roles, actor);
        if (body.disabled !== undefined) await setDisabled(db(), id, body.disabled, actor);
        return getUser(db(), id);
      },
    );

    app.post(
      '/users/:id/reset-token',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: 'Issue a one-time password-reset token (valid one hour) to hand to the user',
          params,
          response: { 200: z.object({ username: z.string(), token: z.string(), expiresAt: z.string() }) },
        },
      },
      async (request) => {
        const r = await createResetToken(db(), request.params.id, actorOf(request.user));
        return { username: r.username, token: r.token, expiresAt: r.expiresAt.toISOString() };
      },
    );
  };
