import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CrosswalkEntryDto, TechRefDto } from '../../../src/shared/schemas/taxonomy';
import { VerificationBadge } from '../components/VerificationBadge';
import { localName, otherName, useTechnology, versionTitle } from '../taxonomy-api';

function TechLink({ item }: { item: TechRefDto }) {
  const { i18n } = useTranslation();
  return (
    <Link to={`/technologies/${item.versionId}/${item.id}`}>
      {localName(item, i18n.language)} <span className="tree-other">{item.id}</span>
    </Link>
  );
}

function RefList({ title, items, testId }: { title: string; items: TechRefDto[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul className="ref-list" data-testid={testId}>
        {items.map((i) => (
          <li key={i.id}>
            <TechLink item={i} /> <span className="source">({i.versionId})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Counterparts grouped by list, exact matches first. */
function CrosswalkTable({ links }: { links: CrosswalkEntryDto[] }) {
  const { t } = useTranslation();
  const lists = [...new Set(links.map((l) => l.technology.versionId))];
  return (
    <table className="data-table" data-testid="crosswalk">
      <caption className="source">{t('taxonomy.crosswalkCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('taxonomy.list')}</th>
          <th scope="col">{t('taxonomy.counterpart')}</th>
          <th scope="col">{t('taxonomy.strength')}</th>
          <th scope="col">{t('taxonomy.linkBasis')}</th>
          <th scope="col">{t('taxonomy.note')}</th>
        </tr>
      </thead>
      <tbody>
        {lists.flatMap((list) =>
          links
            .filter((l) => l.technology.versionId === list)
            .map((l, i) => (
              <tr key={`${l.technology.id}-${l.direction}`}>
                {i === 0 && (
                  <th scope="row" rowSpan={links.filter((x) => x.technology.versionId === list).length}>
                    {l.jurisdiction}
                    <div className="source">{list}</div>
                  </th>
                )}
                <td>
                  <TechLink item={l.technology} />
                </td>
                <td>
                  <span className={`badge badge-strength-${l.strength}`}>
                    {t(`taxonomy.strengthValue.${l.strength}`)}
                  </span>
                </td>
                <td>
                  <VerificationBadge value={l.verification} />
                </td>
                <td className="source">{l.note}</td>
              </tr>
            )),
        )}
      </tbody>
    </table>
  );
}

export function TechnologyPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { versionId = '', techId = '' } = useParams();
  const detail = useTechnology(versionId, techId);

  if (detail.isPending) return <p>{t('system.loading')}</p>;
  if (detail.isError) {
    return (
      <section>
        <h1>{t('pages.technologies.title')}</h1>
        <p className="error" role="alert">
          {detail.error.message}
        </p>
        <Link to={`/technologies/${versionId}`}>{t('taxonomy.backToList')}</Link>
      </section>
    );
  }
  const d = detail.data;
  const tech = d.technology;
  const other = otherName(tech, lang);
  return (
    <section>
      <nav aria-label={t('taxonomy.breadcrumb')} className="breadcrumb">
        <Link to={`/technologies/${d.version.id}`}>{versionTitle(d.version, lang)}</Link>
        {d.parent && (
          <>
            {' › '}
            <Link to={`/technologies/${d.parent.versionId}/${d.parent.id}`}>{localName(d.parent, lang)}</Link>
          </>
        )}
      </nav>
      <h1 data-testid="tech-name">{localName(tech, lang)}</h1>
      {other && <p className="intro">{other}</p>}
      <div className="tabs" role="navigation" aria-label={t('standing.views')}>
        <span className="tab-current" aria-current="page">
          {t('standing.tabRegistry')}
        </span>
        <Link to={`/technologies/${d.version.id}/${tech.id}/standing`} data-testid="standing-link">
          {t('standing.tabStanding')}
        </Link>
      </div>
      <dl className="facts">
        <dt>{t('taxonomy.id')}</dt>
        <dd>
          <code>{tech.id}</code>
        </dd>
        <dt>{t('taxonomy.verificationLabel')}</dt>
        <dd>
          <VerificationBadge value={tech.verification} />
        </dd>
        {tech.description && (
          <>
            <dt>{t('taxonomy.scope')}</dt>
            <dd>{tech.description}</dd>
          </>
        )}
        {tech.aliases.length > 0 && (
          <>
            <dt>{t('taxonomy.aliases')}</dt>
            <dd>{tech.aliases.join('; ')}</dd>
          </>
        )}
        {tech.strategyGroup && (
          <>
            <dt>{t('taxonomy.strategyGroupLabel')}</dt>
            <dd>{t(`taxonomy.strategyGroup.${tech.strategyGroup}`)}</dd>
          </>
        )}
        {tech.gameChanger && (
          <>
            <dt>{t('taxonomy.gameChanger')}</dt>
            <dd>{t('taxonomy.yes')}</dd>
          </>
        )}
        {tech.highestRisk && (
          <>
            <dt>{t('taxonomy.highestRisk')}</dt>
            <dd>{t('taxonomy.yes')}</dd>
          </>
        )}
        {tech.note && (
          <>
            <dt>{t('taxonomy.note')}</dt>
            <dd className="source">{tech.note}</dd>
          </>
        )}
        {tech.sources.length > 0 && (
          <>
            <dt>{t('taxonomy.source')}</dt>
            <dd className="source">
              <ul className="ref-list">
                {tech.sources.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <RefList title={t('taxonomy.children')} items={d.children} testId="children" />
      <RefList title={t('taxonomy.predecessors')} items={d.predecessors} testId="predecessors" />
      <RefList title={t('taxonomy.successors')} items={d.successors} testId="successors" />
      <h2>{t('taxonomy.crosswalk')}</h2>
      {d.crosswalk.length === 0 ? (
        <p className="source">{t('taxonomy.noCrosswalk')}</p>
      ) : (
        <CrosswalkTable links={d.crosswalk} />
      )}
    </section>
  );
}
