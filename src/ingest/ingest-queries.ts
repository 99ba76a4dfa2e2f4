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
import {
  CHILD_PARTS,
  CHILD_TABLES,
  COPY_TARGETS,
  copyChunks,
  encodeCopyText,
  type BatchCopy,
  type BatchInstitutions,
  type CopyPart,
} from './work-rows.js';

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
  /** COPY the rows (UTF-8 COPY text) into the part's table, or into `table` (the staging table of updated works). */
  copy(part: CopyPart, rows: readonly Uint8Array[], table?: string): Promise<void>;
}

const copySql = (part: CopyPart, source: string, table: string = COPY_TARGETS[part].table): string =>
  `copy ${table} (${COPY_TARGETS[part].columns.join(', ')}) from ${source}`;

const STAGING_DDL = `
create temp table if not exists stage_work (like work) on commit delete rows;
create temp table if not exists stage_institution (like institution) on commit delete rows;
`;

// Only when a batch updates works: their old child rows go before the new ones are inserted, and the newer
// works replace the stored ones.
const REPLACE_UPDATED_SQL = `
${CHILD_TABLES.map((t) => `delete from ${t} t where t.work_id in (select id from stage_work);`).join('\n')}
insert into work (${COPY_TARGETS.work.columns.join(', ')})
  select ${COPY_TARGETS.work.columns.join(', ')} from stage_work
  on conflict (id) do update set ${COPY_TARGETS.work.columns
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')};
`;

// Upserts the batch's institutions (each once, as given on its newest work in the batch): a stored institution
// takes the staged details when they come from a work at least as new as the one it was last seen on.
const INSTITUTIONS_SQL = `
insert into institution (id, ror, name, country, type, seen_date)
  select id, ror, name, country, type, seen_date from stage_institution
  on conflict (id) do update set ror = excluded.ror, name = excluded.name, country = excluded.country,
    type = excluded.type, seen_date = excluded.seen_date
  where (institution.seen_date is null or excluded.seen_date >= institution.seen_date)
    and (institution.ror, institution.name, institution.country, institution.type, institution.seen_date)
      is distinct from (excluded.ror, excluded.name, excluded.country, excluded.type, excluded.seen_date);
`;

/**
 * The institutions this writer has sent, with the details and date sent last. Most institutions appear on many
 * works: one that is listed again with the same details on a work no newer needs no row (the database already has
 * those details, or newer ones). Updated only after a commit.
 */
type SentInstitutions = Map<number, { fields: string; seenDate: string }>;
const SENT_INSTITUTIONS_MAX = 1_000_000; // about 100 MB at most; OpenAlex lists about 110,000 institutions

function institutionsToSend(
  listed: BatchInstitutions,
  sent: SentInstitutions,
): { copy: Uint8Array[]; remember: () => void } {
  const picked: number[] = [];
  let text = '';
  listed.ids.forEach((id, i) => {
    const before = sent.get(id);
    const fields = listed.fields[i]!;
    const seenDate = listed.seenDates[i]!;
    if (before && before.fields === fields && before.seenDate >= seenDate) return;
    picked.push(i);
    text += `${fields}\t${seenDate}\n`;
  });
  return {
    copy: text ? [encodeCopyText(text)] : [],
    remember() {
      if (sent.size + picked.length > SENT_INSTITUTIONS_MAX) sent.clear();
      for (const i of picked) {
        const id = listed.ids[i]!;
        const seenDate = listed.seenDates[i]!;
        const before = sent.get(id);
        if (!before || seenDate >= before.seenDate) sent.set(id, { fields: listed.fields[i]!, seenDate });
      }
    },
  };
}

function pgSession(client: pg.PoolClient): Session {
  return {
    async query<R>(compiled: CompiledQuery) {
      return (await client.query(compiled.sql, compiled.parameters as unknown[])).rows as R[];
    },
    async exec(script) {
      await client.query(script);
    },
    async copy(part, rows, table) {
      if (rows.length === 0) return;
      await pipeline(
        Readable.from(rows.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength))),
        client.query(copyFrom(copySql(part, 'stdin', table))),
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
    async copy(part, rows, table) {
      if (rows.length === 0) return;
      await pglite.query(copySql(part, `'/dev/blob'`, table), [], {
        blob: new Blob(rows as Uint8Array<ArrayBuffer>[]),
      });
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
    const sent: SentInstitutions = new Map();
    return {
      write: (batch) => inTransaction(session, db, batch, sent),
      async close() {
        client.release();
      },
    };
  }
  const withPglite = handle.withPglite;
  if (!withPglite) throw new CetmapError('CET_INTERNAL', 'PGlite handle without exclusive access');
  await withPglite((p) => pgliteSession(p).exec(STAGING_DDL));
  const sent: SentInstitutions = new Map();
  return {
    write: (batch) => withPglite((p) => inTransaction(pgliteSession(p), db, batch, sent)),
    async close() {},
  };
}

async function inTransaction(
  session: Session,
  db: Kysely<Database>,
  batch: BatchWrite,
  sent: SentInstitutions,
): Promise<BatchCounts> {
  await session.exec('begin');
  try {
    const { counts, committed } = await writeBatch(session, db, batch, sent);
    await session.exec('commit');
    committed();
    return counts;
  } catch (error) {
    await session.exec('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * The bookkeeping every loader writes with its batch, in the batch's transaction: quarantined records (upserted by
 * source and locator), the file's position and counts (so a run resumes where it stopped), and the run's counts.
 * Compiled, so that both the COPY session of the works loader and a Kysely transaction can run them.
 */
export function bookkeepingQueries(
  db: Kysely<Database>,
  runId: number,
  quarantine: readonly QuarantineRecord[],
  position: FilePosition | undefined,
  counts: BatchCounts,
): CompiledQuery[] {
  const out: CompiledQuery[] = quarantine.map((q) =>
    db
      .insertInto('quarantine')
      .values({ source: q.source, locator: q.locator, reason: q.reason, raw: q.raw, run_id: runId })
      .onConflict((oc) =>
        oc.columns(['source', 'locator']).doUpdateSet({
          reason: q.reason,
          raw: q.raw,
          run_id: runId,
          seen_at: sql<Date>`now()`,
          resolved_at: null,
        }),
      )
      .compile(),
  );
  const p = position;
  if (p)
    out.push(
      db
        .insertInto('ingest_file')
        .values({
          path: p.path,
          size: p.size,
          mtime_ms: p.mtimeMs,
          run_id: runId,
          status: p.done ? 'done' : 'partial',
          lines_done: p.linesDone,
          ingested: counts.ingested,
          updated: counts.updated,
          unchanged: counts.unchanged,
          quarantined: counts.quarantined,
        })
        .onConflict((oc) =>
          oc.column('path').doUpdateSet((eb) => ({
            size: p.size,
            mtime_ms: p.mtimeMs,
            run_id: runId,
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
  out.push(
    db
      .updateTable('ingest_run')
      .set((eb) => ({
        ingested: eb('ingested', '+', counts.ingested),
        updated: eb('updated', '+', counts.updated),
        unchanged: eb('unchanged', '+', counts.unchanged),
        quarantined: eb('quarantined', '+', counts.quarantined),
      }))
      .where('id', '=', runId)
      .compile(),
  );
  return out;
}

async function writeBatch(
  session: Session,
  db: Kysely<Database>,
  batch: BatchWrite,
  sent: SentInstitutions,
): Promise<{ counts: BatchCounts; committed: () => void }> {
  const counts: BatchCounts = { ingested: 0, updated: 0, unchanged: 0, quarantined: batch.quarantine.length };
  let committed = (): void => {};
  if (batch.copy && batch.copy.ids.length > 0) {
    // Each work against its stored version, by primary-key lookups (a join let the planner hash the whole work
    // table on every batch). Most works are new and go straight into their tables, written once.
    const ids = batch.copy.ids;
    const known = await session.query<{ id: number | string; action: 'update' | 'same' }>(
      sql<{ id: number; action: 'update' | 'same' }>`
        select x.id, case when x.updated_date > w.updated_date then 'update' else 'same' end as action
        from unnest(${ids}::bigint[], ${batch.copy.updatedDates}::timestamp[]) as x(id, updated_date)
        join lateral (select updated_date from work where work.id = x.id) w on true`.compile(db),
    );
    const same = new Set<number>();
    const updated = new Set<number>();
    for (const r of known) (r.action === 'update' ? updated : same).add(Number(r.id));
    counts.unchanged += same.size;
    counts.updated += updated.size;
    counts.ingested += ids.length - known.length;
    if (updated.size > 0) {
      await session.copy('work', copyChunks(batch.copy, 'work', { only: updated }), 'stage_work');
      await session.exec(REPLACE_UPDATED_SQL);
    }
    if (counts.ingested + counts.updated > 0) {
      const stored = new Set([...same, ...updated]);
      await session.copy('work', copyChunks(batch.copy, 'work', { skip: stored }));
      // child rows of new and newer works go straight into their tables: no other row can clash with them
      for (const part of CHILD_PARTS) await session.copy(part, copyChunks(batch.copy, part, { skip: same }));
    }
    // every work's institutions count, unchanged works' too: the details seen on the newest work win
    const institutions = institutionsToSend(batch.copy.institutions, sent);
    if (institutions.copy.length > 0) {
      await session.copy('institution', institutions.copy);
      await session.exec(INSTITUTIONS_SQL);
    }
    committed = institutions.remember;
    counts.unchanged += batch.copy.duplicates;
  }
  for (const compiled of bookkeepingQueries(db, batch.runId, batch.quarantine, batch.position, counts))
    await session.query(compiled);
  return { counts, committed };
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
    // Classification rows go too, so that no fact is rolled up from a work that no longer exists.
    for (const table of [...CHILD_TABLES, 'work_tech', 'work_classified', 'work_impact'] as const) {
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
