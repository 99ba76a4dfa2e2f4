/**
 * First-run seeding for `npm start`: loads what a fresh embedded database needs to show something useful.
 * Each seeder is idempotent and records itself in app_setting, so a later start skips it and a new
 * seeder added by an upgrade still runs once.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../db/create-db.js';
import { countriesSeeder } from '../aggregates/countries-seeder.js';
import { analysisSeeder } from '../indicators/analysis-seeder.js';
import { portfolioMissionsSeeder, portfolioSeeder } from '../portfolio/portfolio-seeder.js';
import { talentDemoSeeder } from '../talent/talent-seeder.js';
import { taxonomySeeder } from '../taxonomy/builtin-seeder.js';
import { demoCorpusSeeder } from './demo-seeder.js';

export interface Seeder {
  /** Stable key recorded once the seeder has run. */
  key: string;
  description: string;
  run(handle: DbHandle, log: (line: string) => void): Promise<void>;
}

/** Seeders in the order they run. Domains add theirs here. */
export const FIRST_RUN_SEEDERS: Seeder[] = [
  countriesSeeder,
  taxonomySeeder,
  demoCorpusSeeder,
  analysisSeeder,
  portfolioSeeder,
  portfolioMissionsSeeder,
  talentDemoSeeder,
];

export async function seedFirstRun(
  handle: DbHandle,
  log: (line: string) => void,
  seeders: readonly Seeder[] = FIRST_RUN_SEEDERS,
): Promise<string[]> {
  const ran: string[] = [];
  for (const seeder of seeders) {
    const settingKey = `seeded:${seeder.key}`;
    const done = await handle.db
      .selectFrom('app_setting')
      .select('key')
      .where('key', '=', settingKey)
      .executeTakeFirst();
    if (done) continue;
    log(`first run: ${seeder.description}…`);
    await seeder.run(handle, log);
    await handle.db
      .insertInto('app_setting')
      .values({ key: settingKey, value: sql`${JSON.stringify({ at: new Date().toISOString() })}::jsonb` })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    ran.push(seeder.key);
  }
  return ran;
}
