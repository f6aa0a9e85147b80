import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, ApiResult } from '../../../electron/contract/errors.ts';
import { ChoiceGroup } from '../../components/fields.tsx';

/**
 * A staff decision that needs a reason code (approve, decline, cancel …): the reasons to choose
 * from, then confirm; a refusal from the kiosk is said here, translated.
 */
export function ReasonPicker<T extends string>({
  id,
  legend,
  reasons,
  label,
  back,
  confirm,
  submit,
  onBack,
  onDone,
}: {
  id: string;
  legend: string;
  reasons: readonly T[];
  label: (reason: T) => string;
  back: string;
  confirm: string;
  submit: (reason: T) => Promise<ApiResult<unknown>>;
  onBack: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const go = async () => {
    if (reason === null) return;
    setBusy(true);
    setError(null);
    const result = await submit(reason);
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };

  return (
    <div className="staff-application__decide">
      <ChoiceGroup id={id} legend={legend} options={reasons.map((value) => ({ value, label: label(value) }))} value={reason} onChange={setReason} />
      {error && (
        <p className="staff-application__error" role="alert">
          {t(`errors.${error.code}`)}
        </p>
      )}
      <div className="staff-application__actions">
        <button type="button" className="secondary-button" onClick={onBack} disabled={busy}>
          {back}
        </button>
        <button type="button" className="primary-button" onClick={() => void go()} disabled={busy || reason === null}>
          {confirm}
        </button>
      </div>
    </div>
  );
}
