import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import {
  CommandClaims,
  DEFAULT_COMMAND_TTL_MINUTES,
  MAX_LOG_UPLOAD_CHARS,
  type CommandDetail,
  type CommandKind,
  type CommandSpec,
  type FleetLogsRequest,
  type HqCommandState,
} from '../electron/contract/fleet-commands.ts';
import { redactLogText } from '../electron/domain/log-redaction.ts';
import { signCommand } from '../electron/domain/sync-signing.ts';
import type { HqDb, Queryable } from './db/database.ts';
import type { HqKeys } from './keys.ts';

/**
 * Remote commands at HQ (issue 12 item 4). Issuing one signs its claims with HQ's key (the key
 * kiosks pin), and writes the command, the kiosk message that carries it down and the audit entry
 * in one transaction: the kiosk pulls it with its other messages, so one that was offline gets it
 * when it is back. The kiosk reports each step through its outbox (`fleet.command` items, applied
 * exactly once by sync/ingest.ts → materialise.ts), which sets the command's state here.
 *
 * Why the outbox and not the heartbeat: a report is written in the kiosk's transaction that moves
 * the command on, is sent within seconds (not the next minute), in order, exactly once, and is kept
 * in HQ's ledger with everything else the kiosk said; the heartbeat is a snapshot that HQ overwrites.
 */

export interface CommandView {
  commandId: string;
  kioskId: string;
  kind: CommandKind;
  args: Record<string, unknown>;
  state: HqCommandState;
  reason: string | null;
  result: CommandDetail | null;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string;
  reportedAt: number | null;
  batchId: string | null;
  /** The logs a collect_logs brought, if they came. */
  logs: { chars: number; lines: number; truncated: boolean; redactions: number; receivedAt: number } | null;
}

export interface IssueInput {
  spec: CommandSpec;
  /** Who asked, as the caller names them (recorded and signed into the command). */
  issuedBy: string;
  ttlMinutes?: number;
}

export type IssueOutcome = { ok: true; command: CommandView } | { ok: false; reason: 'not_found' | 'revoked' };

/** Issues one command to one kiosk: signed, stored with its message and audited, in one transaction. */
export async function issueCommand(db: HqDb, keys: HqKeys, kioskId: string, input: IssueInput, now: number): Promise<IssueOutcome> {
  return db.transaction(async (tx) => {
    const [kiosk] = await tx.query<{ revoked_at: number | null }>('SELECT revoked_at FROM kiosks WHERE id = $1 FOR SHARE', [kioskId]);
    if (!kiosk) return { ok: false, reason: 'not_found' };
    if (kiosk.revoked_at !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, command: await insertCommand(tx, keys, kioskId, input, now, null) };
  });
}

/** The same command to every kiosk of a store that is not revoked (each signed for its kiosk), in one transaction. */
export async function issueStoreCommand(db: HqDb, keys: HqKeys, storeId: string, input: IssueInput, now: number): Promise<{ batchId: string; commands: CommandView[] }> {
  return db.transaction(async (tx) => {
    const kiosks = await tx.query<{ id: string }>('SELECT id FROM kiosks WHERE store_id = $1 AND revoked_at IS NULL ORDER BY enrolled_at, id FOR SHARE', [storeId]);
    const batchId = randomUUID();
    const commands: CommandView[] = [];
    for (const { id } of kiosks) commands.push(await insertCommand(tx, keys, id, input, now, batchId));
    return { batchId, commands };
  });
}

async function insertCommand(tx: Queryable, keys: HqKeys, kioskId: string, input: IssueInput, now: number, batchId: string | null): Promise<CommandView> {
  const commandId = uuidv7();
  const expiresAt = now + (input.ttlMinutes ?? DEFAULT_COMMAND_TTL_MINUTES) * 60_000;
  const claims = CommandClaims.parse({ commandId, kioskId, ...input.spec, issuedAt: now, expiresAt, issuedBy: input.issuedBy });
  const signed = await signCommand(claims, keys.privateKey);
  const [message] = await tx.query<{ id: number }>(
    "INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'fleet.command', $2::jsonb, $3) RETURNING id",
    [kioskId, JSON.stringify({ commandId, command: signed }), now],
  );
  await tx.query(
    `INSERT INTO fleet_commands (id, kiosk_id, kind, args, issued_at, expires_at, issued_by, signed, message_id, batch_id)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10)`,
    [commandId, kioskId, claims.kind, JSON.stringify(claims.args), now, expiresAt, input.issuedBy, signed, message!.id, batchId],
  );
  await tx.query("INSERT INTO fleet_command_events (kiosk_id, command_id, message_id, state, by, at) VALUES ($1, $2, $3, 'issued', $4, $5)", [
    kioskId,
    commandId,
    message!.id,
    input.issuedBy,
    now,
  ]);
  return {
    commandId,
    kioskId,
    kind: claims.kind,
    args: claims.args as Record<string, unknown>,
    state: 'pending',
    reason: null,
    result: null,
    issuedAt: now,
    expiresAt,
    issuedBy: input.issuedBy,
    reportedAt: null,
    batchId,
    logs: null,
  };
}

interface CommandRow {
  id: string;
  kiosk_id: string;
  kind: CommandKind;
  args: Record<string, unknown>;
  state: HqCommandState;
  reason: string | null;
  result: CommandDetail | null;
  issued_at: number;
  expires_at: number;
  issued_by: string;
  reported_at: number | null;
  batch_id: string | null;
  log_chars: number | null;
  log_lines: number | null;
  log_truncated: boolean | null;
  log_redactions: number | null;
  log_received_at: number | null;
}

/**
 * A kiosk's commands, newest first. A command still pending or delivered past its expiry shows as
 * expired: the kiosk will not run it any more (it reports that itself when it sees it).
 */
export async function listCommands(db: Queryable, kioskId: string, now: number, options: { state?: HqCommandState; commandId?: string; limit?: number } = {}): Promise<CommandView[]> {
  const rows = await db.query<CommandRow>(
    `SELECT * FROM (
       SELECT c.id, c.kiosk_id, c.kind, c.args,
              CASE WHEN c.state IN ('pending', 'delivered') AND c.expires_at <= $2 THEN 'expired' ELSE c.state END AS state,
              c.reason, c.result, c.issued_at, c.expires_at, c.issued_by, c.reported_at, c.batch_id,
              l.chars AS log_chars, l.lines AS log_lines, l.truncated AS log_truncated, l.redactions AS log_redactions, l.received_at AS log_received_at
       FROM fleet_commands c LEFT JOIN fleet_command_logs l ON l.command_id = c.id
       WHERE c.kiosk_id = $1
     ) c
     WHERE ($3::text IS NULL OR c.state = $3) AND ($5::uuid IS NULL OR c.id = $5)
     ORDER BY c.issued_at DESC, c.id DESC LIMIT $4`,
    [kioskId, now, options.state ?? null, options.limit ?? 100, options.commandId ?? null],
  );
  return rows.map((r) => ({
    commandId: r.id,
    kioskId: r.kiosk_id,
    kind: r.kind,
    args: r.args,
    state: r.state,
    reason: r.reason,
    result: r.result,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    issuedBy: r.issued_by,
    reportedAt: r.reported_at,
    batchId: r.batch_id,
    logs:
      r.log_received_at === null
        ? null
        : { chars: r.log_chars!, lines: r.log_lines!, truncated: r.log_truncated!, redactions: r.log_redactions!, receivedAt: r.log_received_at },
  }));
}

/** Every step of one command, oldest first: issued (by whom), then each report of the kiosk's. */
export async function commandHistory(
  db: Queryable,
  kioskId: string,
  commandId: string,
): Promise<Array<{ state: string; reason: string | null; detail: CommandDetail | null; by: string | null; at: number }>> {
  return db.query(
    'SELECT state, reason, detail, by, at FROM fleet_command_events WHERE kiosk_id = $1 AND command_id = $2 ORDER BY id',
    [kioskId, commandId],
  );
}

export type LogsOutcome = { ok: true; stored: boolean } | { ok: false; reason: 'not_found' | 'not_collect_logs' };

/**
 * Logs a kiosk sent for its collect_logs command: redacted again here (HQ does not rely on the
 * kiosk for that), capped, and kept once (a retry of the same upload is answered, not stored twice).
 */
export async function storeCommandLogs(db: HqDb, kioskId: string, body: FleetLogsRequest, now: number): Promise<LogsOutcome> {
  return db.transaction(async (tx) => {
    const [command] = await tx.query<{ kind: string }>('SELECT kind FROM fleet_commands WHERE id = $1 AND kiosk_id = $2', [body.commandId, kioskId]);
    if (!command) return { ok: false, reason: 'not_found' };
    if (command.kind !== 'collect_logs') return { ok: false, reason: 'not_collect_logs' };
    const { text, redactions } = redactLogText(body.text.slice(-MAX_LOG_UPLOAD_CHARS));
    const stored = await tx.query(
      `INSERT INTO fleet_command_logs (command_id, kiosk_id, text, chars, lines, truncated, redactions, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
      [body.commandId, kioskId, text, text.length, body.lines, body.truncated, body.redactions + redactions, now],
    );
    return { ok: true, stored: stored.length > 0 };
  });
}

/** The logs stored for a command of this kiosk, or null. */
export async function commandLogs(db: Queryable, kioskId: string, commandId: string): Promise<{ text: string; receivedAt: number } | null> {
  const [row] = await db.query<{ text: string; received_at: number }>('SELECT text, received_at FROM fleet_command_logs WHERE command_id = $1 AND kiosk_id = $2', [commandId, kioskId]);
  return row ? { text: row.text, receivedAt: row.received_at } : null;
}
