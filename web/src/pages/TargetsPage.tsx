import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api-client';
import { useFormats } from '../format';

interface TargetRow {
  id: string;
  name_en: string;
  name_ko: string;
  unit: string;
  baseline: number | null;
  target: number;
  target_year: number;
  year: number;
  actual: number | null;
  expected: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
  source: string;
  sourceKo: string;
}
interface TargetsResponse {
  plan: string;
  rule: string;
  sources: string[];
  targets: TargetRow[];
}

/** The master plan's targets, each with its measurement (from cetmap's data where possible) and status. */
export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormats();
  const q = useQuery({
    queryKey: ['portfolio-targets'],
    queryFn: () => getJson<TargetsResponse>('/api/v1/portfolio/targets'),
  });
  const ko = i18n.language === 'ko';
  const value = (unit: string, v: number | null): string => {
    if (v === null) return '–';
    if (unit === 'KRW') return t('targets.trillionWon', { value: f.ratio(v / 1e12) });
    if (unit === 'share') return f.share(v);
    if (unit === 'rank') return t('targets.rank', { value: f.integer(v) });
    return f.years(v);
  };
  return (
    <section>
      <h1>{t('targets.title')}</h1>
      <p className="intro">{t('targets.intro')}</p>
      {q.isPending && <p>{t('system.loading')}</p>}
      {q.isError && (
        <p className="error" role="alert">
          {t('system.error', { message: q.error.message })}
        </p>
      )}
      {q.data && (
        <>
          <table className="data-table" data-testid="targets-table">
            <caption>{t('targets.rule')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('targets.target')}</th>
                <th scope="col">{t('targets.baseline')}</th>
                <th scope="col">{t('targets.goal')}</th>
                <th scope="col">{t('targets.measured')}</th>
                <th scope="col">{t('targets.expected')}</th>
                <th scope="col">{t('targets.status')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.targets.map((row) => (
                <tr key={row.id} data-testid={`target-${row.id}`}>
                  <th scope="row">
                    {ko ? row.name_ko : row.name_en}
                    <div className="source">{ko ? row.sourceKo : row.source}</div>
                  </th>
                  <td>{value(row.unit, row.baseline)}</td>
                  <td>
                    {value(row.unit, row.target)} ({row.target_year})
                  </td>
                  <td>
                    {value(row.unit, row.actual)} ({row.year})
                  </td>
                  <td>{value(row.unit, row.expected)}</td>
                  <td>
                    <span className={`status-badge status-${row.status}`}>
                      {t(`targets.statusValue.${row.status}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="source">
            {q.data.plan}. {q.data.sources.join('; ')}
          </p>
        </>
      )}
    </section>
  );
}
