/**
 * Versioned SQL migrations: plain PostgreSQL files named NNNN_name.sql in src/db/migrations, applied in order,
 * each in its own transaction with its bookkeeping row. A checksum catches a file edited after it was applied.
 * On PostgreSQL an advisory lock lets several processes start at once without applying anything twice.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { CetmapError } from '../shared/errors.js';
import { projectPath } from '../shared/paths.js';
import type { Database } from './schema.js';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  version: number;
  name: string;
  state: 'applied' | 'pending' | 'changed-after-apply' | 'unknown-to-this-version';
  appliedAt: Date | null;
}

const MIGRATION_LOCK_KEY = 74_201_726; // arbitrary, stable: "cetmap migrations"

export function readMigrationFiles(dir = projectPath('src/db/migrations')): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex').slice(0, 16),
      };
    });
}

async function ensureBookkeeping(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists schema_migration (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

export async function migrationStatus(
  db: Kysely<Database>,
  files: MigrationFile[] = readMigrationFiles(),
): Promise<MigrationStatus[]> {
  await ensureBookkeeping(db);
  const applied = await db.selectFrom('schema_migration').selectAll().orderBy('version').execute();
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const statuses: MigrationStatus[] = files.map((f) => {
    const row = byVersion.get(f.version);
    return {
      version: f.version,
      name: f.name,
      state: !row ? 'pending' : row.checksum === f.checksum ? 'applied' : 'changed-after-apply',
      appliedAt: row?.applied_at ?? null,
    };
  });
  const known = new Set(files.map((f) => f.version));
  for (const row of applied) {
    if (!known.has(row.version)) {
      statuses.push({
        version: row.version,
        name: row.name,
        state: 'unknown-to-this-version',
        appliedAt: row.applied_at,
      });
    }
  }
  return statuses.sort((a, b) => a.version - b.version);
}

/** The highest applied migration version, 0 when none (cheap: health checks call it on every request). */
export async function migrationLevel(db: Kysely<Database>): Promise<number> {
  try {
    const row = await db
      .selectFrom('schema_migration')
      .select((eb) => eb.fn.max('version').as('level'))
      .executeTakeFirst();
    return Number(row?.level ?? 0);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return 0; // undefined_table: nothing applied yet
    throw error;
  }
}

export interface MigrateResult {
  applied: MigrationFile[];
  level: number;
}

export async function migrateToLatest(
  db: Kysely<Database>,
  options: { kind: 'pglite' | 'postgres'; files?: MigrationFile[]; onApply?: (m: MigrationFile) => void },
): Promise<MigrateResult> {
  const files = options.files ?? readMigrationFiles();
  const statuses = await migrationStatus(db, files);
  const changed = statuses.filter((s) => s.state === 'changed-after-apply');
  if (changed.length > 0) {
    throw new CetmapError(
      'CET_MIGRATION_FAILED',
      `Migration file(s) ${changed.map((c) => `${c.version}_${c.name}`).join(', ')} changed after being applied; ` +
        'add a new migration instead of editing an applied one.',
    );
  }
  const applied: MigrationFile[] = [];
  for (const file of files) {
    if (statuses.find((s) => s.version === file.version)?.state !== 'pending') continue;
    try {
      const didApply = await db.transaction().execute(async (trx) => {
        if (options.kind === 'postgres')
          await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
        const already = await trx
          .selectFrom('schema_migration')
          .select('version')
          .where('version', '=', file.version)
          .executeTakeFirst();
        if (already) return false; // another process applied it while we waited for the lock
        await sql.raw(file.sql).execute(trx);
        await trx
          .insertInto('schema_migration')
          .values({ version: file.version, name: file.name, checksum: file.checksum })
          .execute();
        return true;
      });
      if (didApply) {
        applied.push(file);
        options.onApply?.(file);
      }
    } catch (error) {
      throw new CetmapError(
        'CET_MIGRATION_FAILED',
        `Migration ${file.version}_${file.name} failed and was rolled back: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return { applied, level: await migrationLevel(db) };
}
