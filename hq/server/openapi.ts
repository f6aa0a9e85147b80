import { z } from 'zod';
import { Heartbeat, HeartbeatResponse, UpdateCheckRequest, UpdateCheckResponse } from '../../electron/contract/fleet.ts';
import {
  CreditCheckRequest,
  CreditCheckResponse,
  EnrolRequest,
  EnrolResponse,
  HqError,
  MobileCodeCheckRequest,
  MobileCodeCheckResponse,
  MobileCodeRequest,
  MobileCodeResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
} from '../../electron/contract/sync.ts';
import {
  EnrolmentCodeRequest,
  EnrolmentCodeResponse,
  HealthResponse,
  KioskParams,
  AuditQuery,
  AuditResponse,
  HeartbeatsQuery,
  HeartbeatsResponse,
  KiosksQuery,
  PublicationPreviewResponse,
  PublicationsResponse,
  KiosksResponse,
  PublishRequestBody,
  PublishResponse,
  ApplicationsQuery,
  ApplicationsResponse,
  EscalationDecisionRequest,
  EscalationDecisionResponse,
  EscalationDetailResponse,
  EscalationParams,
  UndecidedResponse,
  EscalationsQuery,
  EscalationsResponse,
  RefundsQuery,
  RefundsResponse,
  SendRefundsRequest,
  SendRefundsResponse,
  SettleRefundRequest,
  SettleRefundResponse,
  StaffAuditQuery,
  StaffAuditResponse,
  RefusalsQuery,
  RefusalsResponse,
  RevokeRequest,
  RevokeResponse,
  FiguresQuery,
  FiguresResponse,
  ReconciliationQuery,
  RepPatternsQuery,
  RepPatternsResponse,
  RegionFiguresQuery,
  RegionFiguresResponse,
  StoreGradesQuery,
  StoreGradesResponse,
  StoreParams,
  StoreUpdateRequest,
  StoreUpdateResponse,
} from './admin-schemas.ts';
import {
  FeedParams,
  KioskHoldRequest,
  KioskHoldResponse,
  KioskPinRequest,
  KioskPinResponse,
  RegisterReleaseRequest,
  RegisterReleaseResponse,
  ReleasesResponse,
  RollBackResponse,
  RolloutActionParams,
  RolloutActionRequest,
  RolloutDetailResponse,
  RolloutParams,
  RolloutResponse,
  RolloutsResponse,
  StartRolloutRequest,
  StoreRingRequest,
  StoreRingResponse,
} from './release-schemas.ts';
import { FleetLogsRequest, FleetLogsResponse } from '../../electron/contract/fleet-commands.ts';
import { ChallengerRequest, ComparisonQuery, ComparisonResponse, ModelPublished, ModelsResponse, ScopeRequest } from './model-schemas.ts';
import { CommandHistoryResponse, CommandParams, CommandsQuery, CommandsResponse, IssueCommandRequest, IssueCommandResponse, IssueStoreCommandResponse } from './command-schemas.ts';

type Auth = 'none' | 'kiosk' | 'admin';

export interface RouteDoc {
  method: 'get' | 'post' | 'put';
  /** OpenAPI form: `{id}` for a parameter. */
  path: string;
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  params?: z.ZodObject;
  query?: z.ZodObject;
  response: z.ZodType;
}

/** Every route HQ serves, with the schemas its handler validates with: the one source of the OpenAPI document. */
export const ROUTES: readonly RouteDoc[] = [
  { method: 'get', path: '/health', summary: 'HQ and its database answer', auth: 'none', response: HealthResponse },
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: 'none', response: z.looseObject({}) },
  { method: 'post', path: '/v1/enrol', summary: 'A kiosk joins the fleet with a one-time code', auth: 'none', body: EnrolRequest, response: EnrolResponse },
  { method: 'post', path: '/v1/sync/push', summary: 'A kiosk sends outbox items in seq order', auth: 'kiosk', body: PushRequest, response: PushResponse },
  { method: 'post', path: '/v1/sync/pull', summary: 'A kiosk fetches newer publications and its messages', auth: 'kiosk', body: PullRequest, response: PullResponse },
  { method: 'post', path: '/v1/credit/check', summary: 'Cross-store checks for an application a kiosk is deciding (identity HMACs only)', auth: 'kiosk', body: CreditCheckRequest, response: CreditCheckResponse },
  { method: 'post', path: '/v1/fleet/heartbeat', summary: 'A kiosk’s minute heartbeat: version, sync backlog, camera, disk, memory, last painted frame, update states', auth: 'kiosk', body: Heartbeat, response: HeartbeatResponse },
  { method: 'post', path: '/v1/fleet/update-check', summary: 'What HQ decided this kiosk runs next: its signed release manifest and feed, or nothing', auth: 'kiosk', body: UpdateCheckRequest, response: UpdateCheckResponse },
  { method: 'get', path: '/v1/fleet/feed/{token}/{file}', summary: "electron-updater's latest*.yml for the release HQ offered (the token in the path is the proof)", auth: 'none', params: FeedParams, response: z.string() },
  { method: 'post', path: '/v1/admin/releases', summary: 'Register a build (files, SHA-512) and sign its manifest', auth: 'admin', body: RegisterReleaseRequest, response: RegisterReleaseResponse },
  { method: 'get', path: '/v1/admin/releases', summary: 'Registered releases, newest first', auth: 'admin', response: ReleasesResponse },
  { method: 'post', path: '/v1/admin/rollouts', summary: 'Start rolling a release through the rings (lab first)', auth: 'admin', body: StartRolloutRequest, response: RolloutResponse },
  { method: 'get', path: '/v1/admin/rollouts', summary: 'Rollouts, newest first', auth: 'admin', response: RolloutsResponse },
  { method: 'get', path: '/v1/admin/rollouts/{id}', summary: 'A rollout with its progress ring by ring and its timeline', auth: 'admin', params: RolloutParams, response: RolloutDetailResponse },
  { method: 'post', path: '/v1/admin/rollouts/{id}/{action}', summary: 'Halt, resume, advance, cancel or roll back a rollout (rollback answers pinned and to)', auth: 'admin', params: RolloutActionParams, body: RolloutActionRequest, response: z.union([RolloutResponse, RollBackResponse]) },
  { method: 'put', path: '/v1/admin/stores/{id}/ring', summary: 'Place a store in a ring by hand, or back in the one HQ draws (null)', auth: 'admin', params: StoreParams, body: StoreRingRequest, response: StoreRingResponse },
  { method: 'put', path: '/v1/admin/kiosks/{id}/pin', summary: 'Pin a kiosk to a release (a signed downgrade too), or unpin it (null)', auth: 'admin', params: KioskParams, body: KioskPinRequest, response: KioskPinResponse },
  { method: 'put', path: '/v1/admin/kiosks/{id}/hold', summary: 'Hold a kiosk at its version, or let it follow its ring again', auth: 'admin', params: KioskParams, body: KioskHoldRequest, response: KioskHoldResponse },
  { method: 'post', path: '/v1/members/mobile-codes', summary: 'Text a member a verification code for this kiosk (the number goes to the SMS gateway only)', auth: 'kiosk', body: MobileCodeRequest, response: MobileCodeResponse },
  { method: 'post', path: '/v1/members/mobile-codes/check', summary: 'Check a member verification code this kiosk asked for', auth: 'kiosk', body: MobileCodeCheckRequest, response: MobileCodeCheckResponse },
  { method: 'post', path: '/v1/admin/publications', summary: 'Validate, sign and publish a dataset', auth: 'admin', body: PublishRequestBody, response: PublishResponse },
  { method: 'get', path: '/v1/admin/publications', summary: 'The stores a dataset may be published to, and the newest publication of each dataset for each scope', auth: 'admin', response: PublicationsResponse },
  { method: 'post', path: '/v1/admin/publications/preview', summary: 'What publishing a file would do, nothing stored: every row problem, or the diff against what the stores have', auth: 'admin', body: PublishRequestBody, response: PublicationPreviewResponse },
  { method: 'post', path: '/v1/admin/enrolment-codes', summary: 'A one-time enrolment code for a store', auth: 'admin', body: EnrolmentCodeRequest, response: EnrolmentCodeResponse },
  { method: 'post', path: '/v1/admin/kiosks/{id}/revoke', summary: 'Revoke a kiosk', auth: 'admin', params: KioskParams, body: RevokeRequest, response: RevokeResponse },
  { method: 'get', path: '/v1/admin/kiosks', summary: 'The fleet', auth: 'admin', query: KiosksQuery, response: KiosksResponse },
  { method: 'get', path: '/v1/admin/kiosks/{id}/heartbeats', summary: "A kiosk's heartbeats (seven days kept), oldest first", auth: 'admin', params: KioskParams, query: HeartbeatsQuery, response: HeartbeatsResponse },
  { method: 'get', path: '/v1/admin/audit', summary: 'Changes made through the admin API and console sign-ins, newest first', auth: 'admin', query: AuditQuery, response: AuditResponse },
  { method: 'get', path: '/v1/admin/applications', summary: 'Credit applications as kiosks reported them, newest first (no identity)', auth: 'admin', query: ApplicationsQuery, response: ApplicationsResponse },
  { method: 'get', path: '/v1/admin/escalations', summary: 'Referrals store staff sent to the credit team, not decided yet', auth: 'admin', query: EscalationsQuery, response: EscalationsResponse },
  { method: 'get', path: '/v1/admin/applications/undecided', summary: "Pending applications whose input reached HQ and that HQ's model did not decide", auth: 'admin', query: EscalationsQuery, response: UndecidedResponse },
  { method: 'get', path: '/v1/admin/escalations/{kioskId}/{applicationId}', summary: "One open escalation with the model's decision, input and trace", auth: 'admin', params: EscalationParams, response: EscalationDetailResponse },
  { method: 'post', path: '/v1/admin/escalations/decide', summary: 'The credit team decides an escalated referral; the kiosk is told', auth: 'admin', body: EscalationDecisionRequest, response: EscalationDecisionResponse },
  { method: 'put', path: '/v1/admin/stores/{id}', summary: "A store's region (for the regional figures)", auth: 'admin', params: StoreParams, body: StoreUpdateRequest, response: StoreUpdateResponse },
  { method: 'get', path: '/v1/admin/figures', summary: 'Store figures for the chain, a region or a store, from the rollups, with activity', auth: 'admin', query: FiguresQuery, response: FiguresResponse },
  { method: 'get', path: '/v1/admin/figures/stores', summary: "Each store's A/B/C grade by the published rules (default: the last 90 days)", auth: 'admin', query: StoreGradesQuery, response: StoreGradesResponse },
  { method: 'get', path: '/v1/admin/figures/reps', summary: "Each sales representative's applications and declines, day by day, with what stands out", auth: 'admin', query: RepPatternsQuery, response: RepPatternsResponse },
  { method: 'get', path: '/v1/admin/figures/regions', summary: "Every region's figures side by side: penetration, approval and decline rates, activity", auth: 'admin', query: RegionFiguresQuery, response: RegionFiguresResponse },
  { method: 'get', path: '/v1/admin/reconciliation', summary: "A store day's reconciliation per store and lender (CSV)", auth: 'admin', query: ReconciliationQuery, response: z.string() },
  { method: 'get', path: '/v1/admin/refunds', summary: 'Refunds to lenders for cancelled agreements', auth: 'admin', query: RefundsQuery, response: RefundsResponse },
  { method: 'post', path: '/v1/admin/refunds/send', summary: "A lender's refund file for a day (CSV); the refunds in it are sent", auth: 'admin', body: SendRefundsRequest, response: SendRefundsResponse },
  { method: 'post', path: '/v1/admin/refunds/settle', summary: 'The lender confirmed a refund', auth: 'admin', body: SettleRefundRequest, response: SettleRefundResponse },
  { method: 'get', path: '/v1/admin/staff-audit', summary: "Each kiosk's staff audit chain checked: entries and where it breaks", auth: 'admin', query: StaffAuditQuery, response: StaffAuditResponse },
  { method: 'get', path: '/v1/admin/refusals', summary: 'Publications kiosks refused', auth: 'admin', query: RefusalsQuery, response: RefusalsResponse },
  // Remote commands (issue 12 item 4; hq/server/command-routes.ts).
  { method: 'post', path: '/v1/fleet/logs', summary: 'A kiosk sends the redacted logs a collect_logs command asked for', auth: 'kiosk', body: FleetLogsRequest, response: FleetLogsResponse },
  // Champion and challenger decision models (issue 14 item 7; hq/server/model-routes.ts).
  { method: 'get', path: '/v1/admin/models', summary: "Each scope's decision models (champion, challenger and its share), and every challenger with shadow decisions", auth: 'admin', response: ModelsResponse },
  { method: 'get', path: '/v1/admin/models/comparison', summary: 'Champion beside challenger on the applications the challenger saw: overall, by store, by amount band', auth: 'admin', query: ComparisonQuery, response: ComparisonResponse },
  { method: 'post', path: '/v1/admin/models/challenger', summary: "Publish a challenger model beside the scope's champion, evaluated in shadow on a share of applications", auth: 'admin', body: ChallengerRequest, response: ModelPublished },
  { method: 'post', path: '/v1/admin/models/promote', summary: "Publish the scope's challenger as its champion", auth: 'admin', body: ScopeRequest, response: ModelPublished },
  { method: 'post', path: '/v1/admin/models/withdraw', summary: "Stop the scope's challenger; the champion goes on alone", auth: 'admin', body: ScopeRequest, response: ModelPublished },
  { method: 'post', path: '/v1/admin/kiosks/{id}/commands', summary: 'Issue a signed remote command to a kiosk (it pulls it, runs it when nobody is mid-visit, reports)', auth: 'admin', params: KioskParams, body: IssueCommandRequest, response: IssueCommandResponse },
  { method: 'post', path: '/v1/admin/stores/{id}/commands', summary: 'Issue the same remote command to every kiosk of a store (each signed for its kiosk)', auth: 'admin', params: StoreParams, body: IssueCommandRequest, response: IssueStoreCommandResponse },
  { method: 'get', path: '/v1/admin/kiosks/{id}/commands', summary: "A kiosk's remote commands, newest first, with state (pending, delivered, done, failed, refused, expired)", auth: 'admin', params: KioskParams, query: CommandsQuery, response: CommandsResponse },
  { method: 'get', path: '/v1/admin/kiosks/{id}/commands/{commandId}', summary: 'One remote command with its audit: who issued it, and each step the kiosk reported', auth: 'admin', params: CommandParams, response: CommandHistoryResponse },
  { method: 'get', path: '/v1/admin/kiosks/{id}/commands/{commandId}/logs', summary: 'The redacted logs a collect_logs command brought (text)', auth: 'admin', params: CommandParams, response: z.string() },
];

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });

function parameters(where: 'path' | 'query', s: z.ZodObject | undefined) {
  if (!s) return [];
  return Object.entries(s.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: schema(field as z.ZodType, 'input'),
  }));
}

/** The OpenAPI 3.1 document, generated from the zod schemas (JSON Schema 2020-12, which 3.1 uses). */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of ROUTES) {
    const security = r.auth === 'none' ? [] : [{ [r.auth === 'kiosk' ? 'kioskToken' : 'adminToken']: [] }];
    const errorResponse = { description: 'an error', content: { 'application/json': { schema: schema(HqError, 'output') } } };
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      security,
      parameters: [...parameters('path', r.params), ...parameters('query', r.query)],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } } : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } },
        '4XX': errorResponse,
        '5XX': errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kiosk HQ', version: '1', description: 'Headquarters of the appliance kiosk fleet: enrolment, sync up and down, publishing (DESIGN.md §7).' },
    paths,
    components: {
      securitySchemes: {
        kioskToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'EdDSA token signed by the kiosk, bound to method, route and body hash, used once' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'HQ_ADMIN_TOKEN' },
      },
    },
  };
}
