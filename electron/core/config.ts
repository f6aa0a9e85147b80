import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CREDIT_CHECK_TIMEOUT_MS, Ed25519PublicKey } from '../contract/sync.ts';
import { PULL_EVERY_MS } from './sync/sync-service.ts';
import { DEFAULT_CRASH_LOOP, DEFAULT_WATCHDOG } from '../domain/watchdog.ts';

/**
 * Names a browser may reach the web host by besides the loopback ones, e.g. the store machine's
 * name on the store network. Bare host names or IPv4 addresses: the port is always the host's
 * own, and there are no wildcards (a wildcard would let a rebound name in again). The variable
 * takes a comma-separated list.
 */
const HostNames = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter((name) => name !== '') : value),
  z.array(z.hostname('must be a host name or IPv4 address, without scheme, port or wildcard').toLowerCase()).max(32),
);

/** Loopback host names as the WHATWG URL parser writes them (IPv4 canonical, IPv6 in brackets). */
const isLoopbackHost = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * A URL of HQ's: https, since credit decisions, blocklists and app updates come from it; plain
 * http only to this machine itself (an HQ run locally for development and the tests).
 */
export const HqServiceUrl = z
  .url({ protocol: /^https?$/, error: 'must be an https:// URL', abort: true })
  .refine((url) => {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname);
  }, 'must use https:// (http:// only to 127.0.0.1, localhost or [::1])');

/**
 * Kiosk settings: embedded defaults, overridden by `<dataDir>/config.json`, overridden by
 * KIOSK_* environment variables. Validated once at start; a bad value stops the start with
 * a message naming the setting.
 */
export const KioskConfig = z.object({
  idleTimeoutMs: z.coerce.number().int().min(5_000).max(3_600_000).default(90_000),
  idleWarningMs: z.coerce.number().int().min(1_000).max(60_000).default(10_000),
  hostBind: z.string().min(1).default('127.0.0.1'),
  hostPort: z.coerce.number().int().min(0).max(65_535).default(4780),
  hostNames: HostNames.default([]),
  /** HQ's base URL; unset = standalone (demo store), where the kiosk decides all credit itself. */
  hqUrl: HqServiceUrl.optional(),
  /**
   * HQ's publication key (base64url, 43 characters), pinned: enrolment is refused when HQ answers
   * with another, and every publication is verified with the key enrolment recorded. Unset: the
   * kiosk trusts the key HQ sends at enrolment (logged as a warning).
   */
  hqPublicKey: Ed25519PublicKey.optional(),
  /** How often the kiosk pushes and pulls while all is well (local writes are pushed sooner). */
  syncEveryMs: z.coerce.number().int().min(1_000).max(3_600_000).default(PULL_EVERY_MS),
  /**
   * A fleet identity key file (64 hex digits) for a kiosk provisioned by hand. An enrolled kiosk
   * uses the key HQ issued at enrolment instead; unset and not enrolled = the demo store's key.
   */
  identityKeyFile: z.string().min(1).optional(),
  /**
   * How long a credit application waits for HQ's cross-store check before the offline rules
   * decide (a shopper is waiting): 800 ms by default; a store on a slow line may allow more.
   */
  hqCheckTimeoutMs: z.coerce.number().int().min(100).max(10_000).default(CREDIT_CHECK_TIMEOUT_MS),
  /** A staff session locks after this long without a touch on its screens (issue 11: two minutes). */
  staffAutoLockMs: z.coerce.number().int().min(5_000).max(900_000).default(120_000),
  /** A member unseen this many days is deleted with their face templates (the consent says 12 months). */
  faceRetentionDays: z.coerce.number().int().min(1).max(366).default(365),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Watchdog (issue 12 item 5): a screen without a heartbeat this long is reloaded; a fresh page has the grace for its first. */
  watchdogStallMs: z.coerce.number().int().min(1_000).max(120_000).default(DEFAULT_WATCHDOG.stallMs),
  watchdogGraceMs: z.coerce.number().int().min(1_000).max(120_000).default(DEFAULT_WATCHDOG.graceMs),
  /** Past this many reloads in an hour the watchdog stops reloading and reports the screen to HQ. */
  watchdogMaxReloadsPerHour: z.coerce.number().int().min(1).max(60).default(DEFAULT_WATCHDOG.maxReloadsPerHour),
  /** This many starts without a clean shutdown within the window is a crash loop: the safe screen shows. */
  crashLoopStarts: z.coerce.number().int().min(2).max(20).default(DEFAULT_CRASH_LOOP.starts),
  crashLoopWithinMs: z.coerce.number().int().min(1_000).max(86_400_000).default(DEFAULT_CRASH_LOOP.withinMs),
})
  .refine((c) => c.idleWarningMs < c.idleTimeoutMs, {
    message: 'idleWarningMs must be shorter than idleTimeoutMs',
    path: ['idleWarningMs'],
  })
  // hqUrl no longer requires identityKeyFile: a kiosk talks to HQ only once enrolled (requests are
  // signed with the key enrolment made) and enrolment hands it the fleet identity key, which it then
  // hashes with. Before that, with hqUrl set, it approves nothing offline (core/sync/policy.ts:
  // NOT_ENROLLED), and what it hashed on the demo key never leaves it (no HMAC is in the outbox).
  ;
export type KioskConfig = z.infer<typeof KioskConfig>;

const ENV_KEYS: Record<string, keyof KioskConfig> = {
  KIOSK_IDLE_TIMEOUT_MS: 'idleTimeoutMs',
  KIOSK_IDLE_WARNING_MS: 'idleWarningMs',
  KIOSK_HOST: 'hostBind',
  KIOSK_PORT: 'hostPort',
  KIOSK_HOST_NAMES: 'hostNames',
  KIOSK_LOG_LEVEL: 'logLevel',
  KIOSK_HQ_URL: 'hqUrl',
  KIOSK_IDENTITY_KEY_FILE: 'identityKeyFile',
  KIOSK_HQ_PUBLIC_KEY: 'hqPublicKey',
  KIOSK_SYNC_EVERY_MS: 'syncEveryMs',
  KIOSK_STAFF_AUTO_LOCK_MS: 'staffAutoLockMs',
  KIOSK_FACE_RETENTION_DAYS: 'faceRetentionDays',
  KIOSK_HQ_CHECK_TIMEOUT_MS: 'hqCheckTimeoutMs',
  KIOSK_WATCHDOG_STALL_MS: 'watchdogStallMs',
  KIOSK_WATCHDOG_GRACE_MS: 'watchdogGraceMs',
  KIOSK_WATCHDOG_MAX_RELOADS: 'watchdogMaxReloadsPerHour',
  KIOSK_CRASH_LOOP_STARTS: 'crashLoopStarts',
  KIOSK_CRASH_LOOP_WITHIN_MS: 'crashLoopWithinMs',
};

export type ConfigResult = { ok: true; config: KioskConfig } | { ok: false; message: string };

/**
 * `packaged`: an installed kiosk (the shell passes `app.isPackaged`), where HQ is never on the
 * machine itself, so plain http is refused even to loopback: only a development run may use it.
 */
export function loadConfig(dataDir: string, env: NodeJS.ProcessEnv, overrides: Partial<KioskConfig> = {}, options: { packaged?: boolean } = {}): ConfigResult {
  let fromFile: Record<string, unknown> = {};
  const file = join(dataDir, 'config.json');
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return { ok: false, message: `${file} is not valid JSON: ${(error as Error).message}` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, message: `${file} must hold a JSON object` };
    }
    fromFile = parsed as Record<string, unknown>;
  }
  const fromEnv: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const parsed = KioskConfig.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, message: `Invalid kiosk configuration (${file} or KIOSK_* variables): ${issues}` };
  }
  if (options.packaged) {
    const plain = (['hqUrl'] as const).filter((key) => parsed.data[key]?.startsWith('http:'));
    if (plain.length > 0) {
      return { ok: false, message: `Invalid kiosk configuration (${file} or KIOSK_* variables): ${plain.map((key) => `${key}: must use https:// in an installed kiosk`).join('; ')}` };
    }
  }
  return { ok: true, config: parsed.data };
}
