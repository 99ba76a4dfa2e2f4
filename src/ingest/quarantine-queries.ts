/** The quarantine: records that could not be loaded, with where they came from and why. */
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../shared/errors.js';
import { parseLine, OPENALEX_SOURCE } from './parse-line.js';
import { openBatchWriter, startIngestRun, finishIngestRun } from './ingest-queries.js';
import { buildBatchCopy } from './work-rows.js';

export interface QuarantineRow {
  id: number;
  source: string;
  locator: string;
  reason: string;
  seenAt: string;
  resolvedAt: string | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export async function listQuarantine(
  db: Kysely<Database>,
  options: { includeResolved?: boolean; limit?: number } = {},
): Promise<QuarantineRow[]> {
  let q = db
    .selectFrom('quarantine')
    .select(['id', 'source', 'locator', 'reason', 'seen_at', 'resolved_at'])
    .orderBy('id')
    .limit(options.limit ?? 1000);
  if (!options.includeResolved) q = q.where('resolved_at', 'is', null);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    locator: r.locator,
    reason: r.reason,
    seenAt: iso(r.seen_at)!,
    resolvedAt: iso(r.resolved_at),
  }));
}

export async function showQuarantine(
  db: Kysely<Database>,
  id: number,
): Promise<QuarantineRow & { raw: string | null }> {
  const r = await db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(`Quarantined record ${id}`);
  return {
    id: Number(r.id),
    source: r.source,
    locator: r.locator,
    reason: r.reason,
    raw: r.raw,
    seenAt: iso(r.seen_at)!,
    resolvedAt: iso(r.resolved_at),
  };
}

export interface RetrySummary {
  tried: number;
  loaded: number;
  stillBad: number;
}

/**
 * Parses unresolved quarantined records again (their raw text, possibly edited in the database, or a newer
 * cetmap that accepts them); those that now parse are loaded like any other record and marked resolved.
 */
export async function retryQuarantine(handle: DbHandle, ids?: number[]): Promise<RetrySummary> {
  const db = handle.db;
  let q = db
    .selectFrom('quarantine')
    .select(['id', 'raw', 'reason'])
    .where('resolved_at', 'is', null)
    .where('source', '=', OPENALEX_SOURCE);
  if (ids && ids.length > 0) q = q.where('id', 'in', ids);
  const rows = await q.orderBy('id').execute();
  const summary: RetrySummary = { tried: rows.length, loaded: 0, stillBad: 0 };
  if (rows.length === 0) return summary;
  const runId = await startIngestRun(db, OPENALEX_SOURCE, 'quarantine retry');
  const writer = await openBatchWriter(handle);
  try {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const good: number[] = [];
      const works = [];
      for (const row of chunk) {
        const parsed = row.raw === null ? { reason: row.reason } : parseLine(row.raw);
        if ('work' in parsed) {
          works.push(parsed.work);
          good.push(Number(row.id));
        } else {
          summary.stillBad++;
          await db
            .updateTable('quarantine')
            .set({ reason: parsed.reason, seen_at: sql<Date>`now()` })
            .where('id', '=', row.id)
            .execute();
        }
      }
      if (works.length > 0) {
        await writer.write({ copy: buildBatchCopy(works, runId), quarantine: [], runId });
        await db
          .updateTable('quarantine')
          .set({ resolved_at: sql<Date>`now()` })
          .where('id', 'in', good)
          .execute();
        summary.loaded += good.length;
      }
    }
    await finishIngestRun(db, runId, 'done');
  } finally {
    await writer.close();
  }
  return summary;
}
