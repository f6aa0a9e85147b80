import type { MaintenanceWindow } from '../contract/fleet.ts';
import { STORE_TIME_ZONE } from './promotions.ts';

/**
 * Comparing app versions (major.minor.patch, a pre-release below its release) and the store's
 * maintenance window: the two rules an update is installed by.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

const storeClock = new Intl.DateTimeFormat('en-GB', { timeZone: STORE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `epochMs` falls in the window, in store time; a window may cross midnight, and start = end means all day. */
export function inMaintenanceWindow(window: MaintenanceWindow, epochMs: number): boolean {
  const now = minutes(storeClock.format(epochMs));
  const start = minutes(window.start);
  const end = minutes(window.end);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
