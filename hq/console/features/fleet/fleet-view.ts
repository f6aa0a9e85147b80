import { RINGS, type CameraHealth } from '../../../../electron/contract/fleet.ts';
import { compareVersions } from '../../../../electron/domain/release.ts';
import type { KioskRow } from '../../api/schemas.ts';

/**
 * The fleet table's filters, sort and counts: pure, over rows prepared once per answer, so a
 * keystroke in the filter costs one pass over 5,000 prepared rows and no allocation per row
 * beyond the result.
 */

export type KioskStatus = 'online' | 'silent' | 'revoked';
/** A kiosk that never sent a heartbeat has no camera state: 'none'. */
export type CameraFilter = CameraHealth | 'none';

export interface FleetFilter {
  text: string;
  status: KioskStatus | 'all';
  camera: CameraFilter | 'all';
  version: string | 'all';
}
export const NO_FILTER: FleetFilter = { text: '', status: 'all', camera: 'all', version: 'all' };

export const SORT_KEYS = ['store', 'kiosk', 'version', 'ring', 'status', 'heartbeat', 'backlog', 'frame', 'camera'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface FleetSort {
  key: SortKey;
  descending: boolean;
}

export interface FleetItem {
  row: KioskRow;
  status: KioskStatus;
  camera: CameraFilter;
  /** Store, label, version and id, lower-cased: what the text filter looks in. */
  haystack: string;
}

export function statusOf(row: KioskRow): KioskStatus {
  return row.revokedAt !== null ? 'revoked' : row.silent ? 'silent' : 'online';
}

/**
 * Per answer, kept while the answer is (a WeakMap on it): opening the fleet page again with the
 * list on hand neither prepares nor sorts 5,000 rows again.
 */
const prepared = new WeakMap<readonly KioskRow[], FleetItem[]>();
const sortedBy = new WeakMap<readonly FleetItem[], Map<string, FleetItem[]>>();

export function prepare(rows: readonly KioskRow[]): FleetItem[] {
  let items = prepared.get(rows);
  if (!items) {
    items = rows.map((row) => ({
      row,
      status: statusOf(row),
      camera: row.camera ?? 'none',
      haystack: `${row.storeId} ${row.label ?? ''} ${row.appVersion} ${row.id}`.toLowerCase(),
    }));
    prepared.set(rows, items);
  }
  return items;
}

type Facet = 'status' | 'camera' | 'version';

function matches(item: FleetItem, filter: FleetFilter, words: readonly string[], except?: Facet): boolean {
  if (except !== 'status' && filter.status !== 'all' && item.status !== filter.status) return false;
  if (except !== 'camera' && filter.camera !== 'all' && item.camera !== filter.camera) return false;
  if (except !== 'version' && filter.version !== 'all' && item.row.appVersion !== filter.version) return false;
  for (const word of words) if (!item.haystack.includes(word)) return false;
  return true;
}

const wordsOf = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

export function filterFleet(items: readonly FleetItem[], filter: FleetFilter): FleetItem[] {
  const words = wordsOf(filter.text);
  return items.filter((item) => matches(item, filter, words));
}

export interface FacetCounts {
  status: Map<KioskStatus, number>;
  camera: Map<CameraFilter, number>;
  version: Map<string, number>;
}

/**
 * How many kiosks each choice of a filter would show, given the other filters (so the counts
 * beside "silent" say what picking it gives, not the whole fleet's figure).
 */
export function facetCounts(items: readonly FleetItem[], filter: FleetFilter): FacetCounts {
  const words = wordsOf(filter.text);
  const counts: FacetCounts = { status: new Map(), camera: new Map(), version: new Map() };
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const item of items) {
    if (matches(item, filter, words, 'status')) bump(counts.status, item.status);
    if (matches(item, filter, words, 'camera')) bump(counts.camera, item.camera);
    if (matches(item, filter, words, 'version')) bump(counts.version, item.row.appVersion);
  }
  return counts;
}

/** Every version in the fleet, newest first. */
export function versionsOf(items: readonly FleetItem[]): string[] {
  return [...new Set(items.map((i) => i.row.appVersion))].sort((a, b) => compareVersions(b, a));
}

const STATUS_ORDER: Record<KioskStatus, number> = { silent: 0, online: 1, revoked: 2 };
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Compares on the key (rings in rollout order); null (no heartbeat yet) sorts last whichever the direction. */
function compareOn(key: SortKey, a: FleetItem, b: FleetItem): number | null {
  const nullable = (x: number | string | null | undefined, y: number | string | null | undefined): number | null => {
    if (x == null || y == null) return x == null && y == null ? 0 : null;
    return typeof x === 'number' && typeof y === 'number' ? x - y : text(String(x), String(y));
  };
  switch (key) {
    case 'store':
      return text(a.row.storeId, b.row.storeId);
    case 'kiosk':
      return text(a.row.label ?? a.row.id, b.row.label ?? b.row.id);
    case 'version':
      return compareVersions(a.row.appVersion, b.row.appVersion);
    case 'ring':
      return RINGS.indexOf(a.row.ring) - RINGS.indexOf(b.row.ring);
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'heartbeat':
      return nullable(a.row.lastHeartbeatAt, b.row.lastHeartbeatAt);
    case 'backlog':
      return nullable(a.row.syncPending, b.row.syncPending);
    case 'frame':
      return nullable(a.row.lastFrameAt, b.row.lastFrameAt);
    case 'camera':
      return text(a.camera, b.camera);
  }
}

const nullLast = (key: SortKey, a: FleetItem, b: FleetItem): number => {
  const value = (item: FleetItem) =>
    key === 'heartbeat' ? item.row.lastHeartbeatAt : key === 'backlog' ? item.row.syncPending : key === 'frame' ? item.row.lastFrameAt : 0;
  return (value(a) == null ? 1 : 0) - (value(b) == null ? 1 : 0);
};

/** A sorted copy (the same array again for the same items and sort); ties go by store, then label, then id, so the order never jumps between refreshes. */
export function sortFleet(items: readonly FleetItem[], sort: FleetSort): FleetItem[] {
  let byKey = sortedBy.get(items);
  if (!byKey) sortedBy.set(items, (byKey = new Map()));
  const key = `${sort.key}:${sort.descending}`;
  let sorted = byKey.get(key);
  if (!sorted) byKey.set(key, (sorted = sortOnce(items, sort)));
  return sorted;
}

function sortOnce(items: readonly FleetItem[], sort: FleetSort): FleetItem[] {
  const sign = sort.descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const primary = compareOn(sort.key, a, b);
    if (primary === null) return nullLast(sort.key, a, b);
    if (primary !== 0) return sign * primary;
    return text(a.row.storeId, b.row.storeId) || text(a.row.label ?? '', b.row.label ?? '') || text(a.row.id, b.row.id);
  });
}
