import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/Shell.tsx';

export function AuditPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('nav.audit')}</PageTitle>;
}
