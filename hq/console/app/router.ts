import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`/console/#/fleet`): HQ serves one index.html and needs no fallback route, and a
 * reload or a pasted link opens the same page.
 */
export type Route =
  | { page: 'fleet' }
  | { page: 'kiosk'; kioskId: string }
  | { page: 'rollouts' }
  | { page: 'rollout'; rolloutId: number }
  | { page: 'publishing' }
  | { page: 'reviews' }
  | { page: 'models' }
  | { page: 'figures' }
  | { page: 'audit' };

/** The sections without sub-pages: the address is the section's name. */
const FLAT = ['publishing', 'reviews', 'models', 'figures', 'audit'] as const;

export const href = {
  fleet: () => '#/fleet',
  kiosk: (kioskId: string) => `#/fleet/${encodeURIComponent(kioskId)}`,
  rollouts: () => '#/rollouts',
  rollout: (id: number) => `#/rollouts/${id}`,
  publishing: () => '#/publishing',
  reviews: () => '#/reviews',
  models: () => '#/models',
  figures: () => '#/figures',
  audit: () => '#/audit',
};

export function parseRoute(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [section, id] = parts;
  if (parts.length > 2) return null;
  if (section === 'fleet') return id === undefined ? { page: 'fleet' } : { page: 'kiosk', kioskId: id };
  if (section === 'rollouts') {
    if (id === undefined) return { page: 'rollouts' };
    return /^\d{1,9}$/.test(id) ? { page: 'rollout', rolloutId: Number(id) } : null;
  }
  const flat = FLAT.find((page) => page === section);
  return flat && id === undefined ? { page: flat } : null;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current route; anything unknown (or no hash) is the fleet, and the address says so. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const route = parseRoute(hash);
  if (route) return route;
  history.replaceState(null, '', href.fleet());
  return { page: 'fleet' };
}
