/**
 * The annual review form of a CET (/programmes/:cet/review): a score of 1–5 and a comment for each of the five
 * areas, a summary, and the recommended budget change for the next year (million KRW, negative for a cut),
 * optionally for one programme. Submitting again changes the reviewer's review; every change is kept.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { send, useMe } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { localName, useVersionTree } from '../../taxonomy-api';
import {
  REVIEW_AREAS,
  useMoney,
  useProgrammes,
  useReviews,
  YEAR_NOW,
  type ReviewArea,
} from './portfolio-api';

function ReviewForm({ cet }: { cet: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const tree = useVersionTree('kr-2022');
  const programmes = useProgrammes();
  const field = tree.data?.fields.find((f) => f.id === cet);
  const [year, setYear] = useState(YEAR_NOW - 1);
  const [scores, setScores] = useState<Record<ReviewArea, number>>({
    technology: 3,
    projects: 3,
    talent: 3,
    international: 3,
    institutional: 3,
  });
  const [comments, setComments] = useState<Partial<Record<ReviewArea, string>>>({});
  const [summary, setSummary] = useState('');
  const [changeMillion, setChangeMillion] = useState('0');
  const [programmeId, setProgrammeId] = useState('');
  const [rationale, setRationale] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The reviewer's own review of the year, when there is one, fills the form (submitting again changes it).
  const me = useMe();
  const reviews = useReviews(cet);
  const own = (reviews.data?.reviews ?? []).find(
    (r) => r.year === year && me.data?.user && r.reviewer === `user:${me.data.user.username}`,
  );
  useEffect(() => {
    if (!own) return;
    setScores({ ...scores, ...(own.scores as Partial<Record<ReviewArea, number>>) });
    setComments(own.comments);
    setSummary(own.summary ?? '');
    setChangeMillion(String(own.recommendedChangeKrw / 1e6));
    setProgrammeId(own.programmeId ?? '');
    setRationale(own.rationale ?? '');
  }, [own?.id, own?.updatedAt]); // only when another review is loaded, not on every edit
  const ownProgrammes = (programmes.data?.programmes ?? []).filter((p) =>
    p.technologies.some((x) => x.tech_id === cet || x.tech_id.startsWith(`${cet}.`)),
  );
  const changeKrw = Math.round(Number(changeMillion) * 1e6);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/v1/portfolio/reviews', {
        cetId: cet,
        year,
        scores,
        comments,
        summary: summary || null,
        recommendedChangeKrw: changeKrw,
        programmeId: programmeId || null,
        rationale: rationale || null,
      });
      await qc.invalidateQueries({ queryKey: ['portfolio'] });
      await navigate(`/programmes/${cet}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="review-form">
      <h1>{t('portfolio.reviewTitle', { cet: field ? localName(field, i18n.language) : cet })}</h1>
      <p className="intro">{t('portfolio.reviewIntro')}</p>
      {own && (
        <p className="panel panel-muted" data-testid="editing-own">
          {t('portfolio.editingOwn', { date: own.updatedAt.slice(0, 10) })}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        {t('portfolio.reviewYear')}
        <select name="year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[2024, 2025, 2026, 2027, 2028].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      {REVIEW_AREAS.map((a) => (
        <fieldset key={a}>
          <legend>{t(`portfolio.area.${a}`)}</legend>
          <label>
            {t('portfolio.score')}
            <select
              name={`score-${a}`}
              value={scores[a]}
              onChange={(e) => setScores((s) => ({ ...s, [a]: Number(e.target.value) }))}
            >
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {t(`portfolio.scoreValue.${n}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('portfolio.comment')}
            <textarea
              name={`comment-${a}`}
              maxLength={4000}
              rows={2}
              value={comments[a] ?? ''}
              onChange={(e) => setComments((c) => ({ ...c, [a]: e.target.value }))}
            />
          </label>
        </fieldset>
      ))}
      <label>
        {t('portfolio.summaryLabel')}
        <textarea
          name="summary"
          maxLength={4000}
          rows={3}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('portfolio.investment')}</legend>
        <label>
          {t('portfolio.changeMillion', { year: year + 1 })}
          <input
            type="number"
            name="changeMillion"
            step="1"
            required
            value={changeMillion}
            onChange={(e) => setChangeMillion(e.target.value)}
          />
        </label>
        <p className="source" data-testid="change-preview">
          {Number.isFinite(changeKrw) ? money(changeKrw, true) : '–'}
        </p>
        <label>
          {t('portfolio.programmeOptional')}
          <select name="programmeId" value={programmeId} onChange={(e) => setProgrammeId(e.target.value)}>
            <option value="">{t('portfolio.wholeCet')}</option>
            {ownProgrammes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} —{' '}
                {(i18n.language === 'ko' ? (p.name_ko ?? p.name_en) : (p.name_en ?? p.name_ko)) ?? ''} (
                {p.ministry})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('portfolio.rationale')}
          <textarea
            name="rationale"
            maxLength={4000}
            rows={2}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
          />
        </label>
      </fieldset>
      <button type="submit" className="button" disabled={busy} data-testid="review-submit">
        {t('portfolio.submitReview')}
      </button>
    </form>
  );
}

export function ReviewPage() {
  const { cet = '' } = useParams();
  const { t } = useTranslation();
  return (
    <section>
      <p>
        <Link to={`/programmes/${cet}`}>{t('portfolio.backToBoard')}</Link>
      </p>
      <RequirePermission permission="programmes:write">
        <ReviewForm cet={cet} />
      </RequirePermission>
    </section>
  );
}
