/**
 * Tables in and out of the performance module: CSV text or .xlsx bytes to records (header row required, missing
 * columns reported at row 1), and header + rows to CSV text or .xlsx bytes. The first sheet of a workbook is read
 * through the same CSV rules, so a spreadsheet's row numbers are the ones the errors name.
 */
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { CetmapError } from '../shared/errors.js';
import { toCsv } from '../taxonomy/csv.js';

export type TableRecord = Record<string, string>;

/** Whether bytes are an .xlsx (zip) file rather than CSV text. */
export const isXlsx = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b;

export function csvRecords(text: string, file: string, required: readonly string[]): TableRecord[] {
  let rows: TableRecord[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `${file}: not valid CSV: ${(error as Error).message}`);
  }
  const header =
    rows.length > 0
      ? Object.keys(rows[0]!)
      : ((parse(text, { bom: true, to_line: 1 })[0] as string[] | undefined) ?? []).map((c) => c.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `import rejected, nothing written: ${file} is missing column(s) ${missing.join(', ')}`,
      { issues: missing.map((c) => ({ field: c, message: 'column is missing', location: `${file}:row 1` })) },
    );
  }
  return rows;
}

/** The first sheet of an .xlsx file as CSV text (dates as ISO dates). */
export async function xlsxBytesToCsv(bytes: Buffer, file: string): Promise<string> {
  let sheets;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${file} is not a readable .xlsx file: ${(error as Error).message}`,
    );
  }
  const data = sheets[0]?.data ?? [];
  const text = (v: unknown): string =>
    v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const [header = [], ...rows] = data.map((r) => r.map(text));
  return toCsv(header, rows);
}

/** CSV text or .xlsx bytes to records. */
export async function readTable(
  bytes: Buffer,
  file: string,
  required: readonly string[],
): Promise<TableRecord[]> {
  const text = isXlsx(bytes) ? await xlsxBytesToCsv(bytes, file) : bytes.toString('utf8');
  return csvRecords(text, file, required);
}

export function tableCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return toCsv(header, rows);
}

export async function tableXlsx(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  sheet = 'data',
): Promise<Buffer> {
  const cell = (v: unknown) =>
    v === null || v === undefined || v === '' ? null : { value: typeof v === 'number' ? v : String(v) };
  return writeXlsxFile(
    [header.map((h) => ({ value: h, fontWeight: 'bold' as const })), ...rows.map((r) => r.map(cell))],
    { sheet },
  ).toBuffer();
}
