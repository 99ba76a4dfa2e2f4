import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormats } from '../../format';
import { useDemand, type DemandDto } from './forum-api';

type Figures = DemandDto['technologies'][number];

function TopProposals({ top }: { top: Figures['top'] }) {
  return (
    <ul className="ref-list">
      {top.map((p) => (
        <li key={p.id}>
          <Link to={`/forum/${p.id}`}>{p.title}</Link> ({p.net >= 0 ? '+' : '−'}
          {Math.abs(p.net)})
        </li>
      ))}
    </ul>
  );
}

/**
 * Public demand from the CETs Innovation Forum for a revision draft, shown beside its change log as evidence:
 * per technology (and the items it continues) and for proposed new technologies.
 */
export function DemandPanel({ versionId }: { versionId: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const demand = useDemand(versionId);
  if (!demand.data) return null;
  const d = demand.data;
  const name = (x: { nameKo: string | null; nameEn: string | null; techId: string }) =>
    (i18n.language === 'ko' ? (x.nameKo ?? x.nameEn) : (x.nameEn ?? x.nameKo)) ?? x.techId;
  const cells = (x: Figures | DemandDto['newTechnologies'][number]) => (
    <>
      <td>{f.integer(x.proposals)}</td>
      <td>
        +{f.integer(x.supports)} / −{f.integer(x.opposes)}
      </td>
      <td>{f.integer(x.participants)}</td>
      <td>
        {t(`forum.demand.trend.${x.trend}`)} ({f.integer(x.recentSupports)} / {f.integer(x.previousSupports)})
      </td>
      <td>
        <TopProposals top={x.top} />
      </td>
    </>
  );
  const header = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('forum.demand.proposals')}</th>
        <th scope="col">{t('forum.demand.votes')}</th>
        <th scope="col">{t('forum.demand.participants')}</th>
        <th scope="col">{t('forum.demand.trendLabel', { days: d.windowDays })}</th>
        <th scope="col">{t('forum.demand.strongest')}</th>
      </tr>
    </thead>
  );
  return (
    <section className="panel" data-testid="demand-panel">
      <h2>{t('forum.demand.title')}</h2>
      <p className="source">{t('forum.demand.intro')}</p>
      {d.technologies.length === 0 && d.newTechnologies.length === 0 && <p>{t('forum.demand.none')}</p>}
      {d.newTechnologies.length > 0 && (
        <table className="data-table" data-testid="demand-new">
          <caption>{t('forum.demand.newTitle')}</caption>
          {header(t('forum.proposedName'))}
          <tbody>
            {d.newTechnologies.map((x) => (
              <tr key={x.proposedName}>
                <th scope="row">
                  {x.proposedName}
                  {x.parentId && <div className="source">{x.parentId}</div>}
                </th>
                {cells(x)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.technologies.length > 0 && (
        <table className="data-table" data-testid="demand-technologies">
          <caption>{t('forum.demand.techTitle')}</caption>
          {header(t('forum.technology'))}
          <tbody>
            {d.technologies.map((x) => (
              <tr key={x.techId}>
                <th scope="row">
                  {name(x)}
                  <div className="source">{x.techId}</div>
                </th>
                {cells(x)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="source">
        {t('forum.demand.method')}: {t('forum.demand.methodText', { days: d.windowDays })}
      </p>
    </section>
  );
}
