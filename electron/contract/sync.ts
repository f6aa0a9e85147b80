import { z } from 'zod';

/**
 * The protocol between a kiosk and headquarters (DESIGN.md §7), as HQ serves it over HTTPS and
 * the kiosk's sync service speaks it. HQ validates every request with these schemas and the
 * kiosk validates every answer, so neither trusts the other's shape. OpenAPI is generated from
 * them (`GET /openapi.json` at HQ).
 *
 * Authentication: every request but enrolment and health carries `Authorization: Bearer <jwt>`,
 * a token the kiosk signs with its Ed25519 key (see `RequestClaims`). Publications coming down
 * are signed by HQ's Ed25519 key, which the kiosk pins in its configuration.
 */

/** HQ's routes, relative to its base URL. */
export const HQ_ROUTES = {
  health: 'health',
  openapi: 'openapi.json',
  enrol: 'v1/enrol',
  push: 'v1/sync/push',
  pull: 'v1/sync/pull',
  creditCheck: 'v1/credit/check',
  mobileCode: 'v1/members/mobile-codes',
  mobileCodeCheck: 'v1/members/mobile-codes/check',
  heartbeat: 'v1/fleet/heartbeat',
  updateCheck: 'v1/fleet/update-check',
  /** Logs a kiosk collected for a collect_logs command (contract/fleet-commands.ts), redacted. */
  fleetLogs: 'v1/fleet/logs',
} as const;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest: 64 lowercase hex digits');
/** An Ed25519 public key: its 32 raw bytes in base64url (the `x` of its JWK). */
export const Ed25519PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an Ed25519 public key: 32 bytes in base64url');
export const StoreId = z.string().regex(/^S\d{3,6}$/, 'a store id such as S001');
export const KioskId = z.uuid();
/** Milliseconds since the epoch. */
export const EpochMs = z.number().int().nonnegative();

/**
 * A one-time enrolment code store IT types (or scans) at a new kiosk: three groups of four from
 * an alphabet without look-alikes (no 0/O, 1/I/L), so it survives being read aloud.
 */
export const ENROLMENT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const EnrolmentCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/, 'an enrolment code such as 7KQ2-M8XD-3FPA');

/** The datasets HQ publishes down to kiosks (DESIGN.md §7). */
export const SyncDatasetName = z.enum(['catalog', 'prices', 'stock', 'promotions', 'finance', 'decision_models', 'blocklist', 'config', 'staff']);
export type SyncDatasetName = z.infer<typeof SyncDatasetName>;

/* ------------------------------------------------------------------ errors */

/** What HQ answers with a 4xx/5xx, in one shape (`{ error: { code, message } }`). */
export const HqErrorCode = z.enum([
  'BAD_REQUEST',
  /** The enrolment code is unknown, used, or expired. */
  'ENROLMENT_CODE_INVALID',
  /** No token, a token that does not verify, or one for another audience or request. */
  'UNAUTHENTICATED',
  /** The token's id was seen before: the request was replayed (the kiosk retries with a new token). */
  'REPLAYED',
  /** The kiosk's clock is too far from HQ's (`serverTime` says by how much). */
  'CLOCK_SKEW',
  /** Store IT revoked this kiosk: it must stop offline approvals and keep selling cash only. */
  'KIOSK_REVOKED',
  /** A push whose first item is not the next sequence number HQ expects (`expectedSeq`). */
  'SEQ_GAP',
  /** A verification code asked for too soon or too often for this number (`retryAfterS`). */
  'TOO_MANY',
  /** The verification code is not the one sent (`attemptsLeft`). */
  'CODE_WRONG',
  /** The verification code is unknown, used, out of attempts or past its time: ask for a new one. */
  'CODE_EXPIRED',
  'NOT_FOUND',
  /** HQ console: the username and password do not match a user who may sign in. */
  'BAD_CREDENTIALS',
  /** HQ console: too many wrong passwords; the account opens again in `retryAfterS`. */
  'LOCKED',
  /** HQ console: the signed-in role may not do this, or a change came without its CSRF token. */
  'FORBIDDEN',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type HqErrorCode = z.infer<typeof HqErrorCode>;

export const HqError = z.object({
  error: z.object({
    code: HqErrorCode,
    message: z.string(),
    /** HQ's clock, with CLOCK_SKEW, so the kiosk can say how far off it is. */
    serverTime: EpochMs.optional(),
    /** With SEQ_GAP: the sequence number to send next. */
    expectedSeq: z.number().int().positive().optional(),
    /** With TOO_MANY: seconds until a code may be asked for again. */
    retryAfterS: z.number().int().nonnegative().optional(),
    /** With CODE_WRONG: tries left for this code. */
    attemptsLeft: z.number().int().nonnegative().optional(),
  }),
});
export type HqError = z.infer<typeof HqError>;

/* --------------------------------------------------------------- identity */

export const EnrolRequest = z
  .object({
    code: EnrolmentCode,
    publicKey: Ed25519PublicKey,
    appVersion: z.string().min(1).max(32),
    /** What store IT calls this screen ("entrance", "fridges"), shown at HQ. */
    label: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  kioskId: KioskId,
  storeId: StoreId,
  /** HQ's publication key; the kiosk refuses to enrol when it differs from the one it pins. */
  hqPublicKey: Ed25519PublicKey,
  /** The fleet's identity HMAC key (64 hex digits): ID and phone hashes must match across stores. */
  identityKey: z.string().regex(/^[0-9a-f]{64}$/),
  serverTime: EpochMs,
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** How long a request token may live, and how far apart the two clocks may be. */
export const TOKEN_LIFETIME_S = 120;
export const MAX_CLOCK_SKEW_S = 300;
export const TOKEN_AUDIENCE = 'kiosk-hq';

/**
 * The claims of a request token (EdDSA JWT, signed with the kiosk's key). The token is bound to
 * one request by method, path and body hash, and used once (`jti`), so neither a captured token
 * nor a captured body can be replayed or reused for another call.
 */
export const RequestClaims = z.object({
  iss: KioskId,
  aud: z.literal(TOKEN_AUDIENCE),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.uuid(),
  htm: z.enum(['GET', 'POST']),
  /** The route, e.g. `v1/sync/push`. */
  htu: z.string().max(128),
  /** SHA-256 (hex) of the request body's bytes; of the empty string for a GET. */
  bh: Sha256Hex,
});
export type RequestClaims = z.infer<typeof RequestClaims>;

/* -------------------------------------------------------------------- up */

export const MAX_PUSH_ITEMS = 500;

/** One outbox row as the kiosk sends it: the payload is the exact JSON text it stored and hashed. */
export const PushItem = z
  .object({
    seq: z.number().int().positive(),
    id: z.string().min(1).max(64),
    topic: z.string().min(1).max(64),
    aggregateId: z.string().min(1).max(64),
    payload: z.string().max(256 * 1024),
    payloadHash: Sha256Hex,
    createdAt: EpochMs,
  })
  .strict();
export type PushItem = z.infer<typeof PushItem>;

export const PushRequest = z
  .object({ items: z.array(PushItem).min(1).max(MAX_PUSH_ITEMS) })
  .strict()
  .refine((r) => r.items.every((item, i) => i === 0 || item.seq === r.items[i - 1]!.seq + 1), 'items must have consecutive seq numbers');
export type PushRequest = z.infer<typeof PushRequest>;

/** Why HQ refused an item for good: the kiosk lists it for staff and moves on. */
export const PushRejectCode = z.enum([
  /** sha256(payload) is not payloadHash: corrupted on the way or on disk. */
  'HASH_MISMATCH',
  'UNKNOWN_TOPIC',
  /** The payload does not match its topic's schema. */
  'PAYLOAD_INVALID',
  /** A signed contract whose hash does not match the terms HQ holds for the application. */
  'CONTRACT_HASH_MISMATCH',
  /** The item refers to something HQ never received (a decision for an unknown application). */
  'UNKNOWN_REFERENCE',
  /** An item with this id was already applied with different content. */
  'ID_CONFLICT',
]);
export type PushRejectCode = z.infer<typeof PushRejectCode>;

export const PushResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), seq: z.number().int().positive(), status: z.enum(['applied', 'duplicate']) }),
  z.object({ id: z.string(), seq: z.number().int().positive(), status: z.literal('rejected'), code: PushRejectCode, message: z.string() }),
]);
export type PushResult = z.infer<typeof PushResult>;

/**
 * One result per item, in order. A duplicate gets the result HQ stored the first time (an item
 * rejected once stays rejected). `expectedSeq` is the next sequence number HQ wants from this kiosk.
 */
export const PushResponse = z.object({
  results: z.array(PushResult),
  expectedSeq: z.number().int().positive(),
  serverTime: EpochMs,
});
export type PushResponse = z.infer<typeof PushResponse>;

/* ---------------------------------------------------------------- credit */

/** How long a kiosk waits for HQ's cross-store check before the offline rules apply. */
export const CREDIT_CHECK_TIMEOUT_MS = 800;

/**
 * Cross-store checks for one application (issue 9 item 5): the applicant's identity as the keyed
 * HMACs under the fleet key (equal at every store), never the numbers, and the model's velocity
 * windows (at most 30 days) HQ counts over.
 */
export const CreditCheckRequest = z
  .object({
    residentIdHmac: Sha256Hex,
    mobileHmac: Sha256Hex,
    windows: z.object({ idWindowHours: z.number().int().min(1).max(24 * 30), phoneWindowHours: z.number().int().min(1).max(24 * 30) }).strict(),
  })
  .strict();
export type CreditCheckRequest = z.infer<typeof CreditCheckRequest>;

/**
 * What HQ knows about the identity from every OTHER kiosk (the asking kiosk counts its own): the
 * applications with the same ID / mobile HMAC within the windows, the credit they still hold
 * (approved, counter-offered, signed or pending, term not run out: amounts financed and monthly
 * payments), and whether HQ's newest blocklist lists either HMAC.
 */
export const CreditCheckResponse = z.object({
  idApplications: z.number().int().nonnegative(),
  phoneApplications: z.number().int().nonnegative(),
  exposure: z.object({ outstandingFen: z.number().int().nonnegative(), monthlyPaymentsFen: z.number().int().nonnegative() }),
  idBlocklisted: z.boolean(),
  phoneBlocklisted: z.boolean(),
  serverTime: EpochMs,
});
export type CreditCheckResponse = z.infer<typeof CreditCheckResponse>;

/* ------------------------------------------------------- member codes */

/**
 * A member who will not use their face proves their mobile number with a code HQ texts to it
 * (issue 10 item 3). The kiosk cannot text; HQ holds the SMS gateway. HQ keeps the number only as
 * a keyed hash (for its rate limits) and the code only as a hash; the number goes to the gateway
 * and nowhere else. Only the kiosk that asked may check the code.
 */
export const MobileCodeRequest = z.object({ mobile: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number, 11 digits') }).strict();
export type MobileCodeRequest = z.infer<typeof MobileCodeRequest>;
export const MobileCodeResponse = z.object({
  challengeId: z.uuid(),
  expiresAt: EpochMs,
  /** No new code for this number before then. */
  resendAt: EpochMs,
  serverTime: EpochMs,
});
export type MobileCodeResponse = z.infer<typeof MobileCodeResponse>;
export const MobileCode = z.string().regex(/^\d{6}$/, 'the 6 digits of the text message');
export const MobileCodeCheckRequest = z.object({ challengeId: z.uuid(), code: MobileCode }).strict();
export type MobileCodeCheckRequest = z.infer<typeof MobileCodeCheckRequest>;
export const MobileCodeCheckResponse = z.object({ verified: z.literal(true), serverTime: EpochMs });
export type MobileCodeCheckResponse = z.infer<typeof MobileCodeCheckResponse>;

/* ------------------------------------------------------------------ down */

/**
 * What HQ signs for a publication: the dataset, its version (a number that only grows, across
 * all of HQ's publications), whom it is for, when it was published and takes effect, and the
 * SHA-256 of the body's exact bytes.
 */
export const PublicationClaims = z
  .object({
    dataset: SyncDatasetName,
    version: z.number().int().positive(),
    /** `all`, or the one store it is assigned to. */
    scope: z.union([z.literal('all'), StoreId]),
    publishedAt: EpochMs,
    /** When the kiosk should start using it (prices and promotions switch on time offline). */
    effectiveAt: EpochMs,
    contentHash: Sha256Hex,
  })
  .strict();
export type PublicationClaims = z.infer<typeof PublicationClaims>;

export const Publication = PublicationClaims.extend({
  /** The dataset file's text, exactly as hashed. */
  body: z.string(),
  /** Compact JWS (EdDSA, HQ's key) whose payload is the claims above as JSON. */
  signature: z.string().min(1).max(2048),
});
export type Publication = z.infer<typeof Publication>;

/**
 * A message from HQ to one kiosk: the decision HQ made on an application the kiosk left pending
 * (decided with the same JDM graph, plus HQ's cross-store checks). HQ's pull returns each stored
 * message as `{ ...payload, id, kind }`. The kiosk settles it as it settles its own decisions:
 * `maxFinancedFen` is the counter-offer's amount, re-quoted by the kiosk's finance products.
 */
const CreditDecidedMessage = z.object({
  id: z.number().int().positive(),
  kind: z.literal('credit.decided'),
  applicationId: z.string(),
  status: z.enum(['approved', 'declined', 'referred', 'counter_offered']),
  reasons: z.array(z.string()),
  /** Why a person must look (staff view), never a shopper's reason. */
  signals: z.array(z.string()).optional(),
  score: z.number().int().optional(),
  limitFen: z.number().int().nonnegative().optional(),
  maxFinancedFen: z.number().int().positive().nullable().optional(),
  modelVersion: z.string(),
  at: EpochMs,
});
/** A refund to the lender for a cancelled agreement moved on at HQ: sent in the lender's file, then settled. */
const RefundUpdatedMessage = z.object({
  id: z.number().int().positive(),
  kind: z.literal('refund.updated'),
  applicationId: z.string(),
  state: z.enum(['sent', 'settled']),
  at: EpochMs,
});
/** A remote command store IT issued (contract/fleet-commands.ts): the kiosk checks HQ's signature before anything else. */
const FleetCommandMessage = z.object({
  id: z.number().int().positive(),
  kind: z.literal('fleet.command'),
  commandId: z.uuid(),
  /** The signed CommandClaims (compact JWS, typ kiosk-command+jws). */
  command: z.string().min(1).max(8192),
});
export const KioskMessage = z.discriminatedUnion('kind', [CreditDecidedMessage, RefundUpdatedMessage, FleetCommandMessage]);
export type KioskMessage = z.infer<typeof KioskMessage>;
export type KioskMessageOf<K extends KioskMessage['kind']> = Extract<KioskMessage, { kind: K }>;

export const PullRequest = z
  .object({
    /** The version of each dataset the kiosk holds (absent: none yet). */
    cursors: z.partialRecord(SyncDatasetName, z.number().int().positive()),
    /** The id of the last message the kiosk applied (0: none). */
    messageCursor: z.number().int().nonnegative().default(0),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

/**
 * The newest publication of each dataset that is newer than the kiosk's cursor (always a whole
 * snapshot, so an old or lost cursor needs nothing special), and messages after its cursor.
 * `current` lists every dataset HQ has published for this kiosk with its newest version, so a
 * kiosk can tell "up to date" from "HQ has nothing" and record when it last confirmed each.
 */
export const PullResponse = z.object({
  publications: z.array(Publication),
  current: z.partialRecord(SyncDatasetName, z.number().int().positive()),
  messages: z.array(KioskMessage),
  serverTime: EpochMs,
});
export type PullResponse = z.infer<typeof PullResponse>;

/* ---------------------------------------------------------- kiosk status */

/** The sync chip's colour: green all well, amber behind or HQ unreachable for a while, red needs staff. */
export const SyncHealth = z.enum(['green', 'amber', 'red']);

/** The sync state a kiosk shows its staff (DESIGN.md §7). */
export const SyncStatus = z.object({
  health: SyncHealth,
  /** No HQ configured at all (the demo store): nothing to sync. */
  standalone: z.boolean(),
  enrolled: z.boolean(),
  kioskId: KioskId.nullable(),
  storeId: StoreId.nullable(),
  revoked: z.boolean(),
  /** Offline approval is off, and why (a code the UI translates), or null while it is allowed. */
  offlineApprovalBlocked: z.enum(['NOT_ENROLLED', 'REVOKED', 'BLOCKLIST_STALE', 'MODEL_STALE']).nullable(),
  pending: z.object({ total: z.number().int(), byTopic: z.record(z.string(), z.number().int()), oldestAt: EpochMs.nullable() }),
  rejected: z.array(z.object({ seq: z.number().int(), id: z.string(), topic: z.string(), code: z.string(), message: z.string(), at: EpochMs })),
  lastPushAt: EpochMs.nullable(),
  lastPullAt: EpochMs.nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: EpochMs }).nullable(),
  datasets: z.array(
    z.object({ name: SyncDatasetName, version: z.number().int().nullable(), appliedAt: EpochMs.nullable(), confirmedAt: EpochMs.nullable() }),
  ),
  /** Publications refused (bad signature, tampered body, an older version replayed). */
  refused: z.array(z.object({ dataset: z.string(), version: z.number().int(), reason: z.string(), at: EpochMs })),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/* -------------------------------------------------------------- channels */

/** Why an enrolment did not happen, for the screen to translate (the message names the detail). */
export const EnrolProblem = z.enum([
  /** Not an HQ URL the kiosk may use: https, or http only to this machine (development). */
  'HQ_URL_INVALID',
  /** HQ did not know the code, or it was used or expired. */
  'CODE_INVALID',
  'HQ_UNREACHABLE',
  /** The kiosk is enrolled already; enrolling again needs `reenrol: true`. */
  'ALREADY_ENROLLED',
  /** The kiosk's clock is too far from HQ's: fix the clock first (signed requests would fail). */
  'CLOCK_SKEW',
  /** HQ answered with another publication key than the one pinned in the kiosk's configuration. */
  'HQ_KEY_MISMATCH',
  /** HQ answered with an error or something that is not the protocol. */
  'HQ_ERROR',
]);
export type EnrolProblem = z.infer<typeof EnrolProblem>;

export const EnrolKioskRequest = z
  .object({
    /** HQ's base URL; defaults to the configured `hqUrl`. */
    hqUrl: z.url({ protocol: /^https?$/ }).optional(),
    code: EnrolmentCode,
    label: z.string().trim().min(1).max(64).optional(),
    /** Replace an existing enrolment (a new key pair; HQ must have issued a new code). */
    reenrol: z.boolean().default(false),
  })
  .strict();

export const EnrolKioskResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('enrolled'), kioskId: KioskId, storeId: StoreId, hqKeyPinned: z.boolean() }),
  z.object({ status: z.literal('refused'), problem: EnrolProblem, message: z.string() }),
]);
export type EnrolKioskResponse = z.infer<typeof EnrolKioskResponse>;

const NoInput = z.object({}).strict();

export const syncChannels = {
  /** The staff sync panel. */
  syncStatus: { access: 'staff', request: NoInput, response: SyncStatus },
  /** Push, then pull, now; answers with the status afterwards. */
  syncNow: { access: 'staff', request: NoInput, response: SyncStatus },
  /**
   * The chip on the shopper screen: a colour only, nothing alarming or detailed; `standalone`
   * (no HQ at all, the demo store) shows no chip.
   */
  syncChip: { access: 'shopper', request: NoInput, response: z.object({ health: SyncHealth, standalone: z.boolean() }) },
  /** Enrols the kiosk with HQ (store IT's set-up screen, later; today the web host's `enrol` command). */
  enrolKiosk: { access: 'system', request: EnrolKioskRequest, response: EnrolKioskResponse },
} as const;
