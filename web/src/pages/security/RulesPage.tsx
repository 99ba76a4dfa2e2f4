import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';
import { send, useMe } from '../../auth-api';
import { RequirePermission } from '../../components/RequirePermission';
import { SecurityNav } from './parts';

interface Rule {
  id: string;
  type: string;
  label: string;
  labelKo: string;
  points: number;
}
interface RuleSetDto {
  version: number;
  active: boolean;
  note: string | null;
  createdAt: string;
  createdBy: string;
  rules: {
    name: string;
    status?: string;
    thresholds: { medium: number; high: number };
    deadlines: {
      notifyWithinDays: number;
      answerWithinDays: number;
      deemedConsent: boolean;
      dayCount: string;
      source: string;
    };
    countryGroups: Array<{ id: string; name: string; nameKo: string; countries: string[]; source: string }>;
    rules: Rule[];
  };
}

function Editor({ current }: { current: RuleSetDto }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(current.rules, null, 2));
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const publish = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setMessage({ ok: false, text: t('security.rules.badJson', { message: (e as Error).message }) });
      return;
    }
    try {
      const saved = await send<RuleSetDto>('PUT', '/api/v1/security/rules', {
        rules: parsed,
        note: note || undefined,
      });
      setMessage({ ok: true, text: t('security.rules.published', { version: saved.version }) });
      await client.invalidateQueries({ queryKey: ['security', 'rules'] });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <div className="panel">
      <h2>{t('security.rules.edit')}</h2>
      <p className="source">{t('security.rules.editHelp')}</p>
      <label className="form">
        {t('security.rules.json')}
        <textarea rows={16} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="form">
        {t('security.rules.note')}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      {message && (
        <p className={message.ok ? 'status-ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="button" className="button" onClick={() => void publish()}>
        {t('security.rules.publish')}
      </button>
    </div>
  );
}

function Rules() {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  const me = useMe();
  const q = useQuery({
    queryKey: ['security', 'rules'],
    queryFn: () => getJson<{ ruleSets: RuleSetDto[] }>('/api/v1/security/rules'),
  });
  if (q.isPending) return <p>{t('system.loading')}</p>;
  if (q.isError)
    return (
      <p className="error" role="alert">
        {q.error.message}
      </p>
    );
  const active = q.data.ruleSets.find((s) => s.active)!;
  const set = active.rules;
  return (
    <>
      <p>
        {t('security.rules.active', { version: active.version, by: active.createdBy })}
        {set.status && <span className="badge badge-unverified"> {set.status}</span>}
      </p>
      <table className="data-table" data-testid="rules-table">
        <caption>
          {t('security.rules.thresholds', { medium: set.thresholds.medium, high: set.thresholds.high })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('security.rules.rule')}</th>
            <th scope="col">{t('security.rules.type')}</th>
            <th scope="col">{t('security.rules.points')}</th>
          </tr>
        </thead>
        <tbody>
          {set.rules.map((r) => (
            <tr key={r.id}>
              <td>
                {ko ? r.labelKo : r.label}
                <div className="source">{r.id}</div>
              </td>
              <td>{r.type}</td>
              <td>{r.points}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('security.rules.groups')}</h2>
      <ul>
        {set.countryGroups.map((g) => (
          <li key={g.id}>
            <strong>{ko ? g.nameKo : g.name}</strong>: {g.countries.join(', ') || '–'}{' '}
            <span className="source">({g.source})</span>
          </li>
        ))}
      </ul>
      <h2>{t('security.rules.deadlines')}</h2>
      <p>
        {t('security.rules.deadlineText', {
          notify: set.deadlines.notifyWithinDays,
          answer: set.deadlines.answerWithinDays,
          dayCount: t(`security.rules.dayCount.${set.deadlines.dayCount}`),
        })}{' '}
        {set.deadlines.deemedConsent ? t('security.rules.deemed') : ''}
      </p>
      <p className="source">{set.deadlines.source}</p>
      <h2>{t('security.rules.versions')}</h2>
      <ul>
        {q.data.ruleSets.map((s) => (
          <li key={s.version}>
            v{s.version} · {s.createdAt.slice(0, 10)} · {s.createdBy}
            {s.note ? ` · ${s.note}` : ''}
            {s.active ? ` · ${t('security.rules.isActive')}` : ''}
          </li>
        ))}
      </ul>
      {me.data?.user?.permissions.includes('security:rules') && (
        <Editor key={active.version} current={active} />
      )}
    </>
  );
}

export function RulesPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('security.rules.title')}</h1>
      <p className="intro">{t('security.rules.intro')}</p>
      <RequirePermission permission="security:read">
        <SecurityNav />
        <Rules />
      </RequirePermission>
    </section>
  );
}
