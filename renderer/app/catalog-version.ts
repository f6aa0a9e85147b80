import { useSyncExternalStore } from 'react';
import { kiosk } from './kiosk-client.ts';

/**
 * How many times the catalog changed under this screen (HQ published prices, stock, products, or
 * a future-dated price took effect). Screens that show catalog data refetch when it moves, so a
 * shopper never sees a price the kiosk would no longer charge.
 */
let version = 0;
const listeners = new Set<() => void>();
let unsubscribe: (() => void) | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  unsubscribe ??= kiosk.on((event) => {
    if (event.name !== 'catalog.updated') return;
    version += 1;
    for (const notify of listeners) notify();
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unsubscribe?.();
      unsubscribe = undefined;
    }
  };
}

/** Calls `listener` whenever the catalog changes, for a cache that must not outlive a catalog version. */
export const onCatalogChange = subscribe;

export function useCatalogVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
