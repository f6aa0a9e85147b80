import { statfsSync } from 'node:fs';
import type { CameraHealth, Heartbeat, WatchdogReport } from '../../contract/fleet.ts';
import { HEARTBEAT_EVERY_MS } from '../../contract/fleet.ts';
import type { Logger } from '../logger.ts';
import type { HqClient } from '../sync/hq-client.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { UpdateStore } from './update-store.ts';

export interface HeartbeatDeps {
  now: () => number;
  log: Logger;
  appVersion: string;
  dataDir: string;
  sync: Pick<SyncService, 'status' | 'line'>;
  updates: UpdateStore;
  /** Errors logged so far (the logger counts them). */
  errors: () => number;
  /** The watchdog's reloads and safe mode (core/fleet/watchdog.ts). */
  watchdog?: () => WatchdogReport;
}

/**
 * The kiosk's minute heartbeat to HQ (issue 12 item 3): version, uptime, sync backlog and datasets,
 * the camera and the last frame the renderer painted (from its own heartbeat), disk and memory,
 * errors since the last one HQ took, and the update states not reported yet. Nothing of a shopper.
 */
export class HeartbeatSender {
  private readonly startedAt: number;
  private lastFrameAt: number | null = null;
  private camera: CameraHealth = 'unknown';
  private errorsReported = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<boolean> | undefined;

  constructor(private readonly d: HeartbeatDeps) {
    this.startedAt = d.now();
  }

  /** The renderer painted a frame just now (its heartbeat comes from inside an animation frame). */
  rendererAlive(camera: CameraHealth): void {
    this.lastFrameAt = this.d.now();
    this.camera = camera;
  }

  /** What the renderer last said: when it painted, and the camera (a first boot's health gate needs both). */
  renderer(): { lastFrameAt: number | null; camera: CameraHealth } {
    return { lastFrameAt: this.lastFrameAt, camera: this.camera };
  }

  build(): { heartbeat: Heartbeat; lastUpdateId: number | null; errors: number } {
    const { d } = this;
    const status = d.sync.status();
    const updates = d.updates.unreported();
    const errors = d.errors();
    return {
      heartbeat: {
        sentAt: d.now(),
        appVersion: d.appVersion,
        startedAt: this.startedAt,
        sync: { pending: status.pending.total, oldestAt: status.pending.oldestAt },
        datasets: Object.fromEntries(status.datasets.filter((s) => s.version !== null).map((s) => [s.name, String(s.version)])),
        camera: this.camera,
        diskFreeBytes: diskFree(d.dataDir),
        memoryRssBytes: process.memoryUsage.rss(),
        lastFrameAt: this.lastFrameAt,
        errors: Math.max(0, errors - this.errorsReported),
        updates: updates.map(({ version, state, reason, at }) => ({ version, state, reason, at })),
        ...(d.watchdog ? { watchdog: d.watchdog() } : {}),
      },
      lastUpdateId: updates.at(-1)?.id ?? null,
      errors,
    };
  }

  /** Sends one now; what HQ took is not sent again. False when there is no HQ line or it refused. */
  send(): Promise<boolean> {
    this.sending ??= this.sendOnce().finally(() => (this.sending = undefined));
    return this.sending;
  }

  private async sendOnce(): Promise<boolean> {
    const line: Pick<HqClient, 'heartbeat'> | null = this.d.sync.line();
    if (!line) return false;
    const { heartbeat, lastUpdateId, errors } = this.build();
    const answer = await line.heartbeat(heartbeat);
    if (!answer.ok) {
      this.d.log.debug({ code: answer.code }, 'heartbeat not taken');
      return false;
    }
    if (lastUpdateId !== null) this.d.updates.reported(lastUpdateId);
    this.errorsReported = errors;
    return true;
  }

  start(everyMs = HEARTBEAT_EVERY_MS): void {
    if (this.timer) return;
    void this.send();
    this.timer = setInterval(() => void this.send(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

function diskFree(dir: string): number | null {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}
