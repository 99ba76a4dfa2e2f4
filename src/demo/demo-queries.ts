/** Records the synthetic demo corpus as a data set, so the web shows the synthetic-data banner. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const DEMO_DATASET_ID = 'demo-openalex-works';

export async function recordDemoDataset(
  db: Kysely<Database>,
  details: { works: number; seed: number },
): Promise<void> {
  const row = await db
    .selectFrom('work')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('synthetic', '=', true)
    .executeTakeFirstOrThrow();
  const values = {
    id: DEMO_DATASET_ID,
    kind: 'openalex-works',
    title: `Synthetic demo corpus (${details.works} works, seed ${details.seed})`,
    synthetic: true,
    source: 'cetmap demo generator: invented records in OpenAlex shape with real OpenAlex topic ids',
    licence: 'CC0-1.0',
    row_count: Number(row.n),
  };
  await db
    .insertInto('dataset')
    .values(values)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        title: values.title,
        row_count: values.row_count,
        loaded_at: sql<Date>`now()`,
      }),
    )
    .execute();
}
