import { classifyWorks, seedStarterRecipes } from '../classify/classify-queries.js';
import type { Seeder } from '../demo/first-run.js';
import { rollup } from './rollup-queries.js';

/** First-run seeder: classifies the loaded works with the starter recipes and rolls up the standing facts. */
export const analysisSeeder: Seeder = {
  key: 'analysis-v1',
  description: 'classifying works into technologies and computing standing facts',
  async run(handle, log) {
    await seedStarterRecipes(handle.db);
    const c = await classifyWorks(handle);
    const r = await rollup(handle);
    log(
      `classified ${c.worksClassified} works (${c.assignments} assignments); ${r.techCountryYears} standing facts`,
    );
  },
};
