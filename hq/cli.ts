import { StaffPin } from '../electron/contract/staff.ts';
import { hashPin } from './staff.ts';
import { addUser, listUsers, Password, Username } from './console-users.ts';
import { ConsoleRole } from './server/permissions.ts';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import qrcode from 'qrcode-generator';
import { KioskId, StoreId, SyncDatasetName } from '../electron/contract/sync.ts';
import { openPglite, openPostgres, type HqDb } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createEnrolmentCode, DEFAULT_CODE_TTL_HOURS, listKiosks, revokeKiosk } from './fleet.ts';
import { loadOrCreateHqKeys } from './keys.ts';
import { RELEASE_USAGE, ReleaseUsageError, releaseCommand } from './release-cli.ts';
import { publish } from './publish.ts';
import { httpSmsGateway } from './members/mobile-codes.ts';
import { buildHqApp } from './server/app.ts';
import { readBundledModel, type ModelContent } from './credit/model.ts';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { CommandSpec, HqCommandState, MAX_COMMAND_TTL_MINUTES } from '../electron/contract/fleet-commands.ts';
import { commandLogs, issueCommand, issueStoreCommand, listCommands, type CommandView } from './fleet-commands.ts';

/**
 * `npm run hq [-- <command>]`: with no command HQ serves; the commands act on the same database
 * directly, so store IT can issue codes, publish and revoke with HQ stopped.
 *
 * Configuration (environment): DATABASE_URL (PostgreSQL; else embedded PGlite in the data
 * folder), HQ_DATA_DIR (default ./.hq-data), HQ_PORT (4790), HQ_HOST (127.0.0.1),
 * HQ_SIGNING_KEY_FILE, HQ_ADMIN_TOKEN, HQ_DECISION_MODEL_DIR (the bundled credit model HQ decides
 * pending applications with until one is published; default ./resources/decision-models),
 * HQ_SMS_URL and HQ_SMS_TOKEN (the gateway that texts members' verification codes),
 * HQ_SMS_RESEND_AFTER_S (the least time between two codes for one number; 60).
 */

const USAGE = `usage: npm run hq [-- <command>]
  (no command)                                        start HQ
  enroll-code --store S001 [--ttl-hours 24]           a one-time enrolment code (and its QR)
  publish <dataset> <file> [--store S001] [--effective-at ISO] [--version V]
                                                      validate, sign and publish a dataset file
                                                      (a .csv file: catalog or prices as CSV;
                                                      --version names the dataset version it becomes)
                                                      datasets: ${SyncDatasetName.options.join(', ')}
  revoke <kioskId> [--reason text]                    revoke a kiosk
  kiosks [--store S001]                               list the fleet
  command <kioskId>|--store S001 <kind> [args] [--ttl-minutes 1440] [--by name]
                                                      a signed remote command: reload_ui, restart_app,
                                                      sync_now, hold_updates, resume_updates,
                                                      set_config <key> <value|default>,
                                                      collect_logs [--since-minutes 60]
  commands <kioskId> [--state pending|delivered|done|failed|refused|expired]
                                                      a kiosk's remote commands, newest first
  command-logs <kioskId> <commandId>                  the redacted logs a collect_logs brought
  hash-pin                                            a staff PIN (read from stdin) as the staff
                                                      roster carries it (scrypt)
  users add --username U --role it-admin|finance-ops|viewer [--name "Display name"]
                                                      an HQ console user; the password from
                                                      HQ_USER_PASSWORD or stdin (12+ characters)
  users list                                          the console's users
${RELEASE_USAGE}`;

class UsageError extends ReleaseUsageError {}

const env = process.env;
const dataDir = resolve(env.HQ_DATA_DIR ?? '.hq-data');
const LOCK_FILE = 'pglite.lock';

/**
 * PGlite is one process's database: a second process opening the folder would corrupt it. The
 * lock file says who has it, so a CLI command run while HQ serves says so instead.
 */
function lockPglite(): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid > 0 && isAlive(pid)) {
        throw new Error(`HQ (pid ${pid}) has the embedded database in ${dataDir} open: stop it first, or use its HTTP API (/v1/admin/…)`);
      }
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new Error(`cannot lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openDatabase(): Promise<{ db: HqDb; where: string; release: () => void }> {
  let db: HqDb;
  let where: string;
  let release = () => undefined as void;
  if (env.DATABASE_URL) {
    db = openPostgres(env.DATABASE_URL);
    where = `PostgreSQL ${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}`;
  } else {
    release = lockPglite();
    try {
      db = await openPglite(join(dataDir, 'pglite'));
    } catch (error) {
      release();
      throw error;
    }
    where = `embedded PGlite in ${join(dataDir, 'pglite')}`;
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    release();
    throw error;
  }
  return { db, where, release };
}

/** HQ_ADMIN_TOKEN, else the token in the data folder, generated (and shown once) on first start. */
function adminToken(): { token: string; created: boolean; file?: string } {
  if (env.HQ_ADMIN_TOKEN) return { token: env.HQ_ADMIN_TOKEN, created: false };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), created: false, file };
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true, file };
}

async function serve(): Promise<void> {
  const log = pino({ level: env.HQ_LOG_LEVEL ?? 'info' });
  const { keys, created } = await loadOrCreateHqKeys(dataDir, env.HQ_SIGNING_KEY_FILE);
  const admin = adminToken();
  const { db, where, release } = await openDatabase();
  let creditModel: ModelContent | undefined;
  const modelDir = resolve(env.HQ_DECISION_MODEL_DIR ?? join('resources', 'decision-models'));
  try {
    creditModel = readBundledModel(modelDir);
  } catch (error) {
    log.warn({ dir: modelDir, problem: (error as Error).message }, 'no bundled credit model: pending applications wait for a decision_models publication');
  }
  const sms = env.HQ_SMS_URL ? httpSmsGateway(env.HQ_SMS_URL, env.HQ_SMS_TOKEN) : undefined;
  const resendS = Number(env.HQ_SMS_RESEND_AFTER_S ?? 60);
  if (!Number.isInteger(resendS) || resendS < 1 || resendS > 3600) throw new UsageError(`HQ_SMS_RESEND_AFTER_S must be whole seconds from 1 to 3600, not ${env.HQ_SMS_RESEND_AFTER_S}`);
  const consoleDir = resolve(env.HQ_CONSOLE_DIR ?? join('dist', 'console'));
  const app = buildHqApp({ db, keys, adminToken: admin.token, log, creditModel, sms, smsResendAfterMs: resendS * 1000, consoleDir });
  const port = Number(env.HQ_PORT ?? 4790);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`HQ_PORT must be a port number, not ${env.HQ_PORT}`);
  let address: string;
  try {
    address = await app.listen({ host: env.HQ_HOST ?? '127.0.0.1', port });
  } catch (error) {
    await db.close();
    release();
    throw error;
  }
  console.log(`HQ listening on ${address}/`);
  console.log(`  database:   ${where}`);
  console.log(`  public key: ${keys.publicKeyX}${created ? ' (new: pin it in every kiosk)' : ''}`);
  console.log(`  console:    ${address}/console/${existsSync(consoleDir) ? '' : ` (not built: npm run build)`}`);
  console.log(`  SMS:        ${env.HQ_SMS_URL ? new URL(env.HQ_SMS_URL).host : 'none (HQ_SMS_URL): members without a face are helped by staff'}`);
  if (admin.created) console.log(`  admin token (shown once, kept in ${admin.file}): ${admin.token}`);
  else console.log(`  admin token: ${admin.file ? `in ${admin.file}` : 'HQ_ADMIN_TOKEN'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'HQ stopping');
    // Requests in flight finish (their transactions commit or roll back) before the database closes.
    await app.close().catch((error: unknown) => log.error({ err: error }, 'closing the server failed'));
    await db.close().catch((error: unknown) => log.error({ err: error }, 'closing the database failed'));
    release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function withDatabase<T>(fn: (db: HqDb) => Promise<T>): Promise<T> {
  const { db, release } = await openDatabase();
  try {
    return await fn(db);
  } finally {
    await db.close();
    release();
  }
}

const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T => {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}: ${String(value)} is not valid`);
  return r.data;
};

/** `set_config idleTimeoutMs 60000` / `collect_logs --since-minutes 30` / `reload_ui` as a CommandSpec, checked as HQ's API checks it. */
function commandSpec(kind: string, args: readonly string[], sinceMinutes: string | undefined): CommandSpec {
  let candidate: unknown;
  if (kind === 'set_config') {
    if (args.length !== 2) throw new UsageError('set_config needs <key> <value|default>');
    const [key, raw] = args as [string, string];
    const value = raw === 'default' || raw === 'null' ? null : /^\d+$/.test(raw) ? Number(raw) : raw;
    candidate = { kind, args: { key, value } };
  } else {
    if (args.length > 0) throw new UsageError(`${kind} takes no arguments`);
    candidate = { kind, args: kind === 'collect_logs' && sinceMinutes !== undefined ? { sinceMinutes: Number(sinceMinutes) } : undefined };
  }
  const parsed = CommandSpec.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`command ${kind}: ${[...(issue?.path ?? [])].join('.') || 'kind'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function describeCommand(c: CommandView): string {
  const args = Object.keys(c.args).length > 0 ? ` ${JSON.stringify(c.args)}` : '';
  const why = c.reason ? ` (${c.reason})` : '';
  const result = c.result ? ` ${JSON.stringify(c.result)}` : '';
  const logs = c.logs ? ` logs: ${c.logs.lines} lines, ${c.logs.redactions} redacted` : '';
  return `${new Date(c.issuedAt).toISOString()}  ${c.commandId}  ${c.kind}${args}  ${c.state.toUpperCase()}${why}${result}${logs}  by ${c.issuedBy}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    await serve();
    return -1; // keeps serving
  }
  if (command === '--help' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const keys = async () => (await loadOrCreateHqKeys(dataDir, env.HQ_SIGNING_KEY_FILE)).keys;
  const released = await releaseCommand(command, rest, { withDatabase, keys, by: `cli:${userInfo().username}` });
  if (released !== undefined) return released;
  switch (command) {
    case 'enroll-code': {
      const { values } = parseArgs({ args: rest, options: { store: { type: 'string' }, 'ttl-hours': { type: 'string' } }, strict: true });
      if (!values.store) throw new UsageError('enroll-code needs --store S001');
      const storeId = parse(StoreId, values.store, '--store');
      const ttl = values['ttl-hours'] === undefined ? DEFAULT_CODE_TTL_HOURS : Number(values['ttl-hours']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 24 * 14) throw new UsageError('--ttl-hours must be a whole number of hours from 1 to 336');
      const { code, expiresAt } = await withDatabase((db) => createEnrolmentCode(db, storeId, ttl, Date.now()));
      const qr = qrcode(0, 'M');
      qr.addData(code);
      qr.make();
      console.log(`enrolment code for ${storeId}: ${code}`);
      console.log(`valid once, until ${new Date(expiresAt).toISOString()}`);
      console.log(qr.createASCII(1, 2));
      return 0;
    }
    case 'publish': {
      const { values, positionals } = parseArgs({ args: rest, options: { store: { type: 'string' }, 'effective-at': { type: 'string' }, version: { type: 'string' } }, allowPositionals: true, strict: true });
      if (positionals.length !== 2) throw new UsageError('publish needs <dataset> <file>');
      const dataset = parse(SyncDatasetName, positionals[0], 'dataset');
      const file = positionals[1]!;
      const scope = values.store === undefined ? 'all' : parse(StoreId, values.store, '--store');
      const effectiveAt = values['effective-at'] === undefined ? undefined : Date.parse(values['effective-at']);
      if (effectiveAt !== undefined && Number.isNaN(effectiveAt)) throw new UsageError(`--effective-at: ${values['effective-at']} is not an ISO date and time`);
      const format = extname(file).toLowerCase() === '.csv' ? 'csv' : 'json';
      if (format === 'csv' && dataset !== 'catalog' && dataset !== 'prices') throw new UsageError(`${file}: CSV is for catalog and prices only; publish ${dataset} as JSON`);
      if (values.version !== undefined && format !== 'csv') throw new UsageError('--version is for CSV files; a JSON file names its own version');
      let body: string;
      try {
        body = readFileSync(file, 'utf8');
      } catch (error) {
        console.error(`cannot read ${file}: ${(error as Error).message}`);
        return 1;
      }
      const { keys } = await loadOrCreateHqKeys(dataDir, env.HQ_SIGNING_KEY_FILE);
      const outcome = await withDatabase((db) => publish(db, keys, { dataset, body, format, datasetVersion: values.version, scope, effectiveAt, by: 'cli' }, Date.now()));
      if (!outcome.ok) {
        console.error(`${file}: ${outcome.message}`);
        console.error('nothing was published');
        return 1;
      }
      console.log(`published ${dataset} version ${outcome.version} for ${scope === 'all' ? 'every store' : scope}`);
      console.log(`  sha256 ${outcome.contentHash}, effective ${new Date(outcome.effectiveAt).toISOString()}`);
      return 0;
    }
    case 'revoke': {
      const { values, positionals } = parseArgs({ args: rest, options: { reason: { type: 'string' } }, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('revoke needs <kioskId>');
      const kioskId = parse(KioskId, positionals[0], 'kioskId');
      const done = await withDatabase((db) => revokeKiosk(db, kioskId, values.reason ?? 'revoked by store IT', Date.now()));
      if (!done) {
        console.error(`no kiosk ${kioskId}`);
        return 1;
      }
      console.log(`kiosk ${kioskId} revoked: it stops offline approvals and keeps selling cash`);
      return 0;
    }
    case 'kiosks': {
      const { values } = parseArgs({ args: rest, options: { store: { type: 'string' } }, strict: true });
      const storeId = values.store === undefined ? undefined : parse(StoreId, values.store, '--store');
      const kiosks = await withDatabase((db) => listKiosks(db, Date.now(), storeId));
      if (kiosks.length === 0) console.log('no kiosks enrolled');
      for (const k of kiosks) {
        const state = k.revokedAt !== null ? `REVOKED ${new Date(k.revokedAt).toISOString()} (${k.revokeReason ?? ''})` : 'active';
        const push = k.lastPushAt !== null ? new Date(k.lastPushAt).toISOString() : 'never';
        const heard = k.lastHeartbeatAt !== null ? new Date(k.lastHeartbeatAt).toISOString() : 'never';
        console.log(`${k.storeId}  ${k.id}  ${k.label ?? '-'}  v${k.appVersion}  ${state}  next seq ${k.nextSeq}  last push ${push}  last heartbeat ${heard}${k.silent ? ' SILENT' : ''}`);
      }
      return 0;
    }
    case 'command': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { store: { type: 'string' }, 'ttl-minutes': { type: 'string' }, by: { type: 'string' }, 'since-minutes': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const storeId = values.store === undefined ? undefined : parse(StoreId, values.store, '--store');
      const kioskId = storeId === undefined ? parse(KioskId, positionals.shift(), 'kioskId') : undefined;
      const [kind, ...args] = positionals;
      if (kind === undefined) throw new UsageError('command needs a kind');
      const spec = commandSpec(kind, args, values['since-minutes']);
      const ttl = values['ttl-minutes'] === undefined ? undefined : Number(values['ttl-minutes']);
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_COMMAND_TTL_MINUTES)) throw new UsageError(`--ttl-minutes must be whole minutes from 1 to ${MAX_COMMAND_TTL_MINUTES}`);
      const issuedBy = `cli:${values.by ?? userInfo().username}`.slice(0, 100);
      const { keys } = await loadOrCreateHqKeys(dataDir, env.HQ_SIGNING_KEY_FILE);
      const issued = await withDatabase(async (db) => {
        if (storeId !== undefined) return (await issueStoreCommand(db, keys, storeId, { spec, issuedBy, ttlMinutes: ttl }, Date.now())).commands;
        const outcome = await issueCommand(db, keys, kioskId!, { spec, issuedBy, ttlMinutes: ttl }, Date.now());
        return outcome.ok ? [outcome.command] : outcome.reason;
      });
      if (issued === 'not_found' || issued === 'revoked') {
        console.error(issued === 'not_found' ? `no kiosk ${kioskId}` : `kiosk ${kioskId} is revoked: it takes no commands`);
        return 1;
      }
      if (issued.length === 0) {
        console.error(`no kiosk of ${storeId} takes commands`);
        return 1;
      }
      for (const c of issued) console.log(`issued ${c.kind} ${c.commandId} to ${c.kioskId}, until ${new Date(c.expiresAt).toISOString()}`);
      console.log('each kiosk runs it at its next pull, once nobody is mid-visit; follow it with `commands <kioskId>`');
      return 0;
    }
    case 'commands': {
      const { values, positionals } = parseArgs({ args: rest, options: { state: { type: 'string' } }, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('commands needs <kioskId>');
      const kioskId = parse(KioskId, positionals[0], 'kioskId');
      const state = values.state === undefined ? undefined : parse(HqCommandState, values.state, '--state');
      const commands = await withDatabase((db) => listCommands(db, kioskId, Date.now(), { state }));
      if (commands.length === 0) console.log('no commands');
      for (const c of commands) console.log(describeCommand(c));
      return 0;
    }
    case 'command-logs': {
      if (rest.length !== 2) throw new UsageError('command-logs needs <kioskId> <commandId>');
      const kioskId = parse(KioskId, rest[0], 'kioskId');
      const commandId = parse(z.uuid(), rest[1], 'commandId');
      const logs = await withDatabase((db) => commandLogs(db, kioskId, commandId));
      if (!logs) {
        console.error(`no logs for command ${commandId} of kiosk ${kioskId} (yet)`);
        return 1;
      }
      process.stdout.write(logs.text.endsWith('\n') || logs.text === '' ? logs.text : `${logs.text}\n`);
      return 0;
    }
    case 'hash-pin': {
      // From stdin, not the command line: arguments end up in shell history and process lists.
      if (rest.length > 0) throw new UsageError('hash-pin reads the PIN from stdin: echo 2468 | npm run hq -- hash-pin');
      const pin = readFileSync(0, 'utf8').trim();
      if (!StaffPin.safeParse(pin).success) throw new UsageError('hash-pin: a PIN is 4 to 8 digits');
      console.log(await hashPin(pin));
      return 0;
    }
    case 'users':
      return usersCommand(rest);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    if (rest.length > 0) throw new UsageError('users list takes no arguments');
    const users = await withDatabase((db) => listUsers(db));
    for (const u of users) console.log(`${u.username.padEnd(24)} ${u.role.padEnd(12)} ${u.displayName}${u.disabled ? '  (disabled)' : ''}${u.locked ? '  (locked)' : ''}`);
    return 0;
  }
  if (sub !== 'add') throw new UsageError('users: add or list');
  const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, strict: true });
  const username = parse(Username, values.username, '--username');
  const role = parse(ConsoleRole, values.role, '--role');
  // From the environment or stdin, not the command line: arguments end up in shell history and process lists.
  const password = env.HQ_USER_PASSWORD ?? readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  const checked = Password.safeParse(password);
  if (!checked.success) throw new UsageError(`users add: ${checked.error.issues[0]?.message ?? 'the password is not valid'}`);
  const outcome = await withDatabase((db) => addUser(db, { username, role, displayName: values.name ?? username, password }, Date.now()));
  if (!outcome.ok) {
    console.error(outcome.message);
    return 1;
  }
  console.log(`console user ${username} (${role}) added: sign in at <HQ>/console/`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ReleaseUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((error as Error).message);
      console.error(USAGE);
      process.exit(2);
    }
    console.error(`hq: ${(error as Error).message}`);
    process.exit(1);
  },
);
