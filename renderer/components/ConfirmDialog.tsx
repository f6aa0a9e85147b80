import { useEffect, useRef } from 'react';

/**
 * A question that stops the shopper before something that cannot be undone. The safe answer
 * has focus and Escape gives it; the other must be tapped on purpose.
 */
export function ConfirmDialog({
  title,
  body,
  confirm,
  cancel,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  return (
    <div
      className="overlay"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <div className="dialog confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-body">{body}</p>
        <div className="confirm__actions">
          <button type="button" className="secondary-button" onClick={onConfirm}>
            {confirm}
          </button>
          <button type="button" ref={safe} className="primary-button" onClick={onCancel}>
            {cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
