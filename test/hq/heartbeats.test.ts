import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_AFTER_MS, type Heartbeat } from '../../electron/contract/fleet.ts';
import { HQ_ROUTES, type HqError } from '../../electron/contract/sync.ts';
import { HEARTBEAT_HISTORY_MS, heartbeatHistory, HeartbeatPruner } from '../../hq/fleet-health.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

const clock = { at: Date.parse('2026-12-03T10:00:00+08:00') };
let hq: TestHq;
let kiosk: TestKiosk;
let quiet: TestKiosk;

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at });
  kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'), { appVersion: '1.4.0' });
  quiet = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
  kiosk.clock = quiet.clock = () => clock.at;
});
afterAll(() => hq?.close());

function heartbeat(extra: Partial<Heartbeat> = {}): Heartbeat {
  return {
    sentAt: clock.at,
    appVersion: '1.5.0',
    startedAt: clock.at - 3_600_000,
    sync: { pending: 12, oldestAt: clock.at - 30_000 },
    datasets: { catalog: '2026.12-1', prices: 'p-7' },
    camera: 'on',
    diskFreeBytes: 40_000_000_000,
    memoryRssBytes: 300_000_000,
    lastFrameAt: clock.at - 2_000,
    errors: 0,
    updates: [{ version: '1.5.0', state: 'committed', reason: null, at: clock.at - 60_000 }],
    ...extra,
  };
}

const fleet = async () => {
  const response = await fetch(new URL('v1/admin/kiosks', hq.url), { headers: { authorization: `Bearer ${hq.adminToken}` } });
  return ((await response.json()) as { kiosks: Array<Record<string, unknown>> }).kiosks;
};

describe('heartbeats at HQ', () => {
  it('keeps the latest per kiosk and a history, records update states and the running version, and shows it in the fleet', async () => {
    expect((await kiosk.post(HQ_ROUTES.heartbeat, heartbeat())).status).toBe(200);
    clock.at += 60_000;
    expect((await kiosk.post(HQ_ROUTES.heartbeat, heartbeat({ camera: 'unplugged', updates: [] }))).status).toBe(200);
    const mine = (await fleet()).find((k) => k.id === kiosk.kioskId)!;
    expect(mine).toMatchObject({ appVersion: '1.5.0', lastHeartbeatAt: clock.at, silent: false, camera: 'unplugged', lastFrameAt: clock.at - 2_000, syncPending: 12 });
    expect((await heartbeatHistory(hq.db, kiosk.kioskId, 0)).map((h) => h.heartbeat.camera)).toEqual(['on', 'unplugged']);
    expect(await hq.db.query('SELECT version, state FROM kiosk_update_events WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ version: '1.5.0', state: 'committed' }]);
  });

  it('marks a kiosk silent when nothing came for a while, and one that never sent any', async () => {
    expect((await fleet()).find((k) => k.id === quiet.kioskId)).toMatchObject({ silent: true, lastHeartbeatAt: null });
    clock.at += SILENT_AFTER_MS + 1;
    expect((await fleet()).find((k) => k.id === kiosk.kioskId)).toMatchObject({ silent: true });
    expect((await kiosk.post(HQ_ROUTES.heartbeat, heartbeat())).status).toBe(200);
    expect((await fleet()).find((k) => k.id === kiosk.kioskId)).toMatchObject({ silent: false });
  });

  it('refuses a malformed heartbeat and an unsigned one, storing nothing', async () => {
    const before = (await heartbeatHistory(hq.db, quiet.kioskId, 0)).length;
    const bad = await quiet.post(HQ_ROUTES.heartbeat, { ...heartbeat(), memoryRssBytes: -1 });
    expect(bad.status).toBe(400);
    expect((bad.body as HqError).error.message).toMatch(/^body\.memoryRssBytes/);
    const unsigned = await fetch(new URL(HQ_ROUTES.heartbeat, hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(heartbeat()) });
    expect(unsigned.status).toBe(401);
    expect((await heartbeatHistory(hq.db, quiet.kioskId, 0)).length).toBe(before);
  });

  it('drops history past seven days, keeping each kiosk’s latest', async () => {
    await hq.db.query('INSERT INTO kiosk_heartbeats (kiosk_id, received_at, heartbeat) VALUES ($1, $2, $3::jsonb)', [kiosk.kioskId, clock.at - HEARTBEAT_HISTORY_MS - 1, JSON.stringify(heartbeat())]);
    const pruner = new HeartbeatPruner(hq.db);
    pruner.maybePrune(clock.at);
    await expect.poll(async () => (await heartbeatHistory(hq.db, kiosk.kioskId, 0)).filter((h) => h.receivedAt < clock.at - HEARTBEAT_HISTORY_MS).length).toBe(0);
    expect((await fleet()).find((k) => k.id === kiosk.kioskId)).toMatchObject({ lastHeartbeatAt: expect.any(Number) });
  });
});

describe('a kiosk’s heartbeat, end to end', () => {
  it('carries the renderer’s last frame and camera, the sync backlog, errors since the last one and unreported update states, once', async () => {
    const { startCore } = await import('../helpers/core.ts');
    const { tempDirs } = await import('../helpers/temp.ts');
    const { KioskConfig } = await import('../../electron/core/config.ts');
    const { createLogger } = await import('../../electron/core/logger.ts');
    const { SYSTEM, SHOPPER } = await import('../../electron/contract/channel.ts');
    const { UpdateStore } = await import('../../electron/core/fleet/update-store.ts');
    const { Writable } = await import('node:stream');
    const log = createLogger('error', new Writable({ write: (_c, _e, done) => done() }));
    const k = startCore(tempDirs()(), { now: () => clock.at, config: KioskConfig.parse({}), log });
    try {
      expect(await k.dispatch('enrolKiosk', { hqUrl: hq.url, code: await hq.enrolmentCode('S002') }, SYSTEM)).toMatchObject({ ok: true, data: { status: 'enrolled' } });
      const kioskId = k.sync.status().kioskId!;
      expect(await k.dispatch('rendererHeartbeat', { camera: 'absent' }, SHOPPER)).toEqual({ ok: true, data: {} });
      new UpdateStore(k.db).refused('9.9.9', 'signature_invalid', clock.at);
      log.error('something broke');
      expect(await k.heartbeat.send()).toBe(true);
      const [health] = await hq.db.query<{ heartbeat: Heartbeat }>('SELECT heartbeat FROM kiosk_health WHERE kiosk_id = $1', [kioskId]);
      expect(health!.heartbeat).toMatchObject({ appVersion: '0.0.0-test', camera: 'absent', lastFrameAt: clock.at, errors: 1, updates: [{ version: '9.9.9', state: 'refused', reason: 'signature_invalid' }] });
      expect(health!.heartbeat.sync.pending).toBeGreaterThanOrEqual(0);
      clock.at += 60_000;
      expect(await k.heartbeat.send()).toBe(true);
      const [again] = await hq.db.query<{ heartbeat: Heartbeat }>('SELECT heartbeat FROM kiosk_health WHERE kiosk_id = $1', [kioskId]);
      // Said once: the update state and the error are not sent again; the frame is a minute old now.
      expect(again!.heartbeat).toMatchObject({ errors: 0, updates: [], lastFrameAt: clock.at - 60_000 });
    } finally {
      k.close();
    }
  });
});
