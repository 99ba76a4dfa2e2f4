/**
 * Stores the revision workflow: drafts are ordinary versions with status 'draft'; each change is applied by the
 * pure functions in revision.ts to the whole list, the list is written back and the change logged with its
 * rationale, all in one transaction. Diffs read two lists and compare them purely.
 */
import { sql, type Kysely } from 'kysely';
import type { ChangeActor } from '../auth/audit-queries.js';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { diffVersions, type TaxonomyDiff } from './diff.js';
import { collectEvidence, evidenceProviders, type EvidenceItem } from './evidence.js';
import {
  applyChange,
  changeSchema,
  createDraft,
  publishDraft,
  type DraftOptions,
  type EvidenceRef,
  type TaxonomyChange,
} from './revision.js';
import { insertTaxonomy, insertTechnologies, loadTaxonomy } from './taxonomy-queries.js';

/** `who` (from the API): audited in the same transaction as the change; likewise for the functions below. */
export async function createDraftVersion(
  db: Kysely<Database>,
  fromVersion: string,
  options: DraftOptions,
  who?: ChangeActor,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const base = await loadTaxonomy(trx, fromVersion);
    if (base.version.status === 'draft') {
      throw new CetmapError(
        'CET_BAD_INPUT',
        `${fromVersion} is a draft; start a revision from a published version.`,
      );
    }
    const clash = await trx
      .selectFrom('taxonomy_version')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', options.id), eb('id_prefix', '=', options.idPrefix)]))
      .executeTakeFirst();
    if (clash) throw new CetmapError('CET_CONFLICT', `Version ${clash.id} already uses that id or prefix.`);
    const draft = createDraft(base, options);
    await insertTaxonomy(trx, draft, false);
    await who?.audit?.(trx, {
      action: 'taxonomy.draft.create',
      objectType: 'taxonomy_version',
      objectId: draft.version.id,
      after: { from: fromVersion, ...options },
    });
    return draft.version.id;
  });
}

export interface StoredChange {
  seq: number;
  kind: TaxonomyChange['kind'];
  change: TaxonomyChange;
  rationale: string;
  evidence: EvidenceRef[];
  createdAt: string;
  createdBy: string | null;
}

/** Applies one change to a draft and logs it; returns the change's sequence number. */
export async function applyDraftChange(
  db: Kysely<Database>,
  versionId: string,
  change: TaxonomyChange,
  who?: ChangeActor,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent edits of one draft.
    await sql`select id from taxonomy_version where id = ${versionId} for update`.execute(trx);
    const draft = await loadTaxonomy(trx, versionId);
    const next = applyChange(draft, change);
    const parsed = changeSchema.parse(change);
    await trx.deleteFrom('technology').where('version_id', '=', versionId).execute();
    await insertTechnologies(trx, versionId, next.technologies);
    const last = await trx
      .selectFrom('taxonomy_change')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await trx
      .insertInto('taxonomy_change')
      .values({
        version_id: versionId,
        seq,
        kind: parsed.kind,
        payload: JSON.stringify(parsed),
        rationale: parsed.rationale,
        evidence: JSON.stringify(parsed.evidence),
        created_by: who?.actor ?? null,
      })
      .execute();
    await who?.audit?.(trx, {
      action: 'taxonomy.change.apply',
      objectType: 'taxonomy_version',
      objectId: versionId,
      after: parsed,
      detail: { seq, kind: parsed.kind },
    });
    return seq;
  });
}

export async function listDraftChanges(db: Kysely<Database>, versionId: string): Promise<StoredChange[]> {
  const rows = await db
    .selectFrom('taxonomy_change')
    .selectAll()
    .where('version_id', '=', versionId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    change: r.payload as TaxonomyChange,
    rationale: r.rationale,
    evidence: r.evidence as EvidenceRef[],
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  }));
}

/** A change with the evidence registered modules supply for it (empty until such modules exist). */
export async function changeEvidence(
  db: Kysely<Database>,
  versionId: string,
  change: StoredChange,
): Promise<{ attached: EvidenceRef[]; collected: EvidenceItem[]; providers: string[] }> {
  const c = change.change as Record<string, unknown>;
  const ids = [c.id, ...(Array.isArray(c.ids) ? c.ids : [])].filter(
    (x): x is string => typeof x === 'string',
  );
  const preds = ids.length
    ? await db.selectFrom('technology_lineage').select('predecessor_id').where('tech_id', 'in', ids).execute()
    : [];
  return {
    attached: change.evidence,
    collected: await collectEvidence(db, {
      versionId,
      changeKind: change.kind,
      technologyIds: ids,
      predecessorIds: preds.map((p) => p.predecessor_id),
    }),
    providers: evidenceProviders().map((p) => p.name),
  };
}

export async function publishVersion(
  db: Kysely<Database>,
  versionId: string,
  publishedOn: string,
  who?: ChangeActor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const draft = await loadTaxonomy(trx, versionId);
    const published = publishDraft(draft, publishedOn);
    await trx
      .updateTable('taxonomy_version')
      .set({
        status: published.version.status,
        published_on: published.version.publishedOn,
        published_at: new Date(),
        published_by: who?.actor ?? null,
      })
      .where('id', '=', versionId)
      .execute();
    await who?.audit?.(trx, {
      action: 'taxonomy.publish',
      objectType: 'taxonomy_version',
      objectId: versionId,
      after: { publishedOn },
    });
  });
}

/**
 * Diff between two versions of one jurisdiction, either order. When the newer one continues the older through
 * intermediate versions (kr-2022 → kr-2025 → a draft), the lineage is composed hop by hop.
 */
export async function diffStoredVersions(db: Kysely<Database>, a: string, b: string): Promise<TaxonomyDiff> {
  const [va, vb] = await Promise.all([loadTaxonomy(db, a), loadTaxonomy(db, b)]);
  const chainFrom = async (newer: string, older: string): Promise<string[] | null> => {
    const chain = [newer];
    let current = newer;
    for (let hop = 0; hop < 20; hop++) {
      const row = await db
        .selectFrom('taxonomy_version')
        .select('based_on')
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row?.based_on) return null;
      chain.push(row.based_on);
      if (row.based_on === older) return chain.reverse();
      current = row.based_on;
    }
    return null;
  };
  const chain = (await chainFrom(b, a)) ?? (await chainFrom(a, b));
  if (!chain) {
    // No recorded base: the newer list is the one whose items name predecessors in the other.
    const continues = (n: typeof va, o: typeof va): boolean =>
      n.technologies.some((t) => t.predecessors.some((p) => p.id.startsWith(`${o.version.idPrefix}.`)));
    return continues(va, vb) ? diffVersions(vb, va) : diffVersions(va, vb);
  }
  // Compose: rewrite the newest list's predecessors down the chain to the oldest version's ids.
  const lists = await Promise.all(chain.map((id) => loadTaxonomy(db, id)));
  let newest = lists[lists.length - 1]!;
  for (let i = lists.length - 2; i >= 1; i--) {
    const middle = new Map(lists[i]!.technologies.map((t) => [t.id, t.predecessors]));
    newest = {
      ...newest,
      technologies: newest.technologies.map((t) => ({
        ...t,
        predecessors: [
          ...new Map(t.predecessors.flatMap((p) => middle.get(p.id) ?? []).map((p) => [p.id, p])).values(),
        ],
      })),
    };
  }
  return diffVersions(lists[0]!, newest);
}
