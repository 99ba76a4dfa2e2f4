/**
 * Collaboration strength between two countries (methods §7): for a set of N works, s_i = works with country i
 * (full counting), c_ij = works with both. Association strength (van Eck & Waltman 2009) divides the co-occurrences
 * by the product of the sizes; the scaled form N·c/(s_i s_j) is observed ÷ expected under independence (1 = as
 * often as expected). Edge cases: a size of 0 → every measure null; c = 0 → 0.
 */
export interface PairCounts {
  /** Works with both countries. */
  cij: number;
  /** Works with country i, and with country j. */
  si: number;
  sj: number;
  /** Works in the set; null when unknown (then the scaled association strength is null). */
  n: number | null;
}

export interface CollaborationStrength {
  cosine: number | null;
  jaccard: number | null;
  inclusion: number | null;
  association: number | null;
  associationScaled: number | null;
}

export function collaborationStrength({ cij, si, sj, n }: PairCounts): CollaborationStrength {
  if (!(si > 0) || !(sj > 0) || !(cij >= 0))
    return { cosine: null, jaccard: null, inclusion: null, association: null, associationScaled: null };
  const association = cij / (si * sj);
  return {
    cosine: cij / Math.sqrt(si * sj),
    jaccard: cij / (si + sj - cij),
    inclusion: cij / Math.min(si, sj),
    association,
    associationScaled: n !== null && n > 0 ? n * association : null,
  };
}

/** Existing-ties component of the partner score: AS* / (1 + AS*), in [0, 1); 0.5 = as often as expected. */
export function tieStrength(associationScaled: number | null): number {
  return associationScaled === null || !(associationScaled > 0)
    ? 0
    : associationScaled / (1 + associationScaled);
}
