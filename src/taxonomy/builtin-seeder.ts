/** First-run seeder: the built-in technology lists and crosswalk, so a fresh database shows them. */
import type { Seeder } from '../demo/first-run.js';
import { loadBuiltinTaxonomies } from './import-queries.js';

export const taxonomySeeder: Seeder = {
  key: 'taxonomy-builtin-v1',
  description: 'loading the built-in technology lists (Korea 2022/2025, US 2024, EU 2023, ASPI)',
  async run(handle, log) {
    const result = await loadBuiltinTaxonomies(handle.db);
    log(
      `technology lists: loaded ${result.loaded.join(', ') || 'none'}` +
        (result.skipped.length ? `; already present ${result.skipped.join(', ')}` : '') +
        `; ${result.crosswalkLinks} crosswalk links`,
    );
  },
};
