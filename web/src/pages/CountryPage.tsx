import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { StrategyMatrixResponse } from '../../../src/shared/schemas/strategy';
import { getJson } from '../api-client';
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
import { useFormats } from '../format';
import {
  useCountries,
  useCountryName,
  useCountryStanding,
  linkQuery,
  useWindowState,
  type TechnologyPosition,
} from '../standing-api';
import { localName, useVersionTree } from '../taxonomy-api';
import { GoalsPanel, Trend } from './DashboardPage';

/** Background for a level (0–100 % of the leader): the higher, the darker. */
const levelHeat = (level: number | null) =>
  level === null
    ? undefined
    : { background: `rgba(11, 92, 173, ${0.08 + (0.6 * Math.min(100, level)) / 100})` };

/** Background for RCA: above 1 (specialised) blue, below 1 orange, symmetric on a log scale. */
const rcaHeat = (rca: number | null) => {
  if (rca === null || rca <= 0) return undefined;
  const x = Math.max(-1, Math.min(1, Math.log2(rca) / 2));
  return {
    background: x >= 0 ? `rgba(29, 122, 62, ${0.08 + 0.5 * x})` : `rgba(194, 65, 12, ${0.08 - 0.5 * x})`,
  };
};

function ProfileRow({ pos, field, query }: { pos: TechnologyPosition; field: boolean; query: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const empty = pos.worldWorks === 0;
  return (
    <tr className={field ? 'field-row' : undefined} data-tech={pos.techId}>
      <th scope="row" className={field ? undefined : 'indent'}>
        <Link to={`/technologies/kr-2022/${pos.techId}/standing${query}`}>
          {localName(pos, i18n.language)}
        </Link>
      </th>
      <td className="num heat" style={levelHeat(pos.level)}>
        <Value
          value={pos.level}
          format={f.percent}
          reason={t(empty ? 'standing.missing.noData' : 'standing.missing.level')}
        />
      </td>
      <td>
        <BandBadge band={pos.band} />
      </td>
      <td className="num heat" style={rcaHeat(pos.rca)}>
        <Value value={pos.rca} format={f.ratio} />
      </td>
      <td className="num">
        {pos.rank === null ? (
          <Missing reason={t('standing.missing.rank')} />
        ) : (
          t('standing.rankOf', { rank: pos.rank, total: pos.rankedCountries })
        )}
      </td>
      <td className="num">
        <Value value={pos.worldShare} format={f.share} />
      </td>
      <td className="num">
        <Trend cagr={pos.cagr} />
      </td>
      <td className="num">
        <GapValue level={pos.level} gapYears={pos.gapYears} format={f.years} />
      </td>
      <td>
        <ClassBadge value={pos.standingClass} />
      </td>
      <td>{pos.leader ? name(pos.leader) : <Missing reason={t('standing.missing.noData')} />}</td>
    </tr>
  );
}

/** Partners of the country across the key technologies, from the strategy map's partner scores. */
function PartnersPanel({ country }: { country: string }) {
  const { t } = useTranslation();
  const f = useFormats();
  const name = useCountryName();
  const matrix = useQuery({
    queryKey: ['strategy', 'matrix', country],
    queryFn: () =>
      getJson<StrategyMatrixResponse>(
        `/api/v1/strategy/matrix?home=${encodeURIComponent(country)}&partners=12`,
      ),
    retry: false,
  });
  const rows = (matrix.data?.partners ?? [])
    .map((partner, j) => {
      const cells = matrix.data!.cells.map((row) => row[j]).filter((c) => c && c.score !== null);
      return {
        partner,
        first: cells.filter((c) => c!.rank === 1).length,
        top3: cells.filter((c) => c!.rank !== null && c!.rank <= 3).length,
        mean: cells.length ? cells.reduce((sum, c) => sum + c!.score!, 0) / cells.length : null,
      };
    })
    .sort((a, b) => b.first - a.first || b.top3 - a.top3 || (b.mean ?? 0) - (a.mean ?? 0))
    .slice(0, 8);
  return (
    <section className="panel partners" aria-labelledby="partners-title" data-testid="partners">
      <h2 id="partners-title">{t('standing.partners.title')}</h2>
      <QueryState isPending={matrix.isPending} error={matrix.error}>
        {rows.length === 0 ? (
          <p className="source">{t('standing.partners.none')}</p>
        ) : (
          <table className="data-table compact">
            <caption className="source">
              {t('standing.partners.caption', { count: matrix.data?.technologies.length ?? 0 })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('standing.partners.partner')}</th>
                <th scope="col" className="num">
                  {t('standing.partners.first')}{' '}
                  <span className="unit">({t('standing.partners.techUnit')})</span>
                </th>
                <th scope="col" className="num">
                  {t('standing.partners.top3')}{' '}
                  <span className="unit">({t('standing.partners.techUnit')})</span>
                </th>
                <th scope="col" className="num">
                  {t('standing.partners.mean')}{' '}
                  <span className="unit">({t('standing.partners.scoreUnit')})</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.partner}>
                  <th scope="row">
                    <Link to={`/strategy?home=${country}&partner=${r.partner}`}>{name(r.partner)}</Link>
                  </th>
                  <td className="num">{f.integer(r.first)}</td>
                  <td className="num">{f.integer(r.top3)}</td>
                  <td className="num">
                    <Value value={r.mean} format={f.ratio} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

export function CountryPage() {
  const { t } = useTranslation();
  const { cc = 'KR' } = useParams();
  const navigate = useNavigate();
  const [state, update] = useWindowState();
  const w = { ...state, country: cc.toUpperCase() };
  const standing = useCountryStanding(w);
  const tree = useVersionTree('kr-2022');
  const name = useCountryName();
  const data = standing.data;
  const byId = new Map((data?.technologies ?? []).map((x) => [x.techId, x]));
  const query = linkQuery({ ...w, country: w.country });
  const measured = (data?.technologies ?? []).filter((x) => x.kind !== 'field' && x.works > 0).length;
  const total = (data?.technologies ?? []).filter((x) => x.kind !== 'field').length;
  return (
    <section className="page-wide">
      <nav aria-label={t('taxonomy.breadcrumb')} className="breadcrumb">
        <Link to="/countries">{t('nav.countries')}</Link>
      </nav>
      <h1 data-testid="country-title">{name(w.country)}</h1>
      <p className="intro">{t('standing.countryIntro')}</p>
      <div className="toolbar" role="group" aria-label={t('standing.controls')}>
        <CountryPicker
          value={w.country}
          onChange={(c) => navigate({ pathname: `/countries/${c}`, search: window.location.search })}
        />
        {data && (
          <WindowControls
            state={w}
            update={update}
            from={data.params.from}
            to={data.params.to}
            latestYear={data.vintage.latestYear}
          />
        )}
      </div>
      <QueryState isPending={standing.isPending} error={standing.error}>
        {data && (
          <>
            <p className="source" data-testid="coverage">
              {t('standing.coverage', { measured, total })}
            </p>
            <h2>{t('standing.profileTitle')}</h2>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('standing.profileTitle')}>
              <table className="data-table profile" data-testid="profile-table">
                <caption className="source">{t('standing.profileCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('standing.technology')}</th>
                    <th scope="col" className="num">
                      {t('standing.level')} <span className="unit">({t('standing.unit.level')})</span>
                    </th>
                    <th scope="col">{t('standing.band.title')}</th>
                    <th scope="col" className="num">
                      {t('standing.col.rca')} <span className="unit">({t('standing.unit.rca')})</span>
                    </th>
                    <th scope="col" className="num">
                      {t('standing.worldRank')}
                    </th>
                    <th scope="col" className="num">
                      {t('standing.col.worldShare')}{' '}
                      <span className="unit">({t('standing.unit.worldShare')})</span>
                    </th>
                    <th scope="col" className="num">
                      {t('standing.col.cagr')} <span className="unit">({t('standing.unit.cagr')})</span>
                    </th>
                    <th scope="col" className="num">
                      {t('standing.gap')}
                    </th>
                    <th scope="col">{t('standing.classTitle')}</th>
                    <th scope="col">{t('standing.leader')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(tree.data?.fields ?? []).flatMap((fld) => {
                    const pos = byId.get(fld.id);
                    if (!pos) return [];
                    return [
                      <ProfileRow key={fld.id} pos={pos} field query={query} />,
                      ...fld.technologies.flatMap((tech) => {
                        const p = byId.get(tech.id);
                        return p ? [<ProfileRow key={tech.id} pos={p} field={false} query={query} />] : [];
                      }),
                    ];
                  })}
                </tbody>
              </table>
            </div>
            <PartnersPanel country={w.country} />
            <GoalsPanel goals={data.goals} names={byId} query={query} />
            <MethodNotes
              method={data.method}
              methodKo={data.methodKo}
              vintage={data.vintage}
              params={data.params}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}

export function CountriesPage() {
  const { t, i18n } = useTranslation();
  const countries = useCountries();
  const [q, setQ] = useState('');
  const list = (countries.data?.countries ?? [])
    .filter(
      (c) => !q || `${c.nameEn} ${c.nameKo} ${c.alpha2} ${c.alpha3}`.toLowerCase().includes(q.toLowerCase()),
    )
    .sort((a, b) =>
      (i18n.language === 'ko' ? a.nameKo : a.nameEn).localeCompare(
        i18n.language === 'ko' ? b.nameKo : b.nameEn,
        i18n.language,
      ),
    );
  return (
    <section>
      <h1>{t('pages.countries.title')}</h1>
      <p className="intro">{t('pages.countries.intro')}</p>
      <div className="toolbar">
        <label className="control">
          <span>{t('taxonomy.search')}</span>
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="country-search"
          />
        </label>
      </div>
      <QueryState isPending={countries.isPending} error={countries.error}>
        <ul className="country-list" data-testid="country-list">
          {list.map((c) => (
            <li key={c.alpha2}>
              <Link to={`/countries/${c.alpha2}`}>{i18n.language === 'ko' ? c.nameKo : c.nameEn}</Link>{' '}
              <span className="source">{c.alpha2}</span>
            </li>
          ))}
        </ul>
      </QueryState>
    </section>
  );
}
