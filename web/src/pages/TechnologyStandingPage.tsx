import { Fragment, lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { MapValue } from '../components/WorldMap';
import {
  BandBadge,
  ClassBadge,
  GapValue,
  CountryPicker,
  Missing,
  MethodNotes,
  QueryState,
  Value,
  WindowControls,
} from '../components/standing/StandingBits';
import { useFormats, type Formats } from '../format';
import {
  technologyStandingPath,
  useCountries,
  useCountryName,
  useTechnologySeries,
  useTechnologyStanding,
  useWindowState,
  type CountryRow,
  type TechnologyStandingResponse,
} from '../standing-api';
import { localName, useTechnology } from '../taxonomy-api';
import { PatentPanel } from '../components/standing/PatentPanel';
import { Trend } from './DashboardPage';

const WorldMap = lazy(() => import('../components/WorldMap'));
const SeriesChart = lazy(() => import('../components/SeriesChart'));

type SortKey =
  | 'rank'
  | 'country'
  | 'works'
  | 'worldShare'
  | 'top10'
  | 'top10WorldShare'
  | 'top10OutputShare'
  | 'mncs'
  | 'cagr'
  | 'rca'
  | 'level'
  | 'gapYears';

interface Column {
  key: Exclude<SortKey, 'country'>;
  format: (f: Formats) => (n: number) => string;
  missing: string;
}

const COLUMNS: Column[] = [
  { key: 'works', format: (f) => f.count, missing: 'noData' },
  { key: 'worldShare', format: (f) => f.share, missing: 'noData' },
  { key: 'top10', format: (f) => f.count, missing: 'noCitations' },
  { key: 'top10WorldShare', format: (f) => f.share, missing: 'noCitations' },
  { key: 'top10OutputShare', format: (f) => f.share, missing: 'noCitations' },
  { key: 'mncs', format: (f) => f.ratio, missing: 'noCitations' },
  { key: 'cagr', format: (f) => f.growth, missing: 'cagr' },
  { key: 'rca', format: (f) => f.ratio, missing: 'noData' },
  { key: 'level', format: (f) => f.percent, missing: 'level' },
  { key: 'gapYears', format: (f) => f.years, missing: 'gap' },
];

const SORT_KEYS = new Set<string>(['rank', 'country', ...COLUMNS.map((c) => c.key)]);

function sortRows(rows: CountryRow[], key: SortKey, dir: 'asc' | 'desc', name: (c: string) => string) {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'country') return sign * name(a.country).localeCompare(name(b.country));
    const x = a[key as Exclude<SortKey, 'country'>];
    const y = b[key as Exclude<SortKey, 'country'>];
    if (x === null && y === null) return 0;
    if (x === null) return 1; // missing values last in either direction
    if (y === null) return -1;
    return sign * (x - y) || (a.rank ?? Infinity) - (b.rank ?? Infinity);
  });
}

function HomePanel({ s }: { s: TechnologyStandingResponse }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const h = s.home;
  return (
    <section className="panel home-panel" aria-labelledby="home-title" data-testid="home-panel">
      <h2 id="home-title">{t('standing.homePanel', { country: name(s.params.home) })}</h2>
      {!h ? (
        <p className="source">{t('standing.homeNoWorks')}</p>
      ) : (
        <dl className="kpis">
          <div>
            <dt>{t('standing.level')}</dt>
            <dd className="kpi">
              <Value value={h.level} format={f.percent} reason={t('standing.missing.level')} />
            </dd>
            <dd className="unit">{t('standing.ofLeader')}</dd>
          </div>
          <div>
            <dt>{t('standing.band.title')}</dt>
            <dd className="kpi">
              <BandBadge band={h.band} />
            </dd>
          </div>
          <div>
            <dt>{t('standing.classTitle')}</dt>
            <dd className="kpi">
              <ClassBadge value={h.standingClass} />
            </dd>
          </div>
          <div>
            <dt>{t('standing.worldRank')}</dt>
            <dd className="kpi">
              {h.rank === null ? (
                <Missing reason={t('standing.missing.rank')} />
              ) : (
                t('standing.rankValue', { rank: h.rank })
              )}
            </dd>
            <dd className="unit">
              {t('standing.rankedCountries', { count: s.countries.filter((c) => c.rank !== null).length })}
            </dd>
          </div>
          <div>
            <dt>{t('standing.gap')}</dt>
            <dd className="kpi" data-testid="home-gap">
              <GapValue level={h.level} gapYears={h.gapYears} format={f.years} />
            </dd>
          </div>
          <div>
            <dt>{t('standing.col.worldShare')}</dt>
            <dd className="kpi">
              <Value value={h.worldShare} format={f.share} />
            </dd>
          </div>
          <div>
            <dt>{t('standing.col.top10WorldShare')}</dt>
            <dd className="kpi">
              <Value value={h.top10WorldShare} format={f.share} reason={t('standing.missing.noCitations')} />
            </dd>
          </div>
          <div>
            <dt>{t('standing.trend')}</dt>
            <dd className="kpi">
              <Trend cagr={h.cagr} />
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function RankingTable({ s }: { s: TechnologyStandingResponse }) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const [params, setParams] = useSearchParams();
  const sortParam = params.get('sort') ?? 'rank';
  const key = (SORT_KEYS.has(sortParam) ? sortParam : 'rank') as SortKey;
  const dir: 'asc' | 'desc' =
    params.get('dir') === 'asc' || params.get('dir') === 'desc'
      ? (params.get('dir') as 'asc' | 'desc')
      : key === 'rank' || key === 'country' || key === 'gapYears'
        ? 'asc'
        : 'desc';
  const rows = sortRows(s.countries, key, dir, name);
  const sortBy = (k: SortKey) => {
    const next =
      k === key ? (dir === 'asc' ? 'desc' : 'asc') : k === 'rank' || k === 'country' ? 'asc' : 'desc';
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.set('sort', k);
        p.set('dir', next);
        return p;
      },
      { replace: true },
    );
  };
  const header = (k: SortKey, label: string, unit?: string) => (
    <th
      scope="col"
      aria-sort={k === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={k === 'country' ? undefined : 'num'}
    >
      <button type="button" className="sort-button" onClick={() => sortBy(k)} data-testid={`sort-${k}`}>
        {label}
        {unit && <span className="unit"> ({unit})</span>}
        <span aria-hidden="true" className="sort-mark">
          {k === key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('standing.rankingTitle')}>
      <table className="data-table ranking" data-testid="ranking-table">
        <caption className="source">
          {i18n.language === 'ko'
            ? t('standing.rankingCaption', { ranking: s.methodKo.ranking, counting: s.methodKo.counting })
            : t('standing.rankingCaption', { ranking: s.method.ranking, counting: s.method.counting })}
        </caption>
        <thead>
          <tr>
            {header('rank', t('standing.col.rank'))}
            {header('country', t('standing.col.country'))}
            {COLUMNS.map((c) => (
              <Fragment key={c.key}>
                {header(c.key, t(`standing.col.${c.key}`), t(`standing.unit.${c.key}`))}
              </Fragment>
            ))}
            <th scope="col">{t('standing.band.title')}</th>
            <th scope="col">{t('standing.classTitle')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.country}
              className={r.country === s.params.home ? 'home-row' : undefined}
              data-country={r.country}
            >
              <td className="num">{r.rank ?? <Missing reason={t('standing.missing.rank')} />}</td>
              <th scope="row">
                <Link to={`/countries/${r.country}`}>{name(r.country)}</Link>
              </th>
              {COLUMNS.map((c) => (
                <td key={c.key} className="num">
                  {c.key === 'gapYears' ? (
                    <GapValue level={r.level} gapYears={r.gapYears} format={f.years} short />
                  ) : (
                    <Value
                      value={r[c.key]}
                      format={c.format(f)}
                      reason={t(`standing.missing.${c.missing}`)}
                    />
                  )}
                </td>
              ))}
              <td>
                <BandBadge band={r.band} />
              </td>
              <td>
                <ClassBadge value={r.standingClass} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConcentrationPanel({ s }: { s: TechnologyStandingResponse }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const c = s.concentration;
  const m = s.monopoly;
  return (
    <section className="panel" aria-labelledby="conc-title" data-testid="concentration">
      <h2 id="conc-title">{t('standing.concentration.title')}</h2>
      {!c ? (
        <p className="source">{t('standing.noWorks')}</p>
      ) : (
        <dl className="facts">
          <dt>{t('standing.concentration.hhi')}</dt>
          <dd>
            {f.integer(c.hhi10000)} <span className="unit">{t('standing.concentration.hhiUnit')}</span>
          </dd>
          <dt>{t('standing.concentration.cr1')}</dt>
          <dd>
            {f.share(c.cr1)} ({name(c.leader)})
          </dd>
          <dt>{t('standing.concentration.cr3')}</dt>
          <dd>{f.share(c.cr3)}</dd>
          <dt>{t('standing.concentration.unknown')}</dt>
          <dd>
            <Value value={s.world.unknownShare} format={f.share} />
          </dd>
          {m && (
            <>
              <dt>{t('standing.monopoly.risk')}</dt>
              <dd>
                <span className={`badge risk-${m.risk}`} data-testid="monopoly-risk">
                  {t(`standing.monopoly.level.${m.risk}`)}
                </span>
              </dd>
              <dt>{t('standing.monopoly.leadRatio')}</dt>
              <dd>
                <Value
                  value={m.leadRatio}
                  format={(n) => t('standing.monopoly.times', { value: f.ratio(n) })}
                  reason={t('standing.missing.noRunnerUp')}
                />
              </dd>
              <dt>{t('standing.monopoly.institutions')}</dt>
              <dd>
                {t('standing.monopoly.institutionsValue', {
                  count: m.topInstitutionsInLeader,
                  country: name(m.leader),
                })}
              </dd>
            </>
          )}
        </dl>
      )}
      <p className="source method-text">{t('standing.concentration.method')}</p>
      <p className="source method-text">
        {t('standing.monopoly.method', {
          highRatio: f.count(s.params.monopoly.high.ratio),
          highInstitutions: s.params.monopoly.high.institutions,
          mediumRatio: f.count(s.params.monopoly.medium.ratio),
          mediumInstitutions: s.params.monopoly.medium.institutions,
        })}
      </p>
    </section>
  );
}

function InstitutionsPanel({ s }: { s: TechnologyStandingResponse }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  return (
    <section className="panel" aria-labelledby="inst-title" data-testid="institutions">
      <h2 id="inst-title">{t('standing.institutions.title')}</h2>
      {s.topInstitutions.length === 0 ? (
        <p className="source">{t('standing.institutions.none')}</p>
      ) : (
        <table className="data-table compact">
          <caption className="source">{t('standing.institutions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('standing.institutions.name')}</th>
              <th scope="col">{t('standing.col.country')}</th>
              <th scope="col" className="num">
                {t('standing.col.top10')} <span className="unit">({t('standing.unit.top10')})</span>
              </th>
              <th scope="col" className="num">
                {t('standing.col.works')} <span className="unit">({t('standing.unit.works')})</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {s.topInstitutions.slice(0, 10).map((i) => (
              <tr key={i.institutionId}>
                <th scope="row">{i.name ?? `#${i.institutionId}`}</th>
                <td className="nowrap">
                  {i.country ? name(i.country) : <Missing reason={t('standing.missing.noCountry')} />}
                </td>
                <td className="num">{f.count(i.top10Frac)}</td>
                <td className="num">{f.count(i.worksFrac)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type MapMetric = 'level' | 'worldShare' | 'top10WorldShare';

function MapSection({ s }: { s: TechnologyStandingResponse }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const countries = useCountries();
  const [params, setParams] = useSearchParams();
  const p = params.get('map');
  const metric: MapMetric = p === 'worldShare' || p === 'top10WorldShare' ? p : 'level';
  const fmt = metric === 'level' ? f.percent : f.share;
  const atlas = new Map((countries.data?.countries ?? []).map((c) => [c.alpha2, c.worldAtlasId]));
  const values: MapValue[] = s.countries.flatMap((r) => {
    const id = atlas.get(r.country);
    const v = r[metric];
    return id && v !== null ? [{ atlasId: id, name: name(r.country), value: v, label: fmt(v) }] : [];
  });
  const max = Math.max(0, ...values.map((v) => v.value));
  return (
    <section className="panel" aria-labelledby="map-title">
      <div className="section-head">
        <h2 id="map-title">{t('standing.map.title')}</h2>
        <label className="control">
          <span>{t('standing.map.metric')}</span>
          <select
            value={metric}
            data-testid="map-metric"
            onChange={(e) =>
              setParams(
                (prev) => {
                  const q = new URLSearchParams(prev);
                  q.set('map', e.target.value);
                  return q;
                },
                { replace: true },
              )
            }
          >
            {(['level', 'worldShare', 'top10WorldShare'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`standing.col.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Suspense fallback={<p className="loading">{t('system.loading')}</p>}>
        <WorldMap
          values={values}
          title={t('standing.map.aria', { metric: t(`standing.col.${metric}`) })}
          minLabel={fmt(0)}
          maxLabel={fmt(max)}
          highlight={atlas.get(s.params.home) ?? undefined}
        />
      </Suspense>
    </section>
  );
}

type SeriesMetric = 'works' | 'top10' | 'share';

function SeriesSection({ s }: { s: TechnologyStandingResponse }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const [metric, setMetric] = useState<SeriesMetric>('works');
  const countries = useMemo(() => {
    const top = s.countries
      .filter((c) => c.rank !== null)
      .slice(0, 5)
      .map((c) => c.country);
    return top.includes(s.params.home) ? top : [...top, s.params.home];
  }, [s]);
  const series = useTechnologySeries(s.techId, countries, s.params.counting);
  const data = series.data;
  const lines = useMemo(
    () =>
      data
        ? data.countries.map((c) => {
            const byYear = new Map(c.points.map((p) => [p.year, p]));
            return {
              name: name(c.country),
              highlight: c.country === s.params.home,
              values: data.years.map((y) => {
                const p = byYear.get(y);
                if (!p) return metric === 'share' ? null : 0;
                return metric === 'share' ? p.share : p[metric];
              }),
            };
          })
        : [],
    [data, metric, name, s.params.home],
  );
  const fmt = metric === 'share' ? f.share : f.count;
  return (
    <section className="panel" aria-labelledby="series-title">
      <div className="section-head">
        <h2 id="series-title">{t('standing.chart.title')}</h2>
        <label className="control">
          <span>{t('standing.chart.metric')}</span>
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as SeriesMetric)}
            data-testid="series-metric"
          >
            {(['works', 'top10', 'share'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`standing.chart.metricValue.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState isPending={series.isPending} error={series.error}>
        {data && data.years.length === 0 ? (
          <p className="source">{t('standing.noWorks')}</p>
        ) : (
          data && (
            <Suspense fallback={<p className="loading">{t('system.loading')}</p>}>
              <SeriesChart
                years={data.years}
                lines={lines}
                format={fmt}
                title={t('standing.chart.aria', { metric: t(`standing.chart.metricValue.${metric}`) })}
                fileName={`${s.techId}-${metric}.png`}
              />
            </Suspense>
          )
        )}
      </QueryState>
      <p className="source">
        {t('standing.chart.note', { counting: t(`standing.countingValue.${s.params.counting}`) })}
      </p>
    </section>
  );
}

const CSV_HEADER = [
  'rank',
  'country',
  'works',
  'world_share',
  'top10',
  'top10_world_share',
  'top10_output_share',
  'mncs',
  'cagr',
  'rca',
  'rsi',
  'level',
  'band',
  'gap_years',
  'class',
];

function Exports({ s, csvHref }: { s: TechnologyStandingResponse; csvHref: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const base = `${s.techId}-standing-${s.params.from}-${s.params.to}`;
  const xlsx = async () => {
    setBusy(true);
    try {
      const { downloadRankingXlsx } = await import('../xlsx-export');
      const note = `${s.techId} ${s.params.from}-${s.params.to}; counting: ${s.method.counting}; ranking: ${s.method.ranking}${s.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : ''}`;
      await downloadRankingXlsx(s, CSV_HEADER, `${base}.xlsx`, note);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="exports">
      <a className="button-link" href={csvHref} download={`${base}.csv`} data-testid="csv-download">
        {t('standing.exportCsv')}
      </a>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void xlsx()}
        disabled={busy}
        data-testid="xlsx-download"
      >
        {t('standing.exportXlsx')}
      </button>
    </div>
  );
}

export function TechnologyStandingPage() {
  const { t, i18n } = useTranslation();
  const { versionId = '', techId = '' } = useParams();
  const [state, update] = useWindowState();
  const detail = useTechnology(versionId, techId);
  const standing = useTechnologyStanding(techId, state);
  const s = standing.data;
  const tech = detail.data?.technology;
  const title = tech ? localName(tech, i18n.language) : techId;
  return (
    <section className="page-wide">
      <nav aria-label={t('taxonomy.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.dashboard')}</Link>
        {' › '}
        <Link to={`/technologies/${versionId}`}>{detail.data ? detail.data.version.id : versionId}</Link>
        {detail.data?.parent && (
          <>
            {' › '}
            <Link to={`/technologies/${versionId}/${detail.data.parent.id}/standing`}>
              {localName(detail.data.parent, i18n.language)}
            </Link>
          </>
        )}
      </nav>
      <h1 data-testid="standing-title">{title}</h1>
      <div className="tabs" role="navigation" aria-label={t('standing.views')}>
        <Link to={`/technologies/${versionId}/${techId}`}>{t('standing.tabRegistry')}</Link>
        <span className="tab-current" aria-current="page">
          {t('standing.tabStanding')}
        </span>
        <Link
          to={`/strategy?tech=${encodeURIComponent(techId)}&home=${state.country}`}
          data-testid="strategy-link"
        >
          {t('nav.strategy')}
        </Link>
        <Link
          to={`/foresight?tech=${encodeURIComponent(techId)}&home=${state.country}`}
          data-testid="foresight-link"
        >
          {t('nav.foresight')}
        </Link>
      </div>
      <div className="toolbar" role="group" aria-label={t('standing.controls')}>
        <CountryPicker value={state.country} onChange={(cc) => update({ country: cc })} />
        {s && (
          <WindowControls
            state={state}
            update={update}
            from={s.params.from}
            to={s.params.to}
            latestYear={s.vintage.latestYear}
          />
        )}
        {s && <Exports s={s} csvHref={technologyStandingPath(techId, state, 'csv')} />}
      </div>
      <QueryState isPending={standing.isPending} error={standing.error}>
        {s && (
          <>
            <HomePanel s={s} />
            <h2>{t('standing.rankingTitle')}</h2>
            {s.countries.length === 0 ? (
              <p className="panel source" data-testid="ranking-empty">
                {t('standing.noWorks')}
              </p>
            ) : (
              <RankingTable s={s} />
            )}
            {s.notes.length > 0 && (
              <ul className="notes" lang={i18n.language === 'ko' ? 'ko' : 'en'}>
                {(i18n.language === 'ko' ? s.notesKo : s.notes).map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            <PatentPanel techId={techId} state={state} />
            {s.countries.length > 0 && (
              <div className="two-col">
                <MapSection s={s} />
                <SeriesSection s={s} />
              </div>
            )}
            <div className="two-col two-col-wide">
              <ConcentrationPanel s={s} />
              <InstitutionsPanel s={s} />
            </div>
            <MethodNotes method={s.method} methodKo={s.methodKo} vintage={s.vintage} params={s.params} />
          </>
        )}
      </QueryState>
    </section>
  );
}
