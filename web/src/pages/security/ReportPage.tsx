import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';
import type { SecurityReport } from '../../security-api';
import { SecurityNav } from './parts';

function Counts({
  title,
  counts,
  label,
}: {
  title: string;
  counts: Record<string, number>;
  label: (k: string) => string;
}) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return (
    <div className="panel">
      <h2>{title}</h2>
      {entries.length === 0 ? (
        <p className="source">–</p>
      ) : (
        <table className="data-table">
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{label(k)}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Report() {
  const { t } = useTranslation();
  const f = useFormats();
  const q = useQuery({
    queryKey: ['security', 'report'],
    queryFn: () => getJson<{ report: SecurityReport }>('/api/v1/security/report'),
  });
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <p className="error" role="alert">
        {q.error.message}
      </p>
    );
  const r = q.data.report;
  const outcome = (k: string) =>
    t(`security.decision.${k}`, { defaultValue: t(`security.status.${k}`, { defaultValue: k }) });
  return (
    <>
      <dl className="facts" data-testid="security-report">
        <dt>{t('security.report.cases')}</dt>
        <dd>{f.integer(r.cases)}</dd>
        <dt>{t('security.report.decided')}</dt>
        <dd>{f.integer(r.decided)}</dd>
        <dt>{t('security.report.median')}</dt>
        <dd>
          {r.medianDaysToDecision === null
            ? '–'
            : t('security.report.days', { value: f.years(r.medianDaysToDecision) })}
        </dd>
      </dl>
      <p className="exports">
        <a className="button button-secondary" href="/api/v1/security/report?format=csv" download>
          {t('security.report.csv')}
        </a>{' '}
        <span className="source">{t('security.report.minimised')}</span>
      </p>
      <div className="goals-grid">
        <Counts
          title={t('security.report.byType')}
          counts={r.byType}
          label={(k) => t(`security.type.${k}`)}
        />
        <Counts title={t('security.report.byOutcome')} counts={r.byOutcome} label={outcome} />
        <Counts
          title={t('security.report.byRisk')}
          counts={r.byRisk}
          label={(k) => t(`security.risk.${k}`, { defaultValue: k })}
        />
        <Counts title={t('security.report.byCountry')} counts={r.byCountry} label={(k) => k} />
        <Counts title={t('security.report.byTechnology')} counts={r.byTechnology} label={(k) => k} />
      </div>
    </>
  );
}

export function ReportPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('security.report.title')}</h1>
      <p className="intro">{t('security.report.intro')}</p>
      <RequirePermission permission="security:read">
        <SecurityNav />
        <Report />
      </RequirePermission>
    </section>
  );
}
