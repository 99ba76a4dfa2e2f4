/**
 * Demand signals for a revision: per technology of a version, what the forum said about it (or about the
 * items it continues), and the new technologies people proposed. Pure: forum-queries.ts loads the rows.
 */
import type { ProposalKind } from './forum-schemas.js';
import { trendOf, type TrendDirection } from './ranking.js';
import { normaliseText } from './spam.js';

export const DEMAND_WINDOW_DAYS = 30;
export const DEMAND_METHOD =
  'Visible proposals on the technology or on the items it continues (lineage), their support (+1) and ' +
  'opposition (−1) votes, and distinct participants (authors, commenters, voters). Trend: supports cast or ' +
  `changed in the last ${DEMAND_WINDOW_DAYS} days against the ${DEMAND_WINDOW_DAYS} days before ` +
  '(rising/falling when the change is at least 2 and at least 25%). Strongest proposals: highest net support.';

export interface DemandProposal {
  id: number;
  kind: ProposalKind;
  techId: string | null;
  proposedName: string | null;
  title: string;
  authorId: number;
  createdAt: Date;
}
export interface DemandVote {
  proposalId: number;
  userId: number;
  value: number;
  at: Date;
}
export interface DemandComment {
  proposalId: number;
  authorId: number;
}
export interface VersionItem {
  id: string;
  nameKo: string | null;
  nameEn: string | null;
}

export interface DemandFigures {
  proposals: number;
  supports: number;
  opposes: number;
  participants: number;
  recentSupports: number;
  previousSupports: number;
  trend: TrendDirection;
  top: Array<{ id: number; title: string; kind: ProposalKind; net: number }>;
}

/** Every item's ancestors through the lineage edges (tech → predecessor), any number of hops. */
export function ancestorsOf(
  ids: readonly string[],
  edges: ReadonlyArray<{ techId: string; predecessorId: string }>,
): Map<string, Set<string>> {
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.techId, [...(parents.get(e.techId) ?? []), e.predecessorId]);
  const out = new Map<string, Set<string>>();
  for (const id of ids) {
    const seen = new Set<string>();
    const stack = [...(parents.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next) || next === id) continue;
      seen.add(next);
      stack.push(...(parents.get(next) ?? []));
    }
    out.set(id, seen);
  }
  return out;
}

export function demandFigures(
  proposals: readonly DemandProposal[],
  votes: readonly DemandVote[],
  comments: readonly DemandComment[],
  now: Date,
): DemandFigures {
  const ids = new Set(proposals.map((p) => p.id));
  const mine = votes.filter((v) => ids.has(v.proposalId));
  const window = DEMAND_WINDOW_DAYS * 86_400_000;
  const age = (d: Date) => now.getTime() - d.getTime();
  const supports = mine.filter((v) => v.value > 0);
  const recentSupports = supports.filter((v) => age(v.at) <= window).length;
  const previousSupports = supports.filter((v) => age(v.at) > window && age(v.at) <= 2 * window).length;
  const participants = new Set<number>([
    ...proposals.map((p) => p.authorId),
    ...mine.map((v) => v.userId),
    ...comments.filter((c) => ids.has(c.proposalId)).map((c) => c.authorId),
  ]);
  const net = (id: number) => mine.filter((v) => v.proposalId === id).reduce((n, v) => n + v.value, 0);
  const top = proposals
    .map((p) => ({ id: p.id, title: p.title, kind: p.kind, net: net(p.id), at: p.createdAt.getTime() }))
    .sort((a, b) => b.net - a.net || b.at - a.at)
    .slice(0, 3)
    .map(({ at: _at, ...rest }) => rest);
  return {
    proposals: proposals.length,
    supports: supports.length,
    opposes: mine.length - supports.length,
    participants: participants.size,
    recentSupports,
    previousSupports,
    trend: trendOf(recentSupports, previousSupports),
    top,
  };
}

export function aggregateDemand(input: {
  items: readonly VersionItem[];
  lineage: ReadonlyArray<{ techId: string; predecessorId: string }>;
  proposals: readonly DemandProposal[];
  votes: readonly DemandVote[];
  comments: readonly DemandComment[];
  now: Date;
}) {
  const { items, proposals, votes, comments, now } = input;
  const ancestors = ancestorsOf(
    items.map((i) => i.id),
    input.lineage,
  );
  const forumIdsOf = (id: string) => new Set([id, ...(ancestors.get(id) ?? [])]);
  const existing = proposals.filter((p) => p.kind !== 'add_technology' && p.techId !== null);
  const technologies = items
    .map((item) => {
      const forumIds = forumIdsOf(item.id);
      const about = existing.filter((p) => forumIds.has(p.techId!));
      return {
        techId: item.id,
        nameKo: item.nameKo,
        nameEn: item.nameEn,
        forumTechIds: [...new Set(about.map((p) => p.techId!))].sort(),
        ...demandFigures(about, votes, comments, now),
      };
    })
    .filter((t) => t.proposals > 0)
    .sort(
      (a, b) =>
        b.supports - a.supports || b.participants - a.participants || a.techId.localeCompare(b.techId),
    );

  // New technologies: grouped by the proposed name (folded), placed under the version's item that continues
  // the field the proposal named.
  const itemFor = (techId: string | null): string | null =>
    techId === null ? null : (items.find((i) => forumIdsOf(i.id).has(techId))?.id ?? null);
  const groups = new Map<string, DemandProposal[]>();
  for (const p of proposals.filter((x) => x.kind === 'add_technology' && x.proposedName)) {
    const key = normaliseText(p.proposedName!);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const newTechnologies = [...groups.values()]
    .map((group) => ({
      proposedName: group[0]!.proposedName!,
      parentId: itemFor(group.find((p) => p.techId)?.techId ?? null),
      ...demandFigures(group, votes, comments, now),
    }))
    .sort((a, b) => b.supports - a.supports || a.proposedName.localeCompare(b.proposedName));
  return { technologies, newTechnologies };
}
