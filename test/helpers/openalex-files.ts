/** Builders of OpenAlex-shaped input files for ingest tests: snapshot partitions, corrupt lines, cut gzip. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/db/create-db.js';

export const HAND_MADE = new URL('../fixtures/openalex/hand-made.jsonl', import.meta.url).pathname;
export const REAL_FIXTURES = new URL('../../../shared/data/openalex-fixtures/works.jsonl', import.meta.url)
  .pathname;

export const jsonLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

/** Writes `lines` as a gzip partition of a snapshot under `root`; `cutAt` keeps only that share of the bytes. */
export function writePartition(
  root: string,
  date: string,
  part: string,
  lines: string[],
  cutAt?: number,
): string {
  const dir = join(root, 'data', 'works', `updated_date=${date}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${part}.gz`);
  const gz = gzipSync(lines.join('\n') + '\n');
  writeFileSync(path, cutAt === undefined ? gz : gz.subarray(0, Math.floor(gz.length * cutAt)));
  return path;
}

export const TABLES = [
  'work',
  'authorship',
  'institution',
  'work_topic',
  'work_keyword',
  'work_country',
] as const;

/** Row counts of every evidence table (and the quarantine), to compare whole database states. */
export async function tableCounts(handle: DbHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...TABLES, 'quarantine']) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}
