import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson, type DatasetList, type Health } from '../api-client';

export function SystemPage() {
  const { t, i18n } = useTranslation();
  const health = useQuery({ queryKey: ['health'], queryFn: () => getJson<Health>('/api/v1/health') });
  const datasets = useQuery({
    queryKey: ['datasets'],
    queryFn: () => getJson<DatasetList>('/api/v1/datasets'),
  });
  const fmt = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'ko' ? 'ko-KR' : 'en-GB');

  return (
    <section>
      <h1>{t('system.title')}</h1>
      <p className="intro">{t('system.intro')}</p>
      {health.isPending && <p>{t('system.loading')}</p>}
      {health.isError && (
        <p className="error" role="alert">
          {t('system.error', { message: health.error.message })}
        </p>
      )}
      {health.data && (
        <dl className="facts" data-testid="health">
          <dt>{t('system.status')}</dt>
          <dd className={`status status-${health.data.status}`}>
            {t(`system.statusValue.${health.data.status}`)}
          </dd>
          <dt>{t('system.version')}</dt>
          <dd>{health.data.version}</dd>
          <dt>{t('system.database')}</dt>
          <dd data-testid="health-database">{t(`system.databaseKind.${health.data.database}`)}</dd>
          <dt>{t('system.migrationLevel')}</dt>
          <dd>{health.data.migrationLevel}</dd>
          <dt>{t('system.migrationsPending')}</dt>
          <dd>{health.data.migrationsPending}</dd>
          <dt>{t('system.checkedAt')}</dt>
          <dd>{fmt(health.data.time)}</dd>
        </dl>
      )}
      <h2>{t('system.datasets')}</h2>
      {datasets.data && datasets.data.datasets.length === 0 && <p>{t('system.noDatasets')}</p>}
      {datasets.data && datasets.data.datasets.length > 0 && (
        <ul className="dataset-list">
          {datasets.data.datasets.map((d) => (
            <li key={d.id}>
              <strong>{d.title}</strong> · {d.synthetic ? t('system.synthetic') : t('system.real')} ·{' '}
              {d.rowCount.toLocaleString()} {t('system.rows')} · {fmt(d.loadedAt)}
              {d.source && <span className="source"> · {d.source}</span>}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/api/docs">{t('system.apiDocs')}</a>
      </p>
    </section>
  );
}
