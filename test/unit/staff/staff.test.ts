import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelName } from '../../../electron/contract/api.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { StaffSignInResponse } from '../../../electron/contract/staff.ts';
import { KioskConfig } from '../../../electron/core/config.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { StaffAudit } from '../../../electron/core/staff/audit.ts';
import { verifyPin } from '../../../electron/core/staff/pin.ts';
import { sha256Hex } from '../../../electron/core/sha256.ts';
import { verifyAuditChain } from '../../../electron/domain/audit-chain.ts';
import { hashPin } from '../../../hq/staff.ts';
import { RESOURCES, startCore } from '../../helpers/core.ts';
import { application, count, OTHER_ID, productWithPlan, visit } from '../../helpers/credit.ts';
import { enrolled } from '../../helpers/sync.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const T0 = Date.parse('2026-12-02T10:00:00+08:00');
const MINUTE = 60_000;
// The demo store's roster (resources/demo-store/staff.json; the README lists them).
const WANG = { id: '100201', pin: '2468' };
const ZHAO_INACTIVE = { id: '100299', pin: '1111' };
const DEMO_ROSTER = JSON.parse(readFileSync(join(RESOURCES, 'demo-store', 'staff.json'), 'utf8')) as { staff: Array<{ id: string; pinHash: string }> };
/** 王芳's hash of 2468, reused for a roster written in a test. */
const DEMO_HASH_2468 = DEMO_ROSTER.staff.find((s) => s.id === WANG.id)!.pinHash;

function kiosk(dir = tempDir(), config: Record<string, unknown> = {}) {
  const clock = { at: T0 };
  const k = startCore(dir, { now: () => clock.at, config: KioskConfig.parse(config) });
  return { k, clock, dir };
}

async function signIn(k: KioskCore, staffId: string, pin: string): Promise<StaffSignInResponse> {
  const result = (await k.dispatch('staffSignIn', { staffId, pin }, SHOPPER)) as ApiResult<StaffSignInResponse>;
  if (!result.ok) throw new Error(result.error.code);
  return result.data;
}

const as = (k: KioskCore, token: string | undefined, channel: ChannelName, input: unknown = {}) => k.dispatch(channel, input, k.callerFor(token));

function auditActions(k: KioskCore): string[] {
  return k.db.prepare('SELECT action FROM staff_audit ORDER BY seq').pluck().all() as string[];
}

describe('staff sign-in', () => {
  it('a staff number and PIN from the roster open a staff session; its token makes calls staff calls, nothing else does', async () => {
    const { k } = kiosk();
    const answer = await signIn(k, WANG.id, WANG.pin);
    expect(answer).toMatchObject({ status: 'signed-in', staff: { id: WANG.id, name: '王芳', role: 'associate' }, autoLockMs: 120_000 });
    const token = answer.status === 'signed-in' ? answer.token : '';

    expect(k.callerFor(token)).toEqual({ role: 'staff', staffId: WANG.id });
    expect(await as(k, token, 'syncStatus')).toMatchObject({ ok: true, data: { health: 'green' } });
    expect(await as(k, token, 'staffWhoAmI')).toMatchObject({ ok: true, data: { id: WANG.id } });

    // A shopper, a forged token, a token of the right length but wrong bytes.
    for (const other of [undefined, 'forged', token.replace(/.$/, token.endsWith('A') ? 'B' : 'A')]) {
      expect(k.callerFor(other)).toEqual(SHOPPER);
      expect(await as(k, other, 'syncStatus')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await as(k, other, 'syncNow')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await as(k, token, 'staffSignOut')).toEqual({ ok: true, data: { ended: true } });
    expect(k.callerFor(token)).toEqual(SHOPPER);
    expect(auditActions(k)).toEqual(['signed_in', 'signed_out']);
    k.close();
  });

  it('five wrong PINs lock the number for 15 minutes, across a restart; the right PIN then waits too', async () => {
    const { k, clock, dir } = kiosk();
    for (let i = 0; i < 4; i++) expect(await signIn(k, WANG.id, '0000')).toEqual({ status: 'refused', problem: 'NOT_RECOGNISED', lockedUntil: null });
    expect(await signIn(k, WANG.id, '0000')).toEqual({ status: 'refused', problem: 'LOCKED', lockedUntil: T0 + 15 * MINUTE });
    expect(await signIn(k, WANG.id, WANG.pin)).toMatchObject({ status: 'refused', problem: 'LOCKED' });
    k.close();

    const again = startCore(dir, { now: () => clock.at });
    expect(await signIn(again, WANG.id, WANG.pin)).toMatchObject({ status: 'refused', problem: 'LOCKED' });
    clock.at = T0 + 15 * MINUTE;
    expect(await signIn(again, WANG.id, WANG.pin)).toMatchObject({ status: 'signed-in' });
    // Nothing of the PIN in the log: the count, the action, the number typed.
    const log = again.db.prepare('SELECT action, detail FROM staff_audit ORDER BY seq').all();
    expect(log).toEqual([
      ...Array.from({ length: 4 }, (_, i) => ({ action: 'sign_in_refused', detail: JSON.stringify({ failures: i + 1 }) })),
      { action: 'locked_out', detail: JSON.stringify({ failures: 5 }) },
      { action: 'signed_in', detail: JSON.stringify({ role: 'associate' }) },
    ]);
    // As a value of its own (hashes and ids may hold the digits by chance).
    const sent = again.db.prepare('SELECT payload FROM outbox').pluck().all() as string[];
    expect(sent.filter((payload) => payload.includes(`"${WANG.pin}"`) || /"pin"/i.test(payload))).toEqual([]);
    again.close();
  });

  it('guesses sent all at once are counted one by one: the sixth finds the number locked', async () => {
    const { k } = kiosk();
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(k, WANG.id, '9999')));
    expect(answers.map((a) => (a.status === 'refused' ? a.problem : a.status))).toEqual([...Array(4).fill('NOT_RECOGNISED'), ...Array(4).fill('LOCKED')]);
    expect(auditActions(k).filter((a) => a === 'sign_in_refused' || a === 'locked_out')).toHaveLength(5);
    k.close();
  });

  it('an unknown number, a former employee and a malformed entry are refused like a wrong PIN', async () => {
    const { k } = kiosk();
    const refused = { status: 'refused', problem: 'NOT_RECOGNISED', lockedUntil: null };
    expect(await signIn(k, '999999', '2468')).toEqual(refused);
    expect(await signIn(k, ZHAO_INACTIVE.id, ZHAO_INACTIVE.pin)).toEqual(refused);
    expect(await signIn(k, "100201' OR 1=1", '2468')).toEqual(refused);
    expect(await signIn(k, WANG.id, '24')).toEqual(refused);
    // A number typed with spaces around it is the number.
    expect(await signIn(k, ` ${WANG.id} `, WANG.pin)).toMatchObject({ status: 'signed-in' });
    k.close();
  });

  it('locks after the auto-lock time without a staff call, and ends with the shopper’s visit', async () => {
    const { k, clock } = kiosk(tempDir(), { staffAutoLockMs: 30_000 });
    const ended: string[] = [];
    k.events.on('staff.ended', ({ reason }) => ended.push(reason));

    let answer = await signIn(k, WANG.id, WANG.pin);
    let token = answer.status === 'signed-in' ? answer.token : '';
    clock.at += 29_000;
    expect(k.callerFor(token)).toMatchObject({ role: 'staff' }); // a call keeps it open
    clock.at += 29_000;
    expect(k.callerFor(token)).toMatchObject({ role: 'staff' });
    clock.at += 30_001;
    expect(k.callerFor(token)).toEqual(SHOPPER);
    expect(ended).toEqual(['auto_locked']);

    const sessionId = await visit(k);
    answer = await signIn(k, WANG.id, WANG.pin);
    token = answer.status === 'signed-in' ? answer.token : '';
    await k.dispatch('endSession', { sessionId, reason: 'idle' }, SHOPPER);
    expect(k.callerFor(token)).toEqual(SHOPPER);
    expect(ended).toEqual(['auto_locked', 'visit_ended']);
    expect(auditActions(k)).toEqual(['signed_in', 'auto_locked', 'signed_in', 'visit_ended']);
    k.close();
  });

  it('a second staff member signing in replaces the first, whose token stops working', async () => {
    const { k } = kiosk();
    const first = await signIn(k, WANG.id, WANG.pin);
    const second = await signIn(k, '100202', '1357');
    expect(second).toMatchObject({ status: 'signed-in', staff: { role: 'supervisor' } });
    expect(k.callerFor(first.status === 'signed-in' ? first.token : '')).toEqual(SHOPPER);
    expect(auditActions(k)).toEqual(['signed_in', 'replaced', 'signed_in']);
    k.close();
  });

  it('“sync now” by a staff member is in the audit log under their number', async () => {
    const { k } = kiosk();
    const answer = await signIn(k, WANG.id, WANG.pin);
    expect(await as(k, answer.status === 'signed-in' ? answer.token : '', 'syncNow')).toMatchObject({ ok: true });
    expect(k.db.prepare("SELECT staff_id FROM staff_audit WHERE action = 'sync_now'").pluck().all()).toEqual([WANG.id]);
    k.close();
  });
});

describe('the staff roster', () => {
  it('HQ’s PIN hashes are what the kiosk checks; a hash of another PIN or a malformed one matches nothing', async () => {
    const hash = await hashPin('482916');
    expect(hash).toMatch(/^scrypt\$14\$8\$1\$/);
    expect(await verifyPin('482916', hash)).toBe(true);
    expect(await verifyPin('482917', hash)).toBe(false);
    expect(await verifyPin('482916', hash.replace('scrypt$14', 'scrypt$13'))).toBe(false);
    expect(await verifyPin('482916', 'plaintext')).toBe(false);
  });

  it('a kiosk with an HQ gets no demo roster; once enrolled it takes its own store’s roster and refuses another store’s', async () => {
    const dir = tempDir();
    const { k } = kiosk(dir, { hqUrl: 'http://127.0.0.1:9/' });
    expect(await signIn(k, WANG.id, WANG.pin)).toMatchObject({ status: 'refused' });
    enrolled(k, { at: T0 });

    const roster = (storeId: string, version: string) => {
      const file = join(dir, `${version}.json`);
      writeFileSync(file, JSON.stringify({ dataset: 'staff', version, storeId, staff: [{ id: '300001', name: '周敏', role: 'manager', pinHash: DEMO_HASH_2468, active: true }] }));
      return file;
    };
    expect(k.datasets.applyFile('staff', roster('S002', 'other-store'))).toMatchObject({ ok: false, message: expect.stringContaining('S002') });
    expect(k.datasets.applyFile('staff', roster('S001', 'own-store'))).toMatchObject({ ok: true, applied: true });
    // As the puller records an HQ publication it applied (test/hq/staff.test.ts pulls one for real).
    k.sync.store.saveCursor({ dataset: 'staff', version: 7, contentHash: 'c'.repeat(64), publishedAt: T0, effectiveAt: T0, appliedAt: T0, confirmedAt: T0 });
    expect(await signIn(k, '300001', '2468')).toMatchObject({ status: 'signed-in', staff: { name: '周敏' } });
    k.close();
  });

  it('a demo roster left from before enrolment signs nobody in once the kiosk is enrolled, even in the store it names', async () => {
    for (const storeId of ['S777', 'S001']) {
      const { k } = kiosk();
      k.sync.store.saveEnrolment({ kioskId: '01937c00-0000-7000-8000-0000000000ab', storeId, hqUrl: 'http://127.0.0.1:9/', hqPublicKey: 'A'.repeat(43), label: null, enrolledAt: T0 });
      expect(await signIn(k, WANG.id, WANG.pin)).toMatchObject({ status: 'refused', problem: 'NOT_RECOGNISED' });
      k.close();
    }
  });
});

describe('the staff audit log', () => {
  async function logWithEntries() {
    const { k } = kiosk();
    await signIn(k, WANG.id, '0000');
    const answer = await signIn(k, WANG.id, WANG.pin);
    await as(k, answer.status === 'signed-in' ? answer.token : '', 'syncNow');
    await as(k, answer.status === 'signed-in' ? answer.token : '', 'staffSignOut');
    return k;
  }

  it('is a hash chain that holds, sent to HQ entry by entry with its hashes', async () => {
    const k = await logWithEntries();
    const entries = (k.db.prepare('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq').pluck().all('staff.audit') as string[]).map((p) => JSON.parse(p));
    expect(entries.map((e) => e.action)).toEqual(['sign_in_refused', 'signed_in', 'sync_now', 'signed_out']);
    // What HQ receives checks out on its own, with no access to the kiosk's database.
    expect(verifyAuditChain(entries, sha256Hex)).toBeNull();
    k.close();
  });

  it('refuses changes, and a changed or deleted entry breaks the chain where it happened', async () => {
    const k = await logWithEntries();
    const verify = () => new StaffAudit(k.db).verify();
    expect(verify()).toBeNull();
    expect(() => k.db.prepare("UPDATE staff_audit SET action = 'signed_in' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => k.db.prepare('DELETE FROM staff_audit WHERE seq = 2').run()).toThrow(/append-only/);

    // Someone with the file and a SQLite shell drops the triggers: the chain still tells.
    k.db.exec('DROP TRIGGER staff_audit_no_update; DROP TRIGGER staff_audit_no_delete');
    k.db.prepare("UPDATE staff_audit SET staff_id = '100203' WHERE seq = 3").run();
    expect(verify()).toEqual({ seq: 3, problem: 'HASH_MISMATCH' });
    k.db.prepare("UPDATE staff_audit SET staff_id = '100201' WHERE seq = 3").run();
    expect(verify()).toBeNull();
    k.db.prepare('DELETE FROM staff_audit WHERE seq = 2').run();
    expect(verify()).toEqual({ seq: 3, problem: 'SEQ_GAP' });
    k.close();
  });
});

describe('an assisted application', () => {
  it('carries the signed-in staff member and “ID card seen” to the application, HQ’s outbox row and the audit log; a shopper cannot claim it', async () => {
    const { k } = kiosk();
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const sessionId = await visit(k);

    const claimed = await k.dispatch('applyForCredit', { ...application(sessionId, product.id, offer), assist: { idCardSeen: true } }, SHOPPER);
    expect(claimed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'assist' } });
    expect(count(k, 'SELECT count(*) FROM credit_applications')).toBe(0);

    const answer = await signIn(k, WANG.id, WANG.pin);
    const token = answer.status === 'signed-in' ? answer.token : '';
    const assisted = await as(k, token, 'applyForCredit', { ...application(sessionId, product.id, offer), assist: { idCardSeen: true } });
    const id = (assisted as { data: { application: { applicationId: string } } }).data.application.applicationId;
    expect(assisted).toMatchObject({ ok: true, data: { application: { status: 'approved' } } });
    expect(k.db.prepare('SELECT assisted_by AS by, id_card_seen AS seen FROM credit_applications WHERE id = ?').get(id)).toEqual({ by: WANG.id, seen: 1 });
    const sent = JSON.parse(k.db.prepare("SELECT payload FROM outbox WHERE topic = 'credit.application' AND aggregate_id = ?").pluck().get(id) as string);
    expect(sent).toMatchObject({ assistedBy: WANG.id, idCardSeen: true });
    expect(k.db.prepare("SELECT staff_id AS staffId, detail FROM staff_audit WHERE action = 'assisted_application'").all()).toEqual([
      { staffId: WANG.id, detail: JSON.stringify({ applicationId: id, idCardSeen: true }) },
    ]);

    // A staff member's own call without `assist` is not an assisted application.
    const plain = await as(k, token, 'applyForCredit', application(sessionId, product.id, offer, { residentId: OTHER_ID, mobile: '13912340000' }));
    expect(plain).toMatchObject({ ok: true });
    expect(count(k, 'SELECT count(*) FROM credit_applications WHERE assisted_by IS NULL')).toBe(1);
    k.close();
  });
});
