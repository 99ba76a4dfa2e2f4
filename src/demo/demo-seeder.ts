/** First-run seeder: a small synthetic corpus so a fresh `npm start` has evidence to show (marked synthetic). */
import { DEFAULT_DEMO_SEED, FIRST_RUN_DEMO_WORKS, loadDemoCorpus } from './demo-corpus.js';
import type { Seeder } from './first-run.js';

export const demoCorpusSeeder: Seeder = {
  key: 'demo-corpus-v2',
  description: `loading a synthetic demo corpus (${FIRST_RUN_DEMO_WORKS} works)`,
  async run(handle, log) {
    const s = await loadDemoCorpus(handle, { works: FIRST_RUN_DEMO_WORKS, seed: DEFAULT_DEMO_SEED, log });
    log(`loaded ${s.ingested + s.updated + s.unchanged} synthetic works in ${s.seconds.toFixed(1)} s`);
  },
};
