import { STAFF_DECISION_REASONS, StaffDecisionReason } from '../../electron/contract/credit.ts';
import { z } from 'zod';
import { StoreFigures } from '../../electron/contract/figures.ts';
import { Heartbeat, Ring } from '../../electron/contract/fleet.ts';
import { EpochMs, KioskId, StoreId, SyncDatasetName } from '../../electron/contract/sync.ts';

/**
 * The publishing API store IT (and later the HQ console) uses. Not part of the kiosk contract:
 * only HQ and its own tools speak it. Every route takes `Authorization: Bearer <HQ_ADMIN_TOKEN>`.
 */

export const PublishRequestBody = z
  .object({
    dataset: SyncDatasetName,
    /** The dataset file's text: JSON in the formats of resources/, or CSV for catalog and prices (`format`). */
    body: z.string().min(1).max(64 * 1024 * 1024),
    /** `csv`: a catalog or price list as CSV (columns: hq/csv-datasets.ts). Default `json`. */
    format: z.enum(['json', 'csv']).default('json'),
    /** The dataset version a CSV file becomes; default `<dataset>-csv-<time of publishing>`. */
    datasetVersion: z.string().trim().min(1).max(64).optional(),
    scope: z.union([z.literal('all'), StoreId]).default('all'),
    effectiveAt: z.union([EpochMs, z.iso.datetime({ offset: true })]).optional(),
  })
  .strict();

export const PublishResponse = z.object({
  dataset: SyncDatasetName,
  version: z.number().int().positive(),
  scope: z.string(),
  contentHash: z.string(),
  publishedAt: EpochMs,
  effectiveAt: EpochMs,
});

export const EnrolmentCodeRequest = z.object({ storeId: StoreId, ttlHours: z.number().int().min(1).max(24 * 14).default(24) }).strict();
export const EnrolmentCodeResponse = z.object({ code: z.string(), storeId: StoreId, expiresAt: EpochMs });

export const KioskParams = z.object({ id: KioskId }).strict();
export const RevokeRequest = z
  .object({ reason: z.string().trim().min(1).max(200).default('revoked by store IT') })
  .strict()
  .default({ reason: 'revoked by store IT' });
export const RevokeResponse = z.object({ kioskId: KioskId, revoked: z.literal(true) });

export const KiosksQuery = z
  .object({
    storeId: StoreId.optional(),
    /** Only the first kiosks in the console's opening order (silent, online, revoked; store, label, id), with `total`: a screenful to paint while the whole list loads. */
    first: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
export const KioskSummary = z.object({
  id: KioskId,
  storeId: StoreId,
  label: z.string().nullable(),
  appVersion: z.string(),
  enrolledAt: EpochMs,
  revokedAt: EpochMs.nullable(),
  revokeReason: z.string().nullable(),
  nextSeq: z.number().int().positive(),
  lastPushAt: EpochMs.nullable(),
  lastPullAt: EpochMs.nullable(),
  lastHeartbeatAt: EpochMs.nullable(),
  silent: z.boolean(),
  lastFrameAt: EpochMs.nullable(),
  camera: z.string().nullable(),
  syncPending: z.number().int().nullable(),
  ring: Ring,
  pinnedVersion: z.string().nullable(),
  updatesHeld: z.boolean(),
});
export const KiosksResponse = z.object({
  kiosks: z.array(KioskSummary),
  /** With `first`: how many kiosks there are in all. */
  total: z.number().int().nonnegative().optional(),
});

export const ApplicationsQuery = z.object({ storeId: StoreId.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();
export const ApplicationsResponse = z.object({
  applications: z.array(
    z.object({
      kioskId: KioskId,
      storeId: StoreId,
      applicationId: z.string(),
      status: z.string(),
      requestedAmountFen: z.number().int(),
      termMonths: z.number().int(),
      appliedAt: EpochMs,
      assistedBy: z.string().nullable(),
      idCardSeen: z.boolean().nullable(),
    }),
  ),
});
export const EscalationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();
export const EscalationsResponse = z.object({
  escalations: z.array(
    z.object({
      kioskId: KioskId,
      storeId: StoreId,
      applicationId: z.string(),
      staffId: z.string(),
      reason: z.string(),
      escalatedAt: EpochMs,
      requestedAmountFen: z.number().int(),
      termMonths: z.number().int(),
      assistedBy: z.string().nullable(),
      reasons: z.array(z.string()),
      signals: z.array(z.string()),
    }),
  ),
});
/** The credit team's decision on an escalated referral, with the same reason codes staff use. */
export const EscalationDecisionRequest = z
  .object({
    kioskId: KioskId,
    applicationId: z.string().min(1).max(64),
    status: z.enum(['approved', 'declined']),
    reason: StaffDecisionReason,
    /** Who at HQ decided (recorded with the decision): required with the admin token; a console session is its user. */
    by: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .refine((r) => (STAFF_DECISION_REASONS[r.status === 'approved' ? 'approve' : 'decline'] as readonly string[]).includes(r.reason), {
    message: 'this reason is not one for this decision',
    path: ['reason'],
  });
export const EscalationDecisionResponse = z.object({ decided: z.literal(true) });
/** `GET /v1/admin/applications/undecided`: pending applications whose input reached HQ and that HQ's model did not decide. */
export const UndecidedResponse = z.object({
  applications: z.array(
    z.object({
      kioskId: KioskId,
      storeId: StoreId,
      applicationId: z.string(),
      requestedAmountFen: z.number().int(),
      termMonths: z.number().int(),
      appliedAt: EpochMs,
      assistedBy: z.string().nullable(),
    }),
  ),
});
/** `GET /v1/admin/escalations/:kioskId/:applicationId`: one open escalation with what the credit team decides it on. */
export const EscalationParams = z.object({ kioskId: KioskId, applicationId: z.string().min(1).max(64) }).strict();
export const EscalationDetailResponse = z.object({
  escalation: EscalationsResponse.shape.escalations.element,
  application: z.object({
    appliedAt: EpochMs,
    financeProductId: z.string(),
    lenderId: z.string(),
    monthlyPaymentFen: z.number().int().nullable(),
    idCardSeen: z.boolean().nullable(),
    status: z.string(),
  }),
  /** The model's decision that referred it (null: HQ never received one). */
  decision: z
    .object({
      outcome: z.string(),
      status: z.string(),
      offline: z.boolean(),
      decidedBy: z.enum(['kiosk', 'hq']),
      score: z.number().int(),
      limitFen: z.number().int(),
      amountFinancedFen: z.number().int().nullable(),
      modelVersion: z.string(),
      decidedAt: EpochMs,
      reasons: z.array(z.string()),
      signals: z.array(z.string()),
    })
    .nullable(),
  /** The graph's input where HQ holds it: ages, bands, counts and flags (its strict schema has no ID, mobile or name). */
  input: z.record(z.string(), z.unknown()).nullable(),
  /** The model's path, node by node in evaluation order: what each node added, and the table rows that matched. */
  trace: z.array(z.object({ node: z.string(), output: z.unknown(), rules: z.array(z.string()) })).nullable(),
  /** Why there is no trace: HQ never had the input (the kiosk decided it), or no longer has the model version. */
  traceMissing: z.enum(['no_input', 'model_unavailable']).nullable(),
});
const RefundRowSchema = z.object({
  kioskId: KioskId,
  storeId: StoreId,
  applicationId: z.string(),
  lenderId: z.string(),
  amountFen: z.number().int(),
  dueOn: z.string(),
  state: z.enum(['requested', 'sent', 'settled']),
  requestedAt: EpochMs,
});
export const RefundsQuery = z.object({ state: z.enum(['requested', 'sent', 'settled']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) }).strict();
export const RefundsResponse = z.object({ refunds: z.array(RefundRowSchema) });
export const SendRefundsRequest = z.object({ lenderId: z.string().min(1).max(64), dueOn: z.iso.date() }).strict();
export const SendRefundsResponse = z.object({ sent: z.number().int(), csv: z.string() });
export const SettleRefundRequest = z.object({ kioskId: KioskId, applicationId: z.string().min(1).max(64) }).strict();
export const SettleRefundResponse = z.object({ settled: z.literal(true) });
export const StaffAuditQuery = z.object({ kioskId: KioskId.optional() }).strict();
export const StaffAuditResponse = z.object({
  kiosks: z.array(
    z.object({
      kioskId: KioskId,
      storeId: StoreId,
      entries: z.number().int(),
      broken: z.object({ seq: z.number().int(), problem: z.enum(['HASH_MISMATCH', 'CHAIN_BROKEN', 'SEQ_GAP']) }).nullable(),
    }),
  ),
});
export const RefusalsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();
export const RefusalsResponse = z.object({
  refusals: z.array(z.object({ kioskId: KioskId, storeId: StoreId, dataset: z.string(), version: z.number().int(), reason: z.string(), at: EpochMs })),
});

export const HealthResponse = z.object({ status: z.literal('ok'), serverTime: EpochMs });

/** A region's name as store IT writes it (letters, digits, `-`, `_`). */
export const Region = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - or _ (up to 32)');
export const StoreParams = z.object({ id: StoreId }).strict();
export const StoreUpdateRequest = z.object({ region: Region.nullable() }).strict();
export const StoreUpdateResponse = z.object({ storeId: StoreId, region: Region.nullable() });

const Day = z.iso.date().optional();
/** A range of store days (China's dates), both ends included; at most a year, so one answer stays small. */
const dayRange = <T extends z.ZodObject<{ from: typeof Day; to: typeof Day }>>(schema: T) =>
  schema
    .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
    .refine((r) => r.from === undefined || r.to === undefined || Date.parse(r.to) - Date.parse(r.from) <= 365 * 86_400_000, { message: 'a range of at most 366 days', path: ['to'] });
export const FiguresQuery = dayRange(z.object({ from: Day, to: Day, region: Region.optional(), storeId: StoreId.optional() }).strict());
export const StoreGradesQuery = dayRange(z.object({ from: Day, to: Day, region: Region.optional() }).strict());
export const RepPatternsQuery = dayRange(z.object({ from: Day, to: Day, storeId: StoreId.optional() }).strict());
export const ReconciliationQuery = z.object({ date: z.iso.date() }).strict();
export const RegionFiguresQuery = dayRange(z.object({ from: Day, to: Day }).strict());

const Share = z.number().min(0).max(1).nullable();
const Count = z.number().int().nonnegative();
/** The kiosk's store figures (electron/contract/figures.ts) for a scope, with activity across its stores; categories by id (HQ keeps no catalog). */
export const FiguresResponse = StoreFigures.omit({ byCategory: true, byStaff: true, days: true }).extend({
  scope: z.object({ region: Region.nullable(), storeId: StoreId.nullable() }),
  stores: Count,
  cancellations: z.object({ count: Count, amountFen: z.number().int() }),
  byCategory: z.array(
    z.object({
      categoryId: z.string(),
      allFen: z.number().int(),
      financedFen: z.number().int(),
      penetration: Share,
      /** The days it sold on, for its penetration over time. */
      days: z.array(z.object({ date: z.iso.date(), allFen: z.number().int(), financedFen: z.number().int() })),
    }),
  ),
  byStaff: z.array(z.object({ storeId: StoreId, staffId: z.string(), applications: Count, approved: Count })),
  activity: z.object({ share: Share, activeStoreDays: Count }),
  /** Day by day, for the console's charts: activity, and the applications whose rates the approval chart draws. */
  days: z.array(StoreFigures.shape.days.element.extend({ activeStores: Count, applications: Count, approved: Count, declined: Count })),
});
export const StoreGradesResponse = z.object({
  rules: z.looseObject({ version: z.string() }),
  stores: z.array(
    z.object({
      storeId: StoreId,
      region: Region.nullable(),
      grade: z.enum(['A', 'B', 'C']),
      shortOfA: z.array(z.enum(['VOLUME', 'DECLINE_RATE', 'CANCELLATION_RATE'])),
      financedOrders: Count,
      financedFen: z.number().int(),
      salesFen: z.number().int(),
      applications: Count,
      declined: Count,
      cancellations: Count,
      activeDays: Count,
      penetrationByAmount: Share,
      declineRate: Share,
      cancellationRate: z.number().nonnegative().nullable(),
    }),
  ),
});
const RepCounts = z.object({ applications: Count, approved: Count, referred: Count, declined: Count, idNotSeen: Count, cancelled: Count });
export const RepPatternsResponse = z.object({
  rules: z.looseObject({ version: z.string() }),
  reps: z.array(
    z.object({
      storeId: StoreId,
      staffId: z.string(),
      totals: RepCounts,
      days: z.array(z.object({ date: z.iso.date(), applications: Count, declined: Count })),
      flags: z.array(z.enum(['HIGH_DECLINE_RATE', 'ID_NOT_SEEN', 'HIGH_CANCELLATIONS', 'BURST'])),
    }),
  ),
});

/** Every region's figures side by side (`region: null`: the stores without one), as a region's own answer defines them. */
export const RegionFiguresResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  regions: z.array(
    z.object({
      region: Region.nullable(),
      stores: Count,
      orders: Count,
      financedOrders: Count,
      salesFen: z.number().int(),
      financedFen: z.number().int(),
      applications: Count,
      approved: Count,
      declined: Count,
      activeStoreDays: Count,
      penetration: z.object({ byAmount: Share, byCount: Share }),
      rates: z.object({ approve: Share, decline: Share }),
      activity: Share,
    }),
  ),
});

/** A kiosk's heartbeats for its page's charts (HQ keeps seven days). */
export const HeartbeatsQuery = z.object({ sinceMs: z.coerce.number().int().nonnegative().optional() }).strict();
export const HeartbeatsResponse = z.object({ kioskId: KioskId, heartbeats: z.array(z.object({ receivedAt: EpochMs, heartbeat: Heartbeat })) });

/** Every change made through the admin API and every console sign-in, newest first. */
export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200), actor: z.string().max(80).optional() }).strict();
export const AuditResponse = z.object({
  entries: z.array(
    z.object({
      at: EpochMs,
      actor: z.string(),
      role: z.string(),
      method: z.string(),
      route: z.string(),
      params: z.record(z.string(), z.string()),
      /** The answer's HTTP status; 0 while the change is being made (or if HQ stopped during it). */
      status: z.number().int(),
    }),
  ),
});

const RowProblem = z.object({ row: z.number().int().positive().optional(), column: z.string().optional(), message: z.string() });
/** What publishing a file would do: its problems row by row, or the changes against what the stores have now. */
export const PublicationPreviewResponse = z.union([
  z.object({ valid: z.literal(false), message: z.string(), problems: z.array(RowProblem) }),
  z.object({
    valid: z.literal(true),
    diff: z.object({
      againstVersion: z.number().int().nullable(),
      added: z.number().int(),
      removed: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      examples: z.array(z.object({ key: z.string(), change: z.enum(['added', 'removed', 'changed']), fields: z.array(z.string()).optional() })),
    }),
  }),
]);

/** `GET /v1/admin/publications`: where a file may go (the stores HQ knows) and what each scope has now (its newest publication of each dataset). */
export const PublicationsResponse = z.object({
  stores: z.array(z.object({ id: StoreId, region: Region.nullable(), kiosks: z.number().int().nonnegative() })),
  current: z.array(
    z.object({
      dataset: SyncDatasetName,
      scope: z.union([z.literal('all'), StoreId]),
      version: z.number().int().positive(),
      contentHash: z.string(),
      publishedAt: EpochMs,
      effectiveAt: EpochMs,
      publishedBy: z.string(),
    }),
  ),
});
