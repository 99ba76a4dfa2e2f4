/**
 * The policy-event register: import (CSV rows or JSON records, validated with every problem located), add,
 * delete, list; and the per-technology watch list of policy signals. Writes are audited.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../auth/audit-queries.js';
import type { Database } from '../db/schema.js';
import { dataVintage, latestCompleteYear, technologyFacts } from '../indicators/standing-queries.js';
import { CetmapError, type FieldIssue } from '../shared/errors.js';
import { INSTRUMENTS, watchList, type WatchList } from './policy-signals.js';

export const policyEventInput = z.object({
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .transform((s) => s.toUpperCase()),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
    .transform((s) => (s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s))
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'is not a valid date'),
  tech_id: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9._]{0,199}$/, 'must be a technology id such as kr2022.semis')
    .nullish()
    .or(z.literal('').transform(() => null)),
  instrument: z.enum(INSTRUMENTS),
  title: z.string().trim().min(1, 'is empty').max(500),
  amount: z.coerce
    .number()
    .nonnegative()
    .nullish()
    .or(z.literal('').transform(() => null)),
  currency: z.string().trim().max(10).nullish(),
  source_url: z
    .string()
    .trim()
    .url('must be a URL (http or https)')
    .refine((u) => /^https?:/i.test(u), 'must be http(s)'),
  note: z.string().trim().max(2000).nullish(),
});
export type PolicyEventInput = z.input<typeof policyEventInput>;

export interface PolicyEvent {
  id: number;
  country: string;
  date: string;
  techId: string | null;
  instrument: string;
  title: string;
  amount: number | null;
  currency: string | null;
  sourceUrl: string;
  note: string | null;
  createdBy: string;
}

/** Validates records; every problem is reported with its location (file:row, field). */
export function validatePolicyEvents(
  records: ReadonlyArray<Record<string, unknown>>,
  where: (index: number) => string,
): Array<z.output<typeof policyEventInput>> {
  const issues: FieldIssue[] = [];
  const out: Array<z.output<typeof policyEventInput>> = [];
  records.forEach((rec, i) => {
    const cleaned = Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, v === '' ? null : v]));
    const r = policyEventInput.safeParse({ ...cleaned, instrument: cleaned.instrument ?? undefined });
    if (r.success) out.push(r.data);
    else
      for (const issue of r.error.issues)
        issues.push({
          field: issue.path.join('.') || '(record)',
          message: issue.message,
          location: where(i),
        });
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${first.location}, ${first.field}: ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''),
      { issues },
    );
  }
  return out;
}

/** Inserts or updates (same country, date and title) the events in one transaction, audited as one entry. */
export async function importPolicyEvents(
  db: Kysely<Database>,
  events: ReadonlyArray<z.output<typeof policyEventInput>>,
  actor: string,
  source: string,
  detail: Record<string, unknown> = {},
): Promise<{ inserted: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    let updated = 0;
    for (const e of events) {
      const row = await trx
        .insertInto('policy_event')
        .values({
          country: e.country,
          event_date: e.date,
          tech_id: e.tech_id ?? null,
          instrument: e.instrument,
          title: e.title,
          amount: e.amount ?? null,
          currency: e.currency ?? null,
          source_url: e.source_url,
          note: e.note ?? null,
          created_by: actor,
        })
        .onConflict((oc) =>
          oc.columns(['country', 'event_date', 'title']).doUpdateSet((eb) => ({
            tech_id: eb.ref('excluded.tech_id'),
            instrument: eb.ref('excluded.instrument'),
            amount: eb.ref('excluded.amount'),
            currency: eb.ref('excluded.currency'),
            source_url: eb.ref('excluded.source_url'),
            note: eb.ref('excluded.note'),
          })),
        )
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .executeTakeFirstOrThrow();
      if (row.inserted) inserted++;
      else updated++;
    }
    await appendAudit(trx, {
      actor,
      action: 'policy.import',
      objectType: 'policy_event',
      objectId: source,
      after: events,
      detail: { ...detail, inserted, updated, source },
    });
    return { inserted, updated };
  });
}

export async function deletePolicyEvent(
  db: Kysely<Database>,
  id: number,
  actor: string,
  detail: Record<string, unknown> = {},
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('policy_event').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) return false;
    await trx.deleteFrom('policy_event').where('id', '=', id).execute();
    await appendAudit(trx, {
      actor,
      action: 'policy.delete',
      objectType: 'policy_event',
      objectId: id,
      before,
      detail,
    });
    return true;
  });
}

export async function listPolicyEvents(
  db: Kysely<Database>,
  filter: { country?: string; techId?: string; instrument?: string; limit?: number } = {},
): Promise<PolicyEvent[]> {
  let q = db.selectFrom('policy_event').selectAll();
  if (filter.country) q = q.where('country', '=', filter.country);
  if (filter.techId)
    q = q.where((eb) =>
      eb.or([eb('tech_id', '=', filter.techId!), eb('tech_id', 'like', `${filter.techId!}.%`)]),
    );
  if (filter.instrument) q = q.where('instrument', '=', filter.instrument);
  const rows = await q
    .orderBy('event_date', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    country: r.country,
    date: r.event_date,
    techId: r.tech_id,
    instrument: r.instrument,
    title: r.title,
    amount: r.amount,
    currency: r.currency,
    sourceUrl: r.source_url,
    note: r.note,
    createdBy: r.created_by,
  }));
}

/** The watch list of a technology from its rolled-up facts and the register (events of it or its children). */
export async function technologyWatchList(
  db: Kysely<Database>,
  techId: string,
): Promise<WatchList & { synthetic: boolean }> {
  const tech = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  const vintage = await dataVintage(db);
  const lastYear = latestCompleteYear(vintage.latestYear);
  const facts = (await technologyFacts(db, techId)).map((f) => ({
    country: f.country,
    year: f.year,
    works: f.worksFrac,
  }));
  const events = (
    await db.selectFrom('policy_event').select(['country', 'event_date', 'tech_id']).execute()
  ).map((e) => ({
    country: e.country,
    year: Number(e.event_date.slice(0, 4)),
    // events of a child technology count for the parent
    techId: e.tech_id === techId || e.tech_id?.startsWith(`${techId}.`) ? techId : e.tech_id,
  }));
  return {
    ...watchList(
      techId,
      facts,
      events.filter((e) => e.year <= lastYear),
      lastYear,
    ),
    synthetic: vintage.synthetic,
  };
}
