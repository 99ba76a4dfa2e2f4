/**
 * Forecasts of a technology × country series, pure: Holt's linear trend with fitted parameters, 80/95 %
 * intervals and a rolling-origin backtest (methods §9) always together; and when the home country's forecast
 * reaches the leader's current level, with the years its 95 % interval gives.
 */
import { backtestHolt, holt, type BacktestResult, type HoltResult } from '../core/holt.js';

export type ForecastMetric = 'works' | 'share' | 'top10_share';

export const METRIC_LABEL: Record<ForecastMetric, string> = {
  works: 'works (fractional counts)',
  share: 'share of world works (fractional)',
  top10_share: 'share of its works in the world’s top 10 % most cited (PP top 10 %)',
};

export interface SeriesForecast {
  years: number[];
  values: number[];
  model: HoltResult;
  backtest: BacktestResult;
  /** Forecast years, aligned with model.forecasts. */
  forecastYears: number[];
}

export const FORECAST_METHOD =
  'Holt’s linear trend (additive; ℓ0 = y1, b0 = y2 − y1; α, β* fitted by minimum SSE over [0, 1]); intervals ' +
  'ŷ ± z·σ_h with σ̂² = SSE/(n − 4) (Hyndman et al. 2008, class 1); backtest: rolling origin, h = 1, the last ' +
  'up to 5 origins with ≥ 5 training years, parameters refitted per window; MAPE and MASE (Hyndman & Koehler ' +
  '2006), beside the naive forecast’s. Intervals on counts and shares can go below 0: clip for display only.';

/** `FORECAST_METHOD` in Korean. */
export const FORECAST_METHOD_KO =
  'Holt 선형 추세(가법; ℓ0 = y1, b0 = y2 − y1; α, β*는 [0, 1]에서 최소 SSE로 적합); 구간 ŷ ± z·σ_h, ' +
  'σ̂² = SSE/(n − 4) (Hyndman 외 2008, class 1); 백테스트: 이동 원점, h = 1, 학습 연도 5년 이상인 최근 최대 5개 ' +
  '원점, 창마다 모수 재적합; MAPE와 MASE(Hyndman & Koehler 2006)를 단순 예측과 함께 제시. 건수와 점유율 구간은 0 ' +
  '아래로 내려갈 수 있으며 표시할 때만 잘라 냅니다.';

export const METRIC_LABEL_KO: Record<ForecastMetric, string> = {
  works: '논문 수(분수 계산)',
  share: '세계 논문 점유율(분수 계산)',
  top10_share: '피인용 상위 10 % 논문 비율(PP top 10 %)',
};

/** Needs at least 6 years (5 to fit with intervals, 1 to backtest). */
export function forecastSeries(
  years: readonly number[],
  values: readonly number[],
  horizon: number,
): SeriesForecast | null {
  if (values.length < 6) return null;
  const model = holt(values, horizon);
  const last = years.at(-1)!;
  return {
    years: [...years],
    values: [...values],
    model,
    backtest: backtestHolt(values, { h: 1 }),
    forecastYears: model.forecasts.map((f) => last + f.h),
  };
}

export interface CatchUp {
  target: number;
  leader: string;
  /** First forecast year the point forecast reaches the target; null when not within the horizon. */
  year: number | null;
  /** Earliest year (the 95 % upper bound reaches it) and latest (the 95 % lower bound reaches it). */
  earliest: number | null;
  latest: number | null;
  horizon: number;
  alreadyThere: boolean;
}

/** When the home series reaches `target` (the leader's value in the last year), within `horizon` years. */
export function catchUp(home: SeriesForecast, target: number, leader: string): CatchUp {
  const last = home.values.at(-1)!;
  const horizon = home.model.forecasts.length;
  if (last >= target)
    return {
      target,
      leader,
      year: home.years.at(-1)!,
      earliest: home.years.at(-1)!,
      latest: home.years.at(-1)!,
      horizon,
      alreadyThere: true,
    };
  const first = (pick: (i: number) => number | null): number | null => {
    const i = home.model.forecasts.findIndex((_, k) => (pick(k) ?? -Infinity) >= target);
    return i >= 0 ? home.forecastYears[i]! : null;
  };
  return {
    target,
    leader,
    year: first((k) => home.model.forecasts[k]!.forecast),
    earliest: first((k) => home.model.forecasts[k]!.hi95),
    latest: first((k) => home.model.forecasts[k]!.lo95),
    horizon,
    alreadyThere: false,
  };
}
