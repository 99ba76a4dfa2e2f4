import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../auth-api';
import { useFormats } from '../../format';
import { techName, useProposals } from './forum-api';

const SORTS = ['new', 'top', 'trending'] as const;

/** The forum's proposals: sorted by new, top or trending, searchable in Korean and English. */
export function ForumListPage() {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const canPost = useCan('forum:post');
  const canModerate = useCan('forum:moderate');
  const sort = params.get('sort') ?? 'new';
  const list = useProposals(params);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    set('q', query.trim());
  };
  const page = list.data?.page ?? 1;
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <section>
      <h1>{t('pages.forum.title')}</h1>
      <p className="intro">{t('pages.forum.intro')}</p>
      <div className="toolbar">
        {canPost ? (
          <Link to="/forum/new" className="button-link" data-testid="forum-compose-link">
            {t('forum.compose.link')}
          </Link>
        ) : (
          <span className="source">{t('forum.signInToPost')}</span>
        )}
        {canModerate && (
          <Link to="/forum/moderation" className="button-link" data-testid="forum-moderation-link">
            {t('forum.moderation.title')}
          </Link>
        )}
        <form onSubmit={search} role="search">
          <label>
            {t('forum.search')}{' '}
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('forum.searchPlaceholder')}
              data-testid="forum-search"
            />
          </label>{' '}
          <button type="submit">{t('forum.searchButton')}</button>
        </form>
        <label>
          {t('forum.sort.label')}{' '}
          <select value={sort} onChange={(e) => set('sort', e.target.value)} data-testid="forum-sort">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`forum.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isPending && <p>{t('system.loading')}</p>}
      {list.isError && (
        <p className="error" role="alert">
          {t('system.error', { message: list.error.message })}
        </p>
      )}
      {list.data && list.data.proposals.length === 0 && <p data-testid="forum-empty">{t('forum.empty')}</p>}
      {list.data && list.data.proposals.length > 0 && (
        <table className="data-table" data-testid="forum-list">
          <thead>
            <tr>
              <th scope="col">{t('forum.proposal')}</th>
              <th scope="col">{t('forum.technology')}</th>
              <th scope="col">{t('forum.supports')}</th>
              <th scope="col">{t('forum.comments')}</th>
              <th scope="col">{t('forum.posted')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.proposals.map((p) => (
              <tr key={p.id} data-testid={`forum-row-${p.id}`}>
                <th scope="row">
                  <Link to={`/forum/${p.id}`}>{p.title}</Link>{' '}
                  <span className="badge">{t(`forum.kind.${p.kind}`)}</span>
                  {p.status !== 'visible' && (
                    <span className="badge badge-flag">{t(`forum.status.${p.status}`)}</span>
                  )}
                </th>
                <td>
                  {p.kind === 'add_technology' ? (
                    <>
                      {t('forum.newTechnology')}: {p.proposedName}
                    </>
                  ) : (
                    techName(p, i18n.language)
                  )}
                </td>
                <td>
                  +{f.integer(p.supports)} / −{f.integer(p.opposes)}
                </td>
                <td>{f.integer(p.comments)}</td>
                <td>
                  {p.author} · {new Date(p.createdAt).toLocaleDateString(i18n.language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <p className="toolbar">
          <button type="button" disabled={page <= 1} onClick={() => setParams(withPage(params, page - 1))}>
            {t('forum.previous')}
          </button>
          <span>{t('forum.pageOf', { page, pages })}</span>
          <button
            type="button"
            disabled={page >= pages}
            onClick={() => setParams(withPage(params, page + 1))}
          >
            {t('forum.next')}
          </button>
        </p>
      )}
    </section>
  );
}

function withPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return next;
}
