/**
 * SYNTHETIC demo job postings (pure, deterministic for a seed): invented employers ("Synthetic employer N"),
 * regions weighted towards the capital area and the Daejeon/Chungcheong research belt, occupations, and skills text
 * that satisfies a key technology's recipe query (so classification has something to find). About one posting in
 * five carries an explicit technology tag; one in ten is about no key technology. Not real data.
 */
import { createRandom } from '../demo/synthetic-corpus.js';
import { FOCUS_TECHNOLOGIES, satisfyingPhrases } from '../demo/technology-focus.js';
import { KR_REGIONS, type PostingRow } from './job-postings.js';

const REGION_WEIGHT: Record<string, number> = {
  'KR-11': 30,
  'KR-41': 28,
  'KR-30': 9,
  'KR-28': 5,
  'KR-26': 5,
  'KR-44': 4,
  'KR-43': 4,
  'KR-47': 3,
  'KR-48': 3,
  'KR-31': 3,
  'KR-27': 2,
  'KR-29': 2,
  'KR-50': 1,
};

const OCCUPATIONS = [
  'Research engineer',
  'Senior research scientist',
  'Process engineer',
  'Software engineer',
  'Design engineer',
  'Postdoctoral researcher',
  'Test and validation engineer',
  'Product manager',
];

const GENERIC_SKILLS = ['project management', 'technical writing', 'English communication', 'data analysis'];

export function syntheticPostings(options: {
  count: number;
  seed: number;
  lastMonth: string;
  months: number;
}) {
  const rand = createRandom(options.seed);
  const regions = KR_REGIONS.map((r) => r.code);
  const weights = regions.map((c) => REGION_WEIGHT[c] ?? 0.5);
  const total = weights.reduce((s, w) => s + w, 0);
  const pickRegion = () => {
    let r = rand() * total;
    for (let i = 0; i < regions.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return regions[i]!;
    }
    return regions[regions.length - 1]!;
  };
  const [ly, lm] = options.lastMonth.split('-').map(Number) as [number, number];
  const rows: Array<Omit<PostingRow, 'sourceRow'>> = [];
  for (let i = 0; i < options.count; i++) {
    // more postings in recent months
    const back = Math.floor(options.months * (1 - Math.sqrt(rand())));
    const mIndex = ly * 12 + (lm - 1) - Math.min(back, options.months - 1);
    const month = `${Math.floor(mIndex / 12)}-${String((mIndex % 12) + 1).padStart(2, '0')}`;
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const focus = rand() < 0.9 ? FOCUS_TECHNOLOGIES[Math.floor(rand() * FOCUS_TECHNOLOGIES.length)]! : null;
    const phrases = focus ? satisfyingPhrases(focus.query, rand) : [];
    const generic = GENERIC_SKILLS[Math.floor(rand() * GENERIC_SKILLS.length)]!;
    rows.push({
      postedOn: `${month}-${day}`,
      employer: `Synthetic employer ${1 + Math.floor(rand() * 120)}`,
      region: pickRegion(),
      occupation: OCCUPATIONS[Math.floor(rand() * OCCUPATIONS.length)]!,
      skills: [...phrases, generic].join('; '),
      techTags: focus && rand() < 0.2 ? [focus.techId] : [],
    });
  }
  return rows;
}
