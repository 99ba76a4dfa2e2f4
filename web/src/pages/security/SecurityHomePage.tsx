import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson } from '../../api-client';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';
import type { CaseSummary } from '../../security-api';
import { DeadlineBadge, SecurityNav } from './parts';

function MyCases() {
  const { t } = useTranslation();
  const f = useFormats();
  const q = useQuery({
    queryKey: ['security', 'mine'],
    queryFn: () => getJson<{ cases: CaseSummary[] }>('/api/v1/security/cases/mine'),
  });
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <p className="error" role="alert">
        {q.error.message}
      </p>
    );
  if (q.data.cases.length === 0) return <p className="panel panel-muted">{t('security.mine.empty')}</p>;
  return (
    <table className="data-table" data-testid="my-cases">
      <thead>
        <tr>
          <th scope="col">{t('security.field.reference')}</th>
          <th scope="col">{t('security.field.caseType')}</th>
          <th scope="col">{t('security.field.counterpart')}</th>
          <th scope="col">{t('security.field.submitted')}</th>
          <th scope="col">{t('security.field.status')}</th>
          <th scope="col">{t('security.field.answerDue')}</th>
        </tr>
      </thead>
      <tbody>
        {q.data.cases.map((c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/security/cases/${c.reference}`}>{c.reference}</Link>
            </td>
            <td>{t(`security.type.${c.caseType}`)}</td>
            <td>
              {c.counterpartName} ({c.counterpartCountry})
            </td>
            <td>{f.date(c.submittedAt)}</td>
            <td>{c.decision ? t(`security.decision.${c.decision}`) : t(`security.status.${c.status}`)}</td>
            <td>
              <DeadlineBadge answer={c.answer} due={c.answerDue} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SecurityHomePage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('pages.security.title')}</h1>
      <p className="intro">{t('security.intro')}</p>
      <RequirePermission permission="security:submit">
        <SecurityNav />
        <h2>{t('security.mine.title')}</h2>
        <MyCases />
      </RequirePermission>
    </section>
  );
}
