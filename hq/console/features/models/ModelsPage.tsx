import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/Shell.tsx';

export function ModelsPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('nav.models')}</PageTitle>;
}
