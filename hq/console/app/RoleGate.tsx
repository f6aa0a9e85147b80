import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../server/permissions.ts';
import { useMay, useSession } from './session.tsx';
import { PageTitle } from './Shell.tsx';

/**
 * A page only some roles may open. The nav hides its link from the others; a pasted address still
 * deserves a clear answer (the page's title, and who may use it) rather than a form HQ refuses.
 */
export function RoleGate({ needs, title, refusal, children }: { needs: Permission; title: string; refusal: (role: string) => string; children: ReactNode }) {
  const { t } = useTranslation();
  const may = useMay();
  const { user } = useSession();
  if (may(needs)) return children;
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <p className="note">{refusal(t(`roles.${user.role}`))}</p>
    </>
  );
}
