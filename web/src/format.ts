/** Locale number formats (Intl.NumberFormat per language); every value carries its unit. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formats {
  /** A count of works (fractional counts keep one decimal). */
  count(n: number): string;
  /** A fraction 0–1 shown as a percentage. */
  share(n: number): string;
  /** A value already in percent (0–100), e.g. level. */
  percent(n: number): string;
  /** A growth rate (fraction per year) with its sign. */
  growth(n: number): string;
  /** A ratio or index with two decimals. */
  ratio(n: number): string;
  /** A whole number (ranks, HHI × 10 000). */
  integer(n: number): string;
  /** Years, one decimal. */
  years(n: number): string;
  date(iso: string): string;
}

export function useFormats(): Formats {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'ko' ? 'ko-KR' : 'en-GB';
  return useMemo(() => {
    const count = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const share = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    const growth = new Intl.NumberFormat(lang, {
      style: 'percent',
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
    const ratio = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    const years = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    return {
      count: (n) => count.format(n),
      share: (n) => share.format(n),
      percent: (n) => share.format(n / 100),
      growth: (n) => growth.format(n),
      ratio: (n) => ratio.format(n),
      integer: (n) => integer.format(n),
      years: (n) => years.format(n),
      date: (iso) => date.format(new Date(iso)),
    };
  }, [lang]);
}
