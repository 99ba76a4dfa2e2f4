/**
 * Caching of indicator responses keyed by the data vintage. A route opts in with `config: { cache: 'vintage' }`
 * (public GET routes only). The vintage token changes whenever the data behind indicators can change — a rollup
 * (papers or patents), an aggregate import, a change to a technology list — so a new rollup invalidates every
 * cached response without any bookkeeping.
 *
 * - ETag: `"<token>-<hash of the URL>"`, known before the handler runs, so `If-None-Match` answers 304 at once.
 * - Server cache: the serialised body per (token, URL), least recently used first out, bounded in entries and bytes.
 *
 * The token costs one small query per request; the indicators it saves cost many.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: 'vintage';
  }
  interface FastifyRequest {
    cacheKey?: string;
  }
  interface FastifyInstance {
    responseCache: CacheStats;
  }
}

/** One token for everything indicators are computed from. */
export async function vintageToken(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ token: string }>`
    select concat_ws(':',
      (select coalesce(max(id), 0) from rollup_run),
      (select coalesce(max(id), 0) from patent_rollup_run),
      (select coalesce(max(id), 0) from taxonomy_change),
      (select coalesce(extract(epoch from max(loaded_at))::bigint, 0) from dataset),
      (select count(*) from dataset)) as token`.execute(db);
  return createHash('sha256').update(r.rows[0]!.token).digest('hex').slice(0, 16);
}

export interface ResponseCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
}

export function installResponseCache(
  app: FastifyInstance,
  db: () => Kysely<Database>,
  options: ResponseCacheOptions = {},
): CacheStats {
  const maxEntries = options.maxEntries ?? 500;
  const maxBytes = options.maxBytes ?? 64 * 2 ** 20;
  const store = new Map<string, { body: string; type: string }>(); // insertion order = recency
  const stats: CacheStats = { hits: 0, misses: 0, notModified: 0, entries: 0, bytes: 0 };

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.cache !== 'vintage' || request.method !== 'GET') return;
    const token = await vintageToken(db());
    const urlHash = createHash('sha256').update(request.url).digest('hex').slice(0, 16);
    const etag = `"${token}-${urlHash}"`;
    request.cacheKey = etag;
    reply.header('etag', etag).header('cache-control', 'public, no-cache'); // revalidate: cheap with the ETag
    if (request.headers['if-none-match'] === etag) {
      stats.notModified++;
      return reply.code(304).send();
    }
    const hit = store.get(etag);
    if (hit) {
      stats.hits++;
      store.delete(etag);
      store.set(etag, hit);
      return reply.header('x-cache', 'hit').type(hit.type).send(hit.body);
    }
    stats.misses++;
    reply.header('x-cache', 'miss');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.cacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string' || store.has(key)) return payload;
    store.set(key, { body: payload, type: String(reply.getHeader('content-type') ?? 'application/json') });
    stats.bytes += payload.length;
    while (store.size > maxEntries || stats.bytes > maxBytes) {
      const [oldest, entry] = store.entries().next().value!;
      store.delete(oldest);
      stats.bytes -= entry.body.length;
    }
    stats.entries = store.size;
    return payload;
  });
  return stats;
}
