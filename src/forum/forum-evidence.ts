/**
 * The forum's evidence for a draft change in the Registry: public demand on the technologies the change touches
 * (and the items they continue). Registered with the taxonomy's evidence extension point when the API loads.
 */
import type { EvidenceProvider } from '../taxonomy/evidence.js';
import { DEMAND_METHOD } from './demand.js';
import { demandSignals } from './forum-queries.js';

export const forumEvidenceProvider: EvidenceProvider = {
  name: 'forum',
  kinds: ['forum_demand'],
  async collect(db, query) {
    if (query.technologyIds.length === 0) return [];
    const demand = await demandSignals(db, query.versionId);
    return demand.technologies
      .filter((t) => query.technologyIds.includes(t.techId))
      .map((t) => ({
        kind: 'forum_demand' as const,
        provider: 'forum',
        ref: `forum:technology:${t.techId}`,
        summary:
          `${t.proposals} forum proposal(s), ${t.supports} support(s), ${t.opposes} opposition(s) ` +
          `from ${t.participants} participant(s); trend ${t.trend}`,
        value: { amount: t.supports, unit: 'supports', method: DEMAND_METHOD },
      }));
  },
};
