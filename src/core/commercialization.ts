/**
 * Patents beside papers (issue #16). Pure.
 *
 * RTA, revealed technological advantage (Soete 1987; the patent analogue of Balassa's RCA):
 *   RTA = (P_ct / P_c) / (P_t / P)
 * with P_ct the country's grants in the technology, P_c its grants in all technologies, P_t the world's grants
 * in the technology and P all grants — the four counts from the same universe (years, counting mode, basis,
 * UNKNOWN included in the world). RTA > 1: the country patents relatively more in this technology than the
 * world does. RSI = (RTA − 1)/(RTA + 1) ∈ [−1, 1].
 *
 * Commercialization gap: a country is *strong* on one kind of evidence when its specialisation index is at
 * least `strongAt`, *weak* when it is at most `weakAt` (a neutral band between). Papers strong and patents weak
 * = 'commercialization_gap' (research not turned into inventions); patents strong and papers weak =
 * 'science_gap'. Specialisation indices, not shares, are compared, so a large country is not "strong" in
 * everything. Thresholds are cetmap proposals (configuration, not constants).
 */
import { specialisation, type Specialisation } from './specialisation.js';

/** Revealed technological advantage and its symmetric form; null where a denominator is not positive. */
export function rta(
  countryTechGrants: number,
  countryGrants: number,
  worldTechGrants: number,
  worldGrants: number,
): Specialisation {
  return specialisation(countryTechGrants, countryGrants, worldTechGrants, worldGrants);
}

export type EvidenceFlag =
  'commercialization_gap' | 'science_gap' | 'strong_both' | 'weak_both' | 'mixed' | 'insufficient_data';

export interface GapThresholds {
  /** Specialisation index at or above which evidence counts as strong. */
  strongAt: number;
  /** Specialisation index at or below which evidence counts as weak. */
  weakAt: number;
  /** Below this many works of the country in the technology, the paper side is too thin to judge. */
  minWorks: number;
  /** Below this many grants of the country in all technologies, its RTA is not meaningful. */
  minCountryGrants: number;
}

export const DEFAULT_GAP_THRESHOLDS: GapThresholds = {
  strongAt: 1.2,
  weakAt: 0.8,
  minWorks: 10,
  minCountryGrants: 20,
};

export interface EvidenceInput {
  /** RCA of the country's papers in the technology. */
  rca: number | null;
  /** RTA of the country's patents in the technology. */
  rta: number | null;
  /** The country's works in the technology (window, counting mode of the view). */
  works: number;
  /** The country's grants in all technologies (window, counting mode, basis of the view). */
  countryGrants: number;
}

export interface EvidenceGap {
  flag: EvidenceFlag;
  /** RSI(papers) − RSI(patents) ∈ [−2, 2]: positive = papers ahead of patents. Null when either is missing. */
  gapIndex: number | null;
}

const rsi = (x: number): number => (x - 1) / (x + 1);

export function evidenceGap(input: EvidenceInput, t: GapThresholds = DEFAULT_GAP_THRESHOLDS): EvidenceGap {
  const { rca, rta: r } = input;
  const gapIndex = rca !== null && r !== null ? rsi(rca) - rsi(r) : null;
  if (rca === null || r === null || input.works < t.minWorks || input.countryGrants < t.minCountryGrants)
    return { flag: 'insufficient_data', gapIndex };
  const strong = (x: number) => x >= t.strongAt;
  const weak = (x: number) => x <= t.weakAt;
  let flag: EvidenceFlag = 'mixed';
  if (strong(rca) && weak(r)) flag = 'commercialization_gap';
  else if (strong(r) && weak(rca)) flag = 'science_gap';
  else if (strong(rca) && strong(r)) flag = 'strong_both';
  else if (weak(rca) && weak(r)) flag = 'weak_both';
  return { flag, gapIndex };
}

export interface CombinedInput {
  country: string;
  /** The paper composite (0–1 scale: weighted share of world output and of top-10 % works). */
  paperScore: number;
  /** Share of world grants (0–1). */
  patentShare: number;
}

/**
 * The technology-level composite with patents: (paperWeight × paper composite + patentWeight × patent share) ÷
 * (paperWeight + patentWeight); level = score ÷ best score × 100. A weight of 0 leaves the paper composite.
 */
export function combinedLevels(
  rows: readonly CombinedInput[],
  weights: { papers: number; patents: number },
): Array<{ country: string; score: number; level: number | null }> {
  const total = weights.papers + weights.patents;
  if (!(total > 0) || weights.papers < 0 || weights.patents < 0)
    throw new RangeError('composite weights must be non-negative and not both zero');
  const scored = rows.map((r) => ({
    country: r.country,
    score: (weights.papers * r.paperScore + weights.patents * r.patentShare) / total,
  }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  return scored.map((s) => ({ ...s, level: best > 0 ? (s.score / best) * 100 : null }));
}
