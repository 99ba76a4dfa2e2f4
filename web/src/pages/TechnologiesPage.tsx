import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { TreeNodeDto, VersionSummaryDto } from '../../../src/shared/schemas/taxonomy';
import { VerificationBadge } from '../components/VerificationBadge';
import { DemandPanel } from './forum/DemandPanel';
import { RevisionPanel } from './RevisionPanel';
import { localName, otherName, useChanges, useVersions, useVersionTree, versionTitle } from '../taxonomy-api';

const DEFAULT_VERSION = 'kr-2022';

function matches(node: TreeNodeDto, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return [node.id, node.nameKo, node.nameEn, ...node.aliases].some((s) => s?.toLowerCase().includes(q));
}

/** Keeps a field when it or any of its technologies matches; a matching field keeps all its children. */
function filterTree(nodes: TreeNodeDto[], query: string): TreeNodeDto[] {
  if (!query) return nodes;
  return nodes.flatMap((n) => {
    if (matches(n, query)) return [n];
    const children = filterTree(n.technologies, query);
    return children.length ? [{ ...n, technologies: children }] : [];
  });
}

/** Items shown (no query) or items that match (a field shown only for context is not counted). */
const countNodes = (nodes: TreeNodeDto[], query = ''): number =>
  nodes.reduce((n, x) => n + (matches(x, query) ? 1 : 0) + countNodes(x.technologies, query), 0);

export function VersionFacts({ version }: { version: VersionSummaryDto }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const levels = version.levelNames;
  return (
    <dl className="facts" data-testid="version-facts">
      <dt>{t('taxonomy.issuer')}</dt>
      <dd>{version.issuer ?? '—'}</dd>
      <dt>{t('taxonomy.published')}</dt>
      <dd>{version.publishedOn ?? t('taxonomy.unknownDate')}</dd>
      <dt>{t('taxonomy.status')}</dt>
      <dd>{t(`taxonomy.statusValue.${version.status}`)}</dd>
      <dt>{t('taxonomy.counts')}</dt>
      <dd>
        {version.fieldCount} {lang === 'ko' ? levels.fieldKo : levels.fieldEn} · {version.technologyCount}{' '}
        {lang === 'ko' ? levels.technologyKo : levels.technologyEn}
      </dd>
      <dt>{t('taxonomy.verificationLabel')}</dt>
      <dd>
        <span className={`badge badge-${version.verification}`}>
          {t(`taxonomy.versionVerification.${version.verification}`)}
        </span>{' '}
        {version.verificationNote && <span className="source">{version.verificationNote}</span>}
      </dd>
      <dt>{t('taxonomy.source')}</dt>
      <dd className="source">
        {version.source.citation}
        {version.source.note && <> — {version.source.note}</>}
      </dd>
    </dl>
  );
}

function TreeNode({ node, versionId, open }: { node: TreeNodeDto; versionId: string; open: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const other = otherName(node, lang);
  const label = (
    <>
      <Link to={`/technologies/${versionId}/${node.id}`} className="tree-name">
        {localName(node, lang)}
      </Link>
      {other && <span className="tree-other">{other}</span>}
      {node.strategyGroup && (
        <span className="badge badge-group">{t(`taxonomy.strategyGroup.${node.strategyGroup}`)}</span>
      )}
      {node.gameChanger && <span className="badge badge-flag">{t('taxonomy.gameChanger')}</span>}
      {node.highestRisk && <span className="badge badge-flag">{t('taxonomy.highestRisk')}</span>}
      {node.verification !== 'verified' && <VerificationBadge value={node.verification} />}
    </>
  );
  if (node.technologies.length === 0) return <li className="tree-leaf">{label}</li>;
  return (
    <li>
      {/* Keyed by `open` so a search expands every branch and clearing it restores the default. */}
      <details open={open} key={String(open)}>
        <summary>
          {label} <span className="tree-count">({node.technologies.length})</span>
        </summary>
        <ul className="tree">
          {node.technologies.map((c) => (
            <TreeNode key={c.id} node={c} versionId={versionId} open={open} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The ids a change is about, for the log. */
function changeTarget(change: Record<string, unknown>): string {
  if (typeof change.id === 'string') return change.id;
  if (Array.isArray(change.ids)) return change.ids.join(', ');
  const added = change.technology as { id?: string } | undefined;
  return added?.id ?? '';
}

/** A revision's change log with rationales; evidence comes from modules that register for it (none yet). */
function ChangeLog({ versionId }: { versionId: string }) {
  const { t } = useTranslation();
  const changes = useChanges(versionId);
  if (!changes.data || changes.data.changes.length === 0) return null;
  return (
    <>
      <h2>{t('taxonomy.changes.title')}</h2>
      <ol className="change-log" data-testid="change-log">
        {changes.data.changes.map((c) => (
          <li key={c.seq}>
            <span className="badge">{t(`taxonomy.changes.kind.${c.kind}`)}</span>{' '}
            <code>{changeTarget(c.change)}</code>
            <div>
              {t('taxonomy.changes.rationale')}: {c.rationale}
            </div>
            <div className="source">
              {c.evidence.attached.length + c.evidence.collected.length > 0
                ? t('taxonomy.changes.evidenceCount', {
                    count: c.evidence.attached.length + c.evidence.collected.length,
                  })
                : t('taxonomy.changes.noEvidence')}
              {c.evidence.providers.length === 0 && <> · {t('taxonomy.changes.noProviders')}</>}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

export function TechnologiesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const params = useParams();
  const navigate = useNavigate();
  const versionId = params.versionId ?? DEFAULT_VERSION;
  const versions = useVersions();
  const tree = useVersionTree(versionId);
  const [query, setQuery] = useState('');
  const filtered = useMemo(() => filterTree(tree.data?.fields ?? [], query.trim()), [tree.data, query]);
  const shown = countNodes(filtered, query.trim());

  return (
    <section>
      <h1>{t('pages.technologies.title')}</h1>
      <p className="intro">{t('pages.technologies.intro')}</p>
      <div className="toolbar">
        <label>
          {t('taxonomy.version')}{' '}
          <select
            value={versionId}
            onChange={(e) => navigate(`/technologies/${e.target.value}`)}
            data-testid="version-select"
          >
            {(versions.data?.versions ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.id} — {versionTitle(v, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('taxonomy.search')}{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('taxonomy.searchPlaceholder')}
            data-testid="tech-search"
          />
        </label>
        <Link to="/technologies/diff" className="button-link">
          {t('taxonomy.compareVersions')}
        </Link>
      </div>
      {(tree.isPending || versions.isPending) && <p>{t('system.loading')}</p>}
      {tree.isError && (
        <p className="error" role="alert">
          {tree.error.message}
        </p>
      )}
      {tree.data && (
        <>
          <h2>{versionTitle(tree.data.version, lang)}</h2>
          <VersionFacts version={tree.data.version} />
          <ChangeLog versionId={versionId} />
          {tree.data.version.status === 'draft' && <DemandPanel versionId={versionId} />}
          <RevisionPanel version={tree.data.version} fields={tree.data.fields} />
          <p className="source" aria-live="polite" data-testid="tree-count">
            {query.trim()
              ? t('taxonomy.matches', { count: shown })
              : t('taxonomy.itemsCount', { count: shown })}
          </p>
          <ul className="tree tree-root" data-testid="tech-tree">
            {filtered.map((n) => (
              <TreeNode key={n.id} node={n} versionId={versionId} open={query.trim() !== ''} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
