import { createHash, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { importPKCS8, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAINTENANCE_WINDOW, type ReleaseClaims } from '../../../electron/contract/fleet.ts';
import { openDatabase, type Db } from '../../../electron/core/db/database.ts';
import { UpdateManager, type HealthChecks, type UpdaterPort } from '../../../electron/core/fleet/update-manager.ts';
import { UpdateStore } from '../../../electron/core/fleet/update-store.ts';
import { silentLog } from '../../helpers/core.ts';
import { compareVersions, inMaintenanceWindow } from '../../../electron/domain/release.ts';
import { importEd25519PublicKey, signRelease } from '../../../electron/domain/sync-signing.ts';
import { tempDirs } from '../../helpers/temp.ts';

/**
 * The update state machine (issue 12 item 2) against a fake of Electron's updater (Electron cannot
 * run here) on a real SQLite file: each "restart" opens the same file in a new manager, as the app
 * does after installing.
 */
const tempDir = tempDirs();
const KIOSK = '0192f0c4-7c1e-7000-8000-000000000001';
const OTHER_KIOSK = '0192f0c4-7c1e-7000-8000-000000000002';
/** 03:00 in the store (UTC+8): inside the default 02:00–05:00 window. */
const NIGHT = Date.parse('2026-12-04T03:00:00+08:00');
const AFTERNOON = Date.parse('2026-12-04T15:00:00+08:00');

const FEED = 'v1/fleet/feed/token/';
const sha512 = (text: string) => createHash('sha512').update(text).digest('base64');

async function keyPair(): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: await importPKCS8(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA'),
    publicKey: await importEd25519PublicKey(publicKey.export({ format: 'jwk' }).x!),
  };
}

let hq: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };
beforeAll(async () => {
  hq = await keyPair();
  stranger = await keyPair();
});

function release(version: string, extra: Partial<ReleaseClaims> = {}): ReleaseClaims {
  return { version, files: [{ url: `kiosk-${version}.AppImage`, sha512: sha512(`build ${version}`), size: 120_000_000 }], releasedAt: NIGHT - 86_400_000, ...extra };
}

/** Electron's updater as the manager sees it: what it was asked to do, and the bytes it "downloads". */
class FakeUpdater implements UpdaterPort {
  readonly calls: string[] = [];
  /** What the download yields, by version (default: the build's real bytes). */
  readonly served = new Map<string, string>();
  failDownload = false;
  async download(claims: ReleaseClaims, feedUrl: string): Promise<{ sha512: string }> {
    this.calls.push(`download ${claims.version}`);
    expect(feedUrl).toBe(FEED);
    if (this.failDownload) throw new Error('feed unreachable');
    return { sha512: sha512(this.served.get(claims.version) ?? `build ${claims.version}`) };
  }
  install(): void {
    this.calls.push('install');
  }
  revert(toVersion: string): void {
    this.calls.push(`revert ${toVersion}`);
  }
}

interface Kiosk {
  db: Db;
  clock: { at: number };
  busy: { why: string | null };
  port: FakeUpdater;
  manager: UpdateManager;
  /** The app restarts (after install or a crash) into `version`, on the same database. */
  restart(version: string): UpdateManager;
}

function kiosk(version = '1.4.0', options: { pinnedKey?: CryptoKey | null; healthDeadlineMs?: number; held?: () => boolean } = {}): Kiosk {
  const file = join(tempDir(), 'kiosk.db');
  const clock = { at: NIGHT };
  const busy = { why: null as string | null };
  const port = new FakeUpdater();
  const open = (appVersion: string, db: Db) =>
    new UpdateManager({
      store: new UpdateStore(db),
      now: () => clock.at,
      log: silentLog,
      port,
      appVersion,
      hqKey: async () => (options.pinnedKey === undefined ? hq.publicKey : options.pinnedKey),
      kioskId: () => KIOSK,
      window: () => DEFAULT_MAINTENANCE_WINDOW,
      busy: () => busy.why,
      healthDeadlineMs: options.healthDeadlineMs,
      held: options.held,
    });
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.message);
  const k: Kiosk = {
    db: opened.db,
    clock,
    busy,
    port,
    manager: open(version, opened.db),
    restart(next) {
      k.db.close();
      const again = openDatabase(file);
      if (!again.ok) throw new Error(again.message);
      k.db = again.db;
      k.manager = open(next, again.db);
      k.manager.started();
      return k.manager;
    },
  };
  return k;
}

const healthy: HealthChecks = { rendererPainted: true, databaseMigrated: true, syncAnswered: true, cameraStateKnown: true };
const history = (k: Kiosk) => (k.db.prepare('SELECT state, reason FROM update_history ORDER BY id').all() as Array<{ state: string; reason: string | null }>).map((h) => (h.reason ? `${h.state}:${h.reason}` : h.state));

describe('versions and the window', () => {
  it('orders versions numerically, a pre-release below its release', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9', '1.2.1'].sort(compareVersions)).toEqual(['0.9.9', '1.2.0-rc.1', '1.2.0', '1.2.1', '1.10.0']);
  });

  it('reads the window in store time, across midnight too', () => {
    expect(inMaintenanceWindow({ start: '02:00', end: '05:00' }, NIGHT)).toBe(true);
    expect(inMaintenanceWindow({ start: '02:00', end: '05:00' }, AFTERNOON)).toBe(false);
    expect(inMaintenanceWindow({ start: '22:00', end: '03:30' }, NIGHT)).toBe(true);
    expect(inMaintenanceWindow({ start: '22:00', end: '02:30' }, NIGHT)).toBe(false);
  });
});

describe('the update state machine', () => {
  it('a signed, newer release: downloaded, verified, installed in the window on an idle kiosk, committed past the health gate', async () => {
    const k = kiosk('1.4.0');
    expect(await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED)).toEqual({ version: '1.5.0', state: 'verified', reason: null });
    expect(k.manager.tick()).toMatchObject({ state: 'installing' });
    expect(k.port.calls).toEqual(['download 1.5.0', 'install']);
    const booted = k.restart('1.5.0');
    expect(booted.current()).toMatchObject({ state: 'first_boot' });
    expect(booted.health(healthy)).toEqual({ version: '1.5.0', state: 'committed', reason: null });
    expect(history(k)).toEqual(['offered', 'downloading', 'downloaded', 'verified', 'installing', 'first_boot', 'committed']);
  });

  it('installs only inside the maintenance window and when no visit, application or staff session is open', async () => {
    const k = kiosk();
    k.clock.at = AFTERNOON;
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    expect(k.manager.tick()).toMatchObject({ state: 'waiting', reason: 'outside_maintenance_window' });
    k.clock.at = NIGHT;
    k.busy.why = 'shopper_visit_open';
    expect(k.manager.tick()).toMatchObject({ state: 'waiting', reason: 'shopper_visit_open' });
    // A minute later, still busy: no new history line for the same wait.
    k.clock.at += 60_000;
    k.manager.tick();
    k.busy.why = 'staff_session_open';
    expect(k.manager.tick()).toMatchObject({ state: 'waiting', reason: 'staff_session_open' });
    expect(k.port.calls).not.toContain('install');
    k.busy.why = null;
    expect(k.manager.tick()).toMatchObject({ state: 'installing' });
    expect(k.port.calls.at(-1)).toBe('install');
    expect(history(k).filter((h) => h.startsWith('waiting'))).toEqual(['waiting:outside_maintenance_window', 'waiting:shopper_visit_open', 'waiting:staff_session_open']);
  });

  it('refuses a tampered manifest, one signed by another key, a replayed old version, and anything before a key is pinned', async () => {
    const k = kiosk('1.4.0');
    const signed = await signRelease(release('1.5.0'), hq.privateKey);
    const [header, payload, signature] = signed.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as ReleaseClaims;
    claims.files[0]!.url = 'https://evil.example/kiosk.AppImage';
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    expect(await k.manager.offer(tampered, FEED)).toEqual({ version: null, state: 'refused', reason: 'signature_invalid' });
    expect(await k.manager.offer(await signRelease(release('1.5.0'), stranger.privateKey), FEED)).toMatchObject({ state: 'refused', reason: 'signature_invalid' });
    expect(await k.manager.offer('not a manifest', FEED)).toMatchObject({ state: 'refused', reason: 'signature_invalid' });
    // HQ really signed 1.3.0 once; offered again to a kiosk on 1.4.0 it is a downgrade nobody pinned.
    expect(await k.manager.offer(await signRelease(release('1.3.0'), hq.privateKey), FEED)).toEqual({ version: '1.3.0', state: 'refused', reason: 'downgrade_not_pinned' });
    expect(await k.manager.offer(await signRelease(release('1.4.0'), hq.privateKey), FEED)).toMatchObject({ state: 'refused', reason: 'already_running' });
    expect(await kiosk('1.4.0', { pinnedKey: null }).manager.offer(signed, FEED)).toMatchObject({ state: 'refused', reason: 'no_pinned_hq_key' });
    expect(k.port.calls).toEqual([]);
    expect(k.manager.current()).toBeNull();
    expect(history(k)).toEqual(['refused:signature_invalid', 'refused:signature_invalid', 'refused:signature_invalid', 'refused:downgrade_not_pinned', 'refused:already_running']);
  });

  it('a downgrade HQ pinned for this kiosk installs; a pin for another kiosk does not', async () => {
    const k = kiosk('1.5.0');
    expect(await k.manager.offer(await signRelease(release('1.4.2', { pinnedFor: OTHER_KIOSK }), hq.privateKey), FEED)).toMatchObject({ state: 'refused', reason: 'pinned_for_another_kiosk' });
    expect(await k.manager.offer(await signRelease(release('1.4.2', { pinnedFor: KIOSK }), hq.privateKey), FEED)).toMatchObject({ version: '1.4.2', state: 'verified' });
  });

  it('files that are not the signed ones fail verification and are never installed; a failed download fails', async () => {
    const k = kiosk();
    k.port.served.set('1.5.0', 'a build someone swapped on the feed');
    expect(await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED)).toEqual({ version: '1.5.0', state: 'failed', reason: 'checksum_mismatch' });
    k.manager.tick();
    expect(k.port.calls).toEqual(['download 1.5.0']);
    k.port.failDownload = true;
    expect(await k.manager.offer(await signRelease(release('1.5.1'), hq.privateKey), FEED)).toMatchObject({ state: 'failed', reason: 'download_failed' });
  });

  it('a first boot that fails its health gate goes back to the kept version, and that version is not offered again unless pinned', async () => {
    const k = kiosk('1.4.0');
    const manifest = await signRelease(release('1.5.0'), hq.privateKey);
    await k.manager.offer(manifest, FEED);
    k.manager.tick();
    const booted = k.restart('1.5.0');
    expect(booted.health({ ...healthy, rendererPainted: false, syncAnswered: false })).toEqual({
      version: '1.5.0',
      state: 'reverted',
      reason: 'health_gate_failed:rendererPainted,syncAnswered',
    });
    expect(k.port.calls.at(-1)).toBe('revert 1.4.0');
    const back = k.restart('1.4.0');
    expect(await back.offer(manifest, FEED)).toMatchObject({ state: 'refused', reason: 'reverted_before' });
  });

  it('a first boot that never passes its gate in time goes back', async () => {
    const k = kiosk('1.4.0', { healthDeadlineMs: 5 * 60_000 });
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    k.manager.tick();
    const booted = k.restart('1.5.0');
    k.clock.at += 4 * 60_000;
    expect(booted.tick()).toMatchObject({ state: 'first_boot' });
    k.clock.at += 2 * 60_000;
    expect(booted.tick()).toMatchObject({ state: 'reverted', reason: 'health_gate_timeout' });
    expect(k.port.calls.at(-1)).toBe('revert 1.4.0');
  });

  it('three starts of the new version within ten minutes without passing the gate is a crash loop: reverted', async () => {
    const k = kiosk('1.4.0');
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    k.manager.tick();
    k.restart('1.5.0');
    k.clock.at += 60_000;
    expect(k.restart('1.5.0').current()).toMatchObject({ state: 'first_boot' });
    k.clock.at += 60_000;
    const third = k.restart('1.5.0');
    expect(third.current()).toBeNull();
    expect(history(k).slice(-1)).toEqual(['reverted:crash_loop']);
    expect(k.port.calls.at(-1)).toBe('revert 1.4.0');
  });

  it('an install that did not take (the app came back in the old version) fails, and a newer offer replaces one waiting', async () => {
    const k = kiosk('1.4.0');
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    k.manager.tick();
    k.restart('1.4.0');
    expect(history(k).at(-1)).toBe('failed:install_did_not_take');

    k.clock.at = AFTERNOON;
    await k.manager.offer(await signRelease(release('1.5.1'), hq.privateKey), FEED);
    expect(k.manager.tick()).toMatchObject({ version: '1.5.1', state: 'waiting' });
    expect(await k.manager.offer(await signRelease(release('1.6.0'), hq.privateKey), FEED)).toMatchObject({ version: '1.6.0', state: 'verified' });
    expect(history(k)).toContain('failed:superseded_by_1.6.0');
  });

  it('the same offer twice while it downloads is one download', async () => {
    const k = kiosk();
    const manifest = await signRelease(release('1.5.0'), hq.privateKey);
    const [a, b] = await Promise.all([k.manager.offer(manifest, FEED), k.manager.offer(manifest, FEED)]);
    expect(a).toEqual(b);
    expect(k.port.calls).toEqual(['download 1.5.0']);
  });

  it('a release HQ stops offering is dropped before it installs, never once it is installing', async () => {
    const k = kiosk();
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    expect(k.manager.withdraw()).toEqual({ version: '1.5.0', state: 'failed', reason: 'withdrawn' });
    expect(k.manager.tick()).toBeNull();
    await k.manager.offer(await signRelease(release('1.5.1'), hq.privateKey), FEED);
    expect(k.manager.tick()).toMatchObject({ state: 'installing' });
    expect(k.manager.withdraw()).toMatchObject({ version: '1.5.1', state: 'installing' });
  });

  it('holds by store IT keep a verified release waiting, even in the window on an idle kiosk', async () => {
    const held = { now: true };
    const k = kiosk('1.4.0', { held: () => held.now });
    await k.manager.offer(await signRelease(release('1.5.0'), hq.privateKey), FEED);
    expect(k.manager.tick()).toEqual({ version: '1.5.0', state: 'waiting', reason: 'held' });
    held.now = false;
    expect(k.manager.tick()).toMatchObject({ state: 'installing' });
  });

  it('checks the download against whichever signed file it is (one build per platform)', async () => {
    const k = kiosk();
    const claims = release('1.5.0');
    claims.files.unshift({ url: 'kiosk-setup-1.5.0.exe', sha512: sha512('the installer'), size: 90_000_000 });
    expect(await k.manager.offer(await signRelease(claims, hq.privateKey), FEED)).toMatchObject({ state: 'verified' });
  });
});
