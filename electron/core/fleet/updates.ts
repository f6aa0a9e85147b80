import type { UpdateCheckResponse } from '../../contract/fleet.ts';
import type { Logger } from '../logger.ts';
import type { HqClient, HqResult } from '../sync/hq-client.ts';
import type { HealthChecks, UpdateManager, UpdateView } from './update-manager.ts';

/** Kiosks ask HQ hourly; a whole fleet asking at once would be a thundering herd, so each waits a random part of it first. */
export const UPDATE_CHECK_EVERY_MS = 60 * 60_000;
const TICK_EVERY_MS = 60_000;

export interface FleetUpdatesDeps {
  manager: UpdateManager;
  appVersion: string;
  log: Logger;
  /** The signed line to HQ, or null (not enrolled, standalone). */
  line: () => Pick<HqClient, 'updateCheck'> | null;
  /** The first boot's health gate, as the kiosk sees itself now. */
  health: () => HealthChecks;
}

/**
 * Drives the update manager: asks HQ what to run (its offer, or nothing: then a pending update is
 * withdrawn), ticks the install window each minute, and passes the first boot's health gate once
 * every check holds (a gate that never holds reverts at its deadline, in the manager).
 */
export class FleetUpdates {
  private checkTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;

  constructor(private readonly d: FleetUpdatesDeps) {}

  async check(): Promise<UpdateView | null> {
    const line = this.d.line();
    if (!line) return null;
    const answer: HqResult<UpdateCheckResponse> = await line.updateCheck({ appVersion: this.d.appVersion });
    if (!answer.ok) {
      this.d.log.debug({ code: answer.code }, 'update check not answered');
      return null;
    }
    const { offer } = answer.data;
    return offer ? this.d.manager.offer(offer.manifest, offer.feedUrl) : this.d.manager.withdraw();
  }

  tick(): UpdateView | null {
    const view = this.d.manager.tick();
    if (view?.state !== 'first_boot') return view;
    const checks = this.d.health();
    return Object.values(checks).every(Boolean) ? this.d.manager.health(checks) : view;
  }

  start(checkEveryMs = UPDATE_CHECK_EVERY_MS): void {
    if (this.tickTimer) return;
    this.d.manager.started();
    this.tickTimer = setInterval(() => this.tick(), TICK_EVERY_MS);
    this.tickTimer.unref();
    const check = () => void this.check().catch((error: unknown) => this.d.log.warn({ err: error }, 'update check failed'));
    this.checkTimer = setTimeout(() => {
      check();
      this.checkTimer = setInterval(check, checkEveryMs);
      this.checkTimer.unref();
    }, Math.random() * Math.min(checkEveryMs, 5 * 60_000));
    this.checkTimer.unref();
  }

  stop(): void {
    clearInterval(this.tickTimer);
    clearInterval(this.checkTimer);
    this.tickTimer = this.checkTimer = undefined;
  }
}
