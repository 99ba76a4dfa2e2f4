import type { Seeder } from '../demo/first-run.js';
import { syntheticPortfolio } from './demo-portfolio.js';
import { importPortfolio } from './portfolio-queries.js';

/** First-run seeder: a synthetic programme portfolio (marked synthetic) so the target tracker has budgets. */
export const portfolioSeeder: Seeder = {
  key: 'portfolio-demo-v1',
  description: 'loading a synthetic programme portfolio',
  async run(handle, log) {
    const techs = await handle.db
      .selectFrom('technology')
      .select(['id', 'parent_id'])
      .where('version_id', '=', 'kr-2022')
      .execute();
    const input = syntheticPortfolio(techs.map((t) => ({ id: t.id, parentId: t.parent_id })));
    const r = await importPortfolio(handle.db, input);
    await handle.db
      .insertInto('dataset')
      .values({
        id: 'demo-portfolio',
        kind: 'portfolio',
        title: 'Synthetic programme portfolio (demo)',
        synthetic: true,
        source: 'cetmap demo generator',
        licence: null,
        row_count: r.budgets,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ row_count: r.budgets }))
      .execute();
    log(`loaded ${r.programmes} synthetic programmes with ${r.budgets} budget lines`);
  },
};
