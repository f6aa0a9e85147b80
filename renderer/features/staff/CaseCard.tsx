import type { ReactNode } from 'react';

/**
 * One case on a staff list (an application to look at, an agreement in its cooling-off period):
 * who and which reference as its heading, its state as a coloured label, then what staff can do.
 */
export function CaseCard({ id, title, status, tone, children }: { id: string; title: string; status: string; tone: string; children: ReactNode }) {
  return (
    <li className="staff-application" aria-labelledby={id}>
      <div className="staff-application__head">
        <h3 id={id}>{title}</h3>
        <span className={`staff-application__status staff-application__status--${tone}`}>{status}</span>
      </div>
      {children}
    </li>
  );
}
