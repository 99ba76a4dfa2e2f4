import type { Seeder } from '../demo/first-run.js';
import { syntheticMissions } from './demo-missions.js';
import { syntheticPortfolio } from './demo-portfolio.js';
import { importMissions } from './mission-queries.js';
import { importPortfolio } from './portfolio-queries.js';
import { submitReview } from './review-queries.js';

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

/** First-run seeder: synthetic missions, milestones, KPIs and annual reviews per CET field (marked synthetic). */
export const portfolioMissionsSeeder: Seeder = {
  key: 'portfolio-missions-demo-v1',
  description: 'loading synthetic missions, KPIs and reviews',
  async run(handle, log) {
    const fields = await handle.db
      .selectFrom('technology')
      .select(['id', 'name_ko', 'name_en'])
      .where('version_id', '=', 'kr-2022')
      .where('parent_id', 'is', null)
      .orderBy('position')
      .execute();
    const demo = syntheticMissions(
      fields.map((f) => ({ id: f.id, nameKo: f.name_ko, nameEn: f.name_en })),
      new Date().toISOString().slice(0, 10),
    );
    const who = { actor: 'demo:seed' };
    const r = await importMissions(handle.db, demo, who);
    for (const review of demo.reviews) await submitReview(handle.db, review, { actor: 'demo:review-panel' });
    await handle.db
      .insertInto('dataset')
      .values({
        id: 'demo-missions',
        kind: 'portfolio',
        title: 'Synthetic missions, KPIs and annual reviews (demo)',
        synthetic: true,
        source: 'cetmap demo generator',
        licence: null,
        row_count: r.missions + r.milestones + r.kpis + r.kpiValues + demo.reviews.length,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    log(
      `loaded ${r.missions} synthetic missions, ${r.milestones} milestones, ${r.kpis} KPIs and ${demo.reviews.length} reviews`,
    );
  },
};
