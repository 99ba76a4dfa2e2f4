/**
 * Loading lists into the registry: the built-in lists shipped in src/taxonomy/data, and user files
 * (cetmap.taxonomy JSON, CSV, or a cetmap.crosswalk JSON). Everything is validated first and written in one
 * transaction, so a rejected import changes nothing.
 */
import { readFileSync } from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError, type FieldIssue } from '../shared/errors.js';
import { projectPath } from '../shared/paths.js';
import {
  crosswalkFileSchema,
  taxonomyFileSchema,
  type CrosswalkFile,
  type TaxonomyFile,
} from './taxonomy-file.js';
import { insertCrosswalk, insertTaxonomy, takenTechnologyIds } from './taxonomy-queries.js';
import { validateTaxonomyCsv, validateTaxonomyJson, type ValidationResult } from './validate-taxonomy.js';

/** Built-in lists in load order (a revision after the version it continues), then crosswalks. */
export const BUILTIN_LIST_FILES = [
  'kr-2022.json',
  'kr-2025.json',
  'us-2024.json',
  'eu-2023.json',
  'aspi-ctt.json',
];
export const BUILTIN_CROSSWALK_FILES = ['crosswalk-kr-2022.json'];

const dataPath = (name: string): string => projectPath('src/taxonomy/data', name);

export function readBuiltinList(name: string): TaxonomyFile {
  return taxonomyFileSchema.parse(JSON.parse(readFileSync(dataPath(name), 'utf8')));
}

export function readBuiltinCrosswalk(name: string): CrosswalkFile {
  return crosswalkFileSchema.parse(JSON.parse(readFileSync(dataPath(name), 'utf8')));
}

export interface BuiltinLoadResult {
  loaded: string[];
  skipped: string[];
  crosswalkLinks: number;
}

/**
 * Loads the built-in lists that are not in the database yet, and any crosswalk links missing. Idempotent:
 * a version already present (perhaps with a user's drafts built on it) is left alone.
 */
export async function loadBuiltinTaxonomies(db: Kysely<Database>): Promise<BuiltinLoadResult> {
  const lists = BUILTIN_LIST_FILES.map(readBuiltinList);
  const crosswalks = BUILTIN_CROSSWALK_FILES.map((f) => ({ file: f, data: readBuiltinCrosswalk(f) }));
  return db.transaction().execute(async (trx) => {
    const present = new Set(
      (await trx.selectFrom('taxonomy_version').select('id').execute()).map((r) => r.id),
    );
    const result: BuiltinLoadResult = { loaded: [], skipped: [], crosswalkLinks: 0 };
    for (const list of lists) {
      if (present.has(list.version.id)) {
        result.skipped.push(list.version.id);
        continue;
      }
      await insertTaxonomy(trx, list, true);
      result.loaded.push(list.version.id);
    }
    for (const c of crosswalks) result.crosswalkLinks += await insertCrosswalk(trx, c.data, c.file);
    return result;
  });
}

export interface ImportRequest {
  /** File name shown in every issue's location. */
  file: string;
  text: string;
  format: 'json' | 'csv';
  /** Version metadata for a CSV list (a JSON file carries its own). */
  version?: unknown;
}

export interface ImportResult {
  kind: 'taxonomy' | 'crosswalk';
  id: string;
  technologies: number;
  links: number;
}

const rejected = (file: string, issues: FieldIssue[]): CetmapError =>
  new CetmapError(
    'CET_BAD_INPUT',
    `${file} was rejected: ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was imported.`,
    { issues },
  );

async function validateAgainstDb(
  trx: Transaction<Database>,
  request: ImportRequest,
): Promise<ValidationResult> {
  // A first pass reads what it can; the second adds what only the database knows, in one report.
  const { seen } = validate(request, {});
  const taken = await takenTechnologyIds(trx, seen.ids);
  const extra: FieldIssue[] = [];
  if (seen.versionId || seen.idPrefix) {
    const existing = await trx
      .selectFrom('taxonomy_version')
      .select(['id', 'id_prefix'])
      .where((eb) => eb.or([eb('id', '=', seen.versionId ?? ''), eb('id_prefix', '=', seen.idPrefix ?? '')]))
      .execute();
    for (const e of existing) {
      extra.push(
        e.id === seen.versionId
          ? { field: 'version.id', message: `version ${e.id} already exists`, location: request.file }
          : {
              field: 'version.idPrefix',
              message: `prefix ${e.id_prefix} is used by ${e.id}`,
              location: request.file,
            },
      );
    }
  }
  let predecessorIds: Set<string> | undefined;
  if (seen.basedOn) {
    const baseRows = await trx
      .selectFrom('technology')
      .select('id')
      .where('version_id', '=', seen.basedOn)
      .execute();
    if (baseRows.length === 0) {
      extra.push({
        field: 'version.basedOn',
        message: `base version ${seen.basedOn} is not loaded`,
        location: request.file,
      });
    }
    predecessorIds = new Set(baseRows.map((r) => r.id));
  } else predecessorIds = new Set(); // without a base version no item can have predecessors
  const second = validate(request, { takenIds: taken, predecessorIds });
  const issues = [...extra, ...second.issues];
  return { ...second, taxonomy: issues.length === 0 ? second.taxonomy : null, issues };
}

function validate(
  request: ImportRequest,
  ctx: { takenIds?: ReadonlySet<string>; predecessorIds?: ReadonlySet<string> },
): ValidationResult {
  if (request.format === 'csv')
    return validateTaxonomyCsv(request.text, request.version, { file: request.file, ...ctx });
  return validateTaxonomyJson(parseJson(request), { file: request.file, ...ctx });
}

function parseJson(request: ImportRequest): unknown {
  try {
    return JSON.parse(request.text);
  } catch (error) {
    throw rejected(request.file, [
      { field: '(file)', message: `not valid JSON: ${(error as Error).message}`, location: request.file },
    ]);
  }
}

/** Imports a list or a crosswalk; on any problem throws CET_BAD_INPUT listing every issue, and writes nothing. */
export async function importFile(db: Kysely<Database>, request: ImportRequest): Promise<ImportResult> {
  if (request.format === 'json') {
    const doc = parseJson(request) as { format?: unknown };
    if (doc && typeof doc === 'object' && doc.format === 'cetmap.crosswalk')
      return importCrosswalk(db, request, doc);
  }
  return db.transaction().execute(async (trx) => {
    const result = await validateAgainstDb(trx, request);
    if (!result.taxonomy) throw rejected(request.file, result.issues);
    await insertTaxonomy(trx, result.taxonomy, false);
    return {
      kind: 'taxonomy' as const,
      id: result.taxonomy.version.id,
      technologies: result.taxonomy.technologies.length,
      links: 0,
    };
  });
}

async function importCrosswalk(
  db: Kysely<Database>,
  request: ImportRequest,
  doc: unknown,
): Promise<ImportResult> {
  const parsed = crosswalkFileSchema.safeParse(doc);
  if (!parsed.success) {
    throw rejected(
      request.file,
      parsed.error.issues.map((i) => ({
        field: i.path.slice(i.path[0] === 'links' ? 2 : 0).join('.') || '(root)',
        message: i.message,
        location: i.path[0] === 'links' ? `${request.file}, link ${Number(i.path[1]) + 1}` : request.file,
      })),
    );
  }
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  parsed.data.links.forEach((l, i) => {
    const key = `${l.from}→${l.to}`;
    if (seen.has(key)) {
      issues.push({
        field: 'to',
        message: `duplicate link (first in link ${seen.get(key)! + 1})`,
        location: `${request.file}, link ${i + 1}`,
      });
    } else seen.set(key, i);
    if (l.from === l.to)
      issues.push({
        field: 'to',
        message: 'a link needs two technologies',
        location: `${request.file}, link ${i + 1}`,
      });
  });
  if (issues.length > 0) throw rejected(request.file, issues);
  return db.transaction().execute(async (trx) => {
    try {
      const links = await insertCrosswalk(trx, parsed.data, request.file);
      return { kind: 'crosswalk' as const, id: parsed.data.id, technologies: 0, links };
    } catch (error) {
      if (error instanceof CetmapError) throw rejected(request.file, [...error.issues]);
      throw error;
    }
  });
}
