/**
 * Portfolio overview (/programmes): budgets by CET × ministry × year as a stacked bar chart, the CET budget
 * lines with the annual reviews' recommended changes, links to each CET's mission/KPI board, import templates,
 * exports and the import of filled templates (CSV or XLSX).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../auth-api';
import { localName, useVersionTree } from '../../taxonomy-api';
import { ImportPanel } from './ImportPanel';
import { useBudgetLines, useMoney, useRollup, YEAR_NOW } from './portfolio-api';

const BudgetChart = lazy(() => import('./BudgetChart'));

const TEMPLATES = ['programmes', 'budgets', 'missions', 'milestones', 'kpis', 'kpi_values'] as const;
const EXPORTS = [
  'programmes',
  'budgets',
  'budget_rollup',
  'missions',
  'milestones',
  'kpis',
  'kpi_values',
  'reviews',
  'changes',
] as const;

export function ProgrammesPage() {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const [basis, setBasis] = useState<'planned' | 'allocated' | 'executed'>('allocated');
  const [focus, setFocus] = useState<string>('');
  const rollup = useRollup(basis);
  const tree = useVersionTree('kr-2022');
  const canRead = useCan('programmes:read');
  const canWrite = useCan('programmes:write');
  const lines = useBudgetLines(undefined, canRead);
  const fields = useMemo(() => tree.data?.fields ?? [], [tree.data]);
  const cetName = (id: string) => {
    const f = fields.find((x) => x.id === id);
    return f ? localName(f, i18n.language) : id === 'unassigned' ? t('portfolio.unassigned') : id;
  };

  const chart = useMemo(() => {
    const cells = (rollup.data?.cells ?? []).filter((c) => !focus || c.cet === focus);
    const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
    const keys = [...new Set(cells.map((c) => (focus ? c.ministry : c.cet)))].sort();
    const series = keys.map((k) => ({
      name: focus ? k : cetName(k),
      values: years.map((y) =>
        cells
          .filter((c) => c.year === y && (focus ? c.ministry : c.cet) === k)
          .reduce((s, c) => s + c.krw, 0),
      ),
    }));
    return { years, series };
  }, [rollup.data, focus, fields, i18n.language]);

  const totals = useMemo(() => {
    const byCet = new Map<string, { now: number; all: number }>();
    for (const c of rollup.data?.cells ?? []) {
      const v = byCet.get(c.cet) ?? { now: 0, all: 0 };
      v.all += c.krw;
      if (c.year === YEAR_NOW) v.now += c.krw;
      byCet.set(c.cet, v);
    }
    return byCet;
  }, [rollup.data]);
  /** The latest budget year with recommendations from reviews, for a CET. */
  const latestRecommendation = (cet: string) =>
    lines.data?.lines.filter((l) => l.cet === cet && l.recommendations.length > 0).at(-1);

  return (
    <section>
      <h1>{t('portfolio.title')}</h1>
      <p className="intro">{t('portfolio.intro')}</p>
      <p>
        <Link to="/targets">{t('portfolio.targetsLink')}</Link>
      </p>

      <h2>{t('portfolio.overview')}</h2>
      <div className="form-inline">
        <label>
          {t('portfolio.basis')}{' '}
          <select value={basis} onChange={(e) => setBasis(e.target.value as typeof basis)} name="basis">
            {(['planned', 'allocated', 'executed'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`portfolio.basisValue.${b}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('portfolio.stackBy')}{' '}
          <select
            value={focus}
            onChange={(e) => setFocus(e.target.value)}
            name="focus"
            data-testid="chart-focus"
          >
            <option value="">{t('portfolio.allCets')}</option>
            {fields.map((f) => (
              <option key={f.id} value={f.id}>
                {t('portfolio.ministriesOf', { cet: localName(f, i18n.language) })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rollup.isPending && <p>{t('system.loading')}</p>}
      {rollup.isError && (
        <p className="error" role="alert">
          {t('system.error', { message: rollup.error.message })}
        </p>
      )}
      {rollup.data && chart.years.length > 0 && (
        <Suspense fallback={<p>{t('system.loading')}</p>}>
          <BudgetChart
            years={chart.years}
            series={chart.series}
            format={(v) => money(v)}
            title={t('portfolio.chartTitle', { basis: t(`portfolio.basisValue.${basis}`) })}
          />
        </Suspense>
      )}
      {rollup.data && chart.years.length === 0 && <p>{t('portfolio.noBudgets')}</p>}
      <p className="source">{t('portfolio.rollupNote')}</p>

      <table className="data-table" data-testid="cet-table">
        <caption>{t('portfolio.cetTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portfolio.cet')}</th>
            <th scope="col">
              {t('portfolio.budgetThisYear', { year: YEAR_NOW, basis: t(`portfolio.basisValue.${basis}`) })}
            </th>
            <th scope="col">{t('portfolio.budgetAllYears')}</th>
            {canRead && <th scope="col">{t('portfolio.latestRecommended')}</th>}
            <th scope="col">{t('portfolio.board')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.id} data-testid={`cet-row-${f.id}`}>
              <th scope="row">{localName(f, i18n.language)}</th>
              <td>{money(totals.get(f.id)?.now ?? 0)}</td>
              <td>{money(totals.get(f.id)?.all ?? 0)}</td>
              {canRead && (
                <td data-testid={`latest-recommended-${f.id}`}>
                  {(() => {
                    const l = latestRecommendation(f.id);
                    return l
                      ? t('portfolio.recommendedFor', {
                          change: money(l.recommendedChangeKrw, true),
                          year: l.year,
                        })
                      : '–';
                  })()}
                </td>
              )}
              <td>
                <Link to={`/programmes/${f.id}`} data-testid={`board-link-${f.id}`}>
                  {t('portfolio.openBoard')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('portfolio.templates')}</h2>
      <p>{t('portfolio.templatesIntro')}</p>
      <ul className="inline-list">
        {TEMPLATES.map((name) => (
          <li key={name}>
            {t(`portfolio.table.${name}`)}:{' '}
            <a href={`/api/v1/portfolio/templates/${name}`} download>
              CSV
            </a>{' '}
            ·{' '}
            <a href={`/api/v1/portfolio/templates/${name}?format=xlsx`} download>
              XLSX
            </a>
          </li>
        ))}
      </ul>
      {canRead && (
        <>
          <h2>{t('portfolio.exports')}</h2>
          <ul className="inline-list" data-testid="exports">
            {EXPORTS.map((name) => (
              <li key={name}>
                {t(`portfolio.table.${name}`)}:{' '}
                <a href={`/api/v1/portfolio/export/${name}`} download>
                  CSV
                </a>{' '}
                ·{' '}
                <a href={`/api/v1/portfolio/export/${name}?format=xlsx`} download>
                  XLSX
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {canWrite && <ImportPanel />}
    </section>
  );
}
