/**
 * Makes part of the synthetic corpus about the Korean key technologies, so that classification, standing,
 * the strategy map and foresight have something to show on every technology: such a work carries one of the
 * technology's candidate topics (real OpenAlex ids from the starter recipes) and words that satisfy the
 * recipe's query. Deterministic for a given random source.
 */
import starter from '../classify/data/recipes-kr-2022.json' with { type: 'json' };
import { parseQuery, type QueryNode } from '../classify/query-language.js';

/** Demo technology area (the generator's country profiles) of each Korean field. */
const FIELD_AREA: Record<string, string> = {
  semis: 'semiconductors',
  battery: 'batteries',
  mobility: 'robotics',
  nuclear: 'nuclear-fusion',
  bio: 'biotechnology',
  space: 'space',
  hydrogen: 'hydrogen',
  cyber: 'cybersecurity',
  ai: 'artificial-intelligence',
  comms: 'communications',
  robot: 'robotics',
  quantum: 'quantum',
};

export interface FocusTechnology {
  techId: string;
  area: string;
  topics: number[];
  topicNames: string[];
  query: QueryNode;
}

export const FOCUS_TECHNOLOGIES: readonly FocusTechnology[] = starter.recipes.map((r) => ({
  techId: r.tech_id,
  area:
    (r.tech_id.includes('display') ? 'displays' : FIELD_AREA[r.tech_id.split('.')[1]!]) ??
    'advanced-materials',
  topics: r.topics,
  topicNames: r.topic_names,
  query: parseQuery(r.query),
}));

/** Share of the corpus generated around a key technology; the rest is general research in the demo topics. */
export const TECHNOLOGY_FOCUS_SHARE = 0.6;

/** Phrases that, all present, satisfy the query: one branch of every OR, every part of an AND, nothing negated. */
export function satisfyingPhrases(node: QueryNode, rand: () => number): string[] {
  switch (node.kind) {
    case 'and':
      return node.children.flatMap((c) => satisfyingPhrases(c, rand));
    case 'or':
      return satisfyingPhrases(node.children[Math.floor(rand() * node.children.length)]!, rand);
    case 'not':
      return [];
    case 'term':
      return [node.words.join(' ')];
  }
}
