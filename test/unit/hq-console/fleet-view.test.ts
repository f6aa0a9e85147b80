import { describe, expect, it } from 'vitest';
import type { KioskRow } from '../../../hq/console/api/schemas.ts';
import { facetCounts, filterFleet, NO_FILTER, prepare, sortFleet, versionsOf } from '../../../hq/console/features/fleet/fleet-view.ts';

let next = 0;
function kiosk(over: Partial<KioskRow>): KioskRow {
  next++;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    storeId: 'S001',
    label: `Kiosk ${next}`,
    appVersion: '1.5.0',
    enrolledAt: 1_790_000_000_000,
    revokedAt: null,
    revokeReason: null,
    nextSeq: 1,
    lastPushAt: null,
    lastPullAt: null,
    lastHeartbeatAt: 1_790_000_000_000 + next,
    silent: false,
    lastFrameAt: null,
    camera: 'on',
    syncPending: 0,
    ring: 'broad',
    pinnedVersion: null,
    updatesHeld: false,
    ...over,
  };
}

const rows = [
  kiosk({ storeId: 'S002', label: 'Entrance', appVersion: '1.10.0', camera: 'unplugged' }),
  kiosk({ storeId: 'S001', label: 'Fridges', appVersion: '1.9.2', silent: true, lastHeartbeatAt: null, camera: null }),
  kiosk({ storeId: 'S001', label: 'Entrance', appVersion: '1.9.2' }),
  kiosk({ storeId: 'S003', label: 'Back room', appVersion: '1.10.0', revokedAt: 1_790_000_000_500, syncPending: 40 }),
];
const items = prepare(rows);
const labels = (list: ReturnType<typeof filterFleet>) => list.map((i) => `${i.row.storeId} ${i.row.label}`);

describe('HQ console fleet view', () => {
  it('filters by every typed word, status, camera and version together', () => {
    expect(labels(filterFleet(items, { ...NO_FILTER, text: 'entrance s002' }))).toEqual(['S002 Entrance']);
    expect(labels(filterFleet(items, { ...NO_FILTER, text: 'ENTRANCE' }))).toEqual(['S002 Entrance', 'S001 Entrance']);
    expect(labels(filterFleet(items, { ...NO_FILTER, status: 'silent' }))).toEqual(['S001 Fridges']);
    expect(labels(filterFleet(items, { ...NO_FILTER, status: 'revoked' }))).toEqual(['S003 Back room']);
    expect(labels(filterFleet(items, { ...NO_FILTER, camera: 'none' }))).toEqual(['S001 Fridges']);
    expect(labels(filterFleet(items, { ...NO_FILTER, version: '1.9.2', text: 'entrance' }))).toEqual(['S001 Entrance']);
  });

  it('counts what each choice would show given the other filters', () => {
    const counts = facetCounts(items, { ...NO_FILTER, version: '1.9.2' });
    expect(Object.fromEntries(counts.status)).toEqual({ silent: 1, online: 1 });
    // The version facet ignores its own choice: every version stays countable.
    expect(Object.fromEntries(counts.version)).toEqual({ '1.10.0': 2, '1.9.2': 2 });
    expect(versionsOf(items)).toEqual(['1.10.0', '1.9.2']);
  });

  it('sorts versions as versions, keeps kiosks without a heartbeat last both ways, and breaks ties by store, label and id', () => {
    expect(sortFleet(items, { key: 'version', descending: true }).map((i) => i.row.appVersion)).toEqual(['1.10.0', '1.10.0', '1.9.2', '1.9.2']);
    expect(labels(sortFleet(items, { key: 'version', descending: false }))).toEqual(['S001 Entrance', 'S001 Fridges', 'S002 Entrance', 'S003 Back room']);
    expect(labels(sortFleet(items, { key: 'heartbeat', descending: false })).at(-1)).toBe('S001 Fridges');
    expect(labels(sortFleet(items, { key: 'heartbeat', descending: true })).at(-1)).toBe('S001 Fridges');
    expect(labels(sortFleet(items, { key: 'status', descending: false }))).toEqual(['S001 Fridges', 'S001 Entrance', 'S002 Entrance', 'S003 Back room']);
    // The same items and sort give the same array: reopening the page does not sort again.
    expect(sortFleet(items, { key: 'store', descending: false })).toBe(sortFleet(items, { key: 'store', descending: false }));
  });
});
