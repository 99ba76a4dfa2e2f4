/**
 * Mission/KPI board of one CET field (/programmes/:cet): the budget lines with the reviews' recommended changes
 * next to them, KPIs with baseline, target, actual, owner ministry and status, missions with milestone slippage
 * (planned vs actual or forecast date, days late), the annual reviews and the printable PDF report.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';
import { localName } from '../../taxonomy-api';
import {
  changedFields,
  REVIEW_AREAS,
  useBoard,
  useBudgetLines,
  useMoney,
  useHistory,
  useReviews,
  YEAR_NOW,
  type Board,
} from './portfolio-api';

function KpiValue({ unit, value }: { unit: string; value: number | null }) {
  const money = useMoney();
  const f = useFormats();
  if (value === null) return <>–</>;
  if (unit === 'KRW') return <>{money(value)}</>;
  if (unit === '%') return <>{f.years(value)} %</>;
  return <>{f.count(value)}</>;
}

function BoardView({ cet }: { cet: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const f = useFormats();
  const [year, setYear] = useState(YEAR_NOW - 1);
  const board = useBoard(cet, year);
  const lines = useBudgetLines(cet);
  const reviews = useReviews(cet);
  const history = useHistory(cet);
  const canWrite = useCan('programmes:write');
  const name = (x: { nameKo: string | null; nameEn: string | null; id?: string }) =>
    localName(x, i18n.language) || x.id || '';

  if (board.isPending) return <p>{t('system.loading')}</p>;
  if (board.isError)
    return (
      <p className="error" role="alert">
        {t('system.error', { message: board.error.message })}
      </p>
    );
  const b: Board = board.data;
  return (
    <>
      <h1>{t('portfolio.boardTitle', { cet: name(b.cet) })}</h1>
      <div className="form-inline">
        <label>
          {t('portfolio.year')}{' '}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} name="year">
            {[2024, 2025, 2026, 2027, 2028].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{' '}
        <a
          className="button button-secondary"
          href={`/api/v1/portfolio/cets/${cet}/report.pdf?year=${year}`}
          data-testid="report-pdf"
        >
          {t('portfolio.reportPdf', { year })}
        </a>{' '}
        {canWrite && (
          <Link className="button" to={`/programmes/${cet}/review`} data-testid="review-link">
            {t('portfolio.writeReview')}
          </Link>
        )}
      </div>
      <p className="source">
        {t('portfolio.summary', {
          milestones: b.summary.milestones,
          late: b.summary.late,
          maxDays: b.summary.maxDaysLate,
          onTrack: b.summary.kpiStatus.on_track,
          kpis: b.kpis.length,
        })}
      </p>

      <h2>{t('portfolio.budgetLines')}</h2>
      <table className="data-table" data-testid="budget-lines">
        <caption>{t('portfolio.budgetLinesNote')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portfolio.year')}</th>
            <th scope="col">{t('portfolio.basisValue.planned')}</th>
            <th scope="col">{t('portfolio.basisValue.allocated')}</th>
            <th scope="col">{t('portfolio.basisValue.executed')}</th>
            <th scope="col">{t('portfolio.recommendedChange')}</th>
          </tr>
        </thead>
        <tbody>
          {(lines.data?.lines ?? []).map((l) => (
            <tr key={l.year} data-testid={`budget-line-${l.year}`}>
              <th scope="row">{l.year}</th>
              <td>{money(l.plannedKrw)}</td>
              <td>{money(l.allocatedKrw)}</td>
              <td>{money(l.executedKrw)}</td>
              <td data-testid={`recommended-${l.year}`}>
                {l.recommendations.length === 0
                  ? '–'
                  : `${money(l.recommendedChangeKrw, true)} ${t('portfolio.fromReviews', {
                      n: l.recommendations.length,
                      reviewers: l.recommendations.map((r) => r.reviewer).join(', '),
                    })}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('portfolio.kpis')}</h2>
      <table className="data-table" data-testid="kpi-board">
        <caption>{t('portfolio.kpiRule')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portfolio.kpi')}</th>
            <th scope="col">{t('portfolio.owner')}</th>
            <th scope="col">{t('targets.baseline')}</th>
            <th scope="col">{t('portfolio.target')}</th>
            <th scope="col">{t('portfolio.actual')}</th>
            <th scope="col">{t('targets.status')}</th>
          </tr>
        </thead>
        <tbody>
          {b.kpis.map((k) => (
            <tr key={k.id} data-testid={`kpi-${k.id}`}>
              <th scope="row">{name(k)}</th>
              <td>{k.ownerMinistry}</td>
              <td>
                <KpiValue unit={k.unit} value={k.baseline} /> ({k.baselineYear})
              </td>
              <td>
                <KpiValue unit={k.unit} value={k.target} /> ({k.year})
              </td>
              <td>
                <KpiValue unit={k.unit} value={k.actual} />
                {k.progress !== null && ` · ${f.share(k.progress)}`}
              </td>
              <td>
                <span className={`status-badge status-${k.status}`}>
                  {t(`targets.statusValue.${k.status}`)}
                </span>
              </td>
            </tr>
          ))}
          {b.kpis.length === 0 && (
            <tr>
              <td colSpan={6}>{t('portfolio.noKpis')}</td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>{t('portfolio.missions')}</h2>
      {b.missions.length === 0 && <p>{t('portfolio.noMissions')}</p>}
      {b.missions.map((m) => (
        <div key={m.id} data-testid={`mission-${m.id}`}>
          <h3>
            {name(m)} — {m.ministry}, {m.startYear}–{m.endYear}
          </h3>
          {m.source && <p className="source">{m.source}</p>}
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('portfolio.milestone')}</th>
                <th scope="col">{t('portfolio.planned')}</th>
                <th scope="col">{t('portfolio.forecast')}</th>
                <th scope="col">{t('portfolio.actualDate')}</th>
                <th scope="col">{t('portfolio.daysLate')}</th>
                <th scope="col">{t('portfolio.state')}</th>
              </tr>
            </thead>
            <tbody>
              {m.milestones.map((s) => (
                <tr key={s.id} data-testid={`milestone-${s.id}`}>
                  <th scope="row">{name(s)}</th>
                  <td>{s.plannedDate}</td>
                  <td>{s.forecastDate ?? '–'}</td>
                  <td>{s.actualDate ?? '–'}</td>
                  <td>{t('portfolio.days', { days: s.slippage.daysLate })}</td>
                  <td>
                    <span
                      className={`status-badge status-${
                        s.slippage.daysLate <= 0
                          ? 'on_track'
                          : s.slippage.state === 'overdue'
                            ? 'off_track'
                            : 'at_risk'
                      }`}
                    >
                      {t(`portfolio.slippage.${s.slippage.state}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p className="source">{t('portfolio.slippageRule')}</p>

      <h2>{t('portfolio.reviews')}</h2>
      {(reviews.data?.reviews ?? []).length === 0 && <p>{t('portfolio.noReviews')}</p>}
      {(reviews.data?.reviews ?? []).map((r) => (
        <div className="panel" key={r.id} data-testid={`review-${r.id}`}>
          <h3>
            {t('portfolio.reviewHeading', { year: r.year, reviewer: r.reviewer, mean: f.ratio(r.meanScore) })}
          </h3>
          <ul>
            {REVIEW_AREAS.map((a) => (
              <li key={a}>
                {t(`portfolio.area.${a}`)}: {r.scores[a] ?? '–'} / 5
                {r.comments[a] ? ` — ${r.comments[a]}` : ''}
              </li>
            ))}
          </ul>
          <p>
            {t('portfolio.recommendedLine', {
              year: r.recommendedYear,
              change: money(r.recommendedChangeKrw, true),
            })}
            {r.programmeId && ` (${r.programmeId})`}
            {r.rationale && ` — ${r.rationale}`}
          </p>
          {r.summary && <p>{r.summary}</p>}
        </div>
      ))}

      <h2>{t('portfolio.history')}</h2>
      <table className="data-table compact" data-testid="history">
        <caption>{t('portfolio.historyNote')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portfolio.when')}</th>
            <th scope="col">{t('portfolio.who')}</th>
            <th scope="col">{t('portfolio.what')}</th>
            <th scope="col">{t('portfolio.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {(history.data?.changes ?? []).map((c) => (
            <tr key={c.id}>
              <td>{f.date(c.at)}</td>
              <td>{c.actor}</td>
              <td>
                {t(`portfolio.object.${c.objectType}`)} {c.objectId}
              </td>
              <td>
                {c.before === null
                  ? t('portfolio.created')
                  : changedFields(c)
                      .map((x) => `${x.field}: ${x.before} → ${x.after}`)
                      .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CetBoardPage() {
  const { cet = '' } = useParams();
  const { t } = useTranslation();
  return (
    <section>
      <p>
        <Link to="/programmes">{t('portfolio.back')}</Link>
      </p>
      <RequirePermission permission="programmes:read">
        <BoardView cet={cet} />
      </RequirePermission>
    </section>
  );
}
