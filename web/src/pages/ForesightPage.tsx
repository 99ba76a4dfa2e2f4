/**
 * Foresight: for a key technology, its emerging topics (bursts, emergence score, early movers), a forecast of the
 * home country with 80/95 % bands, its backtest and the catch-up year, the watch list of policy signals, and the
 * supply-chain chokepoints and a disruption scenario (ETO data, CC BY-NC, attributed; USGS minerals).
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CountryPicker, QueryState } from '../components/standing/StandingBits';
import {
  useChokepoints,
  useEmerging,
  useForecast,
  useScenario,
  useSupplyGraph,
  useWatchList,
  type ForecastMetric,
} from '../foresight-api';
import { useFormats } from '../format';
import { localName, useVersionTree } from '../taxonomy-api';

const ForecastChart = lazy(() => import('../components/ForecastChart'));
const SupplyGraph = lazy(() => import('../components/SupplyGraph'));

const VERSION = 'kr-2022';
const DEFAULT_TECH = 'kr2022.battery.next_gen';
const METRICS: ForecastMetric[] = ['works', 'share', 'top10_share'];
const SCENARIO_COUNTRIES = ['CN', 'TW', 'US', 'JP', 'NL', 'KR', 'DE'];

function useForesightState() {
  const [params, setParams] = useSearchParams();
  const cc = (k: string, fallback: string | null) => {
    const v = params.get(k);
    return v && /^[A-Z]{2}$/.test(v) ? v : fallback;
  };
  const metric = params.get('metric');
  const share = Number(params.get('share'));
  return {
    techId: params.get('tech') ?? DEFAULT_TECH,
    home: cc('home', 'KR')!,
    metric: (METRICS as string[]).includes(metric ?? '') ? (metric as ForecastMetric) : 'works',
    remove: cc('remove', null),
    share: [0.25, 0.5, 1].includes(share) ? share : 1,
    update: (patch: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined) p.delete(k);
            else p.set(k, v);
          }
          return p;
        },
        { replace: true },
      ),
  };
}

export function ForesightPage() {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const ko = i18n.language === 'ko';
  const s = useForesightState();
  const tree = useVersionTree(VERSION);
  const emerging = useEmerging(s.techId, s.home);
  const forecast = useForecast(s.techId, s.home, s.metric);
  const watch = useWatchList(s.techId);
  const choke = useChokepoints(s.techId, s.home);
  const scenario = useScenario(s.remove, s.share);
  const showGraph = (choke.data?.inputs.length ?? 0) > 0;
  const graph = useSupplyGraph(showGraph);
  const highlight = new Set(
    s.remove && scenario.data
      ? scenario.data.impacts.filter((i) => i.directLoss > 0).map((i) => i.item.id)
      : (choke.data?.inputs ?? []).filter((x) => x.chokepoint).map((x) => x.item.id),
  );
  const fmt = s.metric === 'works' ? f.count : f.share;
  const fc = forecast.data?.forecast ?? null;
  const bt = fc?.backtest;
  const c = forecast.data?.catchUp;

  return (
    <section>
      <h1>{t('pages.foresight.title')}</h1>
      <p className="intro">{t('foresight.intro')}</p>

      <div className="panel toolbar" role="group" aria-label={t('foresight.controls')}>
        <label className="control">
          <span>{t('foresight.technology')}</span>
          <select
            value={s.techId}
            onChange={(e) => s.update({ tech: e.target.value })}
            data-testid="foresight-tech"
          >
            {(tree.data?.fields ?? []).map((fl) => (
              <optgroup key={fl.id} label={localName(fl, i18n.language)}>
                <option value={fl.id}>{localName(fl, i18n.language)}</option>
                {(fl.technologies ?? []).map((k) => (
                  <option key={k.id} value={k.id}>
                    {'  '}
                    {localName(k, i18n.language)}
                  </option>
                ))}
              </optgroup>
            ))}
            {!tree.data && <option value={s.techId}>{s.techId}</option>}
          </select>
        </label>
        <CountryPicker value={s.home} onChange={(cc) => s.update({ home: cc === 'KR' ? undefined : cc })} />
      </div>

      <h2>{t('foresight.emerging.title')}</h2>
      <QueryState isPending={emerging.isPending} error={emerging.error}>
        {emerging.data && emerging.data.topics.length === 0 && <p>{t('foresight.emerging.none')}</p>}
        {emerging.data && emerging.data.topics.length > 0 && (
          <div className="table-wrap">
            <table data-testid="emerging-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('foresight.emerging.topic')}</th>
                  <th>{t('foresight.emerging.bursts')}</th>
                  <th>{t('foresight.emerging.escore')}</th>
                  <th>{t('foresight.emerging.growth')}</th>
                  <th>{t('foresight.emerging.movers')}</th>
                  <th>{t('foresight.emerging.home', { cc: s.home })}</th>
                </tr>
              </thead>
              <tbody>
                {emerging.data.topics.map((x, i) => (
                  <tr key={x.term}>
                    <td>{i + 1}</td>
                    <td>
                      {x.label}
                      {x.recentBurst && <span className="badge"> {t('foresight.emerging.recent')}</span>}
                    </td>
                    <td>{x.bursts.map((b) => `${b.start}–${b.end}`).join(', ') || '–'}</td>
                    <td>{x.emergence ? f.ratio(x.emergence.escore) : '–'}</td>
                    <td>
                      {x.growth3y === null ? '–' : f.growth(x.growth3y)}
                      {x.extremeGrowth && ` (${t('foresight.emerging.extreme')})`}
                    </td>
                    <td>{x.countries.map((m) => `${m.unit} ${f.share(m.share)}`).join(', ')}</td>
                    <td>
                      {x.homeRank === null
                        ? t('foresight.emerging.absent')
                        : `#${x.homeRank} (${f.share(x.homeShare)})${x.homeAmongLeaders ? ' ✓' : ''}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {emerging.data && (
          <p className="method">
            {t('foresight.method', { text: ko ? emerging.data.methodKo : emerging.data.method })}
          </p>
        )}
      </QueryState>

      <h2>{t('foresight.forecast.title')}</h2>
      <div className="panel toolbar">
        <label className="control">
          <span>{t('foresight.forecast.metric')}</span>
          <select
            value={s.metric}
            onChange={(e) => s.update({ metric: e.target.value === 'works' ? undefined : e.target.value })}
            data-testid="foresight-metric"
          >
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`foresight.metrics.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState isPending={forecast.isPending} error={forecast.error}>
        {forecast.data && !fc && <p>{(ko ? forecast.data.notesKo : forecast.data.notes).join(' ')}</p>}
        {forecast.data && fc && bt && (
          <>
            <Suspense fallback={<p className="loading">{t('system.loading')}</p>}>
              <ForecastChart
                years={fc.years}
                observed={fc.values}
                forecastYears={fc.forecastYears}
                forecast={fc.model.forecasts}
                target={
                  forecast.data.leader && forecast.data.leader.country !== s.home
                    ? forecast.data.leader.value
                    : null
                }
                targetLabel={t('foresight.forecast.leaderLevel', {
                  cc: forecast.data.leader?.country ?? '',
                  year: forecast.data.leader?.year ?? '',
                })}
                format={fmt}
              />
            </Suspense>
            <p data-testid="forecast-params">
              {t('foresight.forecast.params', {
                alpha: f.ratio(fc.model.alpha),
                beta: f.ratio(fc.model.betaStar),
                n: fc.model.n,
              })}
            </p>
            {c && forecast.data.leader && (
              <p data-testid="catch-up">
                {c.alreadyThere
                  ? t('foresight.forecast.alreadyThere', { cc: s.home, leader: forecast.data.leader.country })
                  : c.earliest === null
                    ? t('foresight.forecast.notWithin', {
                        cc: s.home,
                        leader: forecast.data.leader.country,
                        year: forecast.data.leader.year,
                        h: c.horizon,
                      })
                    : t('foresight.forecast.catchUp', {
                        cc: s.home,
                        leader: forecast.data.leader.country,
                        year: forecast.data.leader.year,
                        when: c.year ?? t('foresight.forecast.beyond', { h: c.horizon }),
                        earliest: c.earliest ?? t('foresight.forecast.beyond', { h: c.horizon }),
                        latest: c.latest ?? t('foresight.forecast.beyond', { h: c.horizon }),
                      })}
              </p>
            )}
            <h3>{t('foresight.backtest.title')}</h3>
            <div className="table-wrap">
              <table data-testid="backtest-table">
                <thead>
                  <tr>
                    <th>{t('foresight.backtest.trainTo')}</th>
                    <th>{t('foresight.backtest.forecast')}</th>
                    <th>{t('foresight.backtest.naive')}</th>
                    <th>{t('foresight.backtest.actual')}</th>
                    <th>{t('foresight.backtest.ape')}</th>
                  </tr>
                </thead>
                <tbody>
                  {bt.rows.map((r) => (
                    <tr key={r.trainN}>
                      <td>{fc.years[r.trainN - 1]}</td>
                      <td>{fmt(r.forecast)}</td>
                      <td>{fmt(r.naive)}</td>
                      <td>{fmt(r.actual)}</td>
                      <td>{r.ape === null ? '–' : f.share(r.ape)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              {t('foresight.backtest.summary', {
                mape: bt.mapePercent === null ? '–' : f.ratio(bt.mapePercent),
                mase: bt.mase === null ? '–' : f.ratio(bt.mase),
                naiveMape: bt.naiveMapePercent === null ? '–' : f.ratio(bt.naiveMapePercent),
                naiveMase: bt.naiveMase === null ? '–' : f.ratio(bt.naiveMase),
              })}
            </p>
            <p className="method">
              {t('foresight.method', { text: ko ? forecast.data.methodKo : forecast.data.method })}
            </p>
          </>
        )}
      </QueryState>

      <h2>{t('foresight.watch.title')}</h2>
      <QueryState isPending={watch.isPending} error={watch.error}>
        {watch.data && (
          <>
            <p className="notice">{t('foresight.watch.disclaimer')}</p>
            {watch.data.items.length === 0 ? (
              <p>{t('foresight.watch.none')}</p>
            ) : (
              <ul data-testid="watch-list">
                {watch.data.items.map((i) => (
                  <li key={i.country}>
                    <strong>{i.country}</strong>: {(ko ? i.rationaleKo : i.rationale).join('; ')}
                    {i.history.events > 0 &&
                      ` — ${t('foresight.watch.history', {
                        events: i.history.events,
                        hit: i.history.hitRate === null ? '–' : f.share(i.history.hitRate),
                        lead: i.history.medianLeadYears ?? '–',
                      })}`}
                  </li>
                ))}
              </ul>
            )}
            <p className="method">
              {t('foresight.method', { text: ko ? watch.data.methodKo : watch.data.method })}
            </p>
          </>
        )}
      </QueryState>

      <h2>{t('foresight.supply.title')}</h2>
      <QueryState isPending={choke.isPending} error={choke.error}>
        {choke.data && (
          <>
            {(ko ? choke.data.notesKo : choke.data.notes).map((n) => (
              <p key={n} className="notice">
                {n}
              </p>
            ))}
            <div className="table-wrap">
              <table data-testid="chokepoint-table">
                <thead>
                  <tr>
                    <th>{t('foresight.supply.item')}</th>
                    <th>{t('foresight.supply.hhi')}</th>
                    <th>{t('foresight.supply.top')}</th>
                    <th>{t('foresight.supply.countries')}</th>
                    <th>{t('foresight.supply.downstream')}</th>
                    <th>{t('foresight.supply.exposure', { cc: choke.data.home })}</th>
                  </tr>
                </thead>
                <tbody>
                  {choke.data.inputs
                    .filter((x) => x.chokepoint)
                    .slice(0, 25)
                    .map((x) => (
                      <tr key={x.item.id}>
                        <td>
                          {x.item.name} <small>({x.item.id})</small>
                        </td>
                        <td>{x.concentration.hhi === null ? '–' : f.integer(x.concentration.hhi)}</td>
                        <td>
                          {x.concentration.topCountry ?? '–'}{' '}
                          {x.concentration.cr1 === null ? '' : f.share(x.concentration.cr1)}
                        </td>
                        <td>{x.concentration.countries}</td>
                        <td>{x.downstream}</td>
                        <td>{f.share(x.exposure.outsideShare)}</td>
                      </tr>
                    ))}
                  {choke.data.minerals
                    .filter((m) => m.chokepoint)
                    .map((m) => (
                      <tr key={m.mineral}>
                        <td>
                          {m.mineral} <small>({t('foresight.supply.mineral', { year: m.year })})</small>
                        </td>
                        <td>{m.concentration.hhi === null ? '–' : f.integer(m.concentration.hhi)}</td>
                        <td>
                          {m.concentration.topCountry ?? '–'}{' '}
                          {m.concentration.cr1 === null ? '' : f.share(m.concentration.cr1)}
                        </td>
                        <td>{m.concentration.countries}</td>
                        <td>{m.techIds.length}</td>
                        <td>{f.share(m.exposure.outsideShare)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
            {showGraph && graph.data && (
              <Suspense fallback={<p className="loading">{t('system.loading')}</p>}>
                <h3>{t('foresight.graph.title')}</h3>
                <SupplyGraph graph={graph.data} highlight={highlight} format={f.integer} />
                <p className="method">{t('foresight.graph.legend')}</p>
              </Suspense>
            )}
            <p className="method">
              {t('foresight.method', {
                text: ko ? choke.data.methodKo.chokepoint : choke.data.method.chokepoint,
              })}
            </p>
            <p className="method">
              {t('foresight.method', {
                text: ko ? choke.data.methodKo.exposure : choke.data.method.exposure,
              })}
            </p>
            <p className="attribution" data-testid="supply-sources">
              {t('foresight.supply.sources')} {choke.data.sources.join(' · ')}
            </p>
          </>
        )}
      </QueryState>

      <h3>{t('foresight.scenario.title')}</h3>
      <div className="panel toolbar">
        <label className="control">
          <span>{t('foresight.scenario.remove')}</span>
          <select
            value={s.remove ?? ''}
            onChange={(e) => s.update({ remove: e.target.value || undefined })}
            data-testid="scenario-country"
          >
            <option value="">{t('foresight.scenario.choose')}</option>
            {SCENARIO_COUNTRIES.map((cc) => (
              <option key={cc} value={cc}>
                {cc}
              </option>
            ))}
          </select>
        </label>
        <label className="control">
          <span>{t('foresight.scenario.cut')}</span>
          <select
            value={String(s.share)}
            onChange={(e) => s.update({ share: e.target.value === '1' ? undefined : e.target.value })}
          >
            {[1, 0.5, 0.25].map((v) => (
              <option key={v} value={String(v)}>
                {f.share(v)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {s.remove && (
        <QueryState isPending={scenario.isPending} error={scenario.error}>
          {scenario.data && (
            <>
              <div className="table-wrap">
                <table data-testid="scenario-table">
                  <thead>
                    <tr>
                      <th>{t('foresight.supply.item')}</th>
                      <th>{t('foresight.scenario.direct')}</th>
                      <th>{t('foresight.scenario.atRisk')}</th>
                      <th>{t('foresight.scenario.via')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {scenario.data.impacts.slice(0, 40).map((i) => (
                      <tr key={i.item.id}>
                        <td>
                          {i.item.name} <small>({i.item.id})</small>
                        </td>
                        <td>{f.share(i.directLoss)}</td>
                        <td>{f.share(i.atRisk)}</td>
                        <td>{i.via}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p>{t('foresight.scenario.count', { n: scenario.data.impacts.length })}</p>
              <p className="method">
                {t('foresight.method', { text: ko ? scenario.data.methodKo : scenario.data.method })}
              </p>
              <p className="attribution">
                {t('foresight.supply.sources')} {scenario.data.sources.join(' · ')}
              </p>
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}
