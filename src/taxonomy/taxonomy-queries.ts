/**
 * The technology registry's database access: storing and reading whole lists, technologies with their
 * crosswalks and lineage, and version summaries. The only taxonomy file that talks to the database besides
 * revision-queries.ts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError, notFound, type FieldIssue } from '../shared/errors.js';
import type { CrosswalkFile, TaxonomyFile, TechnologyRecord, VersionRecord } from './taxonomy-file.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Parents before children, so the parent foreign key holds row by row. */
function byDepth(items: readonly TechnologyRecord[]): TechnologyRecord[][] {
  const byId = new Map(items.map((t) => [t.id, t]));
  const depth = (t: TechnologyRecord): number => {
    let d = 0;
    let p = t.parentId;
    while (p !== null && d < items.length) {
      d++;
      p = byId.get(p)?.parentId ?? null;
    }
    return d;
  };
  const levels: TechnologyRecord[][] = [];
  for (const t of items) (levels[depth(t)] ??= []).push(t);
  return levels.filter(Boolean);
}

const CHUNK = 200; // rows per insert, well under the 65k parameter limit

export async function insertTechnologies(
  db: Db,
  versionId: string,
  items: readonly TechnologyRecord[],
): Promise<void> {
  for (const level of byDepth(items)) {
    for (let i = 0; i < level.length; i += CHUNK) {
      await db
        .insertInto('technology')
        .values(
          level.slice(i, i + CHUNK).map((t) => ({
            id: t.id,
            version_id: versionId,
            parent_id: t.parentId,
            kind: t.kind,
            position: t.position,
            name_ko: t.nameKo,
            name_en: t.nameEn,
            aliases: JSON.stringify(t.aliases),
            description: t.description,
            strategy_group: t.strategyGroup,
            game_changer: t.gameChanger,
            highest_risk: t.highestRisk,
            verification: t.verification,
            sources: JSON.stringify(t.sources),
            note: t.note,
            attributes: JSON.stringify(t.attributes),
          })),
        )
        .execute();
    }
  }
  const lineage = items.flatMap((t) =>
    t.predecessors.map((p) => ({ tech_id: t.id, predecessor_id: p.id, basis: p.basis })),
  );
  for (let i = 0; i < lineage.length; i += CHUNK) {
    await db
      .insertInto('technology_lineage')
      .values(lineage.slice(i, i + CHUNK))
      .execute();
  }
}

export async function insertVersion(db: Db, v: VersionRecord, builtin: boolean): Promise<void> {
  await db
    .insertInto('taxonomy_version')
    .values({
      id: v.id,
      jurisdiction: v.jurisdiction,
      id_prefix: v.idPrefix,
      title_en: v.titleEn,
      title_ko: v.titleKo,
      issuer: v.issuer,
      published_on: v.publishedOn,
      status: v.status,
      based_on: v.basedOn,
      verification: v.verification,
      verification_note: v.verificationNote,
      level_names: JSON.stringify(v.levelNames),
      source: JSON.stringify(v.source),
      attributes: JSON.stringify(v.attributes),
      builtin,
      published_at: v.status === 'published' ? new Date() : null,
    })
    .execute();
}

/** Stores a validated list (version + technologies + lineage) inside the caller's transaction. */
export async function insertTaxonomy(db: Db, file: TaxonomyFile, builtin = false): Promise<void> {
  await insertVersion(db, file.version, builtin);
  await insertTechnologies(db, file.version.id, file.technologies);
}

/** Checks a crosswalk against the database and stores its links; links already present are kept as they are. */
export async function insertCrosswalk(db: Db, file: CrosswalkFile, location: string): Promise<number> {
  const ids = [...new Set(file.links.flatMap((l) => [l.from, l.to]))];
  const known = new Set(
    ids.length === 0
      ? []
      : (await db.selectFrom('technology').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
  );
  const issues: FieldIssue[] = [];
  file.links.forEach((l, i) => {
    for (const [field, id] of [
      ['from', l.from],
      ['to', l.to],
    ] as const) {
      if (!known.has(id))
        issues.push({ field, message: `unknown technology ${id}`, location: `${location}, link ${i + 1}` });
    }
  });
  if (issues.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `Crosswalk ${file.id} refers to technologies that are not loaded.`,
      { issues },
    );
  }
  let inserted = 0;
  for (let i = 0; i < file.links.length; i += CHUNK) {
    const result = await db
      .insertInto('crosswalk')
      .values(
        file.links.slice(i, i + CHUNK).map((l) => ({
          from_tech: l.from,
          to_tech: l.to,
          strength: l.strength,
          note: l.note,
          crosswalk_set: file.id,
          verification: file.verification,
        })),
      )
      .onConflict((oc) => oc.columns(['from_tech', 'to_tech']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export interface VersionSummary {
  id: string;
  jurisdiction: string;
  idPrefix: string;
  titleEn: string;
  titleKo: string | null;
  issuer: string | null;
  publishedOn: string | null;
  status: VersionRecord['status'];
  basedOn: string | null;
  verification: VersionRecord['verification'];
  verificationNote: string | null;
  levelNames: VersionRecord['levelNames'];
  source: VersionRecord['source'];
  builtin: boolean;
  publishedAt: string | null;
  publishedBy: string | null;
  fieldCount: number;
  technologyCount: number;
}

type VersionRow = Awaited<ReturnType<typeof versionRows>>[number];

const versionRows = (db: Db) =>
  db
    .selectFrom('taxonomy_version as v')
    .selectAll('v')
    .select((eb) => [
      eb
        .selectFrom('technology as t')
        .whereRef('t.version_id', '=', 'v.id')
        .where('t.kind', '=', 'field')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('field_count'),
      eb
        .selectFrom('technology as t')
        .whereRef('t.version_id', '=', 'v.id')
        .where('t.kind', '=', 'technology')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('technology_count'),
    ])
    .orderBy('v.jurisdiction')
    .orderBy('v.id')
    .execute();

const toSummary = (r: VersionRow): VersionSummary => ({
  id: r.id,
  jurisdiction: r.jurisdiction,
  idPrefix: r.id_prefix,
  titleEn: r.title_en,
  titleKo: r.title_ko,
  issuer: r.issuer,
  publishedOn: r.published_on,
  status: r.status,
  basedOn: r.based_on,
  verification: r.verification,
  verificationNote: r.verification_note,
  levelNames: r.level_names as VersionRecord['levelNames'],
  source: r.source,
  builtin: r.builtin,
  publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  publishedBy: r.published_by,
  fieldCount: Number(r.field_count ?? 0),
  technologyCount: Number(r.technology_count ?? 0),
});

export async function listVersions(db: Db): Promise<VersionSummary[]> {
  return (await versionRows(db)).map(toSummary);
}

export async function getVersion(db: Db, id: string): Promise<VersionSummary> {
  const found = (await listVersions(db)).find((v) => v.id === id);
  if (!found) throw notFound(`Taxonomy version ${id}`);
  return found;
}

/** A whole list in the file format (for export, diff and drafts), items ordered as a tree. */
export async function loadTaxonomy(db: Db, versionId: string): Promise<TaxonomyFile> {
  const v = await db
    .selectFrom('taxonomy_version')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!v) throw notFound(`Taxonomy version ${versionId}`);
  const rows = await db.selectFrom('technology').selectAll().where('version_id', '=', versionId).execute();
  const lineage = rows.length
    ? await db
        .selectFrom('technology_lineage')
        .selectAll()
        .where(
          'tech_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('predecessor_id')
        .execute()
    : [];
  const preds = new Map<string, Array<{ id: string; basis: string | null }>>();
  for (const l of lineage) {
    const list = preds.get(l.tech_id) ?? [];
    list.push({ id: l.predecessor_id, basis: l.basis });
    preds.set(l.tech_id, list);
  }
  const technologies: TechnologyRecord[] = rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    position: r.position,
    nameKo: r.name_ko,
    nameEn: r.name_en,
    aliases: r.aliases,
    description: r.description,
    strategyGroup: r.strategy_group,
    gameChanger: r.game_changer,
    highestRisk: r.highest_risk,
    verification: r.verification,
    sources: r.sources,
    note: r.note,
    predecessors: preds.get(r.id) ?? [],
    attributes: r.attributes,
  }));
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: v.id,
      jurisdiction: v.jurisdiction,
      idPrefix: v.id_prefix,
      titleEn: v.title_en,
      titleKo: v.title_ko,
      issuer: v.issuer,
      publishedOn: v.published_on,
      status: v.status,
      basedOn: v.based_on,
      verification: v.verification,
      verificationNote: v.verification_note,
      levelNames: v.level_names as VersionRecord['levelNames'],
      source: v.source,
      attributes: v.attributes,
    },
    technologies: treeOrder(technologies),
  };
}

/** Depth-first order by position: each field followed by its technologies. */
export function treeOrder(items: readonly TechnologyRecord[]): TechnologyRecord[] {
  const children = new Map<string | null, TechnologyRecord[]>();
  const ids = new Set(items.map((t) => t.id));
  for (const t of items) {
    const key = t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
    (children.get(key) ?? children.set(key, []).get(key)!).push(t);
  }
  for (const list of children.values())
    list.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  const out: TechnologyRecord[] = [];
  const visit = (parent: string | null): void => {
    for (const t of children.get(parent) ?? []) {
      out.push(t);
      visit(t.id);
    }
  };
  visit(null);
  return out;
}

export interface TechRef {
  id: string;
  versionId: string;
  nameKo: string | null;
  nameEn: string | null;
  kind: TechnologyRecord['kind'];
  verification: TechnologyRecord['verification'];
}

export interface CrosswalkEntry {
  technology: TechRef;
  /** Names the list the counterpart belongs to. */
  versionTitle: string;
  jurisdiction: string;
  strength: 'exact' | 'partial';
  note: string | null;
  crosswalkSet: string;
  verification: TechnologyRecord['verification'];
  /** 'out' when the link was recorded from this technology, 'in' when recorded towards it. */
  direction: 'out' | 'in';
}

export interface TechnologyDetail {
  technology: TechnologyRecord & { versionId: string };
  version: VersionSummary;
  parent: TechRef | null;
  children: TechRef[];
  predecessors: TechRef[];
  successors: TechRef[];
  crosswalk: CrosswalkEntry[];
}

const techRefColumns = [
  't.id',
  't.version_id',
  't.name_ko',
  't.name_en',
  't.kind',
  't.verification',
] as const;
const toRef = (r: {
  id: string;
  version_id: string;
  name_ko: string | null;
  name_en: string | null;
  kind: TechnologyRecord['kind'];
  verification: TechnologyRecord['verification'];
}): TechRef => ({
  id: r.id,
  versionId: r.version_id,
  nameKo: r.name_ko,
  nameEn: r.name_en,
  kind: r.kind,
  verification: r.verification,
});

/** Crosswalk counterparts of one technology in both directions, ordered by list then strength. */
export async function crosswalkOf(db: Db, techId: string): Promise<CrosswalkEntry[]> {
  const base = (direction: 'out' | 'in') =>
    db
      .selectFrom('crosswalk as c')
      .innerJoin('technology as t', 't.id', direction === 'out' ? 'c.to_tech' : 'c.from_tech')
      .innerJoin('taxonomy_version as v', 'v.id', 't.version_id')
      .select([...techRefColumns, 'v.title_en', 'v.jurisdiction', 'c.strength', 'c.note', 'c.crosswalk_set'])
      .select('c.verification as link_verification')
      .where(direction === 'out' ? 'c.from_tech' : 'c.to_tech', '=', techId)
      .execute();
  const [out, inbound] = await Promise.all([base('out'), base('in')]);
  const rows = [
    ...out.map((r) => ({ r, d: 'out' as const })),
    ...inbound.map((r) => ({ r, d: 'in' as const })),
  ];
  return rows
    .map(({ r, d }) => ({
      technology: toRef(r),
      versionTitle: r.title_en,
      jurisdiction: r.jurisdiction,
      strength: r.strength,
      note: r.note,
      crosswalkSet: r.crosswalk_set,
      verification: r.link_verification,
      direction: d,
    }))
    .sort(
      (a, b) =>
        a.technology.versionId.localeCompare(b.technology.versionId) ||
        a.strength.localeCompare(b.strength) ||
        a.technology.id.localeCompare(b.technology.id),
    );
}

export async function getTechnology(db: Db, id: string): Promise<TechnologyDetail> {
  const row = await db.selectFrom('technology').select('version_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Technology ${id}`);
  const file = await loadTaxonomy(db, row.version_id);
  const technology = file.technologies.find((t) => t.id === id)!;
  const refOf = (t: TechnologyRecord): TechRef => ({
    id: t.id,
    versionId: row.version_id,
    nameKo: t.nameKo,
    nameEn: t.nameEn,
    kind: t.kind,
    verification: t.verification,
  });
  const parent = technology.parentId
    ? file.technologies.find((t) => t.id === technology.parentId)
    : undefined;
  const lineageRefs = async (column: 'tech_id' | 'predecessor_id'): Promise<TechRef[]> => {
    const other = column === 'tech_id' ? 'l.predecessor_id' : 'l.tech_id';
    const rows = await db
      .selectFrom('technology_lineage as l')
      .innerJoin('technology as t', 't.id', other)
      .select(techRefColumns)
      .where(`l.${column}`, '=', id)
      .orderBy('t.id')
      .execute();
    return rows.map(toRef);
  };
  return {
    technology: { ...technology, versionId: row.version_id },
    version: await getVersion(db, row.version_id),
    parent: parent ? refOf(parent) : null,
    children: file.technologies.filter((t) => t.parentId === id).map(refOf),
    predecessors: await lineageRefs('tech_id'),
    successors: await lineageRefs('predecessor_id'),
    crosswalk: await crosswalkOf(db, id),
  };
}

/** Technology ids already used by other versions (ids are unique across the registry). */
export async function takenTechnologyIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('technology')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}
