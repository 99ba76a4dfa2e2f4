import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TaxonomyDiffDto } from '../../../src/shared/schemas/taxonomy';
import { localName, useDiff, useVersions, versionTitle } from '../taxonomy-api';

type Side = TaxonomyDiffDto['entries'][number]['from'];

function Cell({ items, versionId }: { items: Side; versionId: string }) {
  const { i18n } = useTranslation();
  if (items.length === 0) return <td className="diff-empty">—</td>;
  return (
    <td>
      <ul className="ref-list">
        {items.map((i) => (
          <li key={i.id}>
            <Link to={`/technologies/${versionId}/${i.id}`}>{localName(i, i18n.language)}</Link>{' '}
            <span className="tree-other">{i.id}</span>
          </li>
        ))}
      </ul>
    </td>
  );
}

/** The old→new id mapping as CSV (one row per old id), so series can be carried across versions. */
function mappingCsv(diff: TaxonomyDiffDto): string {
  const kinds = new Map<string, string[]>();
  for (const e of diff.entries) for (const f of e.from) kinds.set(f.id, [...(kinds.get(f.id) ?? []), e.kind]);
  const rows = Object.entries(diff.mapping).map(([oldId, newIds]) =>
    [oldId, newIds.join('|'), (kinds.get(oldId) ?? []).join('|')].join(','),
  );
  return ['old_id,new_ids,changes', ...rows].join('\n') + '\n';
}

/** Side-by-side comparison of two versions of one jurisdiction's list. */
export function TaxonomyDiffPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? 'kr-2022';
  const to = params.get('to') ?? 'kr-2025';
  const versions = useVersions();
  const diff = useDiff(from, to);
  const choose = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  const select = (key: 'from' | 'to', value: string) => (
    <label>
      {t(`taxonomy.diff.${key}`)}{' '}
      <select value={value} onChange={(e) => choose(key, e.target.value)} data-testid={`diff-${key}`}>
        {(versions.data?.versions ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {v.id} — {versionTitle(v, lang)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <h1>{t('taxonomy.diff.title')}</h1>
      <p className="intro">{t('taxonomy.diff.intro')}</p>
      <div className="toolbar">
        {select('from', from)}
        {select('to', to)}
        <Link to="/technologies" className="button-link">
          {t('taxonomy.backToList')}
        </Link>
      </div>
      {diff.isPending && <p>{t('system.loading')}</p>}
      {diff.isError && (
        <p className="error" role="alert">
          {diff.error.message}
        </p>
      )}
      {diff.data && (
        <>
          <p>
            <a
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(mappingCsv(diff.data))}`}
              download={`id-mapping-${diff.data.from}-${diff.data.to}.csv`}
              data-testid="mapping-download"
            >
              {t('taxonomy.diff.downloadMapping')}
            </a>
          </p>
          <ul className="diff-counts" data-testid="diff-counts">
            {Object.entries(diff.data.counts).map(([kind, n]) => (
              <li key={kind}>
                <span className={`badge badge-diff-${kind}`}>{t(`taxonomy.diff.kind.${kind}`)}</span> {n}
              </li>
            ))}
          </ul>
          <table className="data-table diff-table" data-testid="diff-table">
            <caption className="source">{t('taxonomy.diff.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('taxonomy.diff.change')}</th>
                <th scope="col">{diff.data.from}</th>
                <th scope="col">{diff.data.to}</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.entries.map((e, i) => (
                <tr key={i} className={`diff-row diff-${e.kind}`}>
                  <th scope="row">
                    <span className={`badge badge-diff-${e.kind}`}>{t(`taxonomy.diff.kind.${e.kind}`)}</span>
                  </th>
                  <Cell items={e.from} versionId={diff.data.from} />
                  <Cell items={e.to} versionId={diff.data.to} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
