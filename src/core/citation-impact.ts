/**
 * Citation impact normalised within reference sets (same field, year and document type): the share of a unit's
 * works among the top p % most cited, with tied works split fractionally (Waltman & Schreiber 2013), and the mean
 * normalised citation score MNCS (Waltman et al. 2011). Weights are the unit's counting weights (fractional by
 * default), so world totals add up. See docs/methods.md §2.
 */

/** For each citation count in a reference set, the fraction of a work with that count inside the top p %. */
export function topShareFractions(referenceCitations: readonly number[], p: number): Map<number, number> {
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${p}`);
  const n = referenceCitations.length;
  const tied = new Map<number, number>();
  for (const c of referenceCitations) tied.set(c, (tied.get(c) ?? 0) + 1);
  const quota = p * n;
  const fractions = new Map<number, number>();
  let above = 0;
  for (const c of [...tied.keys()].sort((a, b) => b - a)) {
    const count = tied.get(c)!;
    fractions.set(c, Math.min(1, Math.max(0, (quota - above) / count)));
    above += count;
  }
  return fractions;
}

export interface WeightedWork {
  citations: number;
  /** The unit's counting weight for this work (1 under full counting, its fraction under fractional counting). */
  weight: number;
  /** Reference set key, e.g. `${field}/${year}/${type}`; one set when omitted. */
  referenceSet?: string;
}

export interface ImpactResult {
  /** Σ w·f: the unit's (fractional) number of top-p % works. */
  topCount: number;
  /** Σ w·f / Σ w: the unit's share of its output in the top p %; null with no output. */
  topShare: number | null;
  /** Σ w·ncs / Σ w over works with a defined expected citation rate; null when none. */
  mncs: number | null;
  /** Works left out of MNCS because nobody in their reference set was cited (expected rate 0). */
  excludedFromMncs: number;
  weightTotal: number;
}

export interface ReferenceStats {
  fractions: Map<number, number>;
  mean: number;
  size: number;
}

/** Precomputes what each reference set needs: tie-split fractions for p and the mean citation rate. */
export function referenceStats(citations: readonly number[], p: number): ReferenceStats {
  const mean = citations.length ? citations.reduce((s, c) => s + c, 0) / citations.length : 0;
  return { fractions: topShareFractions(citations, p), mean, size: citations.length };
}

/** Top-p % share and MNCS of a unit's works, each normalised within its own reference set. */
export function citationImpact(
  works: readonly WeightedWork[],
  referenceSets: ReadonlyMap<string, ReferenceStats>,
): ImpactResult {
  let weightTotal = 0;
  let topCount = 0;
  let ncsSum = 0;
  let ncsWeight = 0;
  let excluded = 0;
  for (const work of works) {
    const key = work.referenceSet ?? '';
    const ref = referenceSets.get(key);
    if (!ref) throw new RangeError(`no reference set "${key}" for a work with ${work.citations} citations`);
    const f = ref.fractions.get(work.citations);
    if (f === undefined)
      throw new RangeError(`citation count ${work.citations} is not in reference set "${key}"`);
    weightTotal += work.weight;
    topCount += work.weight * f;
    if (ref.mean > 0) {
      ncsSum += work.weight * (work.citations / ref.mean);
      ncsWeight += work.weight;
    } else {
      excluded += 1;
    }
  }
  return {
    topCount,
    topShare: weightTotal > 0 ? topCount / weightTotal : null,
    mncs: ncsWeight > 0 ? ncsSum / ncsWeight : null,
    excludedFromMncs: excluded,
    weightTotal,
  };
}
