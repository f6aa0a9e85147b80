import type { CommandClaims, CommandDetail, KioskCommandState, RemoteSettingKey } from '../../contract/fleet-commands.ts';
import type { Db } from '../db/database.ts';
import type { Emit } from '../db/outbox.ts';

export interface CommandRow {
  id: number;
  messageId: number;
  commandId: string;
  signed: string;
  state: KioskCommandState;
  reason: string | null;
  kind: CommandClaims['kind'] | null;
  /** JSON of the verified args. */
  args: string | null;
  expiresAt: number | null;
  issuedBy: string | null;
}

const COLUMNS = `id, message_id AS messageId, command_id AS commandId, signed, state, reason, kind, args, expires_at AS expiresAt, issued_by AS issuedBy`;

/**
 * The remote commands' tables (migration 0018), the only place their SQL lives. Every change of a
 * command's state writes its log line and its outbox report (`fleet.command`) in the caller's
 * transaction (writeWithOutbox), so the kiosk's record and what HQ hears never disagree.
 */
export class CommandStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare('INSERT OR IGNORE INTO fleet_commands (message_id, command_id, signed, state, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      byId: db.prepare(`SELECT ${COLUMNS} FROM fleet_commands WHERE id = ?`),
      inState: db.prepare(`SELECT ${COLUMNS} FROM fleet_commands WHERE state = ? ORDER BY id`),
      oldestQueued: db.prepare(`SELECT ${COLUMNS} FROM fleet_commands WHERE state = 'queued' ORDER BY id LIMIT 1`),
      accepted: db.prepare("SELECT 1 FROM fleet_commands WHERE command_id = ? AND state NOT IN ('received', 'refused') AND id <> ?").pluck(),
      setState: db.prepare('UPDATE fleet_commands SET state = ?, reason = ?, result = ?, updated_at = ? WHERE id = ?'),
      accept: db.prepare('UPDATE fleet_commands SET state = ?, reason = ?, kind = ?, args = ?, issued_at = ?, expires_at = ?, issued_by = ?, updated_at = ? WHERE id = ?'),
      log: db.prepare('INSERT INTO fleet_command_log (command, state, reason, detail, at) VALUES (?, ?, ?, ?, ?)'),
      history: db.prepare('SELECT state, reason, detail, at FROM fleet_command_log WHERE command = ? ORDER BY id'),
      list: db.prepare(`SELECT ${COLUMNS}, result, received_at AS receivedAt, updated_at AS updatedAt FROM fleet_commands ORDER BY id DESC LIMIT ?`),
      setting: db.prepare('SELECT value FROM fleet_settings WHERE key = ?').pluck(),
      settings: db.prepare("SELECT key, value, command_id AS commandId, set_at AS setAt FROM fleet_settings WHERE key LIKE 'config.%' ORDER BY key"),
      putSetting: db.prepare(
        'INSERT INTO fleet_settings (key, value, command_id, set_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, command_id = excluded.command_id, set_at = excluded.set_at',
      ),
      dropSetting: db.prepare('DELETE FROM fleet_settings WHERE key = ?'),
    };
  }

  /** Stores a command as its message brought it (in the transaction that marks the message handled); null when that message was stored before. */
  receive(emit: Emit, message: { id: number; commandId: string; command: string }, at: number): CommandRow | null {
    const inserted = this.q.insert.run(message.id, message.commandId, message.command, 'received', at, at);
    if (inserted.changes === 0) return null;
    const row = this.get(Number(inserted.lastInsertRowid))!;
    this.record(emit, row, 'received', null, null, at);
    return row;
  }

  get(id: number): CommandRow | undefined {
    return this.q.byId.get(id) as CommandRow | undefined;
  }

  inState(state: KioskCommandState): CommandRow[] {
    return this.q.inState.all(state) as CommandRow[];
  }

  oldestQueued(): CommandRow | undefined {
    return this.q.oldestQueued.get() as CommandRow | undefined;
  }

  /** Another copy of this command was accepted before (it is queued, ran, or expired). */
  acceptedBefore(row: CommandRow): boolean {
    return this.q.accepted.get(row.commandId, row.id) !== undefined;
  }

  /** Verified: its claims are kept, and it waits for an idle kiosk (queued) or is past its time already (expired). */
  accept(emit: Emit, row: CommandRow, claims: CommandClaims, state: 'queued' | 'expired', reason: string | null, at: number): void {
    this.q.accept.run(state, reason, claims.kind, JSON.stringify(claims.args), claims.issuedAt, claims.expiresAt, claims.issuedBy, at, row.id);
    this.log(emit, row, state, reason, null, at);
  }

  /** Any other step: the row, its log line and its report to HQ. */
  record(emit: Emit, row: CommandRow, state: KioskCommandState, reason: string | null, detail: CommandDetail | null, at: number): void {
    if (state !== 'received') this.q.setState.run(state, reason, detail ? JSON.stringify(detail) : null, at, row.id);
    this.log(emit, row, state, reason, detail, at);
  }

  private log(emit: Emit, row: CommandRow, state: KioskCommandState, reason: string | null, detail: CommandDetail | null, at: number): void {
    this.q.log.run(row.id, state, reason, detail ? JSON.stringify(detail) : null, at);
    emit({ topic: 'fleet.command', aggregateId: row.commandId, payload: { commandId: row.commandId, messageId: row.messageId, state, reason, detail, at } });
  }

  history(id: number): Array<{ state: KioskCommandState; reason: string | null; detail: string | null; at: number }> {
    return this.q.history.all(id) as Array<{ state: KioskCommandState; reason: string | null; detail: string | null; at: number }>;
  }

  list(limit = 50): Array<CommandRow & { result: string | null; receivedAt: number; updatedAt: number }> {
    return this.q.list.all(limit) as Array<CommandRow & { result: string | null; receivedAt: number; updatedAt: number }>;
  }

  /* --------------------------------------------------------------- settings */

  updatesHeld(): boolean {
    return this.q.setting.get('updates.held') === 'true';
  }

  setUpdatesHeld(held: boolean, commandId: string, at: number): void {
    this.q.putSetting.run('updates.held', held ? 'true' : 'false', commandId, at);
  }

  /** The remote configuration values, by key (JSON values as stored). */
  configValues(): Array<{ key: RemoteSettingKey; value: unknown; commandId: string; setAt: number }> {
    return (this.q.settings.all() as Array<{ key: string; value: string; commandId: string; setAt: number }>).map((r) => ({
      key: r.key.slice('config.'.length) as RemoteSettingKey,
      value: JSON.parse(r.value) as unknown,
      commandId: r.commandId,
      setAt: r.setAt,
    }));
  }

  /** A remote configuration value, or null to drop it (the kiosk's own configuration applies again). */
  setConfigValue(key: RemoteSettingKey, value: unknown, commandId: string, at: number): void {
    if (value === null) this.q.dropSetting.run(`config.${key}`);
    else this.q.putSetting.run(`config.${key}`, JSON.stringify(value), commandId, at);
  }
}
