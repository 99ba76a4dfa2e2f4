/**
 * Revealed comparative advantage (activity index) and its symmetric form RSI (Balassa 1965; Laursen 2015).
 * RCA = (x_ct / x_c) / (x_t / x); RSI = (RCA − 1) / (RCA + 1). All four counts must come from the same universe
 * (years, counting method, world including UNKNOWN). Undefined inputs give null, never 0.
 */
export interface Specialisation {
  rca: number | null;
  rsi: number | null;
}

export function specialisation(
  xCountryTech: number,
  xCountry: number,
  xTech: number,
  xWorld: number,
): Specialisation {
  if (!(xCountry > 0) || !(xTech > 0) || !(xWorld > 0) || xCountryTech < 0) return { rca: null, rsi: null };
  const rca = xCountryTech / xCountry / (xTech / xWorld);
  return { rca, rsi: (rca - 1) / (rca + 1) };
}
