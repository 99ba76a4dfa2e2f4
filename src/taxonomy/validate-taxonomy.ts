/**
 * Validates a technology list before anything is written: the zod shape, then the checks a schema cannot
 * express (duplicate ids, unknown parents, cycles, missing names, ids outside the version's prefix). Every
 * problem is reported with its location, never only the first one. Pure.
 */
import type { FieldIssue } from '../shared/errors.js';
import { parseCsv } from './csv.js';
import {
  taxonomyFileSchema,
  technologyRecordSchema,
  versionRecordSchema,
  type TaxonomyFile,
  type TechnologyRecord,
  type VersionRecord,
} from './taxonomy-file.js';

export interface ValidationResult {
  taxonomy: TaxonomyFile | null;
  issues: FieldIssue[];
  /** What could be read even from an invalid file, so database checks still run on it. */
  seen: { ids: string[]; versionId: string | null; idPrefix: string | null; basedOn: string | null };
}

function seenIn(input: unknown): ValidationResult['seen'] {
  const doc = (input ?? {}) as { technologies?: unknown; version?: Record<string, unknown> };
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const rows = Array.isArray(doc.technologies) ? (doc.technologies as Array<{ id?: unknown }>) : [];
  return {
    ids: rows.map((r) => str(r?.id)).filter((id): id is string => id !== null),
    versionId: str(doc.version?.id),
    idPrefix: str(doc.version?.idPrefix),
    basedOn: str(doc.version?.basedOn),
  };
}

export interface ValidationContext {
  /** The file name, shown in every issue's location. */
  file: string;
  /** Ids that already exist in other versions (technology ids are unique across the registry). */
  takenIds?: ReadonlySet<string>;
  /** Ids of the version this one is based on; predecessors must be among them when given. */
  predecessorIds?: ReadonlySet<string>;
  /** Turns an index into technologies[] into a human row label (CSV line numbers differ). */
  rowOf?: (index: number) => string;
}

const zodIssues = (
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
  locate: (path: ReadonlyArray<PropertyKey>) => { field: string; location: string },
): FieldIssue[] =>
  error.issues.map((i) => {
    const where = locate(i.path);
    return { field: where.field || '(root)', message: i.message, location: where.location };
  });

/** Checks a parsed JSON document in the cetmap.taxonomy format. */
export function validateTaxonomyJson(input: unknown, ctx: ValidationContext): ValidationResult {
  const rowOf = ctx.rowOf ?? ((i: number) => `row ${i + 1}`);
  const parsed = taxonomyFileSchema.safeParse(input);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, (path) => {
      if (path[0] === 'technologies' && typeof path[1] === 'number') {
        return {
          field: path.slice(2).join('.'),
          location: `${ctx.file}, technologies ${rowOf(path[1])}`,
        };
      }
      return { field: path.join('.'), location: ctx.file };
    });
    // Structural checks still run on the rows that did parse, so the user sees every problem at once.
    const rows = Array.isArray((input as { technologies?: unknown })?.technologies)
      ? ((input as { technologies: unknown[] }).technologies ?? [])
      : [];
    const prefix = (input as { version?: { idPrefix?: unknown } })?.version?.idPrefix;
    const usable: Array<{ index: number; record: TechnologyRecord }> = [];
    rows.forEach((row, index) => {
      const r = technologyRecordSchema.safeParse(row);
      if (r.success) usable.push({ index, record: r.data });
    });
    issues.push(...structuralIssues(usable, typeof prefix === 'string' ? prefix : null, ctx, rowOf));
    return { taxonomy: null, issues, seen: seenIn(input) };
  }
  const taxonomy = parsed.data;
  const issues = structuralIssues(
    taxonomy.technologies.map((record, index) => ({ index, record })),
    taxonomy.version.idPrefix,
    ctx,
    rowOf,
  );
  return { taxonomy: issues.length === 0 ? taxonomy : null, issues, seen: seenIn(input) };
}

function structuralIssues(
  rows: ReadonlyArray<{ index: number; record: TechnologyRecord }>,
  idPrefix: string | null,
  ctx: ValidationContext,
  rowOf: (index: number) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (index: number): string => `${ctx.file}, technologies ${rowOf(index)}`;
  const firstRow = new Map<string, number>();
  for (const { index, record } of rows) {
    const seen = firstRow.get(record.id);
    if (seen !== undefined) {
      issues.push({
        field: 'id',
        message: `duplicate id ${record.id} (first used in ${rowOf(seen)})`,
        location: at(index),
      });
    } else firstRow.set(record.id, index);
    if (idPrefix && !record.id.startsWith(`${idPrefix}.`)) {
      issues.push({
        field: 'id',
        message: `must start with the version prefix "${idPrefix}."`,
        location: at(index),
      });
    }
    if (ctx.takenIds?.has(record.id)) {
      issues.push({
        field: 'id',
        message: `${record.id} already exists in another version`,
        location: at(index),
      });
    }
    if (!record.nameKo && !record.nameEn) {
      issues.push({
        field: 'nameKo/nameEn',
        message: 'a Korean or English name is required',
        location: at(index),
      });
    }
    for (const p of record.predecessors) {
      if (ctx.predecessorIds && !ctx.predecessorIds.has(p.id)) {
        issues.push({
          field: 'predecessors',
          message: `predecessor ${p.id} is not in the base version`,
          location: at(index),
        });
      }
    }
  }
  const byId = new Map(rows.map((r) => [r.record.id, r.record]));
  for (const { index, record } of rows) {
    if (record.parentId === null) continue;
    if (record.parentId === record.id) {
      issues.push({
        field: 'parentId',
        message: 'a technology cannot be its own parent',
        location: at(index),
      });
    } else if (!byId.has(record.parentId)) {
      issues.push({ field: 'parentId', message: `unknown parent ${record.parentId}`, location: at(index) });
    }
  }
  // A cycle is reported once, at the row where it is first entered, naming the whole loop.
  const reported = new Set<string>();
  for (const { index, record } of rows) {
    const path: string[] = [];
    let current: TechnologyRecord | undefined = record;
    const onPath = new Set<string>();
    while (current && current.parentId !== null && current.parentId !== current.id) {
      if (onPath.has(current.id)) break;
      onPath.add(current.id);
      path.push(current.id);
      if (current.parentId === record.id) {
        const loop = [...path].sort().join(',');
        if (!reported.has(loop)) {
          reported.add(loop);
          issues.push({
            field: 'parentId',
            message: `cycle in parents: ${[...path, record.id].join(' → ')}`,
            location: at(index),
          });
        }
        break;
      }
      current = byId.get(current.parentId);
    }
  }
  return issues;
}

/** CSV columns, in order; list cells (aliases, sources, predecessors) are separated by `|`. */
export const CSV_COLUMNS = [
  'id',
  'parent_id',
  'kind',
  'position',
  'name_ko',
  'name_en',
  'aliases',
  'description',
  'strategy_group',
  'game_changer',
  'highest_risk',
  'verification',
  'sources',
  'note',
  'predecessors',
] as const;

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (cell: string | undefined): string | null => (cell && cell.trim() !== '' ? cell.trim() : null);
const bool = (cell: string | undefined): unknown => {
  const v = (cell ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  return cell; // left for zod to reject with the field named
};

/**
 * Checks a CSV list (one technology per line, columns CSV_COLUMNS) whose version metadata comes from
 * elsewhere (command-line options). Row numbers are the file's line numbers, header = line 1.
 */
export function validateTaxonomyCsv(
  text: string,
  version: unknown,
  ctx: Omit<ValidationContext, 'rowOf'>,
): ValidationResult {
  const issues: FieldIssue[] = [];
  const versionParsed = versionRecordSchema.safeParse(version);
  if (!versionParsed.success) {
    issues.push(
      ...zodIssues(versionParsed.error, (path) => ({
        field: `version.${path.join('.')}`,
        location: `${ctx.file} (version options)`,
      })),
    );
  }
  const [header = [], ...rows] = parseCsv(text);
  const columns = header.map((h) => h.trim().toLowerCase());
  for (const required of ['id', 'kind', 'verification']) {
    if (!columns.includes(required)) {
      issues.push({
        field: required,
        message: 'required column is missing',
        location: `${ctx.file}, line 1`,
      });
    }
  }
  for (const c of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) {
      issues.push({
        field: c,
        message: `unknown column (expected ${CSV_COLUMNS.join(', ')})`,
        location: `${ctx.file}, line 1`,
      });
    }
  }
  const body = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const lineOf = new Map<number, number>();
  const records = body.map((cells, index) => {
    lineOf.set(index, rows.indexOf(cells) + 2);
    const get = (name: string): string | undefined => {
      const i = columns.indexOf(name);
      return i < 0 ? undefined : cells[i];
    };
    const position = orNull(get('position'));
    return {
      id: (get('id') ?? '').trim(),
      parentId: orNull(get('parent_id')),
      kind: (get('kind') ?? '').trim(),
      position: position === null ? 0 : Number(position),
      nameKo: orNull(get('name_ko')),
      nameEn: orNull(get('name_en')),
      aliases: list(get('aliases')),
      description: orNull(get('description')),
      strategyGroup: orNull(get('strategy_group')),
      gameChanger: bool(get('game_changer')),
      highestRisk: bool(get('highest_risk')),
      verification: (get('verification') ?? '').trim(),
      sources: list(get('sources')),
      note: orNull(get('note')),
      predecessors: list(get('predecessors')).map((id) => ({ id, basis: null })),
      attributes: {},
    };
  });
  const rowOf = (index: number): string => `line ${lineOf.get(index) ?? index + 2}`;
  const document = {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: versionParsed.success ? versionParsed.data : version,
    technologies: records,
  };
  const result = validateTaxonomyJson(document, { ...ctx, rowOf });
  // Version problems were reported above with option names; drop zod's duplicates of them.
  const all = [
    ...issues,
    ...result.issues.filter((i) => !(i.location === ctx.file && i.field.startsWith('version'))),
  ];
  return { taxonomy: all.length === 0 ? result.taxonomy : null, issues: all, seen: result.seen };
}

/** The CSV rows of a list, in CSV_COLUMNS order (for export). */
export function taxonomyToCsvRows(technologies: readonly TechnologyRecord[]): unknown[][] {
  return technologies.map((t) => [
    t.id,
    t.parentId,
    t.kind,
    t.position,
    t.nameKo,
    t.nameEn,
    t.aliases.join('|'),
    t.description,
    t.strategyGroup,
    t.gameChanger,
    t.highestRisk,
    t.verification,
    t.sources.join('|'),
    t.note,
    t.predecessors.map((p) => p.id).join('|'),
  ]);
}

export type { VersionRecord };
