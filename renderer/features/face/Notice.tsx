import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A message the shopper cannot act on here, the way back, and any other way on (`children`). */
export function Notice({ text, onCancel, children }: { text: string; onCancel: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="members__body">
      <p role="alert">{text}</p>
      <div className="form-nav">
        <button type="button" className="secondary-button" onClick={onCancel}>
          {t('face.capture.cancel')}
        </button>
        {children}
      </div>
    </div>
  );
}
