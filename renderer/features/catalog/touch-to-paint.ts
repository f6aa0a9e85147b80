import { useSyncExternalStore } from 'react';

/**
 * Touch-to-paint, the one tap figure (issue 13): from the finger landing on a category (the
 * touchstart's own timestamp, so time the event waited behind other work counts) to the frame
 * that first paints the category's first product tile (Element Timing's renderTime: the painted
 * frame, not the script that asked for it). A tap is cold the first time its category is tapped
 * since the page loaded, warm after.
 */
export interface TapFigure {
  ms: number;
  cold: boolean;
}

/** The user-timing measure `npm run bench` reads; only the latest is kept (a kiosk runs for months). */
export const TOUCH_TO_PAINT = 'touch-to-paint';
/** The staff overlay shows this many of the latest figures. */
const KEEP = 5;

/** The `elementtiming` identifier of a category's first tile (its name, the tile's first text). */
export const firstTileTiming = (categoryId: string) => `first-tile:${categoryId}`;

let pending: { identifier: string; start: number; cold: boolean } | null = null;
const tapped = new Set<string>();
let figures: readonly TapFigure[] = [];
const listeners = new Set<() => void>();
let observer: PerformanceObserver | undefined;

function painted(entries: PerformanceObserverEntryList): void {
  for (const entry of entries.getEntries() as PerformanceElementTiming[]) {
    if (!pending || entry.identifier !== pending.identifier || entry.renderTime < pending.start) continue;
    const { start, cold } = pending;
    pending = null;
    performance.clearMeasures(TOUCH_TO_PAINT);
    performance.measure(TOUCH_TO_PAINT, { start, end: entry.renderTime, detail: { cold } });
    figures = [{ ms: entry.renderTime - start, cold }, ...figures].slice(0, KEEP);
    for (const notify of listeners) notify();
  }
}

/** A finger came down on a category tile. */
export function categoryTouched(categoryId: string, timeStamp: number): void {
  pending = { identifier: firstTileTiming(categoryId), start: timeStamp, cold: !tapped.has(categoryId) };
  tapped.add(categoryId);
  if (!observer && PerformanceObserver.supportedEntryTypes.includes('element')) {
    observer = new PerformanceObserver(painted);
    observer.observe({ type: 'element' });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The latest figures, newest first. */
export function useTapFigures(): readonly TapFigure[] {
  return useSyncExternalStore(subscribe, () => figures);
}

interface PerformanceElementTiming extends PerformanceEntry {
  readonly identifier: string;
  readonly renderTime: number;
}
