import type { Logger } from './logger.ts';

/**
 * What happened inside the core, for the features and shells that react to it. Emitted after the
 * write that it reports has committed. The contract's `events` name the ones renderers also get.
 */
export interface CoreEventMap {
  'catalog.updated': { version: string };
  'session.ended': { sessionId: string };
  /** A credit agreement was signed: the Electron shell saves its PDF copy. */
  'contract.signed': { contractId: string; applicationId: string };
  /** The staff session ended (signed out, auto-locked, the visit ended): staff screens close. */
  'staff.ended': { reason: 'signed_out' | 'auto_locked' | 'visit_ended' | 'replaced' };
}
export type CoreEventName = keyof CoreEventMap;

type Listener<E extends CoreEventName> = (payload: CoreEventMap[E]) => void;

export class CoreEvents {
  private readonly listeners = new Map<CoreEventName, Set<Listener<never>>>();

  constructor(private readonly log: Logger) {}

  on<E extends CoreEventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Every listener runs; one that throws is logged and does not stop the others or the emitter. */
  emit<E extends CoreEventName>(name: E, payload: CoreEventMap[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        this.log.error({ event: name, err: error }, 'core event listener failed');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
