/**
 * The partner ranking of one technology as a table: one shape for the CSV the API serves, the CLI prints and the
 * web app writes to XLSX. Pure, on the API's response type, so the browser can use it too.
 */
import type { TechnologyStrategyResponse as TechnologyStrategy } from './schemas/strategy.js';

export const RANKING_COLUMNS = [
  'rank',
  'country',
  'score',
  'strength',
  'complementarity',
  'ties',
  'momentum',
  'alignment',
  'level',
  'co_works',
  'as_scaled',
  'cooperation_type',
  'reason',
] as const;

export type RankingRow = [
  number,
  string,
  number,
  number,
  number,
  number,
  number,
  number,
  number | null,
  number,
  number | null,
  string,
  string,
];

/** Rows at full precision, with the ties of the source the ranking used. */
export function rankingRows(s: TechnologyStrategy): RankingRow[] {
  return s.partners.map((p) => {
    const t = s.ties.used === 'overall' && p.ties.overall ? p.ties.overall : p.ties.technology;
    return [
      p.rank,
      p.country,
      p.score,
      p.components.strength.value,
      p.components.complementarity.value,
      p.components.ties.value,
      p.components.momentum.value,
      p.alignment.value,
      p.level,
      t.coWorks,
      t.associationScaled,
      p.cooperation.type,
      p.cooperation.reason,
    ];
  });
}

/** Technology, window, home country, the score formula, and whether the data are synthetic. */
export const rankingTitle = (s: TechnologyStrategy): string =>
  `${s.techId} ${s.params.from}-${s.params.to}, home ${s.home}; score: ${s.method.score}${s.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : ''}`;

/** The comment line above the CSV. */
export const rankingNote = (s: TechnologyStrategy): string => `# ${rankingTitle(s)}`;
