import type { Seeder } from '../demo/first-run.js';
import { loadBuiltinCountries } from './aggregate-queries.js';

/** Loads the built-in country table (codes, English and Korean names) on first run. */
export const countriesSeeder: Seeder = {
  key: 'countries',
  description: 'loading the country table',
  async run(handle, log) {
    const n = await loadBuiltinCountries(handle.db);
    log(n > 0 ? `loaded ${n} countries` : 'countries already loaded');
  },
};
