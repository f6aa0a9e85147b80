import type { TFunction } from 'i18next';
import type { KioskStatus } from './fleet-view.ts';

/**
 * Online, silent or revoked: in words, with a colour that only repeats them. Takes `t` rather
 * than a hook: the fleet table draws dozens per keystroke.
 */
export function StatusBadge({ status, t }: { status: KioskStatus; t: TFunction }) {
  return <span className={`badge badge--${status}`}>{t(`fleet.status.${status}`)}</span>;
}
