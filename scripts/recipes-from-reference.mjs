// Writes src/classify/data/recipes-kr-2022.json, the starter classification recipes (version 1) of the Korean
// key technologies, from ../shared/reference/taxonomies/queries.json. Run again when the reference changes.
import { readFileSync, writeFileSync } from 'node:fs';

const source = JSON.parse(
  readFileSync(new URL('../../shared/reference/taxonomies/queries.json', import.meta.url), 'utf8'),
);
const file = {
  taxonomy: 'kr-2022',
  version: 1,
  status: 'starter',
  about:
    'Starter recipes: candidate OpenAlex topics chosen by name match and hand-written title/abstract queries. ' +
    'Not validated: precision and recall are to be measured on hand-labelled samples (cetmap classify sample).',
  rule:
    'A work belongs to the technology when one of its topics is a candidate topic (score >= min_topic_score) and ' +
    'the query matches its title, abstract or keywords; or when the query matches its title alone.',
  recipes: source.items.map((item) => ({
    tech_id: item.kr_id,
    topics: item.openalex_topics.map((t) => Number(t.id.replace(/^T/, ''))),
    topic_names: item.openalex_topics.map((t) => t.display_name),
    min_topic_score: 0.5,
    query: item.boolean_query,
    rule: 'topic_and_query',
    title_query_rule: true,
  })),
};
writeFileSync(
  new URL('../src/classify/data/recipes-kr-2022.json', import.meta.url),
  JSON.stringify(file, null, 1) + '\n',
);
console.log(`wrote ${file.recipes.length} recipes`);
