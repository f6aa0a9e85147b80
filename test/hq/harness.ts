import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { importPKCS8, type CryptoKey } from 'jose';
import pg from 'pg';
import type { Logger } from 'pino';
import type { OutboxTopic } from '../../electron/contract/outbox.ts';
import {
  EnrolResponse,
  HQ_ROUTES,
  type HqError,
  type PullRequest,
  type PullResponse,
  type PushItem,
  type PushResponse,
  type SyncDatasetName,
} from '../../electron/contract/sync.ts';
import { signRequestToken } from '../../electron/domain/sync-signing.ts';
import { openPglite, openPostgres, type HqDb, type Queryable } from '../../hq/db/database.ts';
import { migrate } from '../../hq/db/migrate.ts';
import { createEnrolmentCode } from '../../hq/fleet.ts';
import { generateHqKeys, type HqKeys } from '../../hq/keys.ts';
import { publish, type PublishOutcome } from '../../hq/publish.ts';
import { buildHqApp } from '../../hq/server/app.ts';
import type { SmsGateway } from '../../hq/members/mobile-codes.ts';
import { readBundledModel, type ModelContent } from '../../hq/credit/model.ts';
import { join } from 'node:path';

/** The kiosk's bundled credit model: HQ decides pending applications with it until one is published. */
export const BUNDLED_MODEL_DIR = join(import.meta.dirname, '..', '..', 'resources', 'decision-models');

/**
 * Real HQ for tests, on the database the project runs the suite on (HQ_TEST_DATABASE: `pglite`,
 * or `postgres` on DATABASE_URL). Used by the HQ suite, and meant for the kiosk side's sync
 * integration tests and the fault-injection suite: nothing here is a mock.
 */

export const testEngine = (): 'pglite' | 'postgres' => (process.env.HQ_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends HqDb {
  /** Another handle on the same database (PostgreSQL: its own pool, as a second HQ process has). */
  another(): HqDb;
  /** PostgreSQL only: the database's URL, for an HQ child process (DATABASE_URL). */
  url?: string;
}

/**
 * PGlite takes seconds to start (10 s on a busy 2-core machine), so a test file starts one and
 * each test database is a schema of its own in it: every statement runs in a transaction that
 * first sets `search_path` to that schema (PGlite is one connection, so nothing interleaves).
 */
let sharedPglite: Promise<HqDb> | undefined;

function pgliteSchema(pglite: HqDb, schema: string): HqDb {
  const inSchema = <T>(fn: (tx: Queryable) => Promise<T>) =>
    pglite.transaction(async (tx) => {
      await tx.exec(`SET LOCAL search_path TO ${schema}`);
      return fn(tx);
    });
  return {
    engine: 'pglite',
    query: (sql, params) => inSchema((tx) => tx.query(sql, params)),
    exec: (sql) => inSchema((tx) => tx.exec(sql)),
    transaction: inSchema,
    close: () => pglite.exec(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/**
 * A fresh database: a new schema in this file's PGlite, or a new `hq_test_<random>` database on
 * the PostgreSQL server, dropped on close. Migrated unless `migrated: false`. An unreachable
 * server fails the test with the reason (the PostgreSQL run must never skip silently).
 */
export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  let db: TestDatabase;
  if (testEngine() === 'pglite') {
    const pglite = await (sharedPglite ??= openPglite());
    const schema = `hq_test_${randomBytes(6).toString('hex')}`;
    await pglite.exec(`CREATE SCHEMA ${schema}`);
    const handle = pgliteSchema(pglite, schema);
    db = { ...handle, another: () => ({ ...handle, close: async () => undefined }) };
  } else {
    const name = `hq_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
    } catch (error) {
      await admin.end().catch(() => undefined);
      throw new Error(`HQ tests need PostgreSQL at ${SERVER_URL} (set DATABASE_URL; .ci/run starts it): ${(error as Error).message}`, { cause: error });
    }
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const others: HqDb[] = [];
    const main = openPostgres(url.toString(), { max: 10 });
    db = {
      ...main,
      url: url.toString(),
      another: () => {
        const other = openPostgres(url.toString(), { max: 10 });
        others.push(other);
        return other;
      },
      async close() {
        await Promise.all([main, ...others].map((d) => d.close().catch(() => undefined)));
        const dropper = new pg.Client({ connectionString: SERVER_URL });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  if (options.migrated !== false) await migrate(db);
  return db;
}

export interface TestHq {
  /** Base URL with a trailing slash: `new URL(HQ_ROUTES.push, url)`. */
  url: string;
  app: FastifyInstance;
  db: HqDb;
  keys: HqKeys;
  /** HQ's publication public key (base64url), as a kiosk pins it. */
  hqPublicKey: string;
  adminToken: string;
  enrolmentCode(storeId: string, ttlHours?: number): Promise<string>;
  publish(dataset: SyncDatasetName, body: string, options?: { scope?: 'all' | string; effectiveAt?: number }): Promise<PublishOutcome & { ok: true }>;
  close(): Promise<void>;
}

/**
 * HQ listening on 127.0.0.1, port 0. Pass `db` (and `keys`) to share a database between several
 * HQ instances (as several processes share one PostgreSQL); closing one never closes a database it
 * was given.
 */
export async function startTestHq(
  options: {
    db?: HqDb;
    keys?: HqKeys;
    now?: () => number;
    adminToken?: string;
    log?: Logger;
    /** null: none (pending applications wait) */ creditModel?: ModelContent | null;
    sms?: SmsGateway;
    /** HQ moving rollouts on by itself; default never (tests drive them with their clock). */
    driveRolloutsEveryMs?: number;
  } = {},
): Promise<TestHq> {
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openTestDatabase());
  const keys = options.keys ?? (await generateHqKeys());
  const now = options.now ?? Date.now;
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const creditModel = options.creditModel === null ? undefined : (options.creditModel ?? readBundledModel(BUNDLED_MODEL_DIR));
  const app = buildHqApp({ db, keys, adminToken, now, log: options.log ?? false, creditModel, sms: options.sms, driveRolloutsEveryMs: options.driveRolloutsEveryMs ?? 0 });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/`,
    app,
    db,
    keys,
    hqPublicKey: keys.publicKeyX,
    adminToken,
    enrolmentCode: async (storeId, ttlHours = 24) => (await createEnrolmentCode(db, storeId, ttlHours, now())).code,
    async publish(dataset, body, opts = {}) {
      const outcome = await publish(db, keys, { dataset, body, scope: opts.scope ?? 'all', effectiveAt: opts.effectiveAt, by: 'test' }, now());
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome;
    },
    async close() {
      await app.close();
      if (ownsDb) await db.close();
    },
  };
}

/* ------------------------------------------------------------ test kiosk */

export const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

export interface HqAnswer<T> {
  status: number;
  body: T;
}

/** One outbox item as the kiosk sends it: the payload's exact JSON text and its hash. */
export function outboxItem(seq: number, topic: OutboxTopic | string, payload: unknown, id: string = randomUUID()): PushItem {
  const text = JSON.stringify(payload);
  return { seq, id, topic, aggregateId: id, payload: text, payloadHash: sha256(text), createdAt: 1_780_000_000_000 + seq };
}

/**
 * A kiosk speaking the real protocol: its own Ed25519 key, enrolled with a code, every request
 * signed with `signRequestToken` for its route and body. `clock` lets a test set the kiosk's time.
 */
export class TestKiosk {
  clock: () => number = Date.now;

  private constructor(
    readonly hqUrl: string,
    readonly privateKey: CryptoKey,
    readonly publicKeyX: string,
    readonly enrolment: EnrolResponse,
  ) {}

  get kioskId(): string {
    return this.enrolment.kioskId;
  }

  static async keyPair(): Promise<{ privateKey: CryptoKey; publicKeyX: string }> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return { publicKeyX: publicKey.export({ format: 'jwk' }).x!, privateKey: await importPKCS8(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA') };
  }

  /** Enrols with `code`; throws with HQ's error when refused (use `enrolRaw` to see it). */
  static async enrol(hqUrl: string, code: string, options: { label?: string; appVersion?: string } = {}): Promise<TestKiosk> {
    const keys = await TestKiosk.keyPair();
    const answer = await TestKiosk.enrolRaw(hqUrl, { code, publicKey: keys.publicKeyX, appVersion: options.appVersion ?? '0.1.0', label: options.label });
    if (answer.status !== 200) throw new Error(`enrolment refused: ${JSON.stringify(answer.body)}`);
    return new TestKiosk(hqUrl, keys.privateKey, keys.publicKeyX, EnrolResponse.parse(answer.body));
  }

  static async enrolRaw(hqUrl: string, body: unknown): Promise<HqAnswer<EnrolResponse | HqError>> {
    return send(new URL(HQ_ROUTES.enrol, hqUrl), JSON.stringify(body), {});
  }

  /** Signs a token for `route` and `body` (override anything to forge a wrong one). */
  async token(route: string, body: string, overrides: { jti?: string; now?: number; method?: 'GET' | 'POST'; key?: CryptoKey } = {}): Promise<string> {
    return signRequestToken(
      { kioskId: this.kioskId, method: overrides.method ?? 'POST', route, bodyHash: sha256(body), jti: overrides.jti ?? randomUUID() },
      overrides.now ?? this.clock(),
      overrides.key ?? this.privateKey,
    );
  }

  /** POSTs `body` to `route` with a fresh token, or with `token` when given (to replay or forge one). */
  async post<T>(route: string, body: unknown, token?: string): Promise<HqAnswer<T | HqError>> {
    const text = JSON.stringify(body);
    return send(new URL(route, this.hqUrl), text, { authorization: `Bearer ${token ?? (await this.token(route, text))}` });
  }

  push(items: PushItem[]): Promise<HqAnswer<PushResponse | HqError>> {
    return this.post<PushResponse>(HQ_ROUTES.push, { items });
  }

  pull(request: Partial<PullRequest> = {}): Promise<HqAnswer<PullResponse | HqError>> {
    return this.post<PullResponse>(HQ_ROUTES.pull, { cursors: request.cursors ?? {}, messageCursor: request.messageCursor ?? 0 });
  }
}

async function send<T>(url: URL, body: string, headers: Record<string, string>): Promise<HqAnswer<T>> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as T };
}
