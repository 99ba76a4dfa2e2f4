/**
 * Backups and restore, with the tools each engine provides:
 * - PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean` (Debian's PostgreSQL client, matching the server);
 * - PGlite: PGlite's own consistent dump of its data directory (a gzip tar), loaded back into an emptied directory.
 * A backup file says which engine it came from (pg_dump's "PGDMP" signature or a gzip stream), and restore refuses
 * a file of the other kind. `tableCounts` lets callers (and tests) check that a round trip kept every row.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { CetmapError } from '../shared/errors.js';
import type { DbHandle, DbTarget } from './create-db.js';
import { LOCK_FILE, acquireOwnerLock } from './owner-lock.js';
import type { Database } from './schema.js';

export type BackupKind = 'pglite' | 'postgres';

export interface BackupResult {
  kind: BackupKind;
  file: string;
  bytes: number;
  tables: number;
  rows: number;
}

/** Row counts of every table in the public schema (the check that a restore kept everything). */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
    counts[table_name] = Number(r.rows[0]!.n);
  }
  return counts;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) =>
      reject(
        new CetmapError(
          'CET_CONFIG',
          `${command} could not be started (${error.message}); install postgresql-client.`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new CetmapError(
              'CET_INTERNAL',
              `${command} failed (exit ${code}): ${stderr.trim().slice(0, 500)}`,
            ),
          ),
    );
  });
}

/** Which engine a backup file came from, by its first bytes. */
export function backupKind(file: string): BackupKind {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    closeSync(fd);
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `Cannot read ${file}: ${(error as Error).message}`);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new CetmapError(
    'CET_BAD_INPUT',
    `${file} is not a cetmap backup (neither a pg_dump archive nor a PGlite dump).`,
  );
}

/** Writes a backup of the open database to `file`. */
export async function backupDatabase(
  handle: DbHandle,
  target: DbTarget,
  file: string,
): Promise<BackupResult> {
  const counts = await tableCounts(handle.db);
  if (target.kind === 'postgres') {
    // The URL goes to pg_dump as its dbname argument, never into a log line.
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', target.url]);
  } else {
    if (!handle.withPglite) throw new CetmapError('CET_INTERNAL', 'PGlite handle without exclusive access');
    const dump = await handle.withPglite((p) => p.dumpDataDir('gzip'));
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  }
  return {
    kind: target.kind,
    file,
    bytes: statSync(file).size,
    tables: Object.keys(counts).length,
    rows: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

/**
 * Replaces the target database's contents with a backup. PostgreSQL: pg_restore --clean into the database.
 * PGlite: the data directory is emptied (under the owner lock, so no other cetmap process has it open) and the
 * dump is loaded into it.
 */
export async function restoreDatabase(target: DbTarget, file: string): Promise<BackupKind> {
  const kind = backupKind(file);
  if (kind !== target.kind) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${file} is a ${kind === 'postgres' ? 'PostgreSQL (pg_dump)' : 'PGlite'} backup; the configured database is ${
        target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'the embedded PGlite database'
      }.`,
    );
  }
  if (target.kind === 'postgres') {
    await run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--exit-on-error',
      '--dbname',
      target.url,
      file,
    ]);
    return kind;
  }
  if (!target.dataDir)
    throw new CetmapError('CET_BAD_INPUT', 'An in-memory database cannot be restored into.');
  const release = acquireOwnerLock(target.dataDir);
  try {
    for (const entry of readdirSync(target.dataDir))
      if (entry !== LOCK_FILE) rmSync(join(target.dataDir, entry), { recursive: true, force: true });
    const pglite = await PGlite.create(target.dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
    await pglite.close();
    // The dump carries the lock file of the process that made it: drop it unless it is ours.
    const lock = join(target.dataDir, LOCK_FILE);
    const owner = (() => {
      try {
        return (JSON.parse(readFileSync(lock, 'utf8')) as { pid?: number }).pid;
      } catch {
        return undefined;
      }
    })();
    if (owner !== process.pid) rmSync(lock, { force: true });
  } finally {
    release();
  }
  return kind;
}
