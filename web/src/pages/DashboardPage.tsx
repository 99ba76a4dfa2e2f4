import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
  useCountryName,
  useCountryStanding,
  useWindowState,
  linkQuery,
  type CountryStandingResponse,
  type TechnologyPosition,
} from '../standing-api';
import { localName, useVersionTree } from '../taxonomy-api';

type Goals = CountryStandingResponse['goals'];

/** Growth arrow: up, down or flat, with the CAGR as text. */
export function Trend({ cagr }: { cagr: number | null }) {
  const { t } = useTranslation();
  const f = useFormats();
  if (cagr === null) return <Missing reason={t('standing.missing.cagr')} />;
  const dir = cagr > 0.005 ? 'up' : cagr < -0.005 ? 'down' : 'flat';
  return (
    <span className={`trend trend-${dir}`}>
      <span aria-hidden="true">{dir === 'up' ? '▲' : dir === 'down' ? '▼' : '▬'}</span> {f.growth(cagr)}{' '}
      <span className="unit">{t('standing.perYear')}</span>
    </span>
  );
}

function LevelBar({ level }: { level: number | null }) {
  return (
    <div className="level-bar" aria-hidden="true">
      <div className="level-bar-fill" style={{ width: `${Math.max(0, Math.min(100, level ?? 0))}%` }} />
    </div>
  );
}

function FieldCard({
  field,
  group,
  count,
  query,
}: {
  field: TechnologyPosition;
  group: string | null;
  count: number;
  query: string;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const country = useCountryName();
  const empty = field.worldWorks === 0;
  return (
    <li className="cet-card" data-testid="cet-card" data-tech={field.techId}>
      <div className="cet-card-head">
        <h3>
          <Link to={`/technologies/kr-2022/${field.techId}/standing${query}`}>
            {localName(field, i18n.language)}
          </Link>
        </h3>
      </div>
      {empty ? (
        <p className="source">{t('standing.noWorks')}</p>
      ) : (
        <>
          <div className="cet-card-badges">
            <BandBadge band={field.band} />
            <ClassBadge value={field.standingClass} />
          </div>
          <dl className="cet-card-facts">
            <dt>{t('standing.level')}</dt>
            <dd>
              <Value value={field.level} format={f.percent} reason={t('standing.missing.level')} />{' '}
              <span className="unit">{t('standing.ofLeader')}</span>
              <LevelBar level={field.level} />
            </dd>
            <dt>{t('standing.worldRank')}</dt>
            <dd data-testid="card-rank">
              {field.rank === null ? (
                <Missing reason={t('standing.missing.rank')} />
              ) : (
                t('standing.rankOf', { rank: field.rank, total: field.rankedCountries })
              )}
            </dd>
            <dt>{t('standing.trend')}</dt>
            <dd>
              <Trend cagr={field.cagr} />
            </dd>
            <dt>{t('standing.gap')}</dt>
            <dd>
              <GapValue level={field.level} gapYears={field.gapYears} format={f.years} />
            </dd>
            <dt>{t('standing.leader')}</dt>
            <dd>
              {field.leader ? country(field.leader) : <Missing reason={t('standing.missing.noData')} />}
            </dd>
          </dl>
        </>
      )}
      {group && (
        <p className="cet-card-group" title={t('taxonomy.strategyGroupLabel')}>
          {t('standing.planGroup', { group: t(`taxonomy.strategyGroup.${group}`) })}
        </p>
      )}
      <p className="cet-card-foot source">
        {t('standing.keyTechCount', { count })} ·{' '}
        {t('standing.worksValue', { value: f.count(field.works), world: f.count(field.worldWorks) })}
      </p>
    </li>
  );
}

export function GoalsPanel({
  goals,
  names,
  query = '',
}: {
  goals: Goals;
  names: Map<string, TechnologyPosition>;
  query?: string;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const w = goals.worldLeading;
  return (
    <section className="panel goals" aria-labelledby="goals-title" data-testid="goals">
      <h2 id="goals-title">{t('standing.goals.title')}</h2>
      <div className="goals-grid">
        <div>
          <h3>{t('standing.goals.worldLeading')}</h3>
          <p className="goal-figure" data-testid="goal-world-leading">
            <strong>{f.integer(w.count)}</strong>{' '}
            <span className="unit">{t('standing.goals.fieldsUnit', { count: w.count })}</span>
          </p>
          <div
            className="goal-bar"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={w.target}
            aria-valuenow={w.count}
            aria-label={t('standing.goals.worldLeading')}
          >
            <div
              className="goal-bar-fill"
              style={{ width: `${Math.min(100, (w.count / w.target) * 100)}%` }}
            />
            <div className="goal-bar-mark" style={{ left: `${(w.baseline / w.target) * 100}%` }} />
          </div>
          <p className="source">
            {t('standing.goals.baselineTarget', {
              baseline: w.baseline,
              target: w.target,
              level: w.levelAtLeast,
            })}
          </p>
          {w.fields.length > 0 && (
            <p>
              {w.fields
                .map((id) => (names.get(id) ? localName(names.get(id)!, i18n.language) : id))
                .join(', ')}
            </p>
          )}
        </div>
        <div>
          <h3>{t('standing.goals.top3')}</h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('standing.technology')}</th>
                <th scope="col">{t('standing.worldRank')}</th>
                <th scope="col">{t('standing.goals.targetCol')}</th>
                <th scope="col">{t('standing.goals.status')}</th>
              </tr>
            </thead>
            <tbody>
              {goals.top3.map((g) => (
                <tr key={g.techId} data-testid="goal-top3">
                  <th scope="row">
                    <Link to={`/technologies/kr-2022/${g.techId}/standing${query}`}>
                      {names.get(g.techId) ? localName(names.get(g.techId)!, i18n.language) : g.techId}
                    </Link>
                  </th>
                  <td>
                    {g.rank === null ? (
                      <Missing reason={t('standing.missing.rank')} />
                    ) : (
                      t('standing.rankValue', { rank: g.rank })
                    )}
                  </td>
                  <td>{t('standing.goals.topN', { n: g.target })}</td>
                  <td>
                    <span className={g.met ? 'goal-met' : 'goal-unmet'}>
                      {g.met ? t('standing.goals.met') : t('standing.goals.notMet')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p className="source">{i18n.language === 'ko' ? goals.sourceKo : goals.source}</p>
    </section>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const [state, update] = useWindowState();
  const standing = useCountryStanding(state);
  const tree = useVersionTree('kr-2022');
  const country = useCountryName();
  const data = standing.data;
  const byId = new Map((data?.technologies ?? []).map((x) => [x.techId, x]));
  const fields = tree.data
    ? tree.data.fields.flatMap((fld) => {
        const pos = byId.get(fld.id);
        return pos ? [{ pos, group: fld.strategyGroup ?? null, count: fld.technologies.length }] : [];
      })
    : (data?.technologies ?? [])
        .filter((x) => x.kind === 'field')
        .map((pos) => ({ pos, group: null, count: 0 }));
  const query = linkQuery(state);
  return (
    <section>
      <h1>{t('pages.dashboard.title')}</h1>
      <p className="intro">{t('standing.dashboardIntro', { country: country(state.country) })}</p>
      <div className="toolbar" role="group" aria-label={t('standing.controls')}>
        <CountryPicker value={state.country} onChange={(cc) => update({ country: cc })} />
        {data && (
          <WindowControls
            state={state}
            update={update}
            from={data.params.from}
            to={data.params.to}
            latestYear={data.vintage.latestYear}
          />
        )}
        <Link className="button-link" to={`/countries/${state.country}`}>
          {t('standing.countryProfile')}
        </Link>
      </div>
      <QueryState isPending={standing.isPending} error={standing.error}>
        {data && (
          <>
            <h2>{t('standing.fieldsTitle', { count: fields.length })}</h2>
            <ul className="cet-grid" aria-busy={standing.isFetching}>
              {fields.map(({ pos, group, count }) => (
                <FieldCard key={pos.techId} field={pos} group={group} count={count} query={query} />
              ))}
            </ul>
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
