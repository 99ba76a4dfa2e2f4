import { resolve } from 'node:path';
import { z } from 'zod';
import { CetmapError } from './errors.js';

/** Runtime configuration, read from the environment once, validated at the edge. */
export interface Config {
  /** Where the embedded database and local state live. */
  home: string;
  /** PostgreSQL connection string; when absent cetmap uses the embedded PGlite database in `home`. */
  databaseUrl: string | undefined;
  port: number;
  host: string;
  logLevel: string;
  /** Secure flag of the session cookie: 'auto' sets it when the request came over https. */
  cookieSecure: boolean | 'auto';
  /** OpenAlex API key (`cetmap fetch openalex`); never logged. */
  openalexApiKey?: string;
  /** Contact e-mail sent with OpenAlex requests. */
  openalexMailto?: string;
  /** OpenAlex API base URL; unset means the public API (tests point it at a local fake server). */
  openalexApiUrl?: string;
  /** Requests per minute per client address on the API (public endpoints are rate-limited). */
  rateLimitPerMinute: number;
}

const envSchema = z.object({
  CETMAP_HOME: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  CETMAP_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).optional(),
  OPENALEX_API_KEY: z.string().regex(/^\S+$/, 'must not contain spaces').optional(),
  OPENALEX_MAILTO: z.string().email('must be an e-mail address').optional(),
  CETMAP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).optional(),
  OPENALEX_API_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, 'must be an http(s) URL')
    .optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new CetmapError(
      'CET_CONFIG',
      `Invalid environment: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const e = parsed.data;
  return {
    home: resolve(e.CETMAP_HOME ?? '.cetmap'),
    databaseUrl: e.DATABASE_URL,
    port: e.PORT ?? 8080,
    host: e.HOST ?? 'localhost',
    logLevel: e.LOG_LEVEL ?? 'info',
    cookieSecure:
      e.CETMAP_COOKIE_SECURE === 'true' ? true : e.CETMAP_COOKIE_SECURE === 'false' ? false : 'auto',
    openalexApiKey: e.OPENALEX_API_KEY,
    openalexMailto: e.OPENALEX_MAILTO,
    openalexApiUrl: e.OPENALEX_API_URL,
    rateLimitPerMinute: e.CETMAP_RATE_LIMIT_PER_MINUTE ?? 1200,
  };
}

/** A connection string with its password masked, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}
