import { useTranslation } from 'react-i18next';
import { useStaffSession } from './staff-session.tsx';
import { AssistBanner, StaffPanel } from './StaffPanel.tsx';
import { StaffSignIn } from './StaffSignIn.tsx';

/** What staff mode puts over the shopper's screen: the keypad, the staff screens, or a word that they locked. */
export function StaffLayer() {
  const { t } = useTranslation();
  const { state, lockedNotice } = useStaffSession();
  return (
    <>
      {state.phase === 'signing-in' && <StaffSignIn />}
      {state.phase === 'on' && (state.assisting ? <AssistBanner staff={state.staff} /> : <StaffPanel staff={state.staff} />)}
      {lockedNotice && (
        <div className="toast" role="status">
          {t('staff.panel.locked')}
        </div>
      )}
    </>
  );
}
