/**
 * Opens cetmap's database: embedded PGlite in $CETMAP_HOME/db by default, PostgreSQL when DATABASE_URL is set.
 * This is the only module that knows which one is in use; everything else talks to Kysely.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../shared/config.js';
import { CetmapError } from '../shared/errors.js';
import { acquireOwnerLock } from './owner-lock.js';
import { Mutex, PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { PG_OID, parseDate, parseInt8, parseNumeric, pgliteParsers } from './type-parsers.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives: a directory for PGlite, a URL with the password masked for PostgreSQL. */
  location: string;
  /** The embedded instance, for bulk paths that need it (COPY from a blob); undefined on PostgreSQL. */
  pglite?: PGlite;
  /** Runs raw PGlite work (COPY from a blob) in turn with Kysely's queries; undefined on PostgreSQL. */
  withPglite?: <T>(fn: (pglite: PGlite) => Promise<T>) => Promise<T>;
  /** The pool behind Kysely on PostgreSQL, for bulk paths that need a raw client (COPY FROM STDIN). */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

export type DbTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | undefined /* undefined = in memory */ };

/** The target named by the configuration: PostgreSQL when a URL is given, else PGlite under home. */
export const targetFromConfig = (config: { home: string; databaseUrl: string | undefined }): DbTarget =>
  config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: join(config.home, 'db') };

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === PG_OID.int8) return parseInt8;
    if (oid === PG_OID.numeric) return parseNumeric;
    if (oid === PG_OID.date) return parseDate;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openDatabase(target: DbTarget): Promise<DbHandle> {
  return target.kind === 'postgres' ? openPostgres(target.url, target.poolSize) : openPGlite(target.dataDir);
}

async function openPostgres(url: string, poolSize = 10): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes as pg.CustomTypesConfig });
  pool.on('error', () => {}); // an idle client dropped by the server; the next query reconnects
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new CetmapError(
      'CET_DB_UNAVAILABLE',
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', location: redactUrl(url), pgPool: pool, close: () => db.destroy() };
}

async function openPGlite(dataDir: string | undefined): Promise<DbHandle> {
  let releaseLock = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireOwnerLock(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, { parsers: pgliteParsers });
  } catch (error) {
    releaseLock();
    throw new CetmapError(
      'CET_DB_UNAVAILABLE',
      `Cannot open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const mutex = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    pglite,
    withPglite: (fn) => mutex.run(() => fn(pglite)),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close(); // flushes to disk; an unclosed PGlite also keeps the process alive
      releaseLock();
    },
  };
}
