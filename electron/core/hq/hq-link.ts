import type { Logger } from '../logger.ts';

/** How often HQ is probed, and how long one probe may take before HQ counts as unreachable. */
const PROBE_EVERY_MS = 15_000;
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Whether HQ is reachable, for the offline credit rules (DESIGN.md §5). A kiosk with no HQ
 * configured runs standalone (the demo store): there is no head office to wait for, so it decides
 * every application with the local model. With HQ configured the kiosk starts offline and turns
 * online only after a probe succeeds: approving on a guess would fail open.
 */
export class HqLink {
  private reachable = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string | undefined,
    private readonly log: Logger,
    private readonly probeEveryMs = PROBE_EVERY_MS,
  ) {}

  get standalone(): boolean {
    return this.url === undefined;
  }

  online(): boolean {
    return this.standalone || this.reachable;
  }

  start(): void {
    if (this.standalone || this.timer) return;
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.probeEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One probe of `<hqUrl>/health`; resolves to the new state. */
  async probe(): Promise<boolean> {
    if (this.url === undefined) return true;
    let reachable: boolean;
    try {
      const response = await fetch(new URL('health', this.url.endsWith('/') ? this.url : `${this.url}/`), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      reachable = response.ok;
    } catch {
      reachable = false;
    }
    if (reachable !== this.reachable) this.log.info({ reachable }, reachable ? 'HQ reachable' : 'HQ unreachable: offline credit rules apply');
    this.reachable = reachable;
    return reachable;
  }
}
