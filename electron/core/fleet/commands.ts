import {
  CollectLogsArgs,
  MAX_LOG_UPLOAD_CHARS,
  RemoteSetting,
  type CommandClaims,
  type CommandDetail,
  type CommandRefusal,
  type RemoteSettingKey,
} from '../../contract/fleet-commands.ts';
import type { KioskMessageOf } from '../../contract/sync.ts';
import { redactLogText } from '../../domain/log-redaction.ts';
import { importEd25519PublicKey, verifyCommand } from '../../domain/sync-signing.ts';
import { KioskConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { CoreEvents } from '../events.ts';
import type { Logger } from '../logger.ts';
import type { HqClient } from '../sync/hq-client.ts';
import type { SyncStore } from '../sync/sync-store.ts';
import { CommandStore, type CommandRow } from './commands-store.ts';
import { readLogTail } from './log-file.ts';

/**
 * What a remote command needs of the shell it runs in (electron/main/commands-port.ts,
 * electron/host/commands-port.ts; tests pass a fake). An outcome that is not ok fails the command
 * with its code, which HQ shows store IT.
 */
export interface CommandsPort {
  /** Loads the kiosk UI afresh (the attract screen). */
  reloadUi(): PortOutcome;
  /** Restarts the whole app. When it goes ahead it does not return (the process ends); the command is done when the app is back. */
  restartApp(): PortOutcome;
}
export type PortOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface FleetCommandsDeps {
  db: Db;
  now: () => number;
  log: Logger;
  dataDir: string;
  sync: {
    readonly store: Pick<SyncStore, 'enrolment'>;
    syncNow(): Promise<{ pending: { total: number }; lastError: { code: string } | null }>;
    line(): Pick<HqClient, 'fleetLogs'> | null;
  };
  /** The core's configuration in effect (remote values included): set_config changes what applies at once in it. */
  config: KioskConfig;
  /** The configuration without remote values (the shell's): what a remote value is checked against. */
  localConfig: KioskConfig;
  /** Why nothing that disturbs the screen may run now (a shopper mid-visit, a staff session), or null. */
  busy: () => string | null;
  events: CoreEvents;
  /**
   * Hook for the watchdog (issue 12 item 5): a restart store IT asked for is not a crash, so the
   * crash history is cleared before it. Wired in kiosk-core.ts once the core has a watchdog.
   */
  clearCrashHistory?: () => void;
  /** How often queued commands are tried again while the kiosk is busy (besides when a visit or staff session ends). */
  retryEveryMs?: number;
}

/** Collected logs reach back over at most this much of the log files. */
const READ_LOG_BYTES = 4 * 1024 * 1024;
const RETRY_EVERY_MS = 30_000;
/** Remote settings that take effect at once (the idle times when the screen next asks, which reload_ui does). */
const LIVE_SETTINGS: ReadonlySet<RemoteSettingKey> = new Set(['logLevel', 'idleTimeoutMs', 'idleWarningMs']);

type Verdict = { state: 'refused'; reason: CommandRefusal } | { state: 'queued' | 'expired'; claims: CommandClaims };
type Outcome = { state: 'done' | 'failed'; reason: string | null; detail: CommandDetail | null };

/**
 * Remote commands at the kiosk (issue 12 item 4). A `fleet.command` message is stored on receipt,
 * in the transaction that marks the message handled; then verified (HQ's signature with the key
 * pinned at enrolment, for this kiosk, not expired, not run before) and queued, or refused; a
 * queued command runs once nobody is mid-visit, oldest first; each step is logged locally
 * (fleet_command_log, append-only) and reported to HQ through the outbox in the same transaction.
 */
export class FleetCommands {
  readonly store: CommandStore;
  private port: CommandsPort | undefined;
  private started = false;
  private pumping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stops: Array<() => void> = [];
  private waitingFor: string | null = null;

  constructor(private readonly d: FleetCommandsDeps) {
    this.store = new CommandStore(d.db);
  }

  /** The shell's actions (reload, restart); without one those commands fail as not_supported. */
  attach(port: CommandsPort): void {
    this.port = port;
  }

  /** Whether store IT holds this kiosk's updates (hold_updates / resume_updates): the update manager does not install while true. */
  updatesHeld(): boolean {
    return this.store.updatesHeld();
  }

  /** The consumer of `fleet.command` messages (SyncService.onMessage): stores the command with the message marked handled. */
  received(message: KioskMessageOf<'fleet.command'>, handled: () => void): void {
    const row = writeWithOutbox(this.d.db, this.d.now, (emit) => {
      handled();
      return this.store.receive(emit, message, this.d.now());
    });
    if (row) this.d.log.info({ commandId: row.commandId, messageId: row.messageId }, 'remote command received');
    this.kick();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.resumeInterrupted();
    this.stops.push(this.d.events.on('session.ended', () => this.kick()));
    this.stops.push(this.d.events.on('staff.ended', () => this.kick()));
    this.timer = setInterval(() => this.kick(), this.d.retryEveryMs ?? RETRY_EVERY_MS);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    this.started = false;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Resolves once no command is being verified or run (tests, and shells before they close). */
  async settled(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Verifies what arrived and runs what waits, now (also on a timer, and when a visit or staff session ends). */
  kick(): void {
    if (!this.started) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        await this.pump();
      } while (this.again && this.started);
    })()
      .catch((error: unknown) => this.d.log.error({ err: error }, 'remote commands stopped; tried again later'))
      .finally(() => {
        this.pumping = null;
        // A kick that came after the last pass looked: one more.
        if (this.again) this.kick();
      });
  }

  private async pump(): Promise<void> {
    for (const row of this.store.inState('received')) await this.verify(row);
    for (;;) {
      if (!this.started) return;
      const row = this.store.oldestQueued();
      if (!row) return;
      if (row.expiresAt !== null && row.expiresAt <= this.d.now()) {
        this.step(row, 'expired', 'expired_waiting', null);
        continue;
      }
      const busy = this.d.busy();
      if (busy) {
        if (this.waitingFor !== busy) this.d.log.info({ commandId: row.commandId, kind: row.kind, busy }, 'remote command waits until nobody is mid-visit');
        this.waitingFor = busy;
        return;
      }
      this.waitingFor = null;
      if (!(await this.run(row))) return;
    }
  }

  /** HQ's signature, this kiosk's, then (in one transaction with the verdict) not run before and not expired. */
  private async verify(row: CommandRow): Promise<void> {
    const enrolment = this.d.sync.store.enrolment();
    let claims: CommandClaims | null = null;
    let refusal: CommandRefusal | null = null;
    if (!enrolment) refusal = 'not_enrolled';
    else {
      claims = await verifyCommand(row.signed, await importEd25519PublicKey(enrolment.hqPublicKey));
      if (!claims) refusal = 'signature_invalid';
      else if (claims.commandId !== row.commandId) refusal = 'claims_mismatch';
      else if (claims.kioskId !== enrolment.kioskId) refusal = 'other_kiosk';
    }
    const verdict = writeWithOutbox(this.d.db, this.d.now, (emit): Verdict | null => {
      const at = this.d.now();
      if (this.store.get(row.id)?.state !== 'received') return null;
      let v: Verdict;
      if (refusal !== null || claims === null) v = { state: 'refused', reason: refusal ?? 'signature_invalid' };
      else if (this.store.acceptedBefore(row)) v = { state: 'refused', reason: 'replayed' };
      else v = { state: claims.expiresAt <= at ? 'expired' : 'queued', claims };
      if (v.state === 'refused') this.store.record(emit, row, 'refused', v.reason, null, at);
      else this.store.accept(emit, row, v.claims, v.state, v.state === 'expired' ? 'expired_on_arrival' : null, at);
      return v;
    });
    if (!verdict) return;
    if (verdict.state === 'refused') this.d.log.warn({ commandId: row.commandId, messageId: row.messageId, reason: verdict.reason }, 'remote command refused');
    else this.d.log.info({ commandId: row.commandId, kind: verdict.claims.kind, state: verdict.state, issuedBy: verdict.claims.issuedBy }, 'remote command verified');
  }

  /** Runs one queued command; false when nothing more should run now (the app is restarting). */
  private async run(row: CommandRow): Promise<boolean> {
    const kind = row.kind!;
    const args: unknown = JSON.parse(row.args ?? '{}');
    this.step(row, 'running', kind === 'restart_app' ? 'restarting' : null, null);
    this.d.log.info({ commandId: row.commandId, kind }, 'remote command running');
    let outcome: Outcome;
    try {
      switch (kind) {
        case 'reload_ui':
          outcome = this.portOutcome(this.port?.reloadUi());
          break;
        case 'restart_app': {
          this.d.clearCrashHistory?.();
          const result = this.portOutcome(this.port?.restartApp());
          // Going ahead: the command is done when the app is back (resumeInterrupted).
          if (result.state === 'done') return false;
          outcome = result;
          break;
        }
        case 'sync_now': {
          const status = await this.d.sync.syncNow();
          outcome = status.lastError
            ? { state: 'failed', reason: status.lastError.code, detail: { pending: status.pending.total } }
            : { state: 'done', reason: null, detail: { pending: status.pending.total } };
          break;
        }
        case 'set_config':
          outcome = this.setConfig(RemoteSetting.parse(args), row.commandId);
          break;
        case 'collect_logs':
          outcome = await this.collectLogs(CollectLogsArgs.parse(args).sinceMinutes, row.commandId);
          break;
        case 'hold_updates':
        case 'resume_updates': {
          const held = kind === 'hold_updates';
          this.store.setUpdatesHeld(held, row.commandId, this.d.now());
          outcome = { state: 'done', reason: null, detail: { updatesHeld: held } };
          break;
        }
      }
    } catch (error) {
      this.d.log.error({ err: error, commandId: row.commandId, kind }, 'remote command failed');
      outcome = { state: 'failed', reason: 'internal', detail: null };
    }
    if (!this.started) return false; // the core closed under it: it is resumed (as interrupted) at the next start
    this.step(row, outcome.state, outcome.reason, outcome.detail);
    this.d.log.info({ commandId: row.commandId, kind, state: outcome.state, reason: outcome.reason }, 'remote command finished');
    return true;
  }

  private portOutcome(result: PortOutcome | undefined): Outcome {
    if (!result) return { state: 'failed', reason: 'not_supported', detail: { message: 'no shell is attached to run it' } };
    return result.ok ? { state: 'done', reason: null, detail: null } : { state: 'failed', reason: result.code.slice(0, 64), detail: { message: result.message.slice(0, 200) } };
  }

  /**
   * A remote configuration value: checked with the kiosk's whole configuration (the idle warning
   * must stay shorter than the idle reset), kept (it outlives restarts: withRemoteConfig applies it
   * at start), and applied at once where it can be (log level, idle times).
   */
  private setConfig(setting: RemoteSetting, commandId: string): Outcome {
    const values = new Map(this.store.configValues().map((v) => [v.key, v.value]));
    if (setting.value === null) values.delete(setting.key);
    else values.set(setting.key, setting.value);
    const merged = KioskConfig.safeParse({ ...this.d.localConfig, ...Object.fromEntries(values) });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      return { state: 'failed', reason: 'invalid_value', detail: { key: setting.key, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 200) } };
    }
    this.store.setConfigValue(setting.key, setting.value, commandId, this.d.now());
    const live = LIVE_SETTINGS.has(setting.key);
    if (live) {
      const config = this.d.config as Record<string, unknown>;
      config[setting.key] = merged.data[setting.key];
      if (setting.key === 'logLevel') this.d.log.level = merged.data.logLevel;
    }
    return { state: 'done', reason: null, detail: { key: setting.key, value: merged.data[setting.key], applies: live ? 'now' : 'next_start' } };
  }

  /** The log lines of the last `sinceMinutes`, redacted, uploaded to HQ for this command. */
  private async collectLogs(sinceMinutes: number, commandId: string): Promise<Outcome> {
    const line = this.d.sync.line();
    if (!line) return { state: 'failed', reason: 'hq_unreachable', detail: null };
    const tail = readLogTail(this.d.dataDir, READ_LOG_BYTES);
    const since = this.d.now() - sinceMinutes * 60_000;
    const kept: string[] = [];
    let inWindow = false;
    for (const text of tail.text.split('\n')) {
      if (text === '') continue;
      const time = /"time":(\d{10,16})/.exec(text)?.[1];
      // A line without a time (a stack trace's continuation) goes with the line before it.
      if (time !== undefined) inWindow = Number(time) >= since;
      if (inWindow) kept.push(text);
    }
    const redacted = redactLogText(kept.join('\n'));
    let text = redacted.text;
    let truncated = false;
    if (text.length > MAX_LOG_UPLOAD_CHARS) {
      // The newest part, from a whole line.
      text = text.slice(text.length - MAX_LOG_UPLOAD_CHARS);
      text = text.slice(text.indexOf('\n') + 1);
      truncated = true;
    }
    const lines = text === '' ? 0 : text.split('\n').length;
    const answer = await line.fleetLogs({ commandId, text, lines, truncated, redactions: redacted.redactions });
    if (!answer.ok) return { state: 'failed', reason: answer.code, detail: { lines } };
    return { state: 'done', reason: null, detail: { lines, chars: text.length, redactions: redacted.redactions, truncated } };
  }

  /** A command running when the app stopped: a restart it asked for is done now; anything else was interrupted. */
  private resumeInterrupted(): void {
    for (const row of this.store.inState('running')) {
      if (row.kind === 'restart_app') this.step(row, 'done', 'restarted', null);
      else this.step(row, 'failed', 'interrupted', null);
    }
  }

  private step(row: CommandRow, state: 'running' | 'done' | 'failed' | 'expired', reason: string | null, detail: CommandDetail | null): void {
    writeWithOutbox(this.d.db, this.d.now, (emit) => this.store.record(emit, row, state, reason, detail, this.d.now()));
  }
}

/** Whether store IT holds this kiosk's updates (hold_updates until resume_updates), read from `db`: for the update manager. */
export function updatesHeld(db: Db): boolean {
  return new CommandStore(db).updatesHeld();
}

/**
 * The kiosk's configuration with the values set_config kept (at start, before any feature reads
 * it): a remote value that no longer fits the local configuration (changed since) is left out
 * whole, with a warning, rather than stopping the kiosk. The log level applies to `log` at once.
 */
export function withRemoteConfig(db: Db, local: KioskConfig, log: Logger): KioskConfig {
  const values = new CommandStore(db).configValues();
  if (values.length === 0) return { ...local };
  const merged = KioskConfig.safeParse({ ...local, ...Object.fromEntries(values.map((v) => [v.key, v.value])) });
  if (!merged.success) {
    log.warn({ keys: values.map((v) => v.key) }, 'remote configuration values do not fit the local configuration; using the local one');
    return { ...local };
  }
  if (merged.data.logLevel !== local.logLevel) log.level = merged.data.logLevel;
  log.info({ keys: values.map((v) => v.key) }, 'remote configuration values applied');
  return merged.data;
}
