import { useQuery } from '@tanstack/react-query';
import type { JobsResponse } from '../../../../src/shared/schemas/jobs';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson } from '../../api-client';
import type { AuditEntryDto } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';

interface Filters {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
}

const EMPTY: Filters = { actor: '', action: '', objectType: '', objectId: '' };

function AuditSearch() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
  if (before) params.set('before', String(before));
  params.set('limit', '100');
  const entries = useQuery({
    queryKey: ['audit', params.toString()],
    queryFn: () =>
      getJson<{ entries: AuditEntryDto[]; nextBefore: number | null }>(`/api/v1/audit?${params}`),
  });
  const verify = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () =>
      getJson<{ ok: boolean; checked: number; firstBad: { seq: number; problem: string } | null }>(
        '/api/v1/audit/verify',
      ),
    enabled: false,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBefore(undefined);
    setFilters(draft);
  };
  const fmt = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'ko' ? 'ko-KR' : 'en-GB');
  const field = (key: keyof Filters, placeholder: string) => (
    <label>
      {t(`audit.${key}`)}
      <input
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <>
      <form className="form form-inline" onSubmit={submit} data-testid="audit-filters">
        {field('actor', 'user:kim')}
        {field('action', 'user.')}
        {field('objectType', 'user')}
        {field('objectId', '')}
        <button type="submit" className="button">
          {t('audit.search')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void verify.refetch()}>
          {t('audit.verify')}
        </button>
      </form>
      {verify.data && (
        <p className={verify.data.ok ? 'status-ok' : 'error'} role="status" data-testid="audit-verify-result">
          {verify.data.ok
            ? t('audit.intact', { count: verify.data.checked })
            : t('audit.broken', { seq: verify.data.firstBad?.seq, problem: verify.data.firstBad?.problem })}
        </p>
      )}
      {entries.isError && <p className="error">{entries.error.message}</p>}
      {entries.data && entries.data.entries.length === 0 && <p>{t('audit.none')}</p>}
      {entries.data && entries.data.entries.length > 0 && (
        <table className="data-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.time')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.object')}</th>
              <th>{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{fmt(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.objectType ? `${e.objectType}:${e.objectId ?? ''}` : '—'}</td>
                <td className="source">
                  <code>{JSON.stringify(e.detail)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.data?.nextBefore && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setBefore(entries.data.nextBefore ?? undefined)}
        >
          {t('audit.older')}
        </button>
      )}
    </>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="intro">{t('audit.intro')}</p>
      <RequirePermission permission="audit:read">
        <AuditSearch />
      </RequirePermission>
    </section>
  );
}

/** Background jobs per queue (refreshed every 5 s while the page is open). */
function JobsPanel() {
  const { t } = useTranslation();
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: () => getJson<JobsResponse>('/api/v1/jobs'),
    refetchInterval: 5000,
  });
  return (
    <div className="panel" data-testid="jobs-panel">
      <h2>{t('jobs.title')}</h2>
      <p className="source">{jobs.data?.database === 'pglite' ? t('jobs.needsPostgres') : t('jobs.intro')}</p>
      {jobs.isError && <p className="error">{jobs.error.message}</p>}
      {jobs.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('jobs.queue')}</th>
              <th scope="col">{t('jobs.waiting')}</th>
              <th scope="col">{t('jobs.retrying')}</th>
              <th scope="col">{t('jobs.active')}</th>
              <th scope="col">{t('jobs.completed')}</th>
              <th scope="col">{t('jobs.failed')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.queues.map((q) => (
              <tr key={q.queue}>
                <th scope="row">{t(`jobs.queues.${q.queue}`, { defaultValue: q.queue })}</th>
                <td>{q.created}</td>
                <td>{q.retry}</td>
                <td>{q.active}</td>
                <td>{q.completed}</td>
                <td>{q.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function AdminPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('pages.admin.title')}</h1>
      <p className="intro">{t('pages.admin.intro')}</p>
      <ul className="ref-list">
        <li>
          <Link to="/admin/users">{t('users.title')}</Link>
        </li>
        <li>
          <Link to="/admin/audit">{t('audit.title')}</Link>
        </li>
      </ul>
      <RequirePermission permission="users:manage">
        <JobsPanel />
      </RequirePermission>
    </section>
  );
}
