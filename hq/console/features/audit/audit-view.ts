/**
 * The audit page's reading of HQ's rows: each change's route in words, and its answer. Routes are
 * matched as HQ records them (the route pattern, e.g. `PUT /v1/admin/stores/:id`); a route this
 * list does not know yet is shown as it is.
 */
const CHANGES = {
  'POST /v1/admin/publications': 'publish',
  'POST /v1/admin/publications/preview': 'preview',
  'POST /v1/admin/enrolment-codes': 'enrolmentCode',
  'POST /v1/admin/kiosks/:id/revoke': 'revoke',
  'POST /v1/admin/escalations/decide': 'decideEscalation',
  'POST /v1/admin/refunds/send': 'sendRefunds',
  'POST /v1/admin/refunds/settle': 'settleRefund',
  'PUT /v1/admin/stores/:id': 'storeRegion',
  'POST /v1/admin/kiosks/:id/commands': 'kioskCommand',
  'POST /v1/admin/stores/:id/commands': 'storeCommand',
  'POST /v1/admin/releases': 'registerRelease',
  'POST /v1/admin/rollouts': 'startRollout',
  'POST /v1/admin/rollouts/:id/:action': 'rolloutAction',
  'PUT /v1/admin/stores/:id/ring': 'storeRing',
  'PUT /v1/admin/kiosks/:id/pin': 'kioskPin',
  'PUT /v1/admin/kiosks/:id/hold': 'kioskHold',
  'POST /v1/console/session': 'signIn',
  'DELETE /v1/console/session': 'signOut',
} as const;

export type ChangeKind = (typeof CHANGES)[keyof typeof CHANGES];

export function describeChange(method: string, route: string): ChangeKind | null {
  return CHANGES[`${method} ${route}` as keyof typeof CHANGES] ?? null;
}

/** `open`: HQ recorded the change and had not answered yet (or stopped while making it). */
export function statusKind(status: number): 'ok' | 'refused' | 'open' {
  if (status === 0) return 'open';
  return status >= 200 && status < 300 ? 'ok' : 'refused';
}

/** HQ's newest rows, of one actor when given (as HQ records it: `console:<username>` or `admin-api`). */
export function auditPath(actor: string): string {
  return actor === '' ? '/v1/admin/audit' : `/v1/admin/audit?${new URLSearchParams({ actor }).toString()}`;
}
