import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal question before a change to the fleet (the browser's own <dialog>: focus is kept
 * inside, Escape cancels, the page behind is inert). `children` are the form's fields; the
 * confirm button submits the form, so Enter in a field confirms too.
 */
export function Dialog({
  title,
  description,
  confirm,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  description: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onConfirm();
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-body`}>{description}</p>
        {children}
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.working') : confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
