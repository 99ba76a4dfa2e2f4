/**
 * Finds the files to load from what the user named: a single .jsonl / .jsonl.gz file, a directory of such
 * files, or an OpenAlex snapshot (`data/works/updated_date=YYYY-MM-DD/part_NNN.gz` with a `manifest`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CetmapError } from '../shared/errors.js';

export interface InputFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** The snapshot partition the file belongs to, when it sits in one. */
  partition: string | null;
  /** Record count listed in the manifest, when there is one. */
  expectedRecords: number | null;
}

const manifestSchema = z.object({
  entries: z.array(
    z.object({
      url: z.string(),
      meta: z
        .object({ content_length: z.number().optional(), record_count: z.number().optional() })
        .optional(),
    }),
  ),
});

const DATA_FILE = /\.(jsonl|json|jsonl\.gz|json\.gz|gz)$/i;
const PARTITION = /^updated_date=(\d{4}-\d{2}-\d{2})$/;

function fileInfo(path: string, partition: string | null, expectedRecords: number | null): InputFile {
  const st = statSync(path);
  return { path, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), partition, expectedRecords };
}

export function listInputFiles(input: string, options: { since?: string } = {}): InputFile[] {
  const path = resolve(input);
  if (!existsSync(path)) throw new CetmapError('CET_BAD_INPUT', `${input} does not exist.`);
  if (statSync(path).isFile()) return [fileInfo(path, null, null)];

  const worksDir = [join(path, 'data', 'works'), join(path, 'works'), path].find((d) => existsSync(d))!;
  const expected = readManifest(worksDir);
  const files: InputFile[] = [];
  for (const entry of readdirSync(worksDir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const partition = PARTITION.exec(entry.name)?.[1] ?? null;
    if (entry.isDirectory() && partition) {
      if (options.since && partition < options.since) continue;
      for (const name of readdirSync(join(worksDir, entry.name)).sort()) {
        if (!DATA_FILE.test(name)) continue;
        const full = join(worksDir, entry.name, name);
        files.push(fileInfo(full, partition, expected?.get(full) ?? null));
      }
    } else if (entry.isFile() && DATA_FILE.test(entry.name) && entry.name !== 'manifest') {
      const full = join(worksDir, entry.name);
      files.push(fileInfo(full, null, expected?.get(full) ?? null));
    }
  }
  if (expected) {
    const found = new Set(files.map((f) => f.path));
    const missing = [...expected.keys()].filter((p) => {
      const partition = /updated_date=(\d{4}-\d{2}-\d{2})/.exec(p)?.[1];
      return !found.has(p) && !(options.since && partition && partition < options.since);
    });
    if (missing.length > 0) {
      throw new CetmapError(
        'CET_BAD_INPUT',
        `The manifest lists ${missing.length} file(s) that are not present.`,
        {
          issues: missing
            .slice(0, 20)
            .map((m) => ({ field: 'manifest', message: 'listed file is missing', location: m })),
        },
      );
    }
  }
  if (files.length === 0) throw new CetmapError('CET_BAD_INPUT', `No .jsonl or .gz files found in ${input}.`);
  return files;
}

/** Manifest entries mapped to local paths (the part of the url after `/works/`), with their record counts. */
function readManifest(worksDir: string): Map<string, number | null> | null {
  const file = ['manifest', 'manifest.json'].map((n) => join(worksDir, n)).find((p) => existsSync(p));
  if (!file) return null;
  let parsed;
  try {
    parsed = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `Cannot read the snapshot manifest ${file}: ${(error as Error).message}`,
    );
  }
  const map = new Map<string, number | null>();
  for (const e of parsed.entries) {
    const rel = /\/works\/(.+)$/.exec(e.url)?.[1] ?? e.url;
    map.set(join(worksDir, rel), e.meta?.record_count ?? null);
  }
  return map;
}

/**
 * OpenAlex lists works merged into others in `data/merged_ids/works/YYYY-MM-DD.csv.gz`
 * (columns merge_date, id, merge_into_id). Returns those files for a snapshot directory, oldest first.
 */
export function listMergedIdFiles(input: string, options: { since?: string } = {}): InputFile[] {
  const path = resolve(input);
  if (!existsSync(path) || !statSync(path).isDirectory()) return [];
  const dir = [join(path, 'data', 'merged_ids', 'works'), join(path, 'merged_ids', 'works')].find((d) =>
    existsSync(d),
  );
  if (!dir) return [];
  return readdirSync(dir)
    .filter((name) => /\.csv(\.gz)?$/i.test(name))
    .sort()
    .filter((name) => {
      const date = /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1];
      return !(options.since && date && date < options.since);
    })
    .map((name) => fileInfo(join(dir, name), /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1] ?? null, null));
}
