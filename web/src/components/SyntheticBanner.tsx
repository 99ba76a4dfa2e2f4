import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson, type DatasetList } from '../api-client';

/** Shown on every page whenever any synthetic (demo) data set is loaded. */
export function SyntheticBanner() {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['datasets'],
    queryFn: () => getJson<DatasetList>('/api/v1/datasets'),
  });
  if (!data?.synthetic) return null;
  return (
    <div className="banner banner-synthetic" role="status" data-testid="synthetic-banner">
      {t('banner.synthetic')}
    </div>
  );
}
