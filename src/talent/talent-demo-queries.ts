/**
 * SYNTHETIC talent demo data for the first run, so the talent page has something to show:
 *
 * 1. Careers: the synthetic corpus gives every author one institution for life, so nobody moves. This step
 *    relabels some authorships of synthetic works (only `work.synthetic = true`, only author ids and names; countries,
 *    works and every other indicator are unchanged) so that invented "synthetic researchers" move: in each key
 *    technology and recent year, some leave the home country for a partner, some arrive, some return. The ids
 *    start at SYNTHETIC_MOVER_BASE and the names say "(synthetic)".
 * 2. Job postings: invented postings (job-demo.ts) imported through the same CSV path as real ones, marked synthetic.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createRandom } from '../demo/synthetic-corpus.js';
import { syntheticPostings } from './job-demo.js';
import { postingsCsv } from './job-postings.js';
import { importPostings, type ImportPostingsResult } from './job-queries.js';

export const SYNTHETIC_MOVER_BASE = 9_400_000_000;
export const DEMO_POSTINGS_DATASET = 'demo-job-postings';

interface Slot {
  work: number;
  position: number;
}

/** Partners of the home country in the demo careers, with weights. */
const PARTNERS: Record<string, number> = { US: 5, CN: 2, JP: 2, DE: 1.5, GB: 1, SG: 1, CA: 1 };

export async function seedDemoCareers(
  db: Kysely<Database>,
  options: { home?: string; seed?: number } = {},
): Promise<{ movers: number; returnees: number; authorships: number }> {
  const home = options.home ?? 'KR';
  const rand = createRandom(options.seed ?? 13);
  const last = await sql<{ y: number | null }>`select max(year) as y from work where synthetic`.execute(db);
  const lastYear = last.rows[0]?.y === null || last.rows[0]?.y === undefined ? null : Number(last.rows[0].y);
  if (lastYear === null) return { movers: 0, returnees: 0, authorships: 0 };
  const rows = await sql<{
    tech_id: string;
    work_id: number;
    position: number;
    year: number;
    country: string;
  }>`
    select wt.tech_id, a.work_id, a.position, w.year, a.country_codes[1] as country
    from work_tech wt
    join technology t on t.id = wt.tech_id and t.kind = 'technology'
    join work w on w.id = wt.work_id and w.synthetic
    join authorship a on a.work_id = wt.work_id
    where cardinality(a.country_codes) = 1 and a.author_id is not null and w.year >= ${lastYear - 5}
    order by wt.tech_id, a.work_id, a.position`.execute(db);
  const buckets = new Map<string, Slot[]>();
  for (const r of rows.rows) {
    const key = `${r.tech_id}|${r.country}|${Number(r.year)}`;
    (buckets.get(key) ?? buckets.set(key, []).get(key)!).push({
      work: Number(r.work_id),
      position: Number(r.position),
    });
  }
  const used = new Set<string>();
  /** Two authorship slots on two different works, not used before; null if the bucket has too few. */
  const take = (tech: string, country: string, year: number): Slot[] | null => {
    const pool = (buckets.get(`${tech}|${country}|${year}`) ?? []).filter(
      (s) => !used.has(`${s.work}|${s.position}`),
    );
    const byWork = new Map<number, Slot>();
    for (const s of pool) if (!byWork.has(s.work)) byWork.set(s.work, s);
    const works = [...byWork.values()];
    if (works.length < 2) return null;
    const i = Math.floor(rand() * works.length);
    let j = Math.floor(rand() * (works.length - 1));
    if (j >= i) j += 1;
    const picked = [works[i]!, works[j]!];
    for (const s of picked) used.add(`${s.work}|${s.position}`);
    return picked;
  };
  const partners = Object.keys(PARTNERS);
  const pw = partners.map((p) => PARTNERS[p]!);
  const sum = pw.reduce((s, x) => s + x, 0);
  const partner = () => {
    let r = rand() * sum;
    for (let i = 0; i < partners.length; i++) {
      r -= pw[i]!;
      if (r <= 0) return partners[i]!;
    }
    return partners[0]!;
  };
  const techs = [...new Set(rows.rows.map((r) => r.tech_id))].sort();
  const assignments: Array<Slot & { id: number }> = [];
  let next = 0;
  let movers = 0;
  let returnees = 0;
  const career = (tech: string, steps: Array<[string, number]>): boolean => {
    const slots: Slot[][] = [];
    for (const [country, year] of steps) {
      const s = take(tech, country, year);
      if (!s) {
        for (const done of slots) for (const x of done) used.delete(`${x.work}|${x.position}`);
        return false;
      }
      slots.push(s);
    }
    const id = SYNTHETIC_MOVER_BASE + next++;
    for (const s of slots.flat()) assignments.push({ ...s, id });
    return true;
  };
  for (const tech of techs) {
    for (let t = lastYear - 3; t <= lastYear; t++) {
      const out = 3 + Math.floor(rand() * 6);
      const into = 2 + Math.floor(rand() * 5);
      for (let k = 0; k < out; k++)
        if (
          career(tech, [
            [home, t - 1],
            [partner(), t],
          ])
        )
          movers += 1;
      for (let k = 0; k < into; k++)
        if (
          career(tech, [
            [partner(), t - 1],
            [home, t],
          ])
        )
          movers += 1;
      const back = Math.floor(rand() * 3);
      for (let k = 0; k < back; k++) {
        if (
          career(tech, [
            [home, t - 2],
            [partner(), t - 1],
            [home, t],
          ])
        )
          returnees += 1;
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < assignments.length; i += 1000) {
      const batch = assignments.slice(i, i + 1000);
      await sql`
        update authorship set author_id = v.id, author_name = v.name
        from (values ${sql.join(
          batch.map(
            (a) =>
              sql`(${a.work}::bigint, ${a.position}::smallint, ${a.id}::bigint, ${`Synthetic researcher ${a.id - SYNTHETIC_MOVER_BASE} (synthetic)`}::text)`,
          ),
        )}) as v(work_id, position, id, name)
        where authorship.work_id = v.work_id and authorship.position = v.position`.execute(trx);
    }
  });
  return { movers, returnees, authorships: assignments.length };
}

/** Imports the synthetic demo postings (24 months ending with the corpus's last year). */
export async function seedDemoPostings(
  db: Kysely<Database>,
  options: { count?: number; seed?: number; lastMonth?: string } = {},
): Promise<ImportPostingsResult> {
  const last = await sql<{ y: number | null }>`select max(year) as y from work where synthetic`.execute(db);
  const lastYear = last.rows[0]?.y ?? new Date().getUTCFullYear() - 1;
  const rows = syntheticPostings({
    count: options.count ?? 3000,
    seed: options.seed ?? 2026,
    lastMonth: options.lastMonth ?? `${lastYear}-12`,
    months: 24,
  });
  return importPostings(db, {
    text: postingsCsv(rows),
    file: 'synthetic-postings.csv',
    datasetId: DEMO_POSTINGS_DATASET,
    title: `Synthetic demo job postings (${rows.length}, invented)`,
    synthetic: true,
    source: 'cetmap talent demo generator: invented postings, no real employers',
  });
}
