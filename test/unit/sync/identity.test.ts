import { existsSync, readFileSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createHash, createHmac } from 'node:crypto';
import { application, call, data, GOOD_ID, productWithPlan, visit } from '../../helpers/credit.ts';
import { describe, expect, it, vi } from 'vitest';
import type { EnrolResponse } from '../../../electron/contract/sync.ts';
import { signRequestToken, importEd25519PublicKey, verifyRequestToken } from '../../../electron/domain/sync-signing.ts';
import { createLogger } from '../../../electron/core/logger.ts';
import { enrol } from '../../../electron/core/sync/enrol.ts';
import type { HqClient, HqResult } from '../../../electron/core/sync/hq-client.ts';
import { IdentityFiles, newKeyPair, plainFileVault, type KeyVault } from '../../../electron/core/sync/identity.ts';
import { startCore } from '../../helpers/core.ts';
import { hqKeys, KIOSK_ID } from '../../helpers/sync.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const CODE = '7KQ2-M8XD-3FPA';
const FLEET_HEX = 'ab'.repeat(32);

/** A vault that really transforms the bytes, so a test can tell sealed from plain. */
const xorVault: KeyVault = {
  seal: (bytes) => Buffer.concat([Buffer.from('SEALED:'), Buffer.from(bytes.map((b) => b ^ 0x5a))]),
  open: (sealed) => {
    if (!sealed.subarray(0, 7).equals(Buffer.from('SEALED:'))) throw new Error('not sealed by this vault');
    return Buffer.from(sealed.subarray(7).map((b) => b ^ 0x5a));
  },
};

/** HQ's side of enrolment as a fixed answer (the real HQ is tested against after merge). */
function hqAnswering(answer: HqResult<EnrolResponse>, seen: unknown[] = []): HqClient {
  return { enrol: async (_url: string, request: unknown) => (seen.push(request), answer) } as unknown as HqClient;
}

describe('kiosk identity files', () => {
  it('writes the private key and the fleet key 0600, sealed through the vault, and opens them again', async () => {
    const dir = tempDir();
    const files = new IdentityFiles(dir, xorVault);
    const keys = newKeyPair();
    files.save(keys.pkcs8, Buffer.from(FLEET_HEX, 'hex'));
    for (const file of [files.privateKeyFile, files.fleetKeyFile]) {
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
      expect(readFileSync(file).subarray(0, 7).toString()).toBe('SEALED:');
    }
    expect(readFileSync(files.privateKeyFile).includes(keys.pkcs8)).toBe(false);
    expect(files.fleetKey()?.toString('hex')).toBe(FLEET_HEX);

    // The key that comes back signs what the public key made at enrolment verifies.
    const signing = await files.signingKey();
    expect(signing.publicKey).toBe(keys.publicKey);
    const request = { method: 'POST' as const, route: 'v1/sync/pull', bodyHash: createHash('sha256').update('{}').digest('hex') };
    const token = await signRequestToken({ kioskId: KIOSK_ID, ...request, jti: crypto.randomUUID() }, Date.now(), signing.privateKey);
    expect(await verifyRequestToken(token, await importEd25519PublicKey(keys.publicKey), request, Date.now())).toMatchObject({ ok: true });

    // Another vault (another machine's safeStorage) cannot open them.
    await expect(new IdentityFiles(dir, { seal: (b) => b, open: () => Buffer.from('junk') }).signingKey()).rejects.toThrow();
  });

  it('the web host vault is the 0600 file itself', () => {
    const files = new IdentityFiles(tempDir(), plainFileVault);
    const keys = newKeyPair();
    files.save(keys.pkcs8, Buffer.from(FLEET_HEX, 'hex'));
    expect(readFileSync(files.privateKeyFile).equals(keys.pkcs8)).toBe(true);
    expect(statSync(files.fleetKeyFile).mode & 0o777).toBe(0o600);
  });
});

describe('enrolment', () => {
  async function setUp(options: { pinned?: string; at?: number } = {}) {
    const dir = tempDir();
    const at = options.at ?? Date.parse('2026-12-01T10:00:00+08:00');
    const k = startCore(dir, { now: () => at });
    const hq = await hqKeys();
    const lines: string[] = [];
    const log = createLogger('trace', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const keysSeen: Buffer[] = [];
    const deps = (client: HqClient) => ({
      store: k.sync.store,
      files: k.sync.files,
      client,
      appVersion: '1.2.3',
      pinnedHqKey: options.pinned,
      now: () => at,
      log,
      onEnrolled: (key: Buffer) => keysSeen.push(key),
    });
    const answer = (extra: Partial<EnrolResponse> = {}): HqResult<EnrolResponse> => ({
      ok: true,
      data: { kioskId: KIOSK_ID, storeId: 'S001', hqPublicKey: hq.publicKey, identityKey: FLEET_HEX, serverTime: at, ...extra },
    });
    return { k, dir, hq, lines, keysSeen, deps, answer, at };
  }

  it('makes a key pair, stores the enrolment and the fleet key, and logs neither the code nor any key', async () => {
    const { k, hq, lines, keysSeen, deps, answer } = await setUp();
    const sent: { publicKey: string; code: string; appVersion: string; label?: string }[] = [];
    const result = await enrol({ hqUrl: 'https://hq.example.cn/', code: CODE.toLowerCase(), label: 'entrance' }, deps(hqAnswering(answer(), sent)));
    expect(result).toEqual({ status: 'enrolled', kioskId: KIOSK_ID, storeId: 'S001', hqKeyPinned: false });
    expect(sent[0]).toMatchObject({ code: CODE, appVersion: '1.2.3', label: 'entrance' });
    expect(k.sync.store.enrolment()).toMatchObject({ kioskId: KIOSK_ID, storeId: 'S001', hqUrl: 'https://hq.example.cn/', hqPublicKey: hq.publicKey, label: 'entrance' });
    expect(keysSeen.map((key) => key.toString('hex'))).toEqual([FLEET_HEX]);
    expect((await k.sync.files.signingKey()).publicKey).toBe(sent[0]!.publicKey);

    const logged = lines.join('\n');
    expect(logged).toContain('kiosk enrolled');
    const pkcs8 = readFileSync(k.sync.files.privateKeyFile);
    for (const secret of [CODE, CODE.toLowerCase(), FLEET_HEX, pkcs8.toString('base64'), pkcs8.toString('hex'), sent[0]!.publicKey]) {
      expect(logged).not.toContain(secret);
    }
    k.close();
  });

  it('names each problem, and stores nothing when refused', async () => {
    const { k, deps, answer, hq, at } = await setUp({ pinned: 'B'.repeat(43) });
    const hqUrl = 'https://hq.example.cn/';
    expect(await enrol({ hqUrl, code: CODE }, deps(hqAnswering({ ok: false, code: 'ENROLMENT_CODE_INVALID', message: 'x', status: 400 })))).toMatchObject({
      status: 'refused',
      problem: 'CODE_INVALID',
    });
    expect(await enrol({ hqUrl, code: 'not-a-code' }, deps(hqAnswering(answer())))).toMatchObject({ status: 'refused', problem: 'CODE_INVALID' });
    // Keys and codes do not go to HQ over plain http, except to this machine (development).
    expect(await enrol({ hqUrl: 'http://hq.example.cn/', code: CODE }, deps(hqAnswering(answer())))).toMatchObject({ status: 'refused', problem: 'HQ_URL_INVALID' });
    const unreachable = await enrol({ hqUrl, code: CODE }, deps(hqAnswering({ ok: false, code: 'UNREACHABLE', message: 'HQ is unreachable (ECONNREFUSED)' })));
    expect(unreachable).toMatchObject({ status: 'refused', problem: 'HQ_UNREACHABLE' });
    expect(unreachable.status === 'refused' && unreachable.message).toContain(hqUrl);
    const skewed = await enrol({ hqUrl, code: CODE }, deps(hqAnswering(answer({ serverTime: at - 3 * 3_600_000 }))));
    expect(skewed).toMatchObject({ status: 'refused', problem: 'CLOCK_SKEW' });
    expect(skewed.status === 'refused' && skewed.message).toContain('3 hours ahead of');
    // HQ answers with its real key, which is not the one pinned in this kiosk's configuration.
    const mismatch = await enrol({ hqUrl, code: CODE }, deps(hqAnswering(answer({ hqPublicKey: hq.publicKey }))));
    expect(mismatch).toMatchObject({ status: 'refused', problem: 'HQ_KEY_MISMATCH' });
    expect(mismatch.status === 'refused' && mismatch.message).toContain('hqPublicKey');

    expect(k.sync.store.enrolment()).toBeUndefined();
    expect(existsSync(k.sync.files.privateKeyFile)).toBe(false);
    k.close();
  });

  it('refuses a kiosk enrolled already unless asked to enrol again, and then replaces the identity', async () => {
    const { k, deps, answer } = await setUp();
    const hqUrl = 'https://hq.example.cn/';
    await enrol({ hqUrl, code: CODE }, deps(hqAnswering(answer())));
    const firstKey = (await k.sync.files.signingKey()).publicKey;
    const again = await enrol({ hqUrl, code: CODE }, deps(hqAnswering(answer({ kioskId: '01937c00-0000-7000-8000-0000000000bb' }))));
    expect(again).toMatchObject({ status: 'refused', problem: 'ALREADY_ENROLLED' });
    expect(again.status === 'refused' && again.message).toContain(KIOSK_ID);

    const replaced = await enrol({ hqUrl, code: CODE, reenrol: true }, deps(hqAnswering(answer({ kioskId: '01937c00-0000-7000-8000-0000000000bb' }))));
    expect(replaced).toMatchObject({ status: 'enrolled', kioskId: '01937c00-0000-7000-8000-0000000000bb' });
    expect((await k.sync.files.signingKey()).publicKey).not.toBe(firstKey);
    k.close();
  });

  it('hashes identities with the fleet key from enrolment on, also after a restart', async () => {
    const dir = tempDir();
    const hq = await hqKeys();
    const at = Date.parse('2026-12-01T10:00:00+08:00');
    const k = startCore(dir, { now: () => at });
    const client = hqAnswering({ ok: true, data: { kioskId: KIOSK_ID, storeId: 'S001', hqPublicKey: hq.publicKey, identityKey: FLEET_HEX, serverTime: at } });
    vi.spyOn(k.sync.client, 'enrol').mockImplementation(client.enrol.bind(client));
    const result = await k.sync.enrol({ hqUrl: 'https://hq.example.cn/', code: CODE });
    expect(result).toMatchObject({ status: 'enrolled' });
    expect(k.sync.fleetKey()?.toString('hex')).toBe(FLEET_HEX);
    expect(k.sync.standalone).toBe(false);
    // An application now stores the resident ID's HMAC under the fleet key, not the demo key.
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 200_000 && fen <= 800_000);
    const view = data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer))).application;
    const stored = k.db.prepare('SELECT resident_id_hmac FROM credit_applications WHERE id = ?').pluck().get(view.applicationId);
    expect(stored).toBe(createHmac('sha256', Buffer.from(FLEET_HEX, 'hex')).update(`resident_id:${GOOD_ID}`).digest('hex'));
    k.close();
    const again = startCore(dir, { now: () => at });
    expect(again.sync.fleetKey()?.toString('hex')).toBe(FLEET_HEX);
    again.close();
  });
});
