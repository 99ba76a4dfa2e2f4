/** Small pieces shared by the dashboard, technology and country pages: badges, missing values, controls. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-client';
import { useCountries, useCountryName, type Counting, type WindowState } from '../../standing-api';

export const BAND_KEYS = {
  최고: 'top',
  선도: 'leading',
  추격: 'catching',
  후발: 'lagging',
  낙후: 'behind',
} as const;
export type Band = keyof typeof BAND_KEYS;

/** KISTEP technology-level band (최고/선도/추격/후발/낙후) with its threshold as a tooltip. */
export function BandBadge({ band }: { band: Band | null }) {
  const { t } = useTranslation();
  if (!band) return <Missing reason={t('standing.missing.noData')} />;
  const key = BAND_KEYS[band];
  return (
    <span className={`badge band band-${key}`} title={t(`standing.bandHelp.${key}`)}>
      {t(`standing.band.${key}`)}
    </span>
  );
}

export type StandingClass = 'leading' | 'catch_up_competitive' | 'future_challenge';

export function ClassBadge({ value }: { value: StandingClass | null }) {
  const { t } = useTranslation();
  if (!value) return <Missing reason={t('standing.missing.noData')} />;
  return (
    <span className={`badge class class-${value}`} title={t('standing.classHelp')}>
      {t(`standing.class.${value}`)}
    </span>
  );
}

/** A missing number: an en dash with the reason as tooltip and accessible name. */
export function Missing({ reason }: { reason: string }) {
  return (
    <span className="missing" title={reason} aria-label={reason} role="img">
      –
    </span>
  );
}

/** A value or, when null, the dash with its reason. */
export function Value({
  value,
  format,
  reason,
}: {
  value: number | null | undefined;
  format: (n: number) => string;
  reason?: string;
}) {
  const { t } = useTranslation();
  if (value === null || value === undefined || !Number.isFinite(value))
    return <Missing reason={reason ?? t('standing.missing.noData')} />;
  return <>{format(value)}</>;
}

export function QueryState({
  isPending,
  error,
  children,
}: {
  isPending: boolean;
  error: Error | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  // 404 from a standing route: the technology list or the data is not loaded yet (an empty state, not a failure).
  if (error instanceof ApiError && error.status === 404)
    return (
      <div className="panel panel-muted" role="status" data-testid="empty-state">
        <h2>{t('standing.empty.title')}</h2>
        <p>{t('standing.empty.body', { detail: error.message })}</p>
      </div>
    );
  if (error)
    return (
      <p className="error" role="alert">
        {t('standing.loadError', { message: error.message })}
      </p>
    );
  if (isPending)
    return (
      <p className="loading" role="status" aria-live="polite">
        {t('system.loading')}
      </p>
    );
  return <>{children}</>;
}

export function CountryPicker({ value, onChange }: { value: string; onChange: (cc: string) => void }) {
  const { t, i18n } = useTranslation();
  const countries = useCountries();
  const name = useCountryName();
  const list = [...(countries.data?.countries ?? [])].sort((a, b) =>
    name(a.alpha2).localeCompare(name(b.alpha2), i18n.language),
  );
  return (
    <label className="control">
      <span>{t('standing.homeCountry')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="country-picker">
        {list.length === 0 && <option value={value}>{value}</option>}
        {list.map((c) => (
          <option key={c.alpha2} value={c.alpha2}>
            {name(c.alpha2)} ({c.alpha2})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Counting method and the five-year (or chosen) window; values go to the URL. */
export function WindowControls({
  state,
  update,
  from,
  to,
  latestYear,
}: {
  state: WindowState;
  update: (patch: Partial<WindowState>) => void;
  from: number;
  to: number;
  latestYear: number | null;
}) {
  const { t } = useTranslation();
  const last = latestYear ?? to;
  const years = Array.from({ length: 16 }, (_, i) => last - i);
  return (
    <>
      <label className="control">
        <span>{t('standing.counting')}</span>
        <select
          value={state.counting}
          onChange={(e) => update({ counting: e.target.value as Counting })}
          data-testid="counting"
        >
          <option value="fractional">{t('standing.countingValue.fractional')}</option>
          <option value="full">{t('standing.countingValue.full')}</option>
        </select>
      </label>
      <label className="control">
        <span>{t('standing.from')}</span>
        <select
          value={from}
          onChange={(e) => update({ from: Number(e.target.value), to })}
          data-testid="window-from"
        >
          {years
            .filter((y) => y <= to)
            .map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
        </select>
      </label>
      <label className="control">
        <span>{t('standing.to')}</span>
        <select
          value={to}
          onChange={(e) =>
            update({ to: Number(e.target.value), from: Math.min(from, Number(e.target.value)) })
          }
          data-testid="window-to"
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Method strings of a standing response, as a definition list under a disclosure. */
export function MethodNotes({
  method,
  methodKo,
  vintage,
  params,
  extra,
}: {
  method: Record<string, string>;
  /** The same texts in Korean, shown on Korean screens. */
  methodKo?: Record<string, string>;
  vintage: {
    latestYear: number | null;
    rolledUpAt: string | null;
    referenceField: string | null;
    synthetic: boolean;
  };
  params: { from: number; to: number; counting: string };
  extra?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const korean = i18n.language === 'ko';
  const rolled = vintage.rolledUpAt
    ? new Intl.DateTimeFormat(i18n.language === 'ko' ? 'ko-KR' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'UTC',
      }).format(new Date(vintage.rolledUpAt))
    : t('standing.notRolledUp');
  return (
    <footer className="method-footer" data-testid="method-footer">
      <p>
        {t('standing.vintageLine', {
          from: params.from,
          to: params.to,
          latest: vintage.latestYear ?? '–',
          rolled,
        })}{' '}
        {vintage.synthetic && <strong className="synthetic-tag">{t('standing.syntheticTag')}</strong>}
      </p>
      <details>
        <summary>{t('standing.methodTitle')}</summary>
        <dl className="method-list">
          {Object.entries(korean && methodKo ? methodKo : method).map(([k, v]) => (
            <div key={k}>
              <dt>{t(`standing.methodKey.${k}`, { defaultValue: k })}</dt>
              <dd lang={korean && methodKo ? 'ko' : 'en'}>{v}</dd>
            </div>
          ))}
        </dl>
        {extra}
      </details>
    </footer>
  );
}

/** Years needed to reach the leader's level: "World leader" at 100 %, the dash with its reason when not closing. */
export function GapValue({
  level,
  gapYears,
  format,
  short = false,
}: {
  level: number | null;
  gapYears: number | null;
  format: (n: number) => string;
  /** In a table whose column heading names the unit: the number alone. */
  short?: boolean;
}) {
  const { t } = useTranslation();
  if (level === 100) return <>{short ? format(0) : t('standing.isLeader')}</>;
  if (gapYears === null || !Number.isFinite(gapYears)) return <Missing reason={t('standing.missing.gap')} />;
  const full = t('standing.yearsValue', { value: format(gapYears) });
  // A trend that barely rises puts the meeting point centuries away: shown as a bound, exact in the tooltip.
  if (gapYears > 100)
    return (
      <span title={full}>{short ? `> ${format(100)}` : t('standing.gapBeyond', { value: format(100) })}</span>
    );
  return <>{short ? format(gapYears) : full}</>;
}
