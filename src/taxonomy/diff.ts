/**
 * Diff between two versions of one jurisdiction's list, from the lineage the newer version records
 * (`predecessors`). Each lineage edge is old → new; an old item with several successors was split, a new item
 * with several predecessors is a merge, a one-to-one edge is unchanged, renamed and/or moved. The old→new id
 * mapping lets time series continue across versions. Pure.
 */
import { CetmapError } from '../shared/errors.js';
import type { TaxonomyFile, TechnologyRecord } from './taxonomy-file.js';

export const DIFF_KINDS = ['added', 'removed', 'renamed', 'moved', 'merged', 'split'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

export interface DiffTech {
  id: string;
  kind: TechnologyRecord['kind'];
  parentId: string | null;
  nameKo: string | null;
  nameEn: string | null;
}

export interface DiffEntry {
  kind: DiffKind;
  from: DiffTech[];
  to: DiffTech[];
}

export interface TaxonomyDiff {
  from: string;
  to: string;
  entries: DiffEntry[];
  /** Every item of the old version → the items that continue it (empty when removed). */
  mapping: Record<string, string[]>;
  counts: Record<DiffKind | 'unchanged', number>;
  /** Lineage edges that point outside the old version (e.g. to an intermediate version); not used. */
  ignoredLineage: number;
}

const pick = (t: TechnologyRecord): DiffTech => ({
  id: t.id,
  kind: t.kind,
  parentId: t.parentId,
  nameKo: t.nameKo,
  nameEn: t.nameEn,
});

export function diffVersions(older: TaxonomyFile, newer: TaxonomyFile): TaxonomyDiff {
  if (older.version.jurisdiction !== newer.version.jurisdiction) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${older.version.id} (${older.version.jurisdiction}) and ${newer.version.id} (${newer.version.jurisdiction}) ` +
        'belong to different jurisdictions; compare them with a crosswalk instead.',
    );
  }
  const oldById = new Map(older.technologies.map((t) => [t.id, t]));
  const succ = new Map<string, string[]>(older.technologies.map((t) => [t.id, []]));
  const pred = new Map<string, string[]>();
  let ignored = 0;
  for (const t of newer.technologies) {
    const ps: string[] = [];
    for (const p of t.predecessors) {
      if (oldById.has(p.id)) {
        ps.push(p.id);
        succ.get(p.id)!.push(t.id);
      } else ignored++;
    }
    pred.set(t.id, ps);
  }
  const linked = [...pred.values()].some((ps) => ps.length > 0);
  if (!linked && older.technologies.length > 0 && newer.technologies.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${newer.version.id} records no lineage to ${older.version.id}; a diff needs one version to continue the other.`,
    );
  }
  const newById = new Map(newer.technologies.map((t) => [t.id, t]));
  // Lists come in tree order; keep both sides of each entry in that order whatever order lineage was stored in.
  const oldOrder = new Map(older.technologies.map((t, i) => [t.id, i]));
  const newOrder = new Map(newer.technologies.map((t, i) => [t.id, i]));
  for (const list of succ.values()) list.sort((x, y) => newOrder.get(x)! - newOrder.get(y)!);
  for (const list of pred.values()) list.sort((x, y) => oldOrder.get(x)! - oldOrder.get(y)!);
  const entries: DiffEntry[] = [];
  const counts: TaxonomyDiff['counts'] = {
    added: 0,
    removed: 0,
    renamed: 0,
    moved: 0,
    merged: 0,
    split: 0,
    unchanged: 0,
  };
  const push = (kind: DiffKind, from: TechnologyRecord[], to: TechnologyRecord[]): void => {
    entries.push({ kind, from: from.map(pick), to: to.map(pick) });
    counts[kind]++;
  };

  // Whether a one-to-one continuation sits under a different parent. A parent without recorded lineage on
  // either side cannot tell us, so it does not count as a move.
  const moved = (o: TechnologyRecord, n: TechnologyRecord): boolean => {
    if ((o.parentId === null) !== (n.parentId === null)) return true;
    if (o.parentId === null || n.parentId === null) return false;
    const parentSucc = succ.get(o.parentId) ?? [];
    const parentPred = pred.get(n.parentId) ?? [];
    return (
      (parentSucc.length > 0 && !parentSucc.includes(n.parentId)) ||
      (parentPred.length > 0 && !parentPred.includes(o.parentId))
    );
  };

  for (const o of older.technologies) {
    const s = succ.get(o.id)!;
    if (s.length === 0) push('removed', [o], []);
    else if (s.length > 1)
      push(
        'split',
        [o],
        s.map((id) => newById.get(id)!),
      );
  }
  for (const n of newer.technologies) {
    const p = pred.get(n.id)!;
    if (p.length === 0) push('added', [], [n]);
    else if (p.length > 1)
      push(
        'merged',
        p.map((id) => oldById.get(id)!),
        [n],
      );
    else {
      const o = oldById.get(p[0]!)!;
      if (succ.get(o.id)!.length !== 1) continue; // part of a split, reported above
      let changed = false;
      if ((o.nameKo ?? '') !== (n.nameKo ?? '') || (o.nameEn ?? '') !== (n.nameEn ?? '')) {
        push('renamed', [o], [n]);
        changed = true;
      }
      if (moved(o, n)) {
        push('moved', [o], [n]);
        changed = true;
      }
      if (!changed) counts.unchanged++;
    }
  }
  // Grouped by kind for reading; within a kind, tree order (the sort is stable).
  const kindOrder: DiffKind[] = ['merged', 'split', 'renamed', 'moved', 'added', 'removed'];
  entries.sort((x, y) => kindOrder.indexOf(x.kind) - kindOrder.indexOf(y.kind));
  return {
    from: older.version.id,
    to: newer.version.id,
    entries,
    mapping: Object.fromEntries([...succ.entries()]),
    counts,
    ignoredLineage: ignored,
  };
}
