import type { CryptoKey } from 'jose';
import type { MaintenanceWindow, ReleaseClaims, UpdateState } from '../../contract/fleet.ts';
import { compareVersions, inMaintenanceWindow } from '../../domain/release.ts';
import { verifyRelease } from '../../domain/sync-signing.ts';
import type { Logger } from '../logger.ts';
import type { UpdateRow, UpdateStore } from './update-store.ts';

/**
 * What the update manager needs of Electron's updater (electron/main wraps electron-updater in it;
 * tests use a fake): fetch a release's files, restart into them, and go back to the kept version.
 */
export interface UpdaterPort {
  /** Downloads the release from HQ's generic feed for it and resolves to the SHA-512 (base64) of what arrived. */
  download(release: ReleaseClaims, feedUrl: string): Promise<{ sha512: string }>;
  /** Quits and installs what was downloaded; the app restarts into the new version. */
  install(): void;
  /** Reinstalls the kept previous version and restarts into it. */
  revert(toVersion: string): void;
}

/** What the first boot of a new version must see before it is kept (DESIGN.md §8). */
export interface HealthChecks {
  rendererPainted: boolean;
  databaseMigrated: boolean;
  syncAnswered: boolean;
  cameraStateKnown: boolean;
}

export interface UpdateManagerDeps {
  store: UpdateStore;
  now: () => number;
  log: Logger;
  port: UpdaterPort;
  /** The version running now. */
  appVersion: string;
  /** HQ's pinned publication key; null before one is pinned (nothing can be verified, so nothing is installed). */
  hqKey: () => Promise<CryptoKey | null>;
  kioskId: () => string | null;
  window: () => MaintenanceWindow;
  /** Why the kiosk cannot restart now (a shopper's visit, an application, a staff session), or null. */
  busy: () => string | null;
  /** Store IT held this kiosk's updates (a remote command): nothing installs until they resume. */
  held?: () => boolean;
  /** How long a first boot has to pass its health gate. */
  healthDeadlineMs?: number;
  /** This many starts of the new version within `crashLoopWithinMs` without passing the gate is a crash loop. */
  crashLoopBoots?: number;
  crashLoopWithinMs?: number;
}

export type UpdateView = { version: string | null; state: UpdateState; reason: string | null };

const DEFAULT_HEALTH_DEADLINE_MS = 5 * 60_000;
const DEFAULT_CRASH_LOOP_BOOTS = 3;
const DEFAULT_CRASH_LOOP_WITHIN_MS = 10 * 60_000;

/**
 * A kiosk's update, one release at a time, through the states HQ follows (contract/fleet.ts).
 * Nothing is installed that HQ's pinned key did not sign, that is not newer (unless HQ pinned this
 * kiosk to it), or whose files are not the signed ones; installing waits for the maintenance
 * window and an idle kiosk; the first boot commits only past the health gate, and a failed gate or
 * a crash loop goes back to the kept version. Every state is written before it is acted on, so a
 * restart (or a crash) mid-way resumes from the database.
 */
export class UpdateManager {
  private readonly healthDeadlineMs: number;
  private readonly crashLoopBoots: number;
  private readonly crashLoopWithinMs: number;
  private downloading: Promise<UpdateView> | undefined;

  constructor(private readonly d: UpdateManagerDeps) {
    this.healthDeadlineMs = d.healthDeadlineMs ?? DEFAULT_HEALTH_DEADLINE_MS;
    this.crashLoopBoots = d.crashLoopBoots ?? DEFAULT_CRASH_LOOP_BOOTS;
    this.crashLoopWithinMs = d.crashLoopWithinMs ?? DEFAULT_CRASH_LOOP_WITHIN_MS;
  }

  current(): UpdateView | null {
    const row = this.d.store.active();
    return row ? view(row) : null;
  }

  /**
   * At every start: the first boot of a new version starts its health gate (and counts as a boot
   * of a possible crash loop); a restart that came back in the old version means the install did
   * not take.
   */
  started(): UpdateView | null {
    const { d } = this;
    const row = d.store.active();
    if (!row) return null;
    const at = d.now();
    if (row.state === 'installing') {
      if (d.appVersion === row.version) return this.move(row, { state: 'first_boot', reason: null, boots: 1, firstBootAt: at });
      return this.move(row, { state: 'failed', reason: 'install_did_not_take' });
    }
    if (row.state === 'first_boot' && d.appVersion === row.version) {
      const boots = row.boots + 1;
      if (boots >= this.crashLoopBoots && at - (row.firstBootAt ?? at) <= this.crashLoopWithinMs) return this.revert({ ...row, boots }, 'crash_loop');
      return this.move(row, { state: 'first_boot', reason: null, boots });
    }
    return view(row);
  }

  /** A release HQ offers this kiosk (its signed manifest and feed): verified, then downloaded now; installed later, by `tick`. */
  async offer(manifest: string, feedUrl: string): Promise<UpdateView> {
    const { d } = this;
    const at = d.now();
    const key = await d.hqKey();
    if (!key) return this.refuse(null, 'no_pinned_hq_key', at);
    const claims = await verifyRelease(manifest, key);
    if (!claims) return this.refuse(null, 'signature_invalid', at);
    const pinned = claims.pinnedFor !== undefined;
    if (pinned && claims.pinnedFor !== d.kioskId()) return this.refuse(claims.version, 'pinned_for_another_kiosk', at);
    const order = compareVersions(claims.version, d.appVersion);
    if (order === 0) return this.refuse(claims.version, 'already_running', at);
    // An older version only when HQ pinned this kiosk to it: a replayed old manifest is refused.
    if (order < 0 && !pinned) return this.refuse(claims.version, 'downgrade_not_pinned', at);
    if (d.store.latest(claims.version)?.state === 'reverted' && !pinned) return this.refuse(claims.version, 'reverted_before', at);

    const active = d.store.active();
    if (active?.version === claims.version) return this.downloading ?? view(active);
    if (active) {
      // Installing or booting one already: the new offer waits for HQ's next word.
      if (active.state === 'installing' || active.state === 'first_boot') return this.refuse(claims.version, 'another_update_in_progress', at);
      this.move(active, { state: 'failed', reason: `superseded_by_${claims.version}` });
    }
    const row = d.store.insert(claims.version, d.appVersion, manifest, at);
    this.downloading = this.fetch(row, claims, feedUrl).finally(() => (this.downloading = undefined));
    return this.downloading;
  }

  /**
   * HQ offers nothing any more (the rollout halted or was cancelled, the kiosk was held): a release
   * not yet installing is dropped; one installing or booting goes on to its health gate.
   */
  withdraw(): UpdateView | null {
    const row = this.d.store.active();
    if (!row || !['downloaded', 'verified', 'waiting'].includes(row.state)) return row ? view(row) : null;
    this.d.log.info({ version: row.version }, 'update withdrawn by HQ');
    return this.move(row, { state: 'failed', reason: 'withdrawn' });
  }

  private async fetch(row: UpdateRow, claims: ReleaseClaims, feedUrl: string): Promise<UpdateView> {
    this.move(row, { state: 'downloading' });
    let sha512: string;
    try {
      ({ sha512 } = await this.d.port.download(claims, feedUrl));
    } catch (error) {
      this.d.log.warn({ version: claims.version, err: error }, 'update download failed');
      return this.move(row, { state: 'failed', reason: 'download_failed' });
    }
    this.move(row, { state: 'downloaded' });
    // One of the signed files (a release carries a build per platform; this kiosk fetched its own).
    if (!claims.files.some((file) => file.sha512 === sha512)) return this.move(row, { state: 'failed', reason: 'checksum_mismatch' });
    return this.move(row, { state: 'verified' });
  }

  /**
   * Every minute: a verified release installs once the store is in its maintenance window and no
   * shopper, application or staff session is open; a first boot past its deadline without a
   * passed health gate goes back.
   */
  tick(): UpdateView | null {
    const { d } = this;
    const row = d.store.active();
    if (!row) return null;
    const at = d.now();
    if (row.state === 'verified' || row.state === 'waiting') {
      const wait = d.held?.() ? 'held' : !inMaintenanceWindow(d.window(), at) ? 'outside_maintenance_window' : d.busy();
      if (wait !== null) return row.state === 'waiting' && row.reason === wait ? view(row) : this.move(row, { state: 'waiting', reason: wait });
      const installing = this.move(row, { state: 'installing', reason: null });
      d.log.info({ version: row.version }, 'installing update');
      d.port.install();
      return installing;
    }
    if (row.state === 'first_boot' && at - (row.firstBootAt ?? at) > this.healthDeadlineMs) return this.revert(row, 'health_gate_timeout');
    return view(row);
  }

  /** The first boot's health gate: all checks pass → the version is kept; any fails → back to the previous one. */
  health(checks: HealthChecks): UpdateView | null {
    const row = this.d.store.active();
    if (!row || row.state !== 'first_boot' || this.d.appVersion !== row.version) return row ? view(row) : null;
    const failed = (Object.keys(checks) as Array<keyof HealthChecks>).filter((name) => !checks[name]);
    if (failed.length > 0) return this.revert(row, `health_gate_failed:${failed.join(',')}`);
    this.d.log.info({ version: row.version }, 'update committed');
    return this.move(row, { state: 'committed', reason: null });
  }

  private revert(row: UpdateRow, reason: string): UpdateView {
    const reverted = this.move(row, { state: 'reverted', reason });
    this.d.log.warn({ version: row.version, to: row.fromVersion, reason }, 'update reverted');
    this.d.port.revert(row.fromVersion);
    return reverted;
  }

  private refuse(version: string | null, reason: string, at: number): UpdateView {
    this.d.store.refused(version, reason, at);
    this.d.log.warn({ version, reason }, 'update refused');
    return { version, state: 'refused', reason };
  }

  private move(row: UpdateRow, change: Partial<Pick<UpdateRow, 'state' | 'reason' | 'boots' | 'firstBootAt'>>): UpdateView {
    Object.assign(row, { reason: null }, change);
    this.d.store.set(row, this.d.now());
    return view(row);
  }
}

function view(row: UpdateRow): UpdateView {
  return { version: row.version, state: row.state, reason: row.reason };
}
