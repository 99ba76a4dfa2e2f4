/**
 * Concentration of a technology across countries (methods §5): Herfindahl–Hirschman index, CR1/CR3, normalised
 * HHI; UNKNOWN is excluded and its share reported beside. And an ASPI-style technology monopoly risk whose
 * thresholds are cetmap's proposal (ASPI's numbers were not found): they are parameters, shown with the result.
 */
export const UNKNOWN = 'UNKNOWN';

export interface Concentration {
  /** Shares over known units, summing to 1. */
  shares: Map<string, number>;
  hhi: number;
  /** HHI on the 0–10,000 scale of the US merger guidelines. */
  hhi10000: number;
  /** (HHI − 1/N) / (1 − 1/N) with N units of positive share; 1 for a single unit (a monopoly). */
  hhiNormalised: number;
  cr1: number;
  cr3: number;
  /** Share of all counts that had no known unit (reported beside the HHI). */
  unknownShare: number;
  units: number;
}

/** Concentration from counts per unit (fractional counts by default). Null when no known unit has output. */
export function concentration(
  counts: ReadonlyMap<string, number> | Record<string, number>,
): Concentration | null {
  const entries = counts instanceof Map ? [...counts.entries()] : Object.entries(counts);
  const all = entries.reduce((s, [, v]) => s + Math.max(0, v), 0);
  const known = entries.filter(([k, v]) => k !== UNKNOWN && v > 0);
  const knownTotal = known.reduce((s, [, v]) => s + v, 0);
  if (!(knownTotal > 0)) return null;
  const shares = new Map(known.map(([k, v]) => [k, v / knownTotal]));
  const sorted = [...shares.values()].sort((a, b) => b - a);
  const hhi = sorted.reduce((s, x) => s + x * x, 0);
  const n = sorted.length;
  return {
    shares,
    hhi,
    hhi10000: hhi * 10_000,
    hhiNormalised: n > 1 ? (hhi - 1 / n) / (1 - 1 / n) : 1,
    cr1: sorted[0]!,
    cr3: sorted.slice(0, 3).reduce((s, x) => s + x, 0),
    unknownShare: (all - knownTotal) / all,
    units: n,
  };
}

export interface MonopolyRiskThresholds {
  high: { ratio: number; institutions: number };
  medium: { ratio: number; institutions: number };
}

/** cetmap's proposed defaults (unverified against ASPI; shown with every result). */
export const DEFAULT_MONOPOLY_THRESHOLDS: MonopolyRiskThresholds = {
  high: { ratio: 3, institutions: 8 },
  medium: { ratio: 2, institutions: 5 },
};

export type MonopolyRisk = 'high' | 'medium' | 'low';

const EPSILON = 1e-9; // 0.30 / 0.10 is 2.9999999999999996 in doubles

export function monopolyRisk(
  topShare: number,
  secondShare: number | null,
  topInstitutionsInTopCountry: number,
  thresholds: MonopolyRiskThresholds = DEFAULT_MONOPOLY_THRESHOLDS,
): { leadRatio: number; risk: MonopolyRisk } {
  const leadRatio = secondShare && secondShare > 0 ? topShare / secondShare : Number.POSITIVE_INFINITY;
  const meets = (level: { ratio: number; institutions: number }): boolean =>
    leadRatio >= level.ratio - EPSILON && topInstitutionsInTopCountry >= level.institutions;
  return { leadRatio, risk: meets(thresholds.high) ? 'high' : meets(thresholds.medium) ? 'medium' : 'low' };
}
