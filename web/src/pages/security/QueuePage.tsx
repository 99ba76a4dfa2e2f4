import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getJson } from '../../api-client';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';
import type { CaseSummary } from '../../security-api';
import { DeadlineBadge, RiskBadge, SecurityNav } from './parts';

function Queue() {
  const { t } = useTranslation();
  const f = useFormats();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'all' ? 'all' : 'open';
  const q = useQuery({
    queryKey: ['security', 'queue', status],
    queryFn: () =>
      getJson<{ cases: CaseSummary[]; deadlines: { source: string } }>(
        `/api/v1/security/queue?status=${status}`,
      ),
  });
  return (
    <>
      <label className="control">
        {t('security.queue.show')}
        <select value={status} onChange={(e) => setParams({ status: e.target.value })}>
          <option value="open">{t('security.queue.open')}</option>
          <option value="all">{t('security.queue.all')}</option>
        </select>
      </label>
      {q.isPending && <p>{t('system.loading')}</p>}
      {q.isError && (
        <p className="error" role="alert">
          {q.error.message}
        </p>
      )}
      {q.data && q.data.cases.length === 0 && (
        <p className="panel panel-muted">{t('security.queue.empty')}</p>
      )}
      {q.data && q.data.cases.length > 0 && (
        <table className="data-table" data-testid="queue">
          <caption>{t('security.queue.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('security.field.risk')}</th>
              <th scope="col">{t('security.field.reference')}</th>
              <th scope="col">{t('security.field.caseType')}</th>
              <th scope="col">{t('security.field.counterpart')}</th>
              <th scope="col">{t('security.field.submitted')}</th>
              <th scope="col">{t('security.field.answerDue')}</th>
              <th scope="col">{t('security.field.assignedTo')}</th>
              <th scope="col">{t('security.field.status')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.cases.map((c) => (
              <tr key={c.id} data-testid={`queue-${c.reference}`}>
                <td>
                  <RiskBadge level={c.riskLevel} score={c.riskScore} />
                </td>
                <td>
                  <Link to={`/security/cases/${c.reference}`}>{c.reference}</Link>
                </td>
                <td>{t(`security.type.${c.caseType}`)}</td>
                <td>
                  {c.counterpartName} ({c.counterpartCountry})
                </td>
                <td>{f.date(c.submittedAt)}</td>
                <td>
                  <DeadlineBadge answer={c.answer} due={c.answerDue} />
                </td>
                <td>{c.assignedTo ?? '–'}</td>
                <td>
                  {c.decision ? t(`security.decision.${c.decision}`) : t(`security.status.${c.status}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data && (
        <p className="source">{t('security.deadlineSource', { source: q.data.deadlines.source })}</p>
      )}
    </>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('security.queue.title')}</h1>
      <p className="intro">{t('security.queue.intro')}</p>
      <RequirePermission permission="security:read">
        <SecurityNav />
        <Queue />
      </RequirePermission>
    </section>
  );
}
