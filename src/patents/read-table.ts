/**
 * Finds PatentsView table files and streams their records. A file is a table as published (tab-separated,
 * `.tsv`, inside a `.zip` or not), gzip-compressed, or comma-separated (`.csv`); the table is recognised by its
 * header row. Records that the CSV parser cannot read (bad quoting, wrong number of fields) come out as `bad`
 * items with their line and raw text, so the loader can quarantine them and carry on.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { CetmapError } from '../shared/errors.js';
import { detectTable, type PatentTableKind } from './patentsview-tables.js';
import { openZipEntry, zipEntries } from './zip-entry.js';

const TABLE_FILE = /\.(tsv|csv|txt)(\.gz|\.zip)?$|\.zip$/i;

export interface TableFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The candidate table files under `input` (a directory, searched one level deep, or a single file). */
export function listTableFiles(input: string): TableFile[] {
  const path = resolve(input);
  if (!existsSync(path)) throw new CetmapError('CET_BAD_INPUT', `${input} does not exist.`);
  const info = (p: string): TableFile => {
    const st = statSync(p);
    return { path: p, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) };
  };
  if (statSync(path).isFile()) return [info(path)];
  const files = readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile() && TABLE_FILE.test(e.name))
    .map((e) => info(join(path, e.name)))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (files.length === 0)
    throw new CetmapError('CET_BAD_INPUT', `No .tsv, .csv or .zip files found in ${input}.`);
  return files;
}

export type TableItem =
  | { kind: 'record'; index: number; line: number; values: Record<string, string>; raw: string }
  | { kind: 'bad'; index: number; line: number; reason: string; raw: string | null };

export interface OpenTable {
  table: PatentTableKind | null;
  header: string[];
  delimiter: string;
  /** File name for locators: the path, with `!entry` for a zip member. */
  name: string;
  items: AsyncGenerator<TableItem>;
  bytesRead(): number;
  /** Stops reading (when only the header was wanted). */
  close(): void;
}

async function openBytes(path: string): Promise<{ stream: Readable; name: string; bytesRead: () => number }> {
  if (/\.zip$/i.test(path)) {
    const entries = (await zipEntries(path)).filter((e) => !/(^|\/)(__MACOSX|\.)/.test(e.name));
    const entry = entries.find((e) => /\.(tsv|csv|txt)$/i.test(e.name)) ?? entries[0];
    if (!entry) throw new CetmapError('CET_BAD_INPUT', `${path}: the zip archive holds no file`);
    const opened = await openZipEntry(path, entry);
    return { ...opened, name: `${path}!${entry.name}` };
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (/\.gz$/i.test(path)) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    file.on('error', (e) => gunzip.destroy(e));
    return { stream: file.pipe(gunzip), name: path, bytesRead: () => file.bytesRead };
  }
  return { stream: file, name: path, bytesRead: () => file.bytesRead };
}

/** The first bytes of a stream, pushed back so that reading starts from the beginning again. */
function peek(stream: Readable): Promise<Buffer> {
  return new Promise((resolvePeek, reject) => {
    const done = (chunk: Buffer | null): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (chunk && chunk.length > 0) stream.unshift(chunk);
      resolvePeek(chunk ?? Buffer.alloc(0));
    };
    const onReadable = (): void => done(stream.read() as Buffer | null);
    const onEnd = (): void => done(null);
    const onError = (e: Error): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      reject(e);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Tab-separated when the header line has more tabs than commas (PatentsView TSV), else comma-separated. */
export function sniffDelimiter(firstLine: string): string {
  const tabs = firstLine.split('\t').length;
  const commas = firstLine.split(',').length;
  return tabs > commas ? '\t' : ',';
}

const cut = (s: string): string => (s.length > 20_000 ? s.slice(0, 20_000) : s);

/** Opens a table file: its table kind (from the header), then its records. */
export async function openTable(path: string): Promise<OpenTable> {
  const { stream, name, bytesRead } = await openBytes(path);
  const head = await peek(stream);
  const firstLine = head
    .toString('utf8', 0, Math.min(head.length, 8192))
    .replace(/^\uFEFF/, '')
    .split('\n')[0]!;
  const delimiter = sniffDelimiter(firstLine);
  const parser = parse({
    delimiter,
    quote: '"',
    bom: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
    on_skip: (err, raw) => {
      skipped.push({
        line: Number(err?.lines ?? 0),
        reason: err?.message ?? 'unreadable record',
        raw: raw ?? null,
      });
      return undefined;
    },
  });
  const skipped: Array<{ line: number; reason: string; raw: string | null }> = [];
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
    raw: string;
  }>;
  const first = await iterator.next();
  const header = first.done ? [] : first.value.record.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const table = detectTable(header);

  async function* items(): AsyncGenerator<TableItem> {
    let index = 0;
    const flush = function* (): Generator<TableItem> {
      while (skipped.length > 0) {
        const s = skipped.shift()!;
        index++;
        yield { kind: 'bad', index, line: s.line, reason: s.reason, raw: s.raw === null ? null : cut(s.raw) };
      }
    };
    try {
      for (;;) {
        const next = await iterator.next();
        yield* flush();
        if (next.done) break;
        const { record, info, raw } = next.value;
        index++;
        if (record.length === 1 && record[0] === '') continue; // blank line
        const values: Record<string, string> = {};
        header.forEach((h, i) => (values[h] = record[i] ?? ''));
        yield { kind: 'record', index, line: info.lines, values, raw: cut(raw.replace(/\r?\n$/, '')) };
      }
    } finally {
      stream.destroy();
      parser.destroy();
    }
  }
  const close = (): void => {
    stream.destroy();
    parser.destroy();
  };
  return { table, header, delimiter, name, items: items(), bytesRead, close };
}
