/** First-run seeder: SYNTHETIC researcher careers (moves, returns) and job postings for the talent page. */
import type { Seeder } from '../demo/first-run.js';
import { seedDemoCareers, seedDemoPostings } from './talent-demo-queries.js';

export const talentDemoSeeder: Seeder = {
  key: 'talent-demo-v1',
  description: 'adding synthetic researcher careers and job postings for the talent page',
  async run(handle, log) {
    const careers = await seedDemoCareers(handle.db);
    log(
      `synthetic careers: ${careers.movers} movers and ${careers.returnees} returnees (${careers.authorships} authorships relabelled)`,
    );
    const postings = await seedDemoPostings(handle.db);
    log(`synthetic job postings: ${postings.rows} imported, ${postings.classified} classified`);
  },
};
