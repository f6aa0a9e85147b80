/**
 * Presence signal for the attract screen. The face feature (camera presence detection) will
 * call `reportPresence(true)` when someone stands in front of the kiosk; the attract screen
 * wakes up (greets, skips ahead in its loop) while someone is there.
 */
type Listener = (present: boolean) => void;
const listeners = new Set<Listener>();

export function reportPresence(present: boolean): void {
  for (const listener of listeners) listener(present);
}

export function onPresence(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
