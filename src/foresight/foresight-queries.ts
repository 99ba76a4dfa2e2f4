/**
 * Reads works and facts for foresight: yearly term counts within a technology (emerging topics, early movers)
 * and technology × country series (forecasts). The only file of the foresight domain that talks to the database.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEMO_TOPICS } from '../demo/demo-topics.js';
import {
  dataVintage,
  latestCompleteYear,
  technologyFacts,
  type DataVintage,
} from '../indicators/standing-queries.js';
import { CetmapError } from '../shared/errors.js';
import recipes from '../classify/data/recipes-kr-2022.json' with { type: 'json' };
import {
  earlyMovers,
  EMERGING_METHOD,
  EMERGING_METHOD_KO,
  emergingTerms,
  withCommunity,
  type EmergingTerm,
  type Mover,
} from './emerging.js';
import {
  catchUp,
  FORECAST_METHOD,
  forecastSeries,
  METRIC_LABEL,
  METRIC_LABEL_KO,
  FORECAST_METHOD_KO,
  type CatchUp,
  type ForecastMetric,
  type SeriesForecast,
} from './forecast.js';

/** Topic names known to the project (demo topics and the recipes' candidate topics); others show as T<id>. */
const TOPIC_NAMES = new Map<number, string>([
  ...(recipes.recipes as Array<{ topics: number[]; topic_names?: string[] }>).flatMap((r) =>
    r.topics.map((t, i) => [t, r.topic_names?.[i] ?? `T${t}`] as [number, string]),
  ),
  ...DEMO_TOPICS.map((t) => [t.id, t.name] as [number, string]),
]);
export const topicLabel = (id: number): string => TOPIC_NAMES.get(id) ?? `T${id}`;

async function ensureTech(db: Kysely<Database>, techId: string): Promise<void> {
  const tech = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
}

export interface EmergingTopic extends EmergingTerm {
  window: { from: number; to: number };
  countries: Mover[];
  institutions: Mover[];
  institutionsCount: number;
  homeAmongLeaders: boolean;
  homeRank: number | null;
  homeShare: number;
  topWorks: Array<{ id: number; year: number | null; title: string | null; citedBy: number }>;
}

export interface EmergingReport {
  techId: string | null;
  by: 'topic' | 'keyword';
  home: string;
  years: number[];
  method: string;
  methodKo: string;
  params: { s: number; gamma: number; recentYears: number; minRecords: number; leaders: number };
  topics: EmergingTopic[];
  vintage: DataVintage;
}

/** Works of the technology (or all works when techId is null) within the years. */
const scopedWorks = (db: Kysely<Database>, techId: string | null, from: number, to: number) => {
  let q = db.selectFrom('work as w').where('w.year', '>=', from).where('w.year', '<=', to);
  if (techId !== null)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_tech as wt')
          .select(sql`1`.as('one'))
          .whereRef('wt.work_id', '=', 'w.id')
          .where('wt.tech_id', '=', techId),
      ),
    );
  return q;
};

export async function emergingTopics(
  db: Kysely<Database>,
  techId: string | null,
  options: {
    by?: 'topic' | 'keyword';
    home?: string;
    limit?: number;
    s?: number;
    gamma?: number;
    recentYears?: number;
    firstYear?: number;
  } = {},
): Promise<EmergingReport> {
  if (techId !== null) await ensureTech(db, techId);
  const by = options.by ?? 'topic';
  const home = options.home ?? 'KR';
  const limit = options.limit ?? 10;
  const params = {
    s: options.s ?? 2,
    gamma: options.gamma ?? 1,
    recentYears: options.recentYears ?? 3,
    minRecords: 7,
    leaders: 5,
  };
  const vintage = await dataVintage(db);
  const maxYear = await db
    .selectFrom('work')
    .select((eb) => eb.fn.max('year').as('y'))
    .executeTakeFirst();
  const to = latestCompleteYear(maxYear?.y ?? vintage.latestYear);
  const from = options.firstYear ?? to - 29;
  const totalsRows = await scopedWorks(db, techId, from, to)
    .select(['w.year', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('w.year')
    .execute();
  const firstWithData = Math.min(...totalsRows.filter((r) => Number(r.n) > 0).map((r) => r.year!), to + 1);
  const years: number[] = [];
  for (let y = Math.max(from, firstWithData); y <= to; y++) years.push(y);
  const totalOf = new Map(totalsRows.map((r) => [r.year!, Number(r.n)]));
  const totals = years.map((y) => totalOf.get(y) ?? 0);

  const termRows =
    by === 'topic'
      ? await scopedWorks(db, techId, years[0] ?? from, to)
          .where('w.primary_topic_id', 'is not', null)
          .select([
            'w.year',
            sql<string>`w.primary_topic_id::text`.as('term'),
            (eb) => eb.fn.countAll<number>().as('n'),
          ])
          .groupBy(['w.year', 'w.primary_topic_id'])
          .execute()
      : await scopedWorks(db, techId, years[0] ?? from, to)
          .innerJoin('work_keyword as k', 'k.work_id', 'w.id')
          .select(['w.year', 'k.keyword as term', (eb) => eb.fn.count<number>('w.id').distinct().as('n')])
          .groupBy(['w.year', 'k.keyword'])
          .execute();
  const byTerm = new Map<string, number[]>();
  const index = new Map(years.map((y, i) => [y, i]));
  for (const r of termRows) {
    const i = index.get(r.year!);
    if (i === undefined) continue;
    const counts = byTerm.get(r.term) ?? new Array<number>(years.length).fill(0);
    counts[i] = Number(r.n);
    byTerm.set(r.term, counts);
  }
  const ranked = emergingTerms(
    years,
    totals,
    [...byTerm].map(([term, counts]) => ({
      term,
      label: by === 'topic' ? topicLabel(Number(term)) : term,
      counts,
    })),
    {
      burst: { s: params.s, gamma: params.gamma },
      recentYears: params.recentYears,
      minRecords: params.minRecords,
    },
  ).slice(0, limit);

  const topics: EmergingTopic[] = [];
  for (const t of ranked) {
    // Evidence window: the latest burst, else the last five years.
    const b = t.bursts.at(-1);
    const window = b ? { from: b.start, to: b.end } : { from: Math.max(years[0] ?? to, to - 4), to };
    const termWorks = () => {
      const q = scopedWorks(db, techId, window.from, window.to);
      return by === 'topic'
        ? q.where('w.primary_topic_id', '=', Number(t.term))
        : q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('work_keyword as k2')
                .select(sql`1`.as('one'))
                .whereRef('k2.work_id', '=', 'w.id')
                .where('k2.keyword', '=', t.term),
            ),
          );
    };
    const [countryRows, instRows, works] = await Promise.all([
      termWorks()
        .innerJoin('work_country as wc', 'wc.work_id', 'w.id')
        .select(['wc.country as unit', (eb) => eb.fn.sum<number>('wc.frac').as('works')])
        .groupBy('wc.country')
        .execute(),
      termWorks()
        .innerJoin('authorship as a', 'a.work_id', 'w.id')
        .innerJoin('institution as i', (j) => j.on(sql<boolean>`i.id = any(a.institution_ids)`))
        .select([
          sql<string>`i.id::text`.as('unit'),
          'i.name',
          'i.country',
          (eb) => eb.fn.count<number>('w.id').distinct().as('works'),
        ])
        .groupBy(['i.id', 'i.name', 'i.country'])
        .execute(),
      termWorks()
        .select(['w.id', 'w.year', 'w.title', 'w.cited_by'])
        .orderBy('w.cited_by', 'desc')
        .orderBy('w.id')
        .limit(3)
        .execute(),
    ]);
    const countries = earlyMovers(
      countryRows.map((r) => ({ unit: r.unit, works: Number(r.works) })),
      params.leaders,
    );
    const allCountries = earlyMovers(
      countryRows.map((r) => ({ unit: r.unit, works: Number(r.works) })),
      10_000,
    );
    const homeIndex = allCountries.findIndex((c) => c.unit === home);
    const institutionsCount = instRows.length;
    topics.push({
      ...withCommunity(t, institutionsCount),
      window,
      countries,
      institutions: earlyMovers(
        instRows.map((r) => ({
          unit: r.unit,
          name: r.name ? `${r.name}${r.country ? ` (${r.country})` : ''}` : null,
          works: Number(r.works),
        })),
        params.leaders,
      ),
      institutionsCount,
      homeAmongLeaders: homeIndex >= 0 && homeIndex < params.leaders,
      homeRank: homeIndex >= 0 ? homeIndex + 1 : null,
      homeShare: homeIndex >= 0 ? allCountries[homeIndex]!.share : 0,
      topWorks: works.map((w) => ({ id: w.id, year: w.year, title: w.title, citedBy: w.cited_by })),
    });
  }
  return {
    techId,
    by,
    home,
    years,
    method:
      EMERGING_METHOD.replace('{recent}', String(params.recentYears)) +
      ` Terms: ${by === 'topic' ? 'the work’s primary OpenAlex topic' : 'author and OpenAlex keywords'}. ` +
      'Early movers: countries (fractional counts) and institutions (works) on the term in its latest burst, ' +
      'else the last 5 years; the home country is among them when it ranks in the top 5.',
    methodKo:
      EMERGING_METHOD_KO.replace('{recent}', String(params.recentYears)) +
      ` 용어: ${by === 'topic' ? '논문의 대표 OpenAlex 주제' : '저자 키워드와 OpenAlex 키워드'}. ` +
      '초기 진입자: 최근 급증 기간(없으면 최근 5년)에 그 용어로 논문을 낸 국가(분수 계산)와 기관(논문 수); ' +
      '자국이 상위 5위 안이면 포함됩니다.',
    params,
    topics,
    vintage,
  };
}

export interface ForecastReport {
  techId: string;
  country: string;
  metric: ForecastMetric;
  metricLabel: string;
  metricLabelKo: string;
  method: string;
  methodKo: string;
  horizon: number;
  forecast: SeriesForecast | null;
  leader: { country: string; value: number; year: number } | null;
  leaderForecast: SeriesForecast | null;
  catchUp: CatchUp | null;
  notes: string[];
  notesKo: string[];
  vintage: DataVintage;
}

export async function technologyForecast(
  db: Kysely<Database>,
  techId: string,
  country: string,
  options: { metric?: ForecastMetric; horizon?: number; firstYear?: number } = {},
): Promise<ForecastReport> {
  await ensureTech(db, techId);
  const metric = options.metric ?? 'works';
  const horizon = options.horizon ?? 5;
  const vintage = await dataVintage(db);
  const to = latestCompleteYear(vintage.latestYear);
  const from = options.firstYear ?? to - 14;
  const facts = (await technologyFacts(db, techId)).filter((f) => f.year >= from && f.year <= to);
  const notes: string[] = [];
  const notesKo: string[] = [];
  const yearsWithData = [...new Set(facts.map((f) => f.year))].sort((a, b) => a - b);
  const years: number[] = [];
  for (let y = yearsWithData[0] ?? to; y <= to; y++) years.push(y);
  const world = new Map<number, number>();
  for (const f of facts) world.set(f.year, (world.get(f.year) ?? 0) + f.worksFrac);
  const valueOf = (c: string, y: number): number => {
    const f = facts.find((x) => x.country === c && x.year === y);
    if (metric === 'works') return f?.worksFrac ?? 0;
    if (metric === 'share') return (world.get(y) ?? 0) > 0 ? (f?.worksFrac ?? 0) / world.get(y)! : 0;
    return f && f.worksFrac > 0 ? (f.top10Frac ?? 0) / f.worksFrac : 0;
  };
  const seriesOf = (c: string) => years.map((y) => valueOf(c, y));
  const home = forecastSeries(years, seriesOf(country), horizon);
  if (!home)
    notes.push(
      `Fewer than 6 years of data for ${techId}: no forecast (Holt needs 5 to fit with intervals and 1 to backtest).`,
    );
  if (!home)
    notesKo.push(
      `${techId}의 자료가 6년 미만이라 예측하지 않습니다(Holt는 구간 적합에 5년, 백테스트에 1년 필요).`,
    );
  const last = years.at(-1);
  let leader: ForecastReport['leader'] = null;
  if (last !== undefined) {
    const countries = [...new Set(facts.map((f) => f.country))].filter((c) => c !== 'UNKNOWN');
    // For PP(top 10 %), only countries with a meaningful output qualify as leader (≥ 1 % of world works).
    const eligible =
      metric === 'top10_share'
        ? countries.filter(
            (c) =>
              valueOf(c, last) >= 0 &&
              (facts.find((f) => f.country === c && f.year === last)?.worksFrac ?? 0) >=
                0.01 * (world.get(last) ?? 0),
          )
        : countries;
    const best = eligible
      .map((c) => ({ country: c, value: valueOf(c, last) }))
      .sort((a, b) => b.value - a.value || a.country.localeCompare(b.country))[0];
    if (best) leader = { ...best, year: last };
  }
  const leaderForecast =
    leader && leader.country !== country ? forecastSeries(years, seriesOf(leader.country), horizon) : null;
  if (metric === 'top10_share') {
    notes.push('Leader for PP(top 10 %): countries with at least 1 % of world works in the last year.');
    notesKo.push('PP(top 10 %) 선도국: 마지막 해 세계 논문의 1 % 이상을 낸 국가 중에서 정합니다.');
  }
  notes.push(
    'The leader’s level is its value in the last complete year, held fixed: the leader keeps moving.',
  );
  notesKo.push('선도국 수준은 마지막 완전 연도 값으로 고정합니다. 실제 선도국은 계속 움직입니다.');
  return {
    techId,
    country,
    metric,
    metricLabel: METRIC_LABEL[metric],
    metricLabelKo: METRIC_LABEL_KO[metric],
    method: FORECAST_METHOD,
    methodKo: FORECAST_METHOD_KO,
    horizon,
    forecast: home,
    leader,
    leaderForecast,
    catchUp: home && leader ? catchUp(home, leader.value, leader.country) : null,
    notes,
    notesKo,
    vintage,
  };
}
