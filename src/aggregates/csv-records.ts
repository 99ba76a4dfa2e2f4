/**
 * Streams a CSV file as records keyed by header, each with its 1-based line number, in bounded memory.
 * A byte-order mark is dropped; a missing required column rejects the file before any row is read.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { CetmapError } from '../shared/errors.js';

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
  /** Set when the record has a different number of fields from the header (quarantined by the importer). */
  fieldCountError?: string;
}

export async function* readCsvRecords(
  path: string,
  requiredColumns: readonly string[],
): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, columns: false, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  let header: string[] | undefined;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = item.record.map((h) => h.trim());
      const missing = requiredColumns.filter((c) => !header!.includes(c));
      if (missing.length > 0) {
        throw new CetmapError('CET_BAD_INPUT', `${basename(path)}: missing column(s) ${missing.join(', ')}`, {
          issues: missing.map((c) => ({
            field: c,
            message: 'column is missing from the header',
            location: `${path}:1`,
          })),
        });
      }
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = item.record[i] ?? ''));
    const fieldCountError =
      item.record.length === header.length
        ? undefined
        : `expected ${header.length} fields as in the header, found ${item.record.length}`;
    yield { line: item.info.lines, values, ...(fieldCountError ? { fieldCountError } : {}) };
  }
}
