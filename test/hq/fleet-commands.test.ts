import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOPPER } from '../../electron/contract/channel.ts';
import type { CommandClaims, FleetLogsResponse } from '../../electron/contract/fleet-commands.ts';
import { HQ_ROUTES, type HqError } from '../../electron/contract/sync.ts';
import { signCommand } from '../../electron/domain/sync-signing.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import { updatesHeld, type CommandsPort } from '../../electron/core/fleet/commands.ts';
import { kioskLogDestination, logFilePath } from '../../electron/core/fleet/log-file.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { createLogger, type Logger } from '../../electron/core/logger.ts';
import type { CommandView } from '../../hq/fleet-commands.ts';
import { generateHqKeys } from '../../hq/keys.ts';
import { startCore } from '../helpers/core.ts';
import { call, data, visit } from '../helpers/credit.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, TestKiosk, testEngine, type TestHq } from './harness.ts';
import { enrolKiosk, T0, type Clock } from './kiosk-fixture.ts';

/**
 * Remote commands (issue 12 item 4), end to end with nothing scripted: a real HQ issues and signs
 * them, a real kiosk core pulls them with its messages, verifies them with the key it pinned,
 * waits for nobody to be mid-visit, runs them through a fake shell port, and reports each step in
 * its outbox, which HQ applies to the command and its audit.
 */
const tempDir = tempDirs();
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** The shell's side: counts what it was asked; a restart "happens" when the test starts a new core. */
class FakeShell implements CommandsPort {
  reloads = 0;
  restarts = 0;
  reloadUi() {
    this.reloads++;
    return { ok: true as const };
  }
  restartApp() {
    this.restarts++;
    return { ok: true as const };
  }
}

interface Kiosk {
  k: KioskCore;
  kioskId: string;
  shell: FakeShell;
  log: Logger;
  dir: string;
  /** Stops the core (as the app quitting would); once. */
  close(): void;
}

const quietStderr = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** A kiosk core on `dir` writing its log file there as the shells do, its commands started (what warmUp does for them). */
function kioskOn(dir: string, clock: Clock): Omit<Kiosk, 'kioskId'> {
  const destination = kioskLogDestination(dir, { stderr: quietStderr() });
  const log = createLogger('info', destination.stream);
  const k = startCore(dir, { now: () => clock.at, config: KioskConfig.parse({}), log });
  const shell = new FakeShell();
  k.commands.attach(shell);
  k.commands.start();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    k.close();
    destination.close();
  };
  open.push({ close });
  return { k, shell, log, dir, close };
}

async function setup(options: { viaProxy?: boolean } = {}): Promise<{ hq: TestHq; clock: Clock; kiosk: Kiosk; proxy?: FaultProxy }> {
  const clock: Clock = { at: T0 };
  const hq = await startTestHq({ now: () => clock.at });
  open.push(hq);
  const proxy = options.viaProxy ? await startFaultProxy(hq.url) : undefined;
  if (proxy) open.push(proxy);
  const kiosk = kioskOn(tempDir(), clock);
  const enrolled = await enrolKiosk(kiosk.k, proxy?.url ?? hq.url, await hq.enrolmentCode('S001'));
  expect(enrolled).toMatchObject({ status: 'enrolled' });
  return { hq, clock, kiosk: { ...kiosk, kioskId: enrolled.kioskId! }, proxy };
}

/** Pull (commands arrive, are verified and run when they may), then push what the kiosk reported. */
async function round(k: KioskCore): Promise<void> {
  await k.sync.syncNow();
  await k.commands.settled();
  await k.sync.syncNow();
}

const admin = (hq: TestHq, token = hq.adminToken) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function issue(hq: TestHq, kioskId: string, body: Record<string, unknown>, token?: string): Promise<{ status: number; body: { command: CommandView } & HqError }> {
  const response = await fetch(new URL(`v1/admin/kiosks/${kioskId}/commands`, hq.url), { method: 'POST', headers: admin(hq, token), body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { command: CommandView } & HqError };
}

async function issued(hq: TestHq, kioskId: string, body: Record<string, unknown>): Promise<CommandView> {
  const answer = await issue(hq, kioskId, { issuedBy: 'alice', ...body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.command;
}

async function commands(hq: TestHq, kioskId: string): Promise<CommandView[]> {
  const response = await fetch(new URL(`v1/admin/kiosks/${kioskId}/commands`, hq.url), { headers: admin(hq) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { commands: CommandView[] }).commands;
}

async function atHq(hq: TestHq, kioskId: string, commandId: string): Promise<CommandView> {
  const found = (await commands(hq, kioskId)).find((c) => c.commandId === commandId);
  if (!found) throw new Error(`HQ lists no command ${commandId}`);
  return found;
}

async function historyAtHq(hq: TestHq, kioskId: string, commandId: string): Promise<Array<{ state: string; reason: string | null; by: string | null }>> {
  const response = await fetch(new URL(`v1/admin/kiosks/${kioskId}/commands/${commandId}`, hq.url), { headers: admin(hq) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { history: Array<{ state: string; reason: string | null; by: string | null }> }).history;
}

/** The kiosk's own record of a command (its row and its append-only log). */
function atKiosk(k: KioskCore, commandId: string) {
  const rows = k.db.prepare('SELECT id, state, reason, result FROM fleet_commands WHERE command_id = ? ORDER BY id').all(commandId) as Array<{ id: number; state: string; reason: string | null; result: string | null }>;
  return rows.map((r) => ({ ...r, log: k.commands.store.history(r.id).map((h) => (h.reason ? `${h.state}:${h.reason}` : h.state)) }));
}

/** Puts a `fleet.command` message for `kioskId` straight into HQ's table, as a forger or a replay would. */
async function plantMessage(hq: TestHq, kioskId: string, commandId: string, command: string): Promise<void> {
  await hq.db.query("INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'fleet.command', $2::jsonb, 0)", [kioskId, JSON.stringify({ commandId, command })]);
}

const signedAtHq = async (hq: TestHq, commandId: string) => (await hq.db.query<{ signed: string }>('SELECT signed FROM fleet_commands WHERE id = $1', [commandId]))[0]!.signed;

describe(`remote commands (${testEngine()})`, () => {
  it('runs each kind the kiosk pulls, reports it, and both ends keep the audit', async () => {
    const { hq, clock, kiosk } = await setup();
    const { k, kioskId, shell } = kiosk;
    const reload = await issued(hq, kioskId, { kind: 'reload_ui' });
    const sync = await issued(hq, kioskId, { kind: 'sync_now' });
    const hold = await issued(hq, kioskId, { kind: 'hold_updates' });
    const level = await issued(hq, kioskId, { kind: 'set_config', args: { key: 'logLevel', value: 'debug' } });
    expect(reload).toMatchObject({ state: 'pending', issuedBy: 'admin-api:alice', kind: 'reload_ui' });
    expect((await atHq(hq, kioskId, sync.commandId)).state).toBe('pending');

    await round(k);
    expect(shell.reloads).toBe(1);
    expect(updatesHeld(k.db)).toBe(true);
    expect(k.commands.updatesHeld()).toBe(true);
    expect(kiosk.log.level).toBe('debug');
    for (const c of [reload, sync, hold, level]) expect((await atHq(hq, kioskId, c.commandId)).state).toBe('done');
    expect(await atHq(hq, kioskId, sync.commandId)).toMatchObject({ result: { pending: expect.any(Number) } });
    expect(await atHq(hq, kioskId, level.commandId)).toMatchObject({ result: { key: 'logLevel', value: 'debug', applies: 'now' } });
    // Both ends: who issued it and every step, here in the kiosk's append-only log and at HQ.
    expect(atKiosk(k, reload.commandId)).toEqual([expect.objectContaining({ state: 'done', log: ['received', 'queued', 'running', 'done'] })]);
    expect((await historyAtHq(hq, kioskId, reload.commandId)).map((h) => h.state)).toEqual(['issued', 'received', 'queued', 'running', 'done']);
    expect((await historyAtHq(hq, kioskId, reload.commandId))[0]).toMatchObject({ by: 'admin-api:alice' });

    const resume = await issued(hq, kioskId, { kind: 'resume_updates' });
    await round(k);
    expect(updatesHeld(k.db)).toBe(false);
    expect((await atHq(hq, kioskId, resume.commandId)).state).toBe('done');

    // A restart is asked of the shell; it is done when the app is back (a new core on the same data).
    const restart = await issued(hq, kioskId, { kind: 'restart_app' });
    await round(k);
    expect(shell.restarts).toBe(1);
    expect(atKiosk(k, restart.commandId)[0]).toMatchObject({ state: 'running', reason: 'restarting' });
    expect((await atHq(hq, kioskId, restart.commandId)).state).toBe('delivered');
    kiosk.close();
    clock.at += 60_000;
    const again = kioskOn(kiosk.dir, clock);
    await again.k.sync.syncNow();
    expect(again.shell.restarts).toBe(0);
    expect(await atHq(hq, kioskId, restart.commandId)).toMatchObject({ state: 'done', reason: 'restarted' });
  });

  it('waits while a shopper is mid-visit and runs when the visit ends', async () => {
    const { hq, kiosk } = await setup();
    const { k, kioskId, shell } = kiosk;
    const sessionId = await visit(k);
    const reload = await issued(hq, kioskId, { kind: 'reload_ui' });
    await round(k);
    expect(shell.reloads).toBe(0);
    expect(atKiosk(k, reload.commandId)[0]).toMatchObject({ state: 'queued' });
    expect((await atHq(hq, kioskId, reload.commandId)).state).toBe('delivered');
    // Tried again on the timer while the shopper is still there: still waiting.
    k.commands.kick();
    await k.commands.settled();
    expect(shell.reloads).toBe(0);

    data(await call(k, 'endSession', { sessionId, reason: 'finished' }));
    await k.commands.settled();
    expect(shell.reloads).toBe(1);
    await k.sync.syncNow();
    expect((await atHq(hq, kioskId, reload.commandId)).state).toBe('done');
  });

  it('a command issued while the kiosk was offline runs once it is back; one that expired meanwhile does not', async () => {
    const { hq, clock, kiosk, proxy } = await setup({ viaProxy: true });
    const { k, kioskId, shell } = kiosk;
    proxy!.down();
    const reload = await issued(hq, kioskId, { kind: 'reload_ui' });
    const brief = await issued(hq, kioskId, { kind: 'reload_ui', ttlMinutes: 30 });
    await round(k);
    expect(k.sync.status().lastError).not.toBeNull();
    expect(shell.reloads).toBe(0);
    expect((await atHq(hq, kioskId, reload.commandId)).state).toBe('pending');

    clock.at += 3_600_000; // an hour offline: the 30-minute one is past its time
    expect((await atHq(hq, kioskId, brief.commandId)).state).toBe('expired');
    proxy!.up();
    await round(k);
    expect(shell.reloads).toBe(1);
    expect((await atHq(hq, kioskId, reload.commandId)).state).toBe('done');
    expect(await atHq(hq, kioskId, brief.commandId)).toMatchObject({ state: 'expired', reason: 'expired_on_arrival' });
    expect(atKiosk(k, brief.commandId)[0]).toMatchObject({ state: 'expired', log: ['received', 'expired:expired_on_arrival'] });
  });

  it('refuses a tampered, foreign-key, other kiosk’s, expired or replayed command, and audits each at both ends', async () => {
    const { hq, clock, kiosk } = await setup();
    const { k, kioskId, shell } = kiosk;
    const hold = await issued(hq, kioskId, { kind: 'hold_updates' });
    await round(k);
    expect(updatesHeld(k.db)).toBe(true);

    // Tampered: HQ's real command with its payload changed to a restart, the signature kept.
    const [header, payload, signature] = (await signedAtHq(hq, hold.commandId)).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CommandClaims;
    const tamperedId = randomUUID();
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, commandId: tamperedId, kind: 'restart_app' })).toString('base64url')}.${signature}`;
    await plantMessage(hq, kioskId, tamperedId, tampered);
    // Signed with another key than the one the kiosk pinned.
    const foreignId = randomUUID();
    const foreign = await signCommand({ ...claims, commandId: foreignId, kind: 'reload_ui', args: {} } as CommandClaims, (await generateHqKeys()).privateKey);
    await plantMessage(hq, kioskId, foreignId, foreign);
    // HQ's genuine command for another kiosk, delivered to this one.
    const other = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
    const theirs = await issued(hq, other.kioskId, { kind: 'reload_ui' });
    await plantMessage(hq, kioskId, theirs.commandId, await signedAtHq(hq, theirs.commandId));
    // The command that already ran, sent again.
    await plantMessage(hq, kioskId, hold.commandId, await signedAtHq(hq, hold.commandId));
    // Past its time when the kiosk pulls it.
    const late = await issued(hq, kioskId, { kind: 'reload_ui', ttlMinutes: 1 });
    clock.at += 120_000;

    await round(k);
    expect(shell).toMatchObject({ reloads: 0, restarts: 0 });
    expect(atKiosk(k, tamperedId)).toEqual([expect.objectContaining({ state: 'refused', reason: 'signature_invalid', log: ['received', 'refused:signature_invalid'] })]);
    expect(atKiosk(k, foreignId)).toEqual([expect.objectContaining({ state: 'refused', reason: 'signature_invalid' })]);
    expect(atKiosk(k, theirs.commandId)).toEqual([expect.objectContaining({ state: 'refused', reason: 'other_kiosk' })]);
    expect(atKiosk(k, hold.commandId).map((r) => `${r.state}:${r.reason}`)).toEqual(['done:null', 'refused:replayed']);
    expect(atKiosk(k, late.commandId)).toEqual([expect.objectContaining({ state: 'expired', reason: 'expired_on_arrival' })]);

    // HQ: the real commands keep their own state (the replay changed nothing), every refusal is in the audit.
    expect((await atHq(hq, kioskId, hold.commandId)).state).toBe('done');
    expect((await historyAtHq(hq, kioskId, hold.commandId)).map((h) => `${h.state}${h.reason ? `:${h.reason}` : ''}`)).toEqual(
      expect.arrayContaining(['issued', 'done', 'refused:replayed']),
    );
    expect((await atHq(hq, kioskId, late.commandId)).state).toBe('expired');
    expect((await atHq(hq, other.kioskId, theirs.commandId)).state).toBe('pending');
    const refusals = await hq.db.query<{ command_id: string; reason: string }>(
      "SELECT command_id, reason FROM fleet_command_events WHERE kiosk_id = $1 AND state = 'refused' ORDER BY id",
      [kioskId],
    );
    expect(refusals).toEqual(
      expect.arrayContaining([
        { command_id: tamperedId, reason: 'signature_invalid' },
        { command_id: foreignId, reason: 'signature_invalid' },
        { command_id: theirs.commandId, reason: 'other_kiosk' },
        { command_id: hold.commandId, reason: 'replayed' },
      ]),
    );
  });

  it('collected logs reach HQ redacted, for the window asked', async () => {
    const { hq, clock, kiosk } = await setup();
    const { k, kioskId, log, dir } = kiosk;
    // Lines that must never leave the kiosk as they are: the logger should not write them, so plant them.
    appendFileSync(logFilePath(dir), `${JSON.stringify({ level: 30, time: clock.at - 3 * 3_600_000, msg: 'too old to send' })}\n`);
    log.info({ note: 'caller 13812345678, ID 11010519491231002X' }, 'planted line');
    appendFileSync(logFilePath(dir), `${JSON.stringify({ level: 40, time: clock.at, msg: 'retry with Bearer eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl phone 139 8765 4321' })}\n`);
    const collect = await issued(hq, kioskId, { kind: 'collect_logs', args: { sinceMinutes: 30 } });
    await round(k);

    const listed = await atHq(hq, kioskId, collect.commandId);
    expect(listed).toMatchObject({ state: 'done', logs: { truncated: false } });
    expect(listed.logs!.redactions).toBeGreaterThanOrEqual(4);
    const response = await fetch(new URL(`v1/admin/kiosks/${kioskId}/commands/${collect.commandId}/logs`, hq.url), { headers: admin(hq) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('planted line');
    expect(text).toContain('[redacted:phone]');
    expect(text).toContain('[redacted:id]');
    expect(text).toContain('[redacted:token]');
    for (const secret of ['13812345678', '11010519491231002X', '139 8765 4321', 'eyJhbGciOiJFZERTQSJ9']) expect(text).not.toContain(secret);
    expect(text).not.toContain('too old to send');

    // HQ does not rely on the kiosk: what a kiosk sends unredacted is redacted before it is kept.
    const other = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
    other.clock = () => clock.at;
    const theirs = await issued(hq, other.kioskId, { kind: 'collect_logs' });
    const sent = await other.post<FleetLogsResponse>(HQ_ROUTES.fleetLogs, { commandId: theirs.commandId, text: 'call 13987654321', lines: 1, truncated: false, redactions: 0 });
    expect(sent).toMatchObject({ status: 200, body: { stored: true } });
    expect((await atHq(hq, other.kioskId, theirs.commandId)).logs).toMatchObject({ redactions: 1 });
    // Logs only for a collect_logs command of the kiosk itself.
    expect((await other.post(HQ_ROUTES.fleetLogs, { commandId: collect.commandId, text: 'x', lines: 1, truncated: false, redactions: 0 })).status).toBe(404);
  });

  it('set_config takes allowed keys only, applies what it can at once and survives a restart', async () => {
    const { hq, clock, kiosk } = await setup();
    const { k, kioskId, dir } = kiosk;
    // Checked at HQ before anything is signed: no key outside the list, no value outside its bounds.
    expect((await issue(hq, kioskId, { kind: 'set_config', args: { key: 'hqUrl', value: 'https://evil.example' } })).status).toBe(400);
    expect((await issue(hq, kioskId, { kind: 'set_config', args: { key: 'idleTimeoutMs', value: 1_000 } })).status).toBe(400);
    expect((await issue(hq, kioskId, { kind: 'set_config', args: { key: 'logLevel', value: 'silent' } })).status).toBe(400);

    const idle = await issued(hq, kioskId, { kind: 'set_config', args: { key: 'idleTimeoutMs', value: 45_000 } });
    const lock = await issued(hq, kioskId, { kind: 'set_config', args: { key: 'staffAutoLockMs', value: 300_000 } });
    // Within its own bounds, but not shorter than the idle reset it warns of: the kiosk refuses it.
    const warning = await issued(hq, kioskId, { kind: 'set_config', args: { key: 'idleWarningMs', value: 50_000 } });
    await round(k);
    expect(await atHq(hq, kioskId, idle.commandId)).toMatchObject({ state: 'done', result: { key: 'idleTimeoutMs', value: 45_000, applies: 'now' } });
    expect(await atHq(hq, kioskId, lock.commandId)).toMatchObject({ state: 'done', result: { applies: 'next_start' } });
    expect(await atHq(hq, kioskId, warning.commandId)).toMatchObject({ state: 'failed', reason: 'invalid_value', result: { key: 'idleWarningMs' } });
    expect(data(await call(k, 'appInfo', {}))).toMatchObject({ idle: { timeoutMs: 45_000, warningMs: 10_000 } });

    kiosk.close();
    const again = kioskOn(dir, clock);
    expect(again.k.config).toMatchObject({ idleTimeoutMs: 45_000, staffAutoLockMs: 300_000, idleWarningMs: 10_000 });
    expect(data(await again.k.dispatch('appInfo', {}, SHOPPER))).toMatchObject({ idle: { timeoutMs: 45_000 } });

    // null gives the setting back to the kiosk's own configuration.
    const reset = await issued(hq, kioskId, { kind: 'set_config', args: { key: 'idleTimeoutMs', value: null } });
    await round(again.k);
    expect((await atHq(hq, kioskId, reset.commandId)).state).toBe('done');
    expect(again.k.config.idleTimeoutMs).toBe(90_000);
  });

  it('hold_updates holds across a restart until resume_updates', async () => {
    const { hq, clock, kiosk } = await setup();
    await issued(hq, kiosk.kioskId, { kind: 'hold_updates' });
    await round(kiosk.k);
    expect(updatesHeld(kiosk.k.db)).toBe(true);
    kiosk.close();
    const again = kioskOn(kiosk.dir, clock);
    expect(again.k.commands.updatesHeld()).toBe(true);
    await issued(hq, kiosk.kioskId, { kind: 'resume_updates' });
    await round(again.k);
    expect(again.k.commands.updatesHeld()).toBe(false);
  });

  it('only the admin issues or lists commands; a store-wide command goes to each of its kiosks; a revoked kiosk takes none', async () => {
    const { hq, kiosk } = await setup();
    const body = JSON.stringify({ kind: 'reload_ui' });
    const url = new URL(`v1/admin/kiosks/${kiosk.kioskId}/commands`, hq.url);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await issue(hq, kiosk.kioskId, { kind: 'reload_ui' }, 'not-the-admin-token')).status).toBe(401);
    // A kiosk's own signed token is not the admin's.
    const other = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
    const asKiosk = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await other.token(`v1/admin/kiosks/${kiosk.kioskId}/commands`, body)}` }, body });
    expect(asKiosk.status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect(await hq.db.query('SELECT id FROM fleet_commands')).toEqual([]);

    const store = await fetch(new URL('v1/admin/stores/S001/commands', hq.url), { method: 'POST', headers: admin(hq), body: JSON.stringify({ kind: 'sync_now', issuedBy: 'bob' }) });
    const batch = (await store.json()) as { batchId: string; commands: CommandView[] };
    expect(batch.commands.map((c) => c.kioskId).sort()).toEqual([kiosk.kioskId, other.kioskId].sort());
    expect(new Set(batch.commands.map((c) => c.batchId))).toEqual(new Set([batch.batchId]));

    await fetch(new URL(`v1/admin/kiosks/${other.kioskId}/revoke`, hq.url), { method: 'POST', headers: admin(hq), body: '{}' });
    expect(await issue(hq, other.kioskId, { kind: 'reload_ui' })).toMatchObject({ status: 409, body: { error: { code: 'KIOSK_REVOKED' } } });
    expect((await issue(hq, randomUUID(), { kind: 'reload_ui' })).status).toBe(404);

    const openapi = (await (await fetch(new URL('openapi.json', hq.url))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/admin/kiosks/{id}/commands', '/v1/admin/stores/{id}/commands', '/v1/fleet/logs']));
  });
});
