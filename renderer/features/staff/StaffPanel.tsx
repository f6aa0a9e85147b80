import { useTranslation } from 'react-i18next';
import type { StaffSummary } from '../../../electron/contract/staff.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useCameraStatus } from '../face/camera.ts';
import { useStaffSession } from './staff-session.tsx';
import { AgreementsPanel } from './AgreementsPanel.tsx';
import { FiguresPanel } from './FiguresPanel.tsx';
import { ApplicationsPanel } from './ApplicationsPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { TapTimingsSwitch } from './tap-timings.tsx';

/**
 * The staff screens, over whatever the shopper's screen shows (the visit goes on beneath and
 * its end ends this too): the store's figures, applications to look at, agreements in their
 * cooling-off period, and the sync panel.
 */
export function StaffPanel({ staff }: { staff: StaffSummary }) {
  const { t } = useTranslation();
  const { signOut, setAssisting } = useStaffSession();
  const camera = useCameraStatus();
  return (
    <div className="staff-panel" role="dialog" aria-modal="true" aria-labelledby="staff-panel-title">
      <header className="staff-panel__header">
        <div>
          <h1 id="staff-panel-title">{t('staff.panel.title')}</h1>
          <p className="staff-panel__who">{t('staff.panel.who', { name: staff.name, role: t(`staff.role.${staff.role}`) })}</p>
          {/* Only staff hear about the camera: shoppers carry on without face features. */}
          <p className="staff-panel__camera">
            {t('face.staff.label')}: {t(`face.staff.${camera.state === 'unavailable' ? camera.reason : camera.state}`)}
          </p>
        </div>
        <div className="staff-panel__actions">
          <LanguageSwitch />
          <button type="button" className="primary-button" onClick={() => setAssisting(true)}>
            {t('staff.panel.assist')}
          </button>
          <button type="button" className="secondary-button" onClick={() => signOut()}>
            {t('staff.panel.signOut')}
          </button>
        </div>
      </header>
      <div className="staff-panel__body">
        <FiguresPanel />
        <ApplicationsPanel />
        <AgreementsPanel />
        <MembersPanel />
        <SyncPanel />
        <TapTimingsSwitch />
      </div>
    </div>
  );
}

/**
 * While staff help a customer: a slim bar over the shopper's screens says who is helping, and
 * leads back to the staff screens. The customer still consents and signs on their own.
 */
export function AssistBanner({ staff }: { staff: StaffSummary }) {
  const { t } = useTranslation();
  const { setAssisting } = useStaffSession();
  return (
    <div className="assist-banner" role="region" aria-label={t('staff.assist.region')}>
      <span>{t('staff.assist.who', { name: staff.name })}</span>
      <button type="button" className="secondary-button" onClick={() => setAssisting(false)}>
        {t('staff.assist.back')}
      </button>
    </div>
  );
}
