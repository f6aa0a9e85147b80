import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RINGS, type ReleaseClaims } from '../../electron/contract/fleet.ts';
import { SHOPPER, SYSTEM } from '../../electron/contract/channel.ts';
import { HQ_ROUTES, type HqError } from '../../electron/contract/sync.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import type { UpdaterPort } from '../../electron/core/fleet/update-manager.ts';
import { UpdateStore } from '../../electron/core/fleet/update-store.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { createLogger } from '../../electron/core/logger.ts';
import { drawnRing, driveRollouts, listRollouts, releaseFromUpdaterYaml, rolloutTimeline } from '../../hq/releases.ts';
import { startCore } from '../helpers/core.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, type TestHq } from './harness.ts';

/**
 * Releases and rings at HQ (issue 12 item 1) with real kiosk cores asking for their offer, and
 * electron-updater's own parser reading the feed HQ serves each of them.
 */
const tempDir = tempDirs('all');
/** 03:00 in the store: inside the default maintenance window. */
const clock = { at: Date.parse('2026-12-04T03:00:00+08:00') };
const quiet = createLogger('error', new Writable({ write: (_c, _e, done) => done() }));
const sha512 = (text: string) => createHash('sha512').update(text).digest('base64');
const build = (version: string) => `the ${version} AppImage`;
const files = (version: string) => [
  { url: `https://builds.example.cn/kiosk/appliance-kiosk-${version}.AppImage`, sha512: sha512(build(version)), size: 120_000_000 },
  { url: `https://builds.example.cn/kiosk/appliance-kiosk-setup-${version}.exe`, sha512: sha512(`the ${version} installer`), size: 90_000_000 },
];

/**
 * Electron's updater as a kiosk would drive it: reads the feed HQ handed out with electron-updater's
 * own parser and "downloads" the Linux file it names (bytes per version; a broken build differs).
 */
class FeedUpdater implements UpdaterPort {
  readonly calls: string[] = [];
  readonly broken = new Set<string>();
  constructor(private readonly hqUrl: () => string) {}
  async download(release: ReleaseClaims, feedUrl: string): Promise<{ sha512: string }> {
    const base = new URL(feedUrl, this.hqUrl());
    const channelFile = new URL('latest-linux.yml', base);
    const response = await fetch(channelFile);
    if (!response.ok) throw new Error(`feed answered ${response.status} ${await response.text()}`);
    const info = parseUpdateInfo(await response.text(), 'latest-linux.yml', channelFile);
    const [file] = resolveFiles(info, base);
    this.calls.push(`download ${info.version} ${file!.url.pathname.split('/').at(-1)}`);
    expect(info.version).toBe(release.version);
    return { sha512: sha512(this.broken.has(release.version) ? 'truncated' : build(release.version)) };
  }
  install(): void {
    this.calls.push('install');
  }
  revert(toVersion: string): void {
    this.calls.push(`revert ${toVersion}`);
  }
}

let hq: TestHq;
const admin = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const response = await fetch(new URL(path, hq.url), {
    method,
    headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

interface Kiosk {
  core: KioskCore;
  port: FeedUpdater;
  id: string;
  dir: string;
}
const kiosks: Kiosk[] = [];

async function kiosk(storeId: string, appVersion = '1.4.0'): Promise<Kiosk> {
  const port = new FeedUpdater(() => hq.url);
  const dir = tempDir();
  const core = startCore(dir, { now: () => clock.at, config: KioskConfig.parse({}), log: quiet, appVersion, updater: port });
  expect(await core.dispatch('enrolKiosk', { hqUrl: hq.url, code: await hq.enrolmentCode(storeId) }, SYSTEM)).toMatchObject({ ok: true, data: { status: 'enrolled' } });
  const k = { core, port, dir, id: core.sync.status().kioskId! };
  kiosks.push(k);
  return k;
}

/** The kiosk's heartbeat, as its core builds it, so HQ sees its update states. */
const beat = async (k: Kiosk) => expect(await k.core.heartbeat.send()).toBe(true);

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at });
});
afterAll(async () => {
  for (const k of kiosks) k.core.close();
  await hq?.close();
});

describe('rings HQ draws', () => {
  it('puts 5 % of stores in early and 20 % more in broad, the same way every time', () => {
    const stores = Array.from({ length: 10_000 }, (_, i) => `S${String(i).padStart(5, '0')}`);
    const share = (ring: string) => stores.filter((s) => drawnRing(s) === ring).length / stores.length;
    expect(share('early')).toBeCloseTo(0.05, 1);
    expect(share('broad')).toBeCloseTo(0.2, 1);
    expect(share('all')).toBeCloseTo(0.75, 1);
    expect(stores.slice(0, 50).map(drawnRing)).toEqual(stores.slice(0, 50).map(drawnRing));
  });
});

describe('a release through the rings', () => {
  let lab: Kiosk;
  let canary: Kiosk[];
  let general: Kiosk;

  beforeAll(async () => {
    lab = await kiosk('S900');
    canary = [await kiosk('S901'), await kiosk('S901'), await kiosk('S902')];
    // A store HQ draws into `all`.
    const allStore = Array.from({ length: 200 }, (_, i) => `S${700 + i}`).find((s) => drawnRing(s) === 'all')!;
    general = await kiosk(allStore);
    expect((await admin('PUT', 'v1/admin/stores/S900/ring', { ring: 'lab' })).status).toBe(200);
    for (const store of ['S901', 'S902']) expect((await admin('PUT', `v1/admin/stores/${store}/ring`, { ring: 'canary' })).status).toBe(200);
  });

  it('registers builds once, refuses relative or malformed files, and only a store IT token may', async () => {
    expect((await admin('POST', 'v1/admin/releases', { version: '1.5.0', files: files('1.5.0'), notes: 'faster search' })).status).toBe(200);
    expect((await admin<HqError>('POST', 'v1/admin/releases', { version: '1.5.0', files: files('1.5.0') })).status).toBe(409);
    const relative = await admin<HqError>('POST', 'v1/admin/releases', { version: '1.5.1', files: [{ ...files('1.5.1')[0], url: 'kiosk.AppImage' }] });
    expect(relative.status).toBe(400);
    expect(relative.body.error.message).toMatch(/^body\.files\.0\.url/);
    const noToken = await fetch(new URL('v1/admin/releases', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '1.6.0', files: files('1.6.0') }) });
    expect(noToken.status).toBe(401);
    expect((await admin<{ releases: Array<{ version: string }> }>('GET', 'v1/admin/releases')).body.releases.map((r) => r.version)).toEqual(['1.5.0']);
  });

  it('offers the release ring by ring: lab first, canary after its bake time, everyone last', async () => {
    const started = await admin<{ rollout: { id: number; ring: string } }>('POST', 'v1/admin/rollouts', { version: '1.5.0', bakeMinutes: 60, failureShare: 0.3, minFailures: 2 });
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ rollout: { ring: 'lab' } });
    expect(await lab.core.updates!.check()).toEqual({ version: '1.5.0', state: 'verified', reason: null });
    expect(lab.port.calls).toEqual(['download 1.5.0 appliance-kiosk-1.5.0.AppImage']);
    expect(await canary[0]!.core.updates!.check()).toBeNull();
    expect(canary[0]!.port.calls).toEqual([]);

    clock.at += 30 * 60_000;
    expect((await driveRollouts(hq.db, clock.at))!.ring).toBe('lab');
    clock.at += 31 * 60_000;
    expect((await driveRollouts(hq.db, clock.at))!.ring).toBe('canary');
    expect(await canary[0]!.core.updates!.check()).toMatchObject({ version: '1.5.0', state: 'verified' });
    expect(await general.core.updates!.check()).toBeNull();
  });

  it('installs only in the maintenance window with nobody at the screen, and commits past the health gate', async () => {
    const visit = (await lab.core.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER)) as { ok: true; data: { sessionId: string } };
    expect(lab.core.updates!.tick()).toMatchObject({ state: 'waiting', reason: 'shopper_visit' });
    await lab.core.dispatch('endSession', { sessionId: visit.data.sessionId, reason: 'finished' }, SHOPPER);
    expect(lab.core.updates!.tick()).toMatchObject({ state: 'installing' });
    expect(lab.port.calls.at(-1)).toBe('install');

    // The app restarts into 1.5.0 on the same data: its first boot commits once the screen painted,
    // the camera is known and HQ answered a sync.
    lab.core.close();
    lab.core = startCore(lab.dir, { now: () => clock.at, config: KioskConfig.parse({}), log: quiet, appVersion: '1.5.0', updater: lab.port });
    lab.core.updates!.start(60 * 60_000);
    expect(lab.core.updates!.tick()).toMatchObject({ version: '1.5.0', state: 'first_boot' });
    await lab.core.dispatch('rendererHeartbeat', { camera: 'on' }, SHOPPER);
    expect(lab.core.updates!.tick()).toMatchObject({ state: 'first_boot' });
    await lab.core.sync.syncNow();
    expect(lab.core.updates!.tick()).toEqual({ version: '1.5.0', state: 'committed', reason: null });
    lab.core.updates!.stop();
    await beat(lab);
    const [reported] = await hq.db.query<{ appVersion: string }>('SELECT app_version AS "appVersion" FROM kiosks WHERE id = $1', [lab.id]);
    expect(reported!.appVersion).toBe('1.5.0');
  });

  it('halts by itself when canary kiosks fail past the threshold, and withdraws what is not installed yet', async () => {
    // Two canary kiosks fail the release (a crash loop after install, and a broken download); one took it fine.
    await canary[1]!.core.updates!.check().then((v) => expect(v).toMatchObject({ state: 'verified' }));
    canary[2]!.port.broken.add('1.5.0');
    expect(await canary[2]!.core.updates!.check()).toMatchObject({ state: 'failed', reason: 'checksum_mismatch' });
    await beat(canary[0]!);
    await beat(canary[2]!);
    expect((await driveRollouts(hq.db, clock.at))!.state).toBe('running'); // one failure: under min_failures
    // The second went back after a crash loop on its first boot (the manager's own path is unit-tested): its heartbeat says so.
    const store = new UpdateStore(canary[1]!.core.db);
    store.set({ ...store.active()!, state: 'reverted', reason: 'crash_loop' }, clock.at);
    await beat(canary[1]!);
    const halted = (await driveRollouts(hq.db, clock.at))!;
    expect(halted).toMatchObject({ state: 'halted', ring: 'canary' });
    expect(halted.haltedReason).toMatch(/^2 of 4 kiosks that took 1\.5\.0 failed \(/); // the lab kiosk and three canary ones
    expect(halted.haltedReason).toContain('crash_loop');
    expect(halted.haltedReason).toContain('checksum_mismatch');

    // A halted rollout offers nothing: the verified, not yet installed copy is withdrawn.
    expect(await canary[0]!.core.updates!.check()).toMatchObject({ state: 'failed', reason: 'withdrawn' });
    const detail = await admin<{ rings: Array<{ ring: string; kiosks: number; failed: number }>; timeline: Array<{ event: string; ring: string }> }>('GET', `v1/admin/rollouts/${halted.id}`);
    expect(detail.body.rings.find((r) => r.ring === 'canary')).toMatchObject({ kiosks: 3, failed: 2 });
    expect(detail.body.timeline.map((t) => `${t.event}@${t.ring}`)).toEqual(['started@lab', 'advanced@canary', 'auto_halted@canary']);
  });

  it('resumes past the failures it saw, advances by hand, and completes; a late kiosk gets the completed release', async () => {
    const [rollout] = await listRollouts(hq.db);
    expect((await admin('POST', `v1/admin/rollouts/${rollout!.id}/resume`, { reason: 'the crash was a loose camera cable' })).status).toBe(200);
    expect((await driveRollouts(hq.db, clock.at))!.state).toBe('running');
    for (const ring of RINGS.slice(2)) {
      const advanced = await admin<{ rollout: { ring: string; state: string } }>('POST', `v1/admin/rollouts/${rollout!.id}/advance`);
      expect(advanced.body.rollout.ring).toBe(ring);
    }
    expect((await admin<{ rollout: { state: string } }>('POST', `v1/admin/rollouts/${rollout!.id}/advance`)).body.rollout.state).toBe('completed');
    expect((await admin<HqError>('POST', `v1/admin/rollouts/${rollout!.id}/halt`)).status).toBe(409);
    expect(await general.core.updates!.check()).toMatchObject({ version: '1.5.0', state: 'verified' });
    expect((await rolloutTimeline(hq.db, rollout!.id)).map((t) => t.event)).toEqual(['started', 'advanced', 'auto_halted', 'resumed', 'advanced', 'advanced', 'advanced', 'completed']);
  });

  it('holds a kiosk where it is, and a pin signed for one kiosk takes it back to an older release', async () => {
    expect((await admin('POST', 'v1/admin/releases', { version: '1.6.0', files: files('1.6.0') })).status).toBe(200);
    const started = await admin<{ rollout: { id: number } }>('POST', 'v1/admin/rollouts', { version: '1.6.0', bakeMinutes: 0 });
    for (let i = 0; i < RINGS.length; i++) await driveRollouts(hq.db, clock.at);
    expect((await listRollouts(hq.db))[0]).toMatchObject({ id: started.body.rollout.id, state: 'completed' });

    expect((await admin('PUT', `v1/admin/kiosks/${general.id}/hold`, { held: true })).status).toBe(200);
    expect(await general.core.updates!.check()).toMatchObject({ version: '1.5.0', state: 'failed', reason: 'withdrawn' });
    expect((await admin('PUT', `v1/admin/kiosks/${general.id}/hold`, { held: false })).status).toBe(200);
    expect(await general.core.updates!.check()).toMatchObject({ version: '1.6.0', state: 'verified' });

    // A kiosk on 1.6.0 is pinned back to 1.5.0: HQ signs the pin for it alone, and it installs the downgrade.
    const newer = await kiosk('S901', '1.6.0');
    expect(await newer.core.updates!.check()).toBeNull();
    expect((await admin<HqError>('PUT', `v1/admin/kiosks/${newer.id}/pin`, { version: '9.9.9' })).status).toBe(404);
    expect((await admin('PUT', `v1/admin/kiosks/${newer.id}/pin`, { version: '1.5.0' })).status).toBe(200);
    expect(await newer.core.updates!.check()).toMatchObject({ version: '1.5.0', state: 'verified' });

    expect(newer.port.calls).toEqual(['download 1.5.0 appliance-kiosk-1.5.0.AppImage']);
  });

  it('rolls a completed release back: kiosks on it are pinned to the one before, and nobody is offered it any more', async () => {
    const [rollout] = await listRollouts(hq.db);
    const late = await kiosk('S904', '1.6.0');
    const back = await admin<{ pinned: number; to: string }>('POST', `v1/admin/rollouts/${rollout!.id}/rollback`);
    expect(back.body).toEqual({ pinned: 2, to: '1.5.0' }); // `newer` (pinned already) and `late`
    expect(await late.core.updates!.check()).toMatchObject({ version: '1.5.0', state: 'verified' });
    const fresh = await kiosk('S905', '1.4.0');
    expect(await fresh.core.updates!.check()).toMatchObject({ version: '1.5.0' });
    expect((await listRollouts(hq.db))[0]).toMatchObject({ id: rollout!.id, state: 'cancelled' });
    expect((await admin<HqError>('POST', 'v1/admin/rollouts/9999/rollback')).status).toBe(404);
  });
});

describe('builds as electron-builder describes them', () => {
  it('reads latest-linux.yml and latest.yml into one release with absolute file URLs', () => {
    const linux = `version: 2.0.0\nfiles:\n  - url: appliance-kiosk-2.0.0.AppImage\n    sha512: ${files('2.0.0')[0]!.sha512}\n    size: 120000000\npath: appliance-kiosk-2.0.0.AppImage\nsha512: ${files('2.0.0')[0]!.sha512}\nreleaseDate: '2026-12-03T10:00:00.000Z'\n`;
    const windows = `version: 2.0.0\nfiles:\n  - url: appliance-kiosk-setup-2.0.0.exe\n    sha512: ${files('2.0.0')[1]!.sha512}\n    size: 90000000\n`;
    expect(releaseFromUpdaterYaml([linux, windows], 'https://builds.example.cn/kiosk/')).toEqual({ version: '2.0.0', files: files('2.0.0') });
    expect(releaseFromUpdaterYaml([linux, windows.replace('2.0.0', '2.0.1')], 'https://x/')).toEqual({ error: 'the files are of two versions, 2.0.0 and 2.0.1' });
    expect(releaseFromUpdaterYaml(['files: [a'], 'https://x/')).toMatchObject({ error: expect.stringMatching(/^not YAML/) });
    expect(releaseFromUpdaterYaml(['just: text'], 'https://x/')).toEqual({ error: 'not an electron-builder update file: it needs version and files' });
  });
});

describe('the feed electron-updater reads', () => {
  it('serves each kiosk’s release for its platform, and nothing for a forged, expired or other-platform request', async () => {
    const k = await kiosk('S903', '1.0.0');
    const line = k.core.sync.line()!;
    const answer = await line.updateCheck({ appVersion: '1.0.0' });
    if (!answer.ok || !answer.data.offer) throw new Error('no offer');
    const base = new URL(answer.data.offer.feedUrl, hq.url);
    const windows = await fetch(new URL('latest.yml', base));
    expect(windows.status).toBe(200);
    const info = parseUpdateInfo(await windows.text(), 'latest.yml', new URL('latest.yml', base));
    expect(info.files.map((f) => f.url)).toEqual([files('1.5.0')[1]!.url]); // the fleet's release since the rollback
    expect((await fetch(new URL('latest-mac.yml', base))).status).toBe(404);
    const token = answer.data.offer.feedUrl.split('/').at(-2)!;
    const [claims, mac] = token.split('.');
    // The same token naming another release: its MAC no longer matches.
    const bytes = Buffer.from(claims!, 'base64url');
    const forged = Buffer.concat([bytes.subarray(0, 20), Buffer.from('1.6.0')]).toString('base64url');
    expect((await fetch(new URL(`v1/fleet/feed/${forged}.${mac}/latest-linux.yml`, hq.url))).status).toBe(401);
    clock.at += 7 * 3_600_000;
    expect((await fetch(new URL('latest-linux.yml', base))).status).toBe(401);
  });

  it('needs a kiosk’s signature to ask for an offer', async () => {
    const unsigned = await fetch(new URL(HQ_ROUTES.updateCheck, hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appVersion: '1.0.0' }) });
    expect(unsigned.status).toBe(401);
  });
});
