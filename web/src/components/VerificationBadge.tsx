import { useTranslation } from 'react-i18next';

/** Shows how far the sources confirm an item, so reconstructed or unverified facts are never shown as settled. */
export function VerificationBadge({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${value}`} title={t(`taxonomy.verificationHelp.${value}`)}>
      {t(`taxonomy.verification.${value}`)}
    </span>
  );
}
