/**
 * Spreadsheets on the server: a table to an .xlsx file, and the first sheet of an .xlsx file to CSV text, so that
 * every importer validates spreadsheets with its CSV rules and reports the same row numbers a spreadsheet shows.
 */
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { toCsv } from '../taxonomy/csv.js';
import { CetmapError } from './errors.js';

export async function writeXlsx(
  path: string,
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<void> {
  const cell = (v: unknown) =>
    v === null || v === undefined || v === '' ? null : { value: typeof v === 'number' ? v : String(v) };
  await writeXlsxFile(
    [header.map((h) => ({ value: h, fontWeight: 'bold' as const })), ...rows.map((r) => r.map(cell))],
    { sheet: 'data' },
  ).toFile(path);
}

/** The first sheet as CSV text (dates as ISO dates, numbers as written). */
export async function xlsxToCsv(path: string): Promise<string> {
  let sheets;
  try {
    sheets = await readXlsxFile(path);
  } catch (error) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${path} is not a readable .xlsx file: ${(error as Error).message}`,
    );
  }
  const data = sheets[0]?.data ?? [];
  const text = (v: unknown): string =>
    v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const [header = [], ...rows] = data.map((r) => r.map(text));
  return toCsv(header, rows);
}
