import { useId, type ReactNode } from 'react';

/**
 * A labelled control. The label points at the control (for/id) rather than wrapping it: a wrapping
 * label would give a select the name "Status All" (the chosen option is part of the label's text),
 * where a screen reader should say "Status", then the value.
 */
export function Field({ label, className, children }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
