import { z } from 'zod';
import { EpochMs, KioskId } from './sync.ts';

/**
 * Remote commands (issue 12 item 4): store IT asks one kiosk (or every kiosk of a store) to do one
 * of a few safe things. HQ signs each command with its Ed25519 key (the one kiosks pin) and puts
 * it in the kiosk's message stream, so a kiosk that was offline pulls it when it is back. The
 * kiosk checks the signature, that it is for itself, not expired and not run before, waits until
 * nobody is mid-visit, runs it and reports each step through its outbox.
 */

export const COMMAND_KINDS = ['reload_ui', 'restart_app', 'sync_now', 'set_config', 'collect_logs', 'hold_updates', 'resume_updates'] as const;
export const CommandKind = z.enum(COMMAND_KINDS);
export type CommandKind = z.infer<typeof CommandKind>;

/**
 * The kiosk settings HQ may change remotely, each with bounds of its own (tighter than the local
 * configuration's where a remote mistake could hurt: an idle reset under 15 s, logs switched off).
 * `null` drops the remote value: the kiosk's own configuration applies again. Everything that
 * decides where the kiosk talks to or what it trusts (HQ URL and key, update feed, host binding,
 * identity key, face retention) is not here and never changes remotely.
 */
export const RemoteSetting = z.discriminatedUnion('key', [
  /** The shopper screen's idle reset (takes effect when the screen next asks: reload_ui applies it at once). */
  z.object({ key: z.literal('idleTimeoutMs'), value: z.number().int().min(15_000).max(600_000).nullable() }).strict(),
  z.object({ key: z.literal('idleWarningMs'), value: z.number().int().min(3_000).max(60_000).nullable() }).strict(),
  /** Staff sessions lock after this long untouched (at the next start). */
  z.object({ key: z.literal('staffAutoLockMs'), value: z.number().int().min(30_000).max(900_000).nullable() }).strict(),
  /** Immediately. Never `silent` or `fatal` only: store IT must not blind the kiosk remotely. */
  z.object({ key: z.literal('logLevel'), value: z.enum(['error', 'warn', 'info', 'debug']).nullable() }).strict(),
  /** The sync cycle while all is well (at the next start). */
  z.object({ key: z.literal('syncEveryMs'), value: z.number().int().min(10_000).max(3_600_000).nullable() }).strict(),
  /** How long an application waits for HQ's cross-store check (at the next start). */
  z.object({ key: z.literal('hqCheckTimeoutMs'), value: z.number().int().min(300).max(5_000).nullable() }).strict(),
]);
export type RemoteSetting = z.infer<typeof RemoteSetting>;
export type RemoteSettingKey = RemoteSetting['key'];
export const REMOTE_SETTING_KEYS = RemoteSetting.options.map((o) => o.shape.key.value) as RemoteSettingKey[];

/** How far back collected logs reach (the kiosk sends at most MAX_LOG_UPLOAD_CHARS of it, newest kept). */
export const CollectLogsArgs = z.object({ sinceMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60) }).strict();
const NoArgs = z.object({}).strict();

/** A command as store IT asks for it: its kind and that kind's arguments. */
export const CommandSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reload_ui'), args: NoArgs.default({}) }).strict(),
  z.object({ kind: z.literal('restart_app'), args: NoArgs.default({}) }).strict(),
  z.object({ kind: z.literal('sync_now'), args: NoArgs.default({}) }).strict(),
  z.object({ kind: z.literal('set_config'), args: RemoteSetting }).strict(),
  z.object({ kind: z.literal('collect_logs'), args: CollectLogsArgs.default({ sinceMinutes: 60 }) }).strict(),
  z.object({ kind: z.literal('hold_updates'), args: NoArgs.default({}) }).strict(),
  z.object({ kind: z.literal('resume_updates'), args: NoArgs.default({}) }).strict(),
]);
export type CommandSpec = z.infer<typeof CommandSpec>;

/** What HQ signs for one command to one kiosk (compact JWS, typ kiosk-command+jws, HQ's key): the command and its envelope. */
const claims = <K extends CommandKind, A extends z.ZodType>(kind: K, args: A) =>
  z
    .object({
      commandId: z.uuid(),
      kioskId: KioskId,
      kind: z.literal(kind),
      args,
      issuedAt: EpochMs,
      /** The kiosk does not run it after this (it reports it expired). */
      expiresAt: EpochMs,
      /** Who at HQ asked for it, as HQ recorded it. */
      issuedBy: z.string().min(1).max(100),
    })
    .strict();
export const CommandClaims = z
  .discriminatedUnion('kind', [
    claims('reload_ui', NoArgs),
    claims('restart_app', NoArgs),
    claims('sync_now', NoArgs),
    claims('set_config', RemoteSetting),
    claims('collect_logs', CollectLogsArgs),
    claims('hold_updates', NoArgs),
    claims('resume_updates', NoArgs),
  ])
  .refine((c) => c.expiresAt > c.issuedAt, 'expiresAt must be after issuedAt');
export type CommandClaims = z.infer<typeof CommandClaims>;

/** How long a command stays runnable by default, and at most. */
export const DEFAULT_COMMAND_TTL_MINUTES = 24 * 60;
export const MAX_COMMAND_TTL_MINUTES = 7 * 24 * 60;

/**
 * Where a command stands on the kiosk, each reported to HQ: received (stored with its message) →
 * queued (verified, waiting for nobody to be mid-visit) → running → done | failed; or refused (a
 * bad signature, another kiosk's, run before) or expired (past expiresAt before it could run).
 */
export const KioskCommandState = z.enum(['received', 'queued', 'running', 'done', 'failed', 'refused', 'expired']);
export type KioskCommandState = z.infer<typeof KioskCommandState>;

/** Why a kiosk refused a command. */
export const CommandRefusal = z.enum(['signature_invalid', 'claims_mismatch', 'other_kiosk', 'replayed', 'not_enrolled']);
export type CommandRefusal = z.infer<typeof CommandRefusal>;

/** A command as HQ lists it: pending (not heard of from the kiosk yet), delivered (the kiosk has it), or how it ended. */
export const HqCommandState = z.enum(['pending', 'delivered', 'done', 'failed', 'refused', 'expired']);
export type HqCommandState = z.infer<typeof HqCommandState>;

/** What a command's result says: counts, codes and keys only, never anything of a person. */
export const CommandDetail = z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]));
export type CommandDetail = z.infer<typeof CommandDetail>;

/** The most of a log a kiosk sends for one collect_logs (the newest part is kept). */
export const MAX_LOG_UPLOAD_CHARS = 256 * 1024;

/** Collected logs, redacted by the kiosk (and again by HQ), sent for the command that asked. */
export const FleetLogsRequest = z
  .object({
    commandId: z.uuid(),
    text: z.string().max(MAX_LOG_UPLOAD_CHARS),
    lines: z.number().int().nonnegative(),
    /** Older lines in the window were left out to keep under the limit. */
    truncated: z.boolean(),
    /** How many ID-, phone- or token-like strings the kiosk replaced. */
    redactions: z.number().int().nonnegative(),
  })
  .strict();
export type FleetLogsRequest = z.infer<typeof FleetLogsRequest>;
export const FleetLogsResponse = z.object({ stored: z.boolean(), serverTime: EpochMs });
export type FleetLogsResponse = z.infer<typeof FleetLogsResponse>;
