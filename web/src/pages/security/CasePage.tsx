import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getJson } from '../../api-client';
import { currentCsrf, send, useMe } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { useFormats } from '../../format';
import { DECISIONS, uploadAttachment, type CaseView } from '../../security-api';
import { DeadlineBadge, RiskBadge, SecurityNav } from './parts';

function Explanation({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  const s = c.screening;
  if (!s) return null;
  return (
    <div className="panel" data-testid="screening">
      <h2>{t('security.case.screening')}</h2>
      <p>
        <RiskBadge level={s.level} score={s.score} />{' '}
        <span className="source">
          {t('security.case.scoreRule', {
            medium: s.thresholds.medium,
            high: s.thresholds.high,
            version: s.ruleSetVersion,
          })}
        </span>
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('security.rules.rule')}</th>
            <th scope="col">{t('security.rules.points')}</th>
            <th scope="col">{t('security.case.evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {s.contributions.map((x) => (
            <tr key={x.ruleId} data-testid={`fired-${x.ruleId}`}>
              <td>{ko ? x.labelKo : x.label}</td>
              <td>+{x.points}</td>
              <td>{ko ? x.evidenceKo : x.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.notFired.length > 0 && (
        <details>
          <summary>{t('security.case.notFired', { count: s.notFired.length })}</summary>
          <ul>
            {s.notFired.map((n) => (
              <li key={n.ruleId}>{ko ? n.labelKo : n.label}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ReviewerActions({ c, refresh }: { c: CaseView; refresh: () => Promise<void> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [text, setText] = useState('');
  const [decision, setDecision] = useState<string>('approve');
  const [reason, setReason] = useState('');
  const [conditions, setConditions] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = ['submitted', 'in-review', 'awaiting-information'].includes(c.status);
  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      await send('POST', `/api/v1/security/cases/${c.reference}/${path}`, body);
      setText('');
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const decide = (event: FormEvent) => {
    event.preventDefault();
    void act('decision', { decision, reason, conditions: conditions || undefined });
  };
  const canDecide = me.data?.user?.permissions.includes('security:review');
  return (
    <div className="panel" data-testid="reviewer-actions">
      <h2>{t('security.case.review')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void act('assign', { assignee: me.data?.user?.username })}
          >
            {t('security.case.assignMe')}
          </button>
          <label className="form">
            {t('security.case.note')}
            <textarea rows={3} value={text} maxLength={5000} onChange={(e) => setText(e.target.value)} />
          </label>
          <button
            type="button"
            className="button button-secondary"
            disabled={!text.trim()}
            onClick={() => void act('comments', { body: text })}
          >
            {t('security.case.comment')}
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={!text.trim()}
            onClick={() => void act('information-requests', { question: text })}
          >
            {t('security.case.askSubmitter')}
          </button>
          {canDecide && (
            <form className="form" onSubmit={decide} data-testid="decision-form">
              <label>
                {t('security.case.decision')}
                <select value={decision} onChange={(e) => setDecision(e.target.value)} name="decision">
                  {DECISIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(`security.decision.${d}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('security.case.reason')}
                <textarea
                  required
                  rows={3}
                  maxLength={5000}
                  name="reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
              {decision === 'approve-with-conditions' && (
                <label>
                  {t('security.case.conditions')}
                  <textarea
                    required
                    rows={3}
                    maxLength={5000}
                    value={conditions}
                    onChange={(e) => setConditions(e.target.value)}
                  />
                </label>
              )}
              <button type="submit" className="button">
                {t('security.case.decide')}
              </button>
            </form>
          )}
        </>
      )}
      {!open && <p className="source">{t('security.case.closed')}</p>}
    </div>
  );
}

function SubmitterActions({ c, refresh }: { c: CaseView; refresh: () => Promise<void> }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (c.status !== 'awaiting-information') return null;
  const respond = async () => {
    try {
      await send('POST', `/api/v1/security/cases/${c.reference}/responses`, { answer });
      setAnswer('');
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="panel">
      <h2>{t('security.case.answerTitle')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label className="form">
        {t('security.case.answer')}
        <textarea rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </label>
      <button type="button" className="button" disabled={!answer.trim()} onClick={() => void respond()}>
        {t('security.case.sendAnswer')}
      </button>
    </div>
  );
}

function Attachments({ c, refresh }: { c: CaseView; refresh: () => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      await uploadAttachment(c.reference, file, await currentCsrf());
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="panel">
      <h2>{t('security.case.attachments')}</h2>
      {c.attachments.length === 0 && <p className="source">–</p>}
      <ul>
        {c.attachments.map((a) => (
          <li key={a.id}>
            <a href={`/api/v1/security/cases/${c.reference}/attachments/${a.id}`} download>
              {a.filename}
            </a>{' '}
            <span className="source">
              {t('security.case.fileFacts', { size: a.sizeBytes, sha: a.sha256.slice(0, 12) })}
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label className="form">
        {t('security.case.addFile')}
        <input
          type="file"
          accept=".pdf,.png,.jpg,.jpeg,.txt,.csv,.docx,.xlsx"
          onChange={(e) => void upload(e.target.files?.[0])}
        />
      </label>
      <p className="source">{t('security.case.fileRules')}</p>
    </div>
  );
}

function Case({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const f = useFormats();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['security', 'case', reference],
    queryFn: () => getJson<CaseView>(`/api/v1/security/cases/${encodeURIComponent(reference)}`),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['security'] });
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <p className="error" role="alert">
        {q.error.message}
      </p>
    );
  const c = q.data;
  const reviewer = c.screening !== null;
  return (
    <>
      <h2 data-testid="case-title">
        {c.reference} · {t(`security.type.${c.caseType}`)}
      </h2>
      <dl className="facts">
        <dt>{t('security.field.status')}</dt>
        <dd data-testid="case-status">
          {c.decision ? t(`security.decision.${c.decision}`) : t(`security.status.${c.status}`)}
        </dd>
        <dt>{t('security.field.counterpart')}</dt>
        <dd>
          {c.counterpartName} ({c.counterpartCountry})
        </dd>
        {c.funder && (
          <>
            <dt>{t('security.field.funder')}</dt>
            <dd>{c.funder}</dd>
          </>
        )}
        {c.amountKrw !== null && (
          <>
            <dt>{t('security.field.amountKrw')}</dt>
            <dd>{t('security.krw', { value: f.integer(c.amountKrw) })}</dd>
          </>
        )}
        <dt>{t('security.field.technologies')}</dt>
        <dd>{[...c.technologyIds, c.technologyText].filter(Boolean).join('; ') || '–'}</dd>
        <dt>{t('security.field.receivedOn')}</dt>
        <dd>{c.receivedOn}</dd>
        <dt>{t('security.field.submitted')}</dt>
        <dd>
          {f.date(c.submittedAt)} · {c.submitter} · {c.organisation}
        </dd>
        <dt>{t('security.field.notifyDue')}</dt>
        <dd>
          {c.deadlines.notifyDue ?? '–'}
          {c.deadlines.notifiedLate ? ` · ${t('security.case.late')}` : ''}
        </dd>
        <dt>{t('security.field.answerDue')}</dt>
        <dd>
          <DeadlineBadge answer={c.deadlines.answer} due={c.deadlines.answerDue} />
        </dd>
        {c.decisionReason && (
          <>
            <dt>{t('security.case.reason')}</dt>
            <dd>{c.decisionReason}</dd>
          </>
        )}
        {c.decisionConditions && (
          <>
            <dt>{t('security.case.conditions')}</dt>
            <dd>{c.decisionConditions}</dd>
          </>
        )}
      </dl>
      <p className="source">{t('security.deadlineSource', { source: c.deadlines.source })}</p>
      <div className="panel">
        <h2>{t('security.field.description')}</h2>
        <p className="prewrap">{c.description}</p>
      </div>
      <Explanation c={c} />
      {reviewer ? <ReviewerActions c={c} refresh={refresh} /> : <SubmitterActions c={c} refresh={refresh} />}
      <Attachments c={c} refresh={refresh} />
      <div className="panel">
        <h2>{t('security.case.history')}</h2>
        <ol className="change-log" data-testid="case-events">
          {c.events.map((e) => (
            <li key={e.id}>
              {f.date(e.at)} · {t(`security.event.${e.kind}`, { defaultValue: e.kind })} · {e.actor}
              {e.body ? <div className="prewrap">{e.body}</div> : null}
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const { reference = '' } = useParams();
  return (
    <section>
      <h1>{t('security.case.title')}</h1>
      <RequirePermission permission="security:submit">
        <SecurityNav />
        <Case reference={reference} />
      </RequirePermission>
    </section>
  );
}
