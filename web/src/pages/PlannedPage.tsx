import { useTranslation } from 'react-i18next';

export function PlannedPage({ section }: { section: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t(`pages.${section}.title`)}</h1>
      <p className="intro">{t(`pages.${section}.intro`)}</p>
      <div className="panel panel-muted" data-testid="planned">
        <h2>{t('planned.heading')}</h2>
        <p>{t('planned.body')}</p>
      </div>
    </section>
  );
}
