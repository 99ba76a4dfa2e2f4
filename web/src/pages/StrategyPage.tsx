/**
 * Global R&D Strategy Map: for a key technology, partner countries ranked for the home country with every score
 * decomposed, weight sliders (applied live), the stability of the top 5 under ±20 % weights, cooperation types
 * with their reasons, a map of the scores, partner organisations, and a partner-country view.
 */
import { lazy, Suspense, useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MapValue } from '../components/WorldMap';
import { CountryPicker, QueryState } from '../components/standing/StandingBits';
import { useFormats } from '../format';
import { useCountries, useCountryName } from '../standing-api';
import {
  DEFAULT_WEIGHTS,
  strategyPath,
  usePartnerView,
  useStrategyMatrix,
  useTechnologyStrategy,
  WEIGHT_KEYS,
  type PartnerRow,
  type StrategyState,
  type TechnologyStrategyResponse,
  type WeightKey,
  type Weights,
} from '../strategy-api';
import { localName, useVersionTree } from '../taxonomy-api';

const WorldMap = lazy(() => import('../components/WorldMap'));

const VERSION = 'kr-2022';
const DEFAULT_TECH = 'kr2022.quantum.computing';

function useStrategyState(): {
  techId: string;
  partner: string | undefined;
  state: StrategyState;
  update: (patch: Record<string, string | undefined>) => void;
} {
  const [params, setParams] = useSearchParams();
  const num = (k: WeightKey) => {
    const v = Number(params.get(k));
    return params.get(k) !== null && Number.isFinite(v) && v >= 0
      ? Math.min(k === 'alignment' ? 1 : 5, v)
      : undefined;
  };
  const weights = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, num(k) ?? DEFAULT_WEIGHTS[k]])) as Weights;
  const home = params.get('home');
  const partner = params.get('partner');
  return {
    techId: params.get('tech') ?? DEFAULT_TECH,
    partner: partner && /^[A-Z]{2}$/.test(partner) ? partner : undefined,
    state: {
      home: home && /^[A-Z]{2}$/.test(home) ? home : 'KR',
      weights,
      tiesSource: params.get('ties') === 'overall' ? 'overall' : 'technology',
    },
    update: (patch) =>
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

export function StrategyPage() {
  const { t, i18n } = useTranslation();
  const { techId, partner, state, update } = useStrategyState();
  const deferred = useDeferredValue(state);
  const tree = useVersionTree(VERSION);
  const strategy = useTechnologyStrategy(techId, deferred);
  const defaults = WEIGHT_KEYS.every((k) => state.weights[k] === DEFAULT_WEIGHTS[k]);
  return (
    <section>
      <h1>{t('pages.strategy.title')}</h1>
      <p className="intro">{t('strategy.intro')}</p>

      <div className="panel toolbar" role="group" aria-label={t('strategy.controls')}>
        <label className="control">
          <span>{t('strategy.technology')}</span>
          <select
            value={techId}
            onChange={(e) => update({ tech: e.target.value })}
            data-testid="strategy-tech"
          >
            {(tree.data?.fields ?? []).map((f) => (
              <optgroup key={f.id} label={localName(f, i18n.language)}>
                <option value={f.id}>{localName(f, i18n.language)}</option>
                {(f.technologies ?? []).map((k) => (
                  <option key={k.id} value={k.id}>
                    {'  '}
                    {localName(k, i18n.language)}
                  </option>
                ))}
              </optgroup>
            ))}
            {!tree.data && <option value={techId}>{techId}</option>}
          </select>
        </label>
        <CountryPicker value={state.home} onChange={(cc) => update({ home: cc === 'KR' ? undefined : cc })} />
        <label className="control">
          <span>{t('strategy.tiesSource')}</span>
          <select
            value={state.tiesSource}
            onChange={(e) => update({ ties: e.target.value === 'overall' ? 'overall' : undefined })}
            data-testid="strategy-ties"
          >
            <option value="technology">{t('strategy.ties.technology')}</option>
            <option value="overall">{t('strategy.ties.overall')}</option>
          </select>
        </label>
      </div>

      <fieldset className="panel weights" data-testid="strategy-weights">
        <legend>{t('strategy.weights')}</legend>
        {WEIGHT_KEYS.map((k) => (
          <label key={k} className="control weight-slider">
            <span>
              {t(`strategy.component.${k}`)}: <output>{state.weights[k].toFixed(2)}</output>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={state.weights[k]}
              onChange={(e) => update({ [k]: e.target.value })}
              data-testid={`weight-${k}`}
              aria-describedby={`weight-help-${k}`}
            />
            <small id={`weight-help-${k}`}>{t(`strategy.componentHelp.${k}`)}</small>
          </label>
        ))}
        <button
          type="button"
          disabled={defaults}
          onClick={() => update(Object.fromEntries(WEIGHT_KEYS.map((k) => [k, undefined])))}
          data-testid="weights-reset"
        >
          {t('strategy.resetWeights')}
        </button>
      </fieldset>

      <QueryState isPending={strategy.isPending} error={strategy.error}>
        {strategy.data && <StrategyResult s={strategy.data} state={state} update={update} />}
      </QueryState>

      {partner && (
        <PartnerView partner={partner} state={deferred} close={() => update({ partner: undefined })} />
      )}

      <MatrixPanel state={deferred} onPick={(tech) => update({ tech })} />
    </section>
  );
}

function StrategyResult({
  s,
  state,
  update,
}: {
  s: TechnologyStrategyResponse;
  state: StrategyState;
  update: (patch: Record<string, string | undefined>) => void;
}) {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  const f = useFormats();
  const name = useCountryName();
  const countries = useCountries();
  const mapValues = useMemo<MapValue[]>(() => {
    const atlas = new Map((countries.data?.countries ?? []).map((c) => [c.alpha2, c.worldAtlasId]));
    return s.partners
      .filter((p) => atlas.get(p.country))
      .map((p) => ({
        atlasId: atlas.get(p.country)!.padStart(3, '0'),
        name: name(p.country),
        value: p.score,
        label: t('strategy.scoreLabel', { score: f.ratio(p.score), rank: p.rank }),
      }));
  }, [s, countries.data, name, t, f]);
  const top = s.partners.slice(0, 15);
  const [busy, setBusy] = useState(false);
  const xlsx = async () => {
    setBusy(true);
    try {
      const { downloadStrategyXlsx } = await import('../strategy-xlsx');
      await downloadStrategyXlsx(s);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <section className="panel" aria-labelledby="strategy-summary" data-testid="strategy-summary">
        <h2 id="strategy-summary">
          {localName({ nameEn: s.nameEn, nameKo: s.nameKo }, i18n.language)} ·{' '}
          {t('strategy.partnersFor', { home: name(s.home) })}
        </h2>
        <dl className="kpis">
          <div>
            <dt>{t('strategy.homeLevel')}</dt>
            <dd className="kpi">{s.homeLevel === null ? '–' : f.percent(s.homeLevel)}</dd>
            <dd className="unit">{t('strategy.ofLeader')}</dd>
          </div>
          <div>
            <dt>{t('strategy.maturity')}</dt>
            <dd className="kpi">{t(s.maturity.emerging ? 'strategy.emerging' : 'strategy.established')}</dd>
            <dd className="unit">
              {t('strategy.worldGrowth', {
                value: s.maturity.worldCagr === null ? '–' : f.growth(s.maturity.worldCagr),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('strategy.stability')}</dt>
            <dd className="kpi" data-testid="top5-stability">
              {f.share(s.sensitivity.setStability)}
            </dd>
            <dd className="unit">
              {t('strategy.stabilityHelp', {
                delta: f.share(s.sensitivity.delta),
                top: s.sensitivity.baseline.join(', '),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('strategy.orderStability')}</dt>
            <dd className="kpi">{f.share(s.sensitivity.orderStability)}</dd>
          </div>
        </dl>
        <p className="exports">
          <a className="button-link" href={strategyPath(s.techId, state, '', { format: 'csv' })} download>
            {t('strategy.exportCsv')}
          </a>{' '}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void xlsx()}
            disabled={busy}
            data-testid="strategy-xlsx"
          >
            {t('strategy.exportXlsx')}
          </button>{' '}
          <a
            className="button-link"
            href={strategyPath(s.techId, state, '/brief.pdf')}
            download
            data-testid="brief-link"
          >
            {t('strategy.exportPdf')}
          </a>
        </p>
      </section>

      <section className="panel" aria-labelledby="strategy-map-title">
        <h2 id="strategy-map-title">{t('strategy.mapTitle')}</h2>
        <Suspense fallback={<p className="loading">{t('system.loading')}</p>}>
          <WorldMap
            values={mapValues}
            title={t('strategy.mapTitle')}
            minLabel={f.ratio(0)}
            maxLabel={f.ratio(Math.max(0, ...s.partners.map((p) => p.score)))}
          />
        </Suspense>
      </section>

      <section className="panel" aria-labelledby="strategy-ranking-title">
        <h2 id="strategy-ranking-title">{t('strategy.rankingTitle')}</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('strategy.rankingTitle')}>
          <table className="data-table compact" data-testid="strategy-table">
            <caption className="source">{t('strategy.rankingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('strategy.rank')}
                </th>
                <th scope="col">{t('strategy.country')}</th>
                <th scope="col" className="num">
                  {t('strategy.score')}
                </th>
                {(['strength', 'complementarity', 'ties', 'momentum', 'alignment'] as const).map((k) => (
                  <th key={k} scope="col" className="num">
                    {t(`strategy.component.${k}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('strategy.coWorks')}
                </th>
                <th scope="col">{t('strategy.cooperationType')}</th>
              </tr>
            </thead>
            <tbody>
              {top.map((p) => (
                <PartnerTableRow key={p.country} p={p} s={s} onPick={() => update({ partner: p.country })} />
              ))}
            </tbody>
          </table>
        </div>
        <p className="source">{t('strategy.componentNote')}</p>
      </section>

      <section className="panel" aria-labelledby="strategy-orgs-title" data-testid="strategy-orgs">
        <h2 id="strategy-orgs-title">{t('strategy.orgsTitle')}</h2>
        {s.organisations.map((o) => (
          <div key={o.partner} className="org-block">
            <h3>
              {name(o.partner)} ({o.partner})
            </h3>
            {o.partnerInstitutions.length === 0 ? (
              <p className="source">{t('strategy.noOrgs')}</p>
            ) : (
              <ul>
                {o.partnerInstitutions.map((i) => (
                  <li key={i.institutionId}>
                    <strong>{i.name ?? i.institutionId}</strong>:{' '}
                    {t('strategy.orgLine', {
                      top10: f.count(i.top10Frac),
                      works: f.count(i.worksFrac),
                      co: i.coWorksWithHome,
                      home: name(s.home),
                    })}
                    {i.homePartners.length > 0 && (
                      <>
                        {' '}
                        —{' '}
                        {i.homePartners.map((h) => `${h.name ?? h.institutionId} (${h.coWorks})`).join('; ')}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {o.homeInstitutions.length > 0 && (
              <p className="source">
                {t('strategy.homeBestPlaced', { home: name(s.home) })}{' '}
                {o.homeInstitutions
                  .map((h) => `${h.name ?? h.institutionId} (${h.coWorksWithPartner})`)
                  .join('; ')}
              </p>
            )}
          </div>
        ))}
      </section>

      <footer className="method-footer" data-testid="strategy-method">
        <p>
          {t('strategy.vintageLine', {
            from: s.params.from,
            to: s.params.to,
            latest: s.vintage.latestYear ?? '–',
          })}{' '}
          {s.vintage.synthetic && <strong className="synthetic-tag">{t('standing.syntheticTag')}</strong>}
        </p>
        <details>
          <summary>{t('strategy.methodTitle')}</summary>
          <dl className="method-list">
            {Object.entries(ko ? s.methodKo : s.method).map(([k, v]) => (
              <div key={k}>
                <dt>{t(`strategy.methodKey.${k}`, { defaultValue: k })}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <ul>
            {(ko ? s.notesKo : s.notes).map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      </footer>
    </>
  );
}

function PartnerTableRow({
  p,
  s,
  onPick,
}: {
  p: PartnerRow;
  s: TechnologyStrategyResponse;
  onPick: () => void;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const ties = s.ties.used === 'overall' && p.ties.overall ? p.ties.overall : p.ties.technology;
  const cell = (k: 'strength' | 'complementarity' | 'ties' | 'momentum') => (
    <td className="num" title={t('strategy.contribution', { value: f.ratio(p.components[k].contribution) })}>
      {f.ratio(p.components[k].value)}
    </td>
  );
  return (
    <tr data-testid={`partner-${p.country}`}>
      <td className="num">{p.rank}</td>
      <td>
        <button type="button" className="link-button" onClick={onPick} title={t('strategy.openPartner')}>
          {name(p.country)}
        </button>{' '}
        <span className="unit">({p.country})</span>
      </td>
      <td className="num">
        <strong>{f.ratio(p.score)}</strong>
      </td>
      {cell('strength')}
      {cell('complementarity')}
      {cell('ties')}
      {cell('momentum')}
      <td className="num" title={p.alignment.group ?? ''}>
        {f.ratio(p.alignment.value)}
      </td>
      <td
        className="num"
        title={t('strategy.asScaled', {
          value: ties.associationScaled === null ? '–' : f.ratio(ties.associationScaled),
        })}
      >
        {ties.coWorks}
      </td>
      <td>
        <span className={`badge coop-${p.cooperation.type}`}>{t(`strategy.type.${p.cooperation.type}`)}</span>
        <br />
        <small>{i18n.language === 'ko' ? p.cooperation.reasonKo : p.cooperation.reason}</small>
      </td>
    </tr>
  );
}

function PartnerView({
  partner,
  state,
  close,
}: {
  partner: string;
  state: StrategyState;
  close: () => void;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const view = usePartnerView(partner, state);
  return (
    <section className="panel" aria-labelledby="partner-view-title" data-testid="partner-view">
      <h2 id="partner-view-title">
        {t('strategy.partnerViewTitle', { partner: name(partner), home: name(state.home) })}
      </h2>
      <button type="button" onClick={close}>
        {t('strategy.closePartner')}
      </button>
      <QueryState isPending={view.isPending} error={view.error}>
        {view.data && (
          <div
            className="table-scroll"
            tabIndex={0}
            role="region"
            aria-label={t('strategy.partnerViewTitle', { partner: name(partner), home: name(state.home) })}
          >
            <table className="data-table compact">
              <caption className="source">{t('strategy.partnerViewCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('strategy.technology')}</th>
                  <th scope="col" className="num">
                    {t('strategy.component.complementarity')}
                  </th>
                  <th scope="col" className="num">
                    {t('strategy.rank')}
                  </th>
                  <th scope="col" className="num">
                    {t('strategy.score')}
                  </th>
                  <th scope="col">{t('strategy.cooperationType')}</th>
                </tr>
              </thead>
              <tbody>
                {view.data.technologies.map((x) => (
                  <tr key={x.techId}>
                    <td>{localName(x, i18n.language)}</td>
                    <td className="num">{x.complementarity === null ? '–' : f.ratio(x.complementarity)}</td>
                    <td className="num">
                      {x.rank === null ? '–' : t('strategy.rankOf', { rank: x.rank, total: x.candidates })}
                    </td>
                    <td className="num">{x.score === null ? '–' : f.ratio(x.score)}</td>
                    <td>{x.cooperation ? t(`strategy.type.${x.cooperation.type}`) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {view.data && (
        <p className="source">
          {t('strategy.alignmentOf', {
            value: f.ratio(view.data.alignment.value),
            group: view.data.alignment.group ?? t('strategy.noGroup'),
          })}
        </p>
      )}
    </section>
  );
}

/** Technology × partner heatmap of scores, loaded when opened. */
function MatrixPanel({ state, onPick }: { state: StrategyState; onPick: (techId: string) => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const [open, setOpen] = useState(false);
  const matrix = useStrategyMatrix(open, state);
  const max = Math.max(0.001, ...(matrix.data?.cells.flat().map((c) => c.score ?? 0) ?? []));
  const shade = (v: number) => `rgba(11, 61, 122, ${(0.08 + 0.8 * (v / max)).toFixed(3)})`;
  return (
    <section className="panel" aria-labelledby="matrix-title" data-testid="strategy-matrix">
      <h2 id="matrix-title">{t('strategy.matrixTitle')}</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)} data-testid="matrix-open">
          {t('strategy.matrixShow')}
        </button>
      ) : (
        <QueryState isPending={matrix.isPending} error={matrix.error}>
          {matrix.data && (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('strategy.matrixTitle')}>
              <table className="data-table compact heatmap">
                <caption className="source">{t('strategy.matrixCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('strategy.technology')}</th>
                    {matrix.data.partners.map((p) => (
                      <th key={p} scope="col" className="num" title={name(p)}>
                        {p}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.data.technologies.map((tech, i) => (
                    <tr key={tech.techId}>
                      <th scope="row">
                        <button type="button" className="link-button" onClick={() => onPick(tech.techId)}>
                          {localName(tech, i18n.language)}
                        </button>
                      </th>
                      {matrix.data.cells[i]!.map((c, j) => (
                        <td
                          key={matrix.data.partners[j]}
                          className="num"
                          style={
                            c.score === null
                              ? undefined
                              : {
                                  background: shade(c.score),
                                  color: c.score / max > 0.55 ? '#fff' : undefined,
                                }
                          }
                          title={c.type ? t(`strategy.type.${c.type}`) : undefined}
                        >
                          {c.score === null ? '–' : f.ratio(c.score)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      )}
    </section>
  );
}
