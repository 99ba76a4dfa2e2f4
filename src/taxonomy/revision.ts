/**
 * The biennial revision as pure functions over a whole list (a TaxonomyFile): make a draft from a published
 * version, apply add / remove / rename / move / merge / split changes (each with a rationale), and publish.
 * Every draft item records the base-version items it continues (`predecessors`), which is what the diff and
 * the old→new id mapping are computed from. No I/O; revision-queries.ts stores the results.
 */
import { z } from 'zod';
import { CetmapError } from '../shared/errors.js';
import {
  TECH_ID,
  TECH_KINDS,
  VERSION_ID,
  type TaxonomyFile,
  type TechnologyRecord,
} from './taxonomy-file.js';

const techId = z.string().regex(TECH_ID, 'must be a dotted lowercase id');
const name = z.string().trim().min(1).optional();
const newItem = z.object({ id: techId, nameKo: name, nameEn: name, parentId: techId.optional() });

/**
 * What a draft change may carry as evidence once the evidence modules exist (indicators, emergence, forum
 * demand). The kinds are fixed here; providers register in evidence.ts. Nothing fills it in yet.
 */
export const evidenceRefSchema = z.object({
  kind: z.enum(['indicator', 'emergence', 'forum_demand', 'document']),
  ref: z.string().min(1).describe('an id in the module that holds the evidence, or a URL for a document'),
  summary: z.string().optional(),
});
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

const base = {
  rationale: z.string().trim().min(1, 'a rationale is required'),
  evidence: z.array(evidenceRefSchema).default([]),
};

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add'),
    ...base,
    technology: newItem.extend({
      kind: z.enum(TECH_KINDS).default('technology'),
      description: z.string().optional(),
    }),
  }),
  z.object({ kind: z.literal('remove'), ...base, id: techId }),
  z.object({ kind: z.literal('rename'), ...base, id: techId, nameKo: name, nameEn: name }),
  z.object({ kind: z.literal('move'), ...base, id: techId, parentId: techId }),
  z.object({ kind: z.literal('merge'), ...base, ids: z.array(techId).min(2), into: newItem }),
  z.object({ kind: z.literal('split'), ...base, id: techId, into: z.array(newItem).min(2) }),
]);
export type TaxonomyChange = z.input<typeof changeSchema>;
export type ParsedChange = z.output<typeof changeSchema>;

const bad = (message: string, field = 'change'): CetmapError =>
  new CetmapError('CET_BAD_INPUT', message, { issues: [{ field, message }] });

export interface DraftOptions {
  id: string;
  idPrefix: string;
  titleEn: string;
  titleKo?: string | null;
}

/** A draft copy of a version: ids take the new prefix, and each item's predecessor is the item it copies. */
export function createDraft(from: TaxonomyFile, options: DraftOptions): TaxonomyFile {
  if (!VERSION_ID.test(options.id)) throw bad(`version id ${options.id} must look like kr-2027`, 'id');
  if (!/^[a-z][a-z0-9]*$/.test(options.idPrefix))
    throw bad('id prefix must be lowercase letters and digits', 'idPrefix');
  if (options.idPrefix === from.version.idPrefix) throw bad('the draft needs a new id prefix', 'idPrefix');
  const oldPrefix = `${from.version.idPrefix}.`;
  const rename = (id: string): string =>
    id.startsWith(oldPrefix)
      ? `${options.idPrefix}.${id.slice(oldPrefix.length)}`
      : `${options.idPrefix}.${id}`;
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      ...from.version,
      id: options.id,
      idPrefix: options.idPrefix,
      titleEn: options.titleEn,
      titleKo: options.titleKo ?? null,
      publishedOn: null,
      status: 'draft',
      basedOn: from.version.id,
      verificationNote: `Draft revision of ${from.version.id}. ${from.version.verificationNote ?? ''}`.trim(),
    },
    technologies: from.technologies.map((t) => ({
      ...t,
      id: rename(t.id),
      parentId: t.parentId === null ? null : rename(t.parentId),
      predecessors: [{ id: t.id, basis: `carried over from ${from.version.id}` }],
    })),
  };
}

function indexOf(draft: TaxonomyFile, id: string): number {
  const i = draft.technologies.findIndex((t) => t.id === id);
  if (i < 0) throw bad(`${id} is not in ${draft.version.id}`, 'id');
  return i;
}

function requireNewId(draft: TaxonomyFile, id: string, allowed: readonly string[] = []): void {
  if (!id.startsWith(`${draft.version.idPrefix}.`))
    throw bad(`${id} must start with "${draft.version.idPrefix}."`, 'id');
  if (!allowed.includes(id) && draft.technologies.some((t) => t.id === id))
    throw bad(`${id} already exists`, 'id');
}

const nextPosition = (items: readonly TechnologyRecord[], parentId: string | null): number =>
  1 + Math.max(0, ...items.filter((t) => t.parentId === parentId).map((t) => t.position));

function descendants(items: readonly TechnologyRecord[], id: string): Set<string> {
  const out = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const t of items) {
      if (t.parentId === current && !out.has(t.id)) {
        out.add(t.id);
        stack.push(t.id);
      }
    }
  }
  return out;
}

const blankItem = (
  id: string,
  parentId: string | null,
  kind: TechnologyRecord['kind'],
  position: number,
): TechnologyRecord => ({
  id,
  parentId,
  kind,
  position,
  nameKo: null,
  nameEn: null,
  aliases: [],
  description: null,
  strategyGroup: null,
  gameChanger: false,
  highestRisk: false,
  verification: 'unverified',
  sources: [],
  note: null,
  predecessors: [],
  attributes: {},
});

const uniqueBy = <T>(items: T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
};

/** Applies one change to a draft and returns the new draft; the input is not modified. */
export function applyChange(draft: TaxonomyFile, input: TaxonomyChange): TaxonomyFile {
  if (draft.version.status !== 'draft')
    throw bad(`${draft.version.id} is ${draft.version.status}; only drafts change`);
  const parsed = changeSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: i.path.join('.') || 'change',
      message: i.message,
    }));
    throw new CetmapError(
      'CET_BAD_INPUT',
      `Invalid change: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  const change = parsed.data;
  let items = draft.technologies.map((t) => ({ ...t }));
  const parentMustExist = (parentId: string): void =>
    void indexOf({ ...draft, technologies: items }, parentId);

  switch (change.kind) {
    case 'add': {
      const t = change.technology;
      requireNewId(draft, t.id);
      if (t.parentId) parentMustExist(t.parentId);
      if (!t.nameKo && !t.nameEn) throw bad('a Korean or English name is required', 'technology.nameKo');
      items.push({
        ...blankItem(t.id, t.parentId ?? null, t.kind, nextPosition(items, t.parentId ?? null)),
        nameKo: t.nameKo ?? null,
        nameEn: t.nameEn ?? null,
        description: t.description ?? null,
        note: `Added in ${draft.version.id}: ${change.rationale}`,
      });
      break;
    }
    case 'remove': {
      indexOf(draft, change.id);
      if (items.some((t) => t.parentId === change.id)) {
        throw bad(`${change.id} has technologies under it; move or remove them first`, 'id');
      }
      items = items.filter((t) => t.id !== change.id);
      break;
    }
    case 'rename': {
      const i = indexOf(draft, change.id);
      if (!change.nameKo && !change.nameEn) throw bad('give nameKo and/or nameEn', 'nameKo');
      const t = items[i]!;
      const oldName = [t.nameKo, t.nameEn].filter(Boolean).join(' / ');
      items[i] = {
        ...t,
        nameKo: change.nameKo ?? t.nameKo,
        nameEn: change.nameEn ?? t.nameEn,
        aliases: uniqueBy(
          [...t.aliases, ...[t.nameKo, t.nameEn].filter((n): n is string => Boolean(n))],
          (s) => s,
        ).filter((a) => a !== (change.nameKo ?? t.nameKo) && a !== (change.nameEn ?? t.nameEn)),
        note: `Renamed from ${oldName}.`,
      };
      break;
    }
    case 'move': {
      const i = indexOf(draft, change.id);
      parentMustExist(change.parentId);
      if (change.parentId === change.id || descendants(items, change.id).has(change.parentId)) {
        throw bad(`moving ${change.id} under ${change.parentId} would make a cycle`, 'parentId');
      }
      items[i] = { ...items[i]!, parentId: change.parentId, position: nextPosition(items, change.parentId) };
      break;
    }
    case 'merge': {
      const sources = uniqueBy(change.ids, (s) => s).map((id) => items[indexOf(draft, id)]!);
      if (sources.length < 2) throw bad('merge needs at least two different technologies', 'ids');
      const target = change.into;
      requireNewId(draft, target.id, change.ids);
      const first = sources[0]!;
      const parentId = target.parentId ?? first.parentId;
      if (parentId) parentMustExist(parentId);
      if (parentId && change.ids.includes(parentId))
        throw bad('cannot merge into a child of a merged item', 'into.parentId');
      const kept = items.find((t) => t.id === target.id);
      const merged: TechnologyRecord = {
        ...(kept ?? blankItem(target.id, parentId, first.kind, first.position)),
        parentId,
        nameKo: target.nameKo ?? kept?.nameKo ?? null,
        nameEn: target.nameEn ?? kept?.nameEn ?? null,
        aliases: uniqueBy(
          sources.flatMap((s) => [...s.aliases, s.nameKo, s.nameEn]).filter((n): n is string => Boolean(n)),
          (s) => s,
        ),
        predecessors: uniqueBy(
          sources.flatMap((s) => s.predecessors),
          (p) => p.id,
        ),
        verification: 'unverified',
        note: `Merged from ${sources.map((s) => s.id).join(', ')}: ${change.rationale}`,
      };
      if (!merged.nameKo && !merged.nameEn) throw bad('the merged technology needs a name', 'into.nameKo');
      const gone = new Set(change.ids);
      items = items
        .filter((t) => !gone.has(t.id) || t.id === target.id)
        .map((t) =>
          t.id === target.id
            ? merged
            : t.parentId !== null && gone.has(t.parentId)
              ? { ...t, parentId: target.id }
              : t,
        );
      if (!kept) items.push(merged);
      break;
    }
    case 'split': {
      const source = items[indexOf(draft, change.id)]!;
      const ids = change.into.map((p) => p.id);
      if (new Set(ids).size !== ids.length) throw bad('split parts need different ids', 'into');
      for (const id of ids) requireNewId(draft, id, [change.id]);
      if (!ids.includes(change.id) && items.some((t) => t.parentId === change.id)) {
        throw bad(
          `${change.id} has technologies under it; keep its id as one part or move them first`,
          'into',
        );
      }
      const parts: TechnologyRecord[] = change.into.map((p, k) => {
        const parentId = p.parentId ?? source.parentId;
        if (parentId) parentMustExist(parentId);
        if (!p.nameKo && !p.nameEn) throw bad(`part ${p.id} needs a name`, `into.${k}.nameKo`);
        return {
          ...source,
          id: p.id,
          parentId,
          position: p.id === source.id ? source.position : source.position + (k + 1) / 100,
          nameKo: p.nameKo ?? null,
          nameEn: p.nameEn ?? null,
          aliases: [],
          verification: 'unverified',
          note: `Split from ${source.id}: ${change.rationale}`,
        };
      });
      items = items.filter((t) => t.id !== change.id).concat(parts);
      break;
    }
  }
  return { ...draft, technologies: renumber(items) };
}

/** Positions become 1…n within each parent, in their current order. */
function renumber(items: TechnologyRecord[]): TechnologyRecord[] {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  const counters = new Map<string | null, number>();
  const position = new Map<string, number>();
  for (const t of sorted) {
    const n = (counters.get(t.parentId) ?? 0) + 1;
    counters.set(t.parentId, n);
    position.set(t.id, n);
  }
  return items.map((t) => ({ ...t, position: position.get(t.id)! }));
}

/** Publishes a draft: status, date, and (once accounts exist) who. */
export function publishDraft(draft: TaxonomyFile, publishedOn: string): TaxonomyFile {
  if (draft.version.status !== 'draft') throw bad(`${draft.version.id} is not a draft`, 'status');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(publishedOn))
    throw bad('the publication date must be YYYY-MM-DD', 'publishedOn');
  return { ...draft, version: { ...draft.version, status: 'published', publishedOn } };
}
