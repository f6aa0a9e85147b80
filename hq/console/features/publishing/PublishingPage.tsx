import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/Shell.tsx';

export function PublishingPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('nav.publishing')}</PageTitle>;
}
