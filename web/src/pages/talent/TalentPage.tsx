/**
 * Talent: the home country's researcher flows per technology (table + CSV export), a Sankey of partners for one
 * technology, returnees and at-risk aggregates, the share of top researchers, the person-level list for analysts,
 * and job-posting demand by region and technology. Public numbers are aggregates with cells under 5 suppressed.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';

const FlowSankey = lazy(() => import('./FlowSankey'));
const RegionBars = lazy(() => import('./RegionBars'));

const HOME = 'KR';
type Cell = number | null;

interface HomeFlows {
  home: string;
  params: { targetYear: number; maxGap: number; minWorks: number; minCell: number };
  method: string;
  technologies: Array<{
    techId: string;
    kind: string;
    parentId: string | null;
    nameEn: string | null;
    nameKo: string | null;
    authorsObserved: number;
    inflow: Cell;
    outflow: Cell;
    net: Cell;
  }>;
  vintage: { synthetic: boolean };
}
interface Mobility {
  params: { targetYear: number; minCell: number; returneeFrom: number };
  method: { flows: string; returnees: string; atRisk: string };
  net: { inflow: Cell; outflow: Cell; net: Cell };
  destinations: Array<{ country: string; moves: Cell }>;
  origins: Array<{ country: string; moves: Cell }>;
  returnees: { count: Cell; from: Array<{ country: string; count: Cell }> };
  atRisk: { highImpactHome: Cell; left: Cell; drifting: Cell };
}
interface TopShare {
  params: { from: number; to: number; topShare: number; minCell: number };
  method: string;
  activeAuthors: number;
  topResearchers: number;
  home: { count: Cell; share: number | null };
  byCountry: Array<{ country: string; count: Cell }>;
  medianCareerAge: number | null;
}
interface TopList {
  method: string;
  researchers: Array<{
    author: string;
    name: string;
    rank: number;
    works: number;
    top10: number;
    country: string | null;
    careerAge: number | null;
  }>;
}
interface Demand {
  params: { supplyYear: number | null };
  method: { demand: string; supply: string };
  synthetic: boolean;
  postings: number;
  unclassified: number;
  byTechnology: Array<{
    techId: string;
    kind: string;
    nameEn: string | null;
    nameKo: string | null;
    postings: number;
    researchers: number | null;
    postingsPerResearcher: number | null;
  }>;
  byRegion: Array<{ region: string; postings: number }>;
}

function Loading<T>({ q }: { q: { isPending: boolean; isError: boolean; error: Error | null; data?: T } }) {
  const { t } = useTranslation();
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <p className="error" role="alert">
        {t('system.error', { message: q.error?.message ?? '' })}
      </p>
    );
  return null;
}

function TopList({ techId }: { techId: string }) {
  const { t } = useTranslation();
  const f = useFormats();
  const q = useQuery({
    queryKey: ['talent-top', techId],
    queryFn: () => getJson<TopList>(`/api/v1/talent/technologies/${encodeURIComponent(techId)}/top?limit=20`),
  });
  return (
    <>
      <Loading q={q} />
      {q.data && (
        <table className="data-table" data-testid="talent-top-list">
          <caption>{t('talent.top.personalCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('talent.top.rank')}</th>
              <th scope="col">{t('talent.top.name')}</th>
              <th scope="col">{t('talent.country')}</th>
              <th scope="col">{t('talent.top.works')}</th>
              <th scope="col">{t('talent.top.top10')}</th>
              <th scope="col">{t('talent.top.careerAge')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.researchers.map((r) => (
              <tr key={r.author}>
                <td>{r.rank}</td>
                <td>{r.name}</td>
                <td>{r.country ?? t('talent.ambiguous')}</td>
                <td>{f.integer(r.works)}</td>
                <td>{f.count(r.top10)}</td>
                <td>{r.careerAge === null ? '–' : t('talent.top.years', { value: r.careerAge })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function TalentPage() {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const ko = i18n.language === 'ko';
  const [techId, setTechId] = useState('kr2022.semis');
  const flows = useQuery({
    queryKey: ['talent-home-flows', HOME],
    queryFn: () => getJson<HomeFlows>(`/api/v1/talent/home/${HOME}/flows`),
  });
  const mobility = useQuery({
    queryKey: ['talent-mobility', techId],
    queryFn: () =>
      getJson<Mobility>(`/api/v1/talent/technologies/${encodeURIComponent(techId)}/mobility?home=${HOME}`),
  });
  const share = useQuery({
    queryKey: ['talent-top-share', techId],
    queryFn: () =>
      getJson<TopShare>(`/api/v1/talent/technologies/${encodeURIComponent(techId)}/top-share?home=${HOME}`),
  });
  const demand = useQuery({
    queryKey: ['talent-demand'],
    queryFn: () => getJson<Demand>(`/api/v1/talent/demand?home=${HOME}`),
  });
  const cell = (v: Cell) =>
    v === null ? t('talent.suppressed', { min: flows.data?.params.minCell ?? 5 }) : f.integer(v);
  const signed = (v: Cell) =>
    v === null ? t('talent.suppressedNet') : v > 0 ? `+${f.integer(v)}` : f.integer(v);
  const name = (r: { techId: string; nameEn: string | null; nameKo: string | null }) =>
    (ko ? r.nameKo : r.nameEn) ?? r.techId;
  const links = useMemo(
    () => ({
      origins: (mobility.data?.origins ?? []).flatMap((o) =>
        o.moves ? [{ country: o.country, moves: o.moves }] : [],
      ),
      destinations: (mobility.data?.destinations ?? []).flatMap((o) =>
        o.moves ? [{ country: o.country, moves: o.moves }] : [],
      ),
    }),
    [mobility.data],
  );
  const regionRows = useMemo(
    () =>
      (demand.data?.byRegion ?? []).map((r) => ({
        label: t(`talent.region.${r.region}`, { defaultValue: r.region }),
        postings: r.postings,
      })),
    [demand.data, t],
  );
  const fields = useMemo(() => {
    // Each field followed by its key technologies.
    const all = flows.data?.technologies ?? [];
    const top = all.filter((r) => r.kind === 'field' || !all.some((p) => p.techId === r.parentId));
    return top.flatMap((r) => [r, ...all.filter((c) => c.parentId === r.techId)]);
  }, [flows.data]);

  return (
    <section>
      <h1>{t('talent.title')}</h1>
      <p className="intro">{t('talent.intro')}</p>

      <h2>{t('talent.flows.heading', { home: HOME, year: flows.data?.params.targetYear ?? '' })}</h2>
      <Loading q={flows} />
      {flows.data && (
        <>
          <p>
            <a
              className="button-link"
              href={`/api/v1/talent/home/${HOME}/flows?format=csv`}
              download={`talent-flows-${HOME}-${flows.data.params.targetYear}.csv`}
              data-testid="talent-flows-csv"
            >
              {t('talent.flows.exportCsv')}
            </a>
          </p>
          <table className="data-table" data-testid="talent-flows-table">
            <caption>
              {t('talent.flows.caption', { min: flows.data.params.minCell })}
              <div className="source" lang="en">
                {flows.data.method}
              </div>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('talent.technology')}</th>
                <th scope="col">{t('talent.flows.inflow')}</th>
                <th scope="col">{t('talent.flows.outflow')}</th>
                <th scope="col">{t('talent.flows.net')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((r) => (
                <tr
                  key={r.techId}
                  data-testid={`talent-flow-${r.techId}`}
                  className={r.kind === 'field' ? 'row-field' : ''}
                >
                  <th
                    scope="row"
                    style={r.kind === 'field' ? undefined : { paddingLeft: '1.5em', fontWeight: 'normal' }}
                  >
                    <button type="button" className="link-button" onClick={() => setTechId(r.techId)}>
                      {name(r)}
                    </button>
                  </th>
                  <td>{cell(r.inflow)}</td>
                  <td>{cell(r.outflow)}</td>
                  <td data-testid={`talent-net-${r.techId}`}>{signed(r.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>
        {t('talent.partners.heading', {
          home: HOME,
          tech: fields.find((x) => x.techId === techId)
            ? name(fields.find((x) => x.techId === techId)!)
            : techId,
        })}
      </h2>
      <label>
        {t('talent.technology')}{' '}
        <select value={techId} onChange={(e) => setTechId(e.target.value)} data-testid="talent-tech-select">
          {fields.map((r) => (
            <option key={r.techId} value={r.techId}>
              {r.kind === 'field' ? name(r) : `  · ${name(r)}`}
            </option>
          ))}
        </select>
      </label>
      <Loading q={mobility} />
      {mobility.data && (
        <div className="panel">
          {links.origins.length + links.destinations.length > 0 ? (
            <Suspense fallback={<p>{t('system.loading')}</p>}>
              <FlowSankey home={HOME} origins={links.origins} destinations={links.destinations} />
            </Suspense>
          ) : (
            <p data-testid="talent-sankey-empty">
              {t('talent.partners.none', { min: mobility.data.params.minCell })}
            </p>
          )}
          <p className="source">{t('talent.partners.note', { min: mobility.data.params.minCell })}</p>
          <dl className="facts">
            <dt>
              {t('talent.returnees.label', {
                from: mobility.data.params.returneeFrom,
                to: mobility.data.params.targetYear,
              })}
            </dt>
            <dd data-testid="talent-returnees">{cell(mobility.data.returnees.count)}</dd>
            <dt>{t('talent.atRisk.highImpactHome')}</dt>
            <dd data-testid="talent-at-risk-base">{cell(mobility.data.atRisk.highImpactHome)}</dd>
            <dt>{t('talent.atRisk.left', { year: mobility.data.params.targetYear })}</dt>
            <dd data-testid="talent-at-risk-left">{cell(mobility.data.atRisk.left)}</dd>
            <dt>{t('talent.atRisk.drifting')}</dt>
            <dd data-testid="talent-at-risk-drifting">{cell(mobility.data.atRisk.drifting)}</dd>
          </dl>
          <p className="source" lang="en">
            {mobility.data.method.returnees}. {mobility.data.method.atRisk}.
          </p>
        </div>
      )}

      <h2>{t('talent.top.heading')}</h2>
      <Loading q={share} />
      {share.data && (
        <div className="panel" data-testid="talent-top-share">
          <p>
            {t('talent.top.summary', {
              home: HOME,
              count:
                share.data.home.count === null
                  ? t('talent.suppressed', { min: share.data.params.minCell })
                  : share.data.home.count,
              total: share.data.topResearchers,
              share: share.data.home.share === null ? '–' : f.share(share.data.home.share),
              from: share.data.params.from,
              to: share.data.params.to,
            })}
          </p>
          <p>
            {t('talent.top.medianCareer', {
              value: share.data.medianCareerAge === null ? '–' : f.years(share.data.medianCareerAge),
            })}
          </p>
          <p className="source" lang="en">
            {share.data.method}
          </p>
          <h3>{t('talent.top.people')}</h3>
          <RequirePermission permission="talent:people">
            <TopList techId={techId} />
          </RequirePermission>
        </div>
      )}

      <h2>{t('talent.demand.heading')}</h2>
      <Loading q={demand} />
      {demand.data && (
        <>
          <p>
            {t('talent.demand.summary', {
              postings: demand.data.postings,
              unclassified: demand.data.unclassified,
            })}
            {demand.data.synthetic && <strong> {t('talent.demand.synthetic')}</strong>}
          </p>
          <p className="source">{t('talent.demand.noMap')}</p>
          {regionRows.length > 0 && (
            <Suspense fallback={<p>{t('system.loading')}</p>}>
              <RegionBars rows={regionRows} />
            </Suspense>
          )}
          <table className="data-table" data-testid="talent-demand-table">
            <caption>
              {t('talent.demand.caption', { year: demand.data.params.supplyYear ?? '–' })}
              <div className="source" lang="en">
                {demand.data.method.demand}; {demand.data.method.supply}
              </div>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('talent.technology')}</th>
                <th scope="col">{t('talent.demand.postings')}</th>
                <th scope="col">{t('talent.demand.researchers', { home: HOME })}</th>
                <th scope="col">{t('talent.demand.ratio')}</th>
              </tr>
            </thead>
            <tbody>
              {demand.data.byTechnology
                .filter((r) => r.kind === 'field')
                .map((r) => (
                  <tr key={r.techId}>
                    <th scope="row">{name(r)}</th>
                    <td>{f.integer(r.postings)}</td>
                    <td>{r.researchers === null ? '–' : f.integer(r.researchers)}</td>
                    <td>{r.postingsPerResearcher === null ? '–' : f.ratio(r.postingsPerResearcher)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
