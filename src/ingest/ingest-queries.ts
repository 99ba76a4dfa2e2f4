/**
 * Database side of the OpenAlex loader: staging tables, bulk COPY, the upsert that decides new / updated /
 * unchanged, the per-file resume position and the quarantine. Each batch commits its data, its file position
 * and its quarantined records in one transaction, so a killed run resumes exactly where it stopped.
 *
 * PostgreSQL: COPY … FROM STDIN (pg-copy-streams) on one dedicated client.
 * PGlite: COPY … FROM '/dev/blob' per batch (a streaming COPY crashes PGlite), under the dialect's mutex.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import type { DbHandle } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { STAGE_COLUMNS, type BatchCopy, type StageTable } from './work-rows.js';

export interface QuarantineRecord {
  source: string;
  locator: string;
  reason: string;
  raw: string | null;
}

export interface FilePosition {
  path: string;
  size: number;
  mtimeMs: number;
  linesDone: number;
  done: boolean;
}

export interface BatchCounts {
  ingested: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

/** Runs statements and COPYs on one connection. */
interface Session {
  query<R = Record<string, unknown>>(compiled: CompiledQuery): Promise<R[]>;
  exec(script: string): Promise<void>;
  copy(table: StageTable, text: string): Promise<void>;
}

const copySql = (table: StageTable, source: string): string =>
  `copy ${table} (${STAGE_COLUMNS[table].join(', ')}) from ${source}`;

const STAGING_DDL = `
create temp table if not exists stage_work (like work) on commit delete rows;
alter table stage_work add column if not exists action text not null default 'new';
create temp table if not exists stage_authorship (like authorship) on commit delete rows;
create temp table if not exists stage_institution (work_id bigint not null, like institution) on commit delete rows;
create temp table if not exists stage_topic (like work_topic) on commit delete rows;
create temp table if not exists stage_keyword (like work_keyword) on commit delete rows;
create temp table if not exists stage_country (like work_country) on commit delete rows;
`;

// Decides each staged work against the stored one, then replaces what changed. Runs inside the batch's
// transaction after the COPYs. Parameterless, so it runs as one script on both drivers.
const MERGE_SQL = `
update stage_work s set action = case when s.updated_date > w.updated_date then 'update' else 'same' end
  from work w where w.id = s.id;
delete from authorship t using stage_work s where t.work_id = s.id and s.action = 'update';
delete from work_topic t using stage_work s where t.work_id = s.id and s.action = 'update';
delete from work_keyword t using stage_work s where t.work_id = s.id and s.action = 'update';
delete from work_country t using stage_work s where t.work_id = s.id and s.action = 'update';
insert into work (${STAGE_COLUMNS.stage_work.join(', ')})
  select ${STAGE_COLUMNS.stage_work.join(', ')} from stage_work where action <> 'same'
  on conflict (id) do update set ${STAGE_COLUMNS.stage_work
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')};
insert into authorship select a.* from stage_authorship a join stage_work s on s.id = a.work_id where s.action <> 'same';
insert into work_topic select t.* from stage_topic t join stage_work s on s.id = t.work_id where s.action <> 'same';
insert into work_keyword select k.* from stage_keyword k join stage_work s on s.id = k.work_id where s.action <> 'same';
insert into work_country select c.* from stage_country c join stage_work s on s.id = c.work_id where s.action <> 'same';
insert into institution (id, ror, name, country, type)
  select distinct on (i.id) i.id, i.ror, i.name, i.country, i.type
  from stage_institution i join stage_work s on s.id = i.work_id
  where s.action <> 'same' order by i.id, s.updated_date desc
  on conflict (id) do update set ror = excluded.ror, name = excluded.name, country = excluded.country, type = excluded.type
  where (institution.ror, institution.name, institution.country, institution.type)
    is distinct from (excluded.ror, excluded.name, excluded.country, excluded.type);
`;

function pgSession(client: pg.PoolClient): Session {
  return {
    async query<R>(compiled: CompiledQuery) {
      return (await client.query(compiled.sql, compiled.parameters as unknown[])).rows as R[];
    },
    async exec(script) {
      await client.query(script);
    },
    async copy(table, text) {
      if (!text) return;
      await pipeline(
        Readable.from([Buffer.from(text, 'utf8')]),
        client.query(copyFrom(copySql(table, 'stdin'))),
      );
    },
  };
}

function pgliteSession(pglite: PGlite): Session {
  return {
    async query<R>(compiled: CompiledQuery) {
      return (await pglite.query<R>(compiled.sql, compiled.parameters as unknown[])).rows;
    },
    async exec(script) {
      await pglite.exec(script);
    },
    async copy(table, text) {
      if (!text) return;
      await pglite.query(copySql(table, `'/dev/blob'`), [], { blob: new Blob([text]) });
    },
  };
}

export interface BatchWrite {
  copy: BatchCopy | null;
  quarantine: QuarantineRecord[];
  /** The file position this batch reaches; absent when the records come from elsewhere (quarantine retry). */
  position?: FilePosition;
  runId: number;
}

/** Writes batches on one connection: a dedicated pg client, or PGlite in turn with other queries. */
export interface BatchWriter {
  write(batch: BatchWrite): Promise<BatchCounts>;
  close(): Promise<void>;
}

export async function openBatchWriter(handle: DbHandle): Promise<BatchWriter> {
  const db = handle.db;
  if (handle.kind === 'postgres') {
    if (!handle.pgPool) throw new CetmapError('CET_INTERNAL', 'PostgreSQL handle without a pool');
    const client = await handle.pgPool.connect();
    const session = pgSession(client);
    await session.exec(STAGING_DDL);
    return {
      write: (batch) => inTransaction(session, db, batch),
      async close() {
        client.release();
      },
    };
  }
  const withPglite = handle.withPglite;
  if (!withPglite) throw new CetmapError('CET_INTERNAL', 'PGlite handle without exclusive access');
  await withPglite((p) => pgliteSession(p).exec(STAGING_DDL));
  return {
    write: (batch) => withPglite((p) => inTransaction(pgliteSession(p), db, batch)),
    async close() {},
  };
}

async function inTransaction(
  session: Session,
  db: Kysely<Database>,
  batch: BatchWrite,
): Promise<BatchCounts> {
  await session.exec('begin');
  try {
    const counts = await writeBatch(session, db, batch);
    await session.exec('commit');
    return counts;
  } catch (error) {
    await session.exec('rollback').catch(() => undefined);
    throw error;
  }
}

async function writeBatch(session: Session, db: Kysely<Database>, batch: BatchWrite): Promise<BatchCounts> {
  const counts: BatchCounts = { ingested: 0, updated: 0, unchanged: 0, quarantined: batch.quarantine.length };
  if (batch.copy && batch.copy.works > 0) {
    for (const table of Object.keys(STAGE_COLUMNS) as StageTable[])
      await session.copy(table, batch.copy.text[table]);
    await session.exec(MERGE_SQL);
    const rows = await session.query<{ action: string; n: number }>(
      sql<{
        action: string;
        n: number;
      }>`select action, count(*)::int as n from stage_work group by action`.compile(db),
    );
    for (const r of rows) {
      if (r.action === 'new') counts.ingested += Number(r.n);
      else if (r.action === 'update') counts.updated += Number(r.n);
      else counts.unchanged += Number(r.n);
    }
    counts.unchanged += batch.copy.duplicates;
  }
  for (const q of batch.quarantine) {
    await session.query(
      db
        .insertInto('quarantine')
        .values({ source: q.source, locator: q.locator, reason: q.reason, raw: q.raw, run_id: batch.runId })
        .onConflict((oc) =>
          oc.columns(['source', 'locator']).doUpdateSet({
            reason: q.reason,
            raw: q.raw,
            run_id: batch.runId,
            seen_at: sql<Date>`now()`,
            resolved_at: null,
          }),
        )
        .compile(),
    );
  }
  const p = batch.position;
  if (p)
    await session.query(
      db
        .insertInto('ingest_file')
        .values({
          path: p.path,
          size: p.size,
          mtime_ms: p.mtimeMs,
          run_id: batch.runId,
          status: p.done ? 'done' : 'partial',
          lines_done: p.linesDone,
          ...counts,
        })
        .onConflict((oc) =>
          oc.column('path').doUpdateSet((eb) => ({
            size: p.size,
            mtime_ms: p.mtimeMs,
            run_id: batch.runId,
            status: p.done ? 'done' : 'partial',
            lines_done: p.linesDone,
            ingested: eb('ingest_file.ingested', '+', counts.ingested),
            updated: eb('ingest_file.updated', '+', counts.updated),
            unchanged: eb('ingest_file.unchanged', '+', counts.unchanged),
            quarantined: eb('ingest_file.quarantined', '+', counts.quarantined),
            updated_at: sql<Date>`now()`,
          })),
        )
        .compile(),
    );
  await session.query(
    db
      .updateTable('ingest_run')
      .set((eb) => ({
        ingested: eb('ingested', '+', counts.ingested),
        updated: eb('updated', '+', counts.updated),
        unchanged: eb('unchanged', '+', counts.unchanged),
        quarantined: eb('quarantined', '+', counts.quarantined),
      }))
      .where('id', '=', batch.runId)
      .compile(),
  );
  return counts;
}

/** Where a file stands: null when never seen or changed since (size or mtime differ), so it starts over. */
export async function filePosition(
  db: Kysely<Database>,
  file: { path: string; size: number; mtimeMs: number },
): Promise<{ linesDone: number; done: boolean } | null> {
  const row = await db.selectFrom('ingest_file').selectAll().where('path', '=', file.path).executeTakeFirst();
  if (!row || Number(row.size) !== file.size || Number(row.mtime_ms) !== Math.trunc(file.mtimeMs))
    return null;
  return { linesDone: Number(row.lines_done), done: row.status === 'done' };
}

/** Forgets a file's position (re-read from the start, e.g. with --force or after it changed). */
export async function resetFilePosition(db: Kysely<Database>, path: string): Promise<void> {
  await db
    .updateTable('ingest_file')
    .set({ lines_done: 0, status: 'partial', ingested: 0, updated: 0, unchanged: 0, quarantined: 0 })
    .where('path', '=', path)
    .execute();
}

export async function startIngestRun(db: Kysely<Database>, source: string, path: string): Promise<number> {
  const row = await db
    .insertInto('ingest_run')
    .values({ source, path, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function finishIngestRun(db: Kysely<Database>, runId: number, status: string): Promise<void> {
  await db
    .updateTable('ingest_run')
    .set({ status, finished_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .execute();
}

/** Removes works (and everything hanging off them) that OpenAlex merged into others; returns how many existed. */
export async function deleteWorks(db: Kysely<Database>, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    for (const table of ['authorship', 'work_topic', 'work_keyword', 'work_country'] as const) {
      await trx.deleteFrom(table).where('work_id', 'in', ids).execute();
    }
    const result = await trx.deleteFrom('work').where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/** Records a merged-ids file as done, so that a later run skips it. */
export async function markFileDone(
  db: Kysely<Database>,
  file: { path: string; size: number; mtimeMs: number; lines: number },
  runId: number,
): Promise<void> {
  const values = {
    size: file.size,
    mtime_ms: file.mtimeMs,
    run_id: runId,
    status: 'done',
    lines_done: file.lines,
  };
  await db
    .insertInto('ingest_file')
    .values({ path: file.path, ...values })
    .onConflict((oc) => oc.column('path').doUpdateSet(values))
    .execute();
}
