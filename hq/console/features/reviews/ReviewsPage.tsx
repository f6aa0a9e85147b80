import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/Shell.tsx';

export function ReviewsPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('nav.reviews')}</PageTitle>;
}
