import { describe, expect, it, vi } from 'vitest';
import { SHOPPER, SYSTEM } from '../../../electron/contract/channel.ts';
import { KioskConfig, loadConfig } from '../../../electron/core/config.ts';
import { writeWithOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { parseEnrolArgs } from '../../../electron/host/enrol-command.ts';
import { application, call, data, DEMO_KEY, productWithPlan, visit } from '../../helpers/credit.ts';
import { startCore } from '../../helpers/core.ts';
import { enrolled, hqKeys, publish } from '../../helpers/sync.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const T0 = Date.parse('2026-12-01T10:00:00+08:00');
const HOUR = 3_600_000;
const STAFF = { role: 'staff' as const, staffId: 'st-1' };

function kiosk(config: Record<string, unknown> = { hqUrl: 'http://127.0.0.1:9/' }) {
  const clock = { at: T0 };
  const k = startCore(tempDir(), { now: () => clock.at, config: KioskConfig.parse(config) });
  return { k, clock };
}

async function offlineApplication(k: KioskCore) {
  const { product } = await productWithPlan(k, (fen) => fen >= 200_000 && fen <= 800_000);
  const offer = data(await call(k, 'financeOffers', { productId: product.id })).offers.find((o) => o.offlineApprovable);
  if (!offer) throw new Error('an offline-approvable offer exists for a ¥2,000–8,000 fridge');
  return data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer))).application;
}

describe('fail closed: offline approval with HQ configured', () => {
  it('is allowed standalone (no HQ) exactly as before', async () => {
    const { k } = kiosk({});
    expect(k.sync.standalone).toBe(true);
    expect(k.sync.offlineApproval()).toEqual({ allowed: true });
    expect(k.sync.online()).toBe(true);
    expect((await offlineApplication(k)).status).toBe('approved');
    expect(k.sync.status()).toMatchObject({ health: 'green', enrolled: false, offlineApprovalBlocked: null });
    k.close();
  });

  it('is off when not enrolled, revoked, or the blocklist or model was confirmed too long ago; the application is pending and says why', async () => {
    const { k, clock } = kiosk({ hqUrl: 'http://127.0.0.1:9/', identityKeyFile: DEMO_KEY });
    expect(k.sync.offlineApproval()).toEqual({ allowed: false, reason: 'NOT_ENROLLED' });

    enrolled(k, { at: T0 });
    expect(k.sync.offlineApproval()).toEqual({ allowed: true });
    expect(await offlineApplication(k)).toMatchObject({ status: 'approved', offline: true });

    clock.at = T0 + 73 * HOUR; // both confirmed 73 h ago; the default policy is 72 h
    expect(k.sync.offlineApproval()).toEqual({ allowed: false, reason: 'BLOCKLIST_STALE' });
    expect(await offlineApplication(k)).toMatchObject({ status: 'pending', reasons: ['OFFLINE_APPROVAL_OFF'], approved: null });
    expect(k.sync.status()).toMatchObject({ offlineApprovalBlocked: 'BLOCKLIST_STALE' });

    k.sync.store.confirm('blocklist', 1, clock.at);
    expect(k.sync.offlineApproval()).toEqual({ allowed: false, reason: 'MODEL_STALE' });
    k.sync.store.confirm('decision_models', 2, clock.at);
    expect(k.sync.offlineApproval()).toEqual({ allowed: true });

    k.sync.store.markRevoked(clock.at);
    expect(k.sync.offlineApproval()).toEqual({ allowed: false, reason: 'REVOKED' });
    expect(k.sync.online()).toBe(false);
    expect(k.sync.status()).toMatchObject({ revoked: true, health: 'red', offlineApprovalBlocked: 'REVOKED' });
    k.close();
  });

  it('takes the age limits from HQ’s config dataset', async () => {
    const { k, clock } = kiosk();
    const hq = await hqKeys();
    enrolled(k, { at: T0, hqPublicKey: hq.publicKey });
    clock.at = T0 + 100 * HOUR;
    expect(k.sync.offlineApproval()).toMatchObject({ allowed: false });
    await k.sync.puller.handle({ publications: [await publish(hq, 'config', 3, JSON.stringify({ version: 'c3', offline: { maxBlocklistAgeHours: 120, maxModelAgeHours: 120 } }))], current: {}, messages: [], serverTime: clock.at });
    expect(k.sync.offlineApproval()).toEqual({ allowed: true });
    k.close();
  });
});

describe('sync status', () => {
  it('counts pending items by topic with the oldest age, lists rejected and refused items and every dataset', async () => {
    const { k, clock } = kiosk();
    enrolled(k, { at: T0 });
    vi.spyOn(k.sync.client, 'reachable').mockReturnValue(true);
    expect(k.sync.status()).toMatchObject({ health: 'green', enrolled: true, storeId: 'S001', revoked: false, pending: { total: 0, byTopic: {}, oldestAt: null } });

    for (const [i, topic] of (['session.started', 'session.started', 'credit.cancelled'] as const).entries()) {
      clock.at = T0 + i * 60_000;
      writeWithOutbox(k.db, () => clock.at, (emit) =>
        topic === 'credit.cancelled'
          ? emit({ topic, aggregateId: 'a', payload: { applicationId: 'a', reason: 'x', at: clock.at } })
          : emit({ topic, aggregateId: `s${i}`, payload: { sessionId: `s${i}`, locale: 'zh-CN', startedAt: clock.at } }),
      );
    }
    const status = k.sync.status();
    expect(status.pending).toEqual({ total: 3, byTopic: { 'session.started': 2, 'credit.cancelled': 1 }, oldestAt: T0 });
    expect(status.health).toBe('green');
    expect(status.datasets.map((d) => d.name)).toEqual(['catalog', 'prices', 'stock', 'promotions', 'finance', 'decision_models', 'blocklist', 'config', 'staff']);
    expect(status.datasets.find((d) => d.name === 'blocklist')).toEqual({ name: 'blocklist', version: 1, appliedAt: T0, confirmedAt: T0 });
    // Seeded by the demo store, never from HQ: applied, no HQ version, never confirmed.
    expect(status.datasets.find((d) => d.name === 'catalog')).toMatchObject({ version: null, confirmedAt: null });
    expect(status.datasets.find((d) => d.name === 'catalog')?.appliedAt).not.toBeNull();

    clock.at = T0 + 10 * 60_000; // the oldest item waited ten minutes
    expect(k.sync.status().health).toBe('amber');

    k.sync.store.reject({ seq: 1, id: 'x', topic: 'session.started' }, 'PAYLOAD_INVALID', 'bad', clock.at);
    k.sync.store.refuse('blocklist', 9, 'NOT_NEWER', clock.at);
    expect(k.sync.status()).toMatchObject({
      health: 'red',
      rejected: [{ seq: 1, id: 'x', topic: 'session.started', code: 'PAYLOAD_INVALID', message: 'bad', at: clock.at }],
      refused: [{ dataset: 'blocklist', version: 9, reason: 'NOT_NEWER', at: clock.at }],
    });
    k.close();
  });

  it('is served to staff; shoppers get the chip’s colour only; enrolment is the system’s', async () => {
    const { k } = kiosk();
    expect(await k.dispatch('syncStatus', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await k.dispatch('syncStatus', {}, STAFF)).toMatchObject({ ok: true, data: { enrolled: false, health: 'red', offlineApprovalBlocked: 'NOT_ENROLLED' } });
    expect(await k.dispatch('syncChip', {}, SHOPPER)).toEqual({ ok: true, data: { health: 'red', standalone: false } });
    expect(await k.dispatch('enrolKiosk', { code: '7KQ2-M8XD-3FPA' }, STAFF)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await k.dispatch('enrolKiosk', { code: 'nope' }, SYSTEM)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'code' } });
    // HQ at the discard port: nothing answers.
    expect(await k.dispatch('enrolKiosk', { code: '7KQ2-M8XD-3FPA' }, SYSTEM)).toMatchObject({ ok: true, data: { status: 'refused', problem: 'HQ_UNREACHABLE' } });
    // Not enrolled: "sync now" has nothing to do and says so through the status.
    expect(await k.dispatch('syncNow', {}, STAFF)).toMatchObject({ ok: true, data: { enrolled: false } });
    k.close();
  });
});

describe('configuration', () => {
  it('pins HQ’s publication key from KIOSK_HQ_PUBLIC_KEY or config.json, and no longer needs identityKeyFile with hqUrl', () => {
    expect(KioskConfig.safeParse({ hqUrl: 'https://hq.example.cn/' }).success).toBe(true);
    expect(KioskConfig.parse({ hqPublicKey: 'A'.repeat(43) }).hqPublicKey).toBe('A'.repeat(43));
    const bad = KioskConfig.safeParse({ hqPublicKey: 'not-a-key' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['hqPublicKey']);
    const dir = tempDir();
    expect(loadConfig(dir, { KIOSK_HQ_PUBLIC_KEY: 'B'.repeat(43), KIOSK_HQ_URL: 'https://hq.example.cn/' })).toMatchObject({ ok: true, config: { hqPublicKey: 'B'.repeat(43) } });
    const refused = loadConfig(dir, { KIOSK_HQ_PUBLIC_KEY: 'short' });
    expect(refused.ok === false && refused.message).toContain('hqPublicKey');
  });
});

describe('web host `enrol` command', () => {
  it('parses its options and checks the code’s shape without echoing it', () => {
    expect(parseEnrolArgs(['--hq', 'https://hq.example.cn/', '--code', '7kq2-m8xd-3fpa', '--label', 'entrance', '--data-dir', '/tmp/k'])).toEqual({
      ok: true,
      hqUrl: 'https://hq.example.cn/',
      code: '7KQ2-M8XD-3FPA',
      label: 'entrance',
      dataDir: '/tmp/k',
      reenrol: false,
    });
    expect(parseEnrolArgs(['--code', '7KQ2-M8XD-3FPA', '--reenrol'])).toMatchObject({ ok: true, hqUrl: undefined, reenrol: true });
    const wrong = parseEnrolArgs(['--code', 'SECRET-WRONG']);
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining('--code') });
    expect(!wrong.ok && wrong.message).not.toContain('SECRET-WRONG');
    expect(parseEnrolArgs(['--hq', 'https://hq.example.cn/'])).toMatchObject({ ok: false, message: expect.stringContaining('--code is required') });
    expect(parseEnrolArgs(['--code', '7KQ2-M8XD-3FPA', '--bogus'])).toMatchObject({ ok: false });
  });
});
