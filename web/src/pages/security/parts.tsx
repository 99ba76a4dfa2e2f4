import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useMe } from '../../auth-api';
import type { AnswerState } from '../../security-api';

export function RiskBadge({ level, score }: { level: string | null; score?: number | null }) {
  const { t } = useTranslation();
  if (!level) return <span className="badge">{t('security.unscreened')}</span>;
  return (
    <span className={`badge risk-${level}`} data-testid="risk">
      {t(`security.risk.${level}`)}
      {score !== undefined && score !== null ? ` · ${t('security.points', { count: score })}` : ''}
    </span>
  );
}

export function DeadlineBadge({ answer, due }: { answer: AnswerState; due: string | null }) {
  const { t } = useTranslation();
  if (answer.state === 'none' || !due) return <span className="source">{t('security.noDeadline')}</span>;
  const cls = answer.state === 'lapsed' ? 'badge-flag' : answer.state === 'due-soon' ? 'badge-warn' : 'badge';
  return (
    <span className={`badge ${cls}`} data-testid="deadline">
      {t(`security.deadline.${answer.state}`, { date: due, days: Math.abs(answer.daysLeft ?? 0) })}
      {answer.deemedConsentGiven ? ` · ${t('security.deemedConsent')}` : ''}
    </span>
  );
}

/** The section's own links; each shows only to those who may use it. */
export function SecurityNav() {
  const { t } = useTranslation();
  const me = useMe();
  const can = (p: string) => me.data?.user?.permissions.includes(p) ?? false;
  const links: Array<[string, string, boolean]> = [
    ['/security', 'security.nav.mine', can('security:submit')],
    ['/security/new', 'security.nav.new', can('security:submit')],
    ['/security/queue', 'security.nav.queue', can('security:read')],
    ['/security/report', 'security.nav.report', can('security:read')],
    ['/security/rules', 'security.nav.rules', can('security:read')],
  ];
  return (
    <nav className="toolbar" aria-label={t('security.nav.label')}>
      {links
        .filter(([, , ok]) => ok)
        .map(([to, key]) => (
          <NavLink key={to} to={to} end className="button button-secondary">
            {t(key)}
          </NavLink>
        ))}
    </nav>
  );
}
