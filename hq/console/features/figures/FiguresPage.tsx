import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/Shell.tsx';

export function FiguresPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('nav.figures')}</PageTitle>;
}
