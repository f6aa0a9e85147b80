import { useTranslation } from 'react-i18next';
import { useCameraStatus } from './camera.ts';

/** Whenever the camera is on, on every screen, the shopper can see that it is (issue 10 item 1). */
export function CameraIndicator() {
  const { t } = useTranslation();
  const status = useCameraStatus();
  if (status.state !== 'on') return null;
  return (
    <div className="camera-indicator" role="status">
      <span className="camera-indicator__dot" aria-hidden="true" />
      {t('face.cameraOn')}
    </div>
  );
}
