/**
 * Builds the HTTP application without listening, so tests drive it through `inject()` and server.ts starts it.
 * Routes live in one plugin per domain under /api/v1; the built web app is served from dist/web.
 */
import { existsSync } from 'node:fs';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DbHandle } from '../db/create-db.js';
import { projectPath, VERSION } from '../shared/paths.js';
import { installAccessControl, type AuthOptions } from './access-control.js';
import { installResponseCache } from './response-cache.js';
import { installErrorHandler, problem, sendProblem } from './error-handler.js';
import { auditRoutes } from './routes/audit.js';
import { forumRoutes, type ForumOptions } from './routes/forum.js';
import { authRoutes } from './routes/auth.js';
import { systemRoutes } from './routes/system.js';
import { foresightRoutes } from './routes/foresight.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { patentRoutes } from './routes/patents.js';
import { securityRoutes, type SecurityOptions } from './routes/security.js';
import { standingRoutes } from './routes/standing.js';
import { talentRoutes } from './routes/talent.js';
import { strategyRoutes } from './routes/strategy.js';
import { taxonomyRoutes } from './routes/taxonomy.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';

export interface AppDeps {
  handle: DbHandle;
}

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; served when it exists. */
  webRoot?: string;
  /** Requests per minute per client address on the public API. */
  rateLimitPerMinute?: number;
  /** Session cookie, expiry, lockout and sign-in rate limit (see access-control.ts). */
  auth?: AuthOptions;
  /** Forum rate limits (see forum/rate-limit.ts). */
  forum?: ForumOptions;
  /** Research-security intake limits. */
  security?: SecurityOptions;
}

export const WEB_ROOT = projectPath('dist/web');

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: false,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Before any route: every route is catalogued and must declare its access policy (deny by default).
  await installAccessControl(app, deps, options.auth);
  // Indicator responses are cached by data vintage (routes opt in with `config: { cache: 'vintage' }`).
  app.decorate(
    'responseCache',
    installResponseCache(app, () => deps.handle.db),
  );

  await app.register(fastifyRateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (request, context) => ({
      ...problem(
        'CET_RATE_LIMITED',
        `Rate limit of ${context.max} requests per ${context.after} exceeded.`,
        request,
      ),
      statusCode: 429,
    }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'cetmap API',
        version: VERSION,
        description:
          'Critical and emerging technology evidence: registry, standing, strategy map, foresight.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(systemRoutes(deps), { prefix: '/api/v1' });
  await app.register(taxonomyRoutes(deps), { prefix: '/api/v1' });
  await app.register(standingRoutes(deps), { prefix: '/api/v1' });
  await app.register(patentRoutes(deps), { prefix: '/api/v1' });
  await app.register(talentRoutes(deps), { prefix: '/api/v1' });
  await app.register(portfolioRoutes(deps), { prefix: '/api/v1' });
  await app.register(foresightRoutes(deps), { prefix: '/api/v1' });
  await app.register(strategyRoutes(deps), { prefix: '/api/v1' });
  await app.register(authRoutes(deps), { prefix: '/api/v1' });
  await app.register(userRoutes(deps), { prefix: '/api/v1' });
  await app.register(tokenRoutes(deps), { prefix: '/api/v1' });
  await app.register(auditRoutes(deps), { prefix: '/api/v1' });
  await app.register(forumRoutes(deps, options.forum), { prefix: '/api/v1' });
  await app.register(securityRoutes(deps, options.security), { prefix: '/api/v1' });

  const webRoot = options.webRoot ?? WEB_ROOT;
  const hasWeb = existsSync(`${webRoot}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any other GET that wants HTML gets index.html.
    const wantsPage =
      hasWeb &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    const path = request.url.split('?')[0];
    return sendProblem(reply, problem('CET_NOT_FOUND', `No route for ${request.method} ${path}.`, request));
  });
  return app;
}
