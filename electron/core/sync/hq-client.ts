import { randomUUID } from 'node:crypto';
import type { CryptoKey } from 'jose';
import type { z } from 'zod';
import {
  CreditCheckResponse,
  EnrolResponse,
  HQ_ROUTES,
  HqError,
  MobileCodeCheckResponse,
  MobileCodeResponse,
  PullResponse,
  PushResponse,
  type CreditCheckRequest,
  type EnrolRequest,
  type HqErrorCode,
  type MobileCodeCheckRequest,
  type MobileCodeRequest,
  type PullRequest,
  type PushRequest,
} from '../../contract/sync.ts';
import { HeartbeatResponse, UpdateCheckResponse, type Heartbeat, type UpdateCheckRequest } from '../../contract/fleet.ts';
import { FleetLogsResponse, type FleetLogsRequest } from '../../contract/fleet-commands.ts';
import { signRequestToken } from '../../domain/sync-signing.ts';
import type { Logger } from '../logger.ts';
import { sha256Hex } from '../sha256.ts';

/** How long one call may take; a shopper never waits on it (DESIGN.md §10), sync retries later. */
export const HQ_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 3_000;
/** How often HQ is probed while nothing else talks to it. */
export const PROBE_EVERY_MS = 15_000;
/** HQ counts as reachable for this long after it last answered (three missed probes). */
export const REACHABLE_FOR_MS = 3 * PROBE_EVERY_MS;

/** Transport failures, answers that are not the protocol, and HQ's own error codes. */
export type HqFailureCode = 'UNREACHABLE' | 'TIMEOUT' | 'BAD_RESPONSE' | 'NOT_ENROLLED' | HqErrorCode;

export interface HqFailure {
  ok: false;
  code: HqFailureCode;
  /** For staff and logs: names the problem, never a key, token or enrolment code. */
  message: string;
  status?: number;
  /** With SEQ_GAP: the sequence number HQ wants next. */
  expectedSeq?: number;
  /** With TOO_MANY: seconds until HQ takes another code request for the number. */
  retryAfterS?: number;
  /** With CODE_WRONG: tries left for the code. */
  attemptsLeft?: number;
  /** With CLOCK_SKEW: how far the kiosk's clock is ahead of HQ's (negative: behind), when HQ said its time. */
  skewMs?: number;
}
export type HqResult<T> = { ok: true; data: T } | HqFailure;

export interface RequestSigner {
  kioskId: string;
  privateKey: CryptoKey;
}

export interface HqClientOptions {
  /** HQ's base URL now (configured, or the enrolment's); undefined = standalone. */
  baseUrl: () => string | undefined;
  /** The kiosk's identity for signing, or null before enrolment. */
  signer: () => Promise<RequestSigner | null>;
  now: () => number;
  log: Logger;
  timeoutMs?: number;
  reachableForMs?: number;
  /** Called when HQ turns reachable after it was not (sync resumes at once). */
  onReconnect?: () => void;
}

/**
 * The one place the kiosk talks HTTP to HQ (DESIGN.md §7): signed requests (a fresh token per
 * attempt, bound to the exact bytes sent), a timeout on every call, answers parsed with the
 * contract, and every failure a value with a code. It also keeps the kiosk's one notion of
 * "HQ is reachable": HQ answered (a call or the /health probe) within the last window.
 */
export class HqClient {
  private lastAnsweredAt: number | null = null;
  /** The latest call or probe failed (whatever answered before it). */
  private lastFailed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;
  private readonly reachableForMs: number;

  constructor(private readonly o: HqClientOptions) {
    this.timeoutMs = o.timeoutMs ?? HQ_TIMEOUT_MS;
    this.reachableForMs = o.reachableForMs ?? REACHABLE_FOR_MS;
  }

  get configured(): boolean {
    return this.o.baseUrl() !== undefined;
  }

  reachable(): boolean {
    const answered = this.lastAnsweredAt;
    if (answered === null || this.lastFailed) return false;
    return this.o.now() - answered <= this.reachableForMs;
  }

  enrol(baseUrl: string, request: EnrolRequest): Promise<HqResult<EnrolResponse>> {
    return this.post(baseUrl, HQ_ROUTES.enrol, request, EnrolResponse, null);
  }

  async push(request: PushRequest): Promise<HqResult<PushResponse>> {
    return this.signedPost(HQ_ROUTES.push, request, PushResponse);
  }

  async pull(request: PullRequest): Promise<HqResult<PullResponse>> {
    return this.signedPost(HQ_ROUTES.pull, request, PullResponse);
  }

  /** Cross-store checks for an application being decided; a shopper waits on this one, so its timeout is short. */
  async creditCheck(request: CreditCheckRequest, timeoutMs: number): Promise<HqResult<CreditCheckResponse>> {
    return this.signedPost(HQ_ROUTES.creditCheck, request, CreditCheckResponse, timeoutMs);
  }

  /** Texts a member's verification code (a shopper waits on it, so the timeout is the caller's). */
  async mobileCode(request: MobileCodeRequest, timeoutMs: number): Promise<HqResult<MobileCodeResponse>> {
    return this.signedPost(HQ_ROUTES.mobileCode, request, MobileCodeResponse, timeoutMs);
  }

  async mobileCodeCheck(request: MobileCodeCheckRequest, timeoutMs: number): Promise<HqResult<MobileCodeCheckResponse>> {
    return this.signedPost(HQ_ROUTES.mobileCodeCheck, request, MobileCodeCheckResponse, timeoutMs);
  }

  async heartbeat(request: Heartbeat): Promise<HqResult<HeartbeatResponse>> {
    return this.signedPost(HQ_ROUTES.heartbeat, request, HeartbeatResponse);
  }

  async updateCheck(request: UpdateCheckRequest): Promise<HqResult<UpdateCheckResponse>> {
    return this.signedPost(HQ_ROUTES.updateCheck, request, UpdateCheckResponse);
  }

  /** Sends the redacted logs a collect_logs command asked for (contract/fleet-commands.ts). */
  async fleetLogs(request: FleetLogsRequest): Promise<HqResult<FleetLogsResponse>> {
    return this.signedPost(HQ_ROUTES.fleetLogs, request, FleetLogsResponse);
  }

  /** One probe of `<hq>/health`; resolves to whether HQ is reachable now. */
  async probe(): Promise<boolean> {
    const base = this.o.baseUrl();
    if (base === undefined) return false;
    try {
      const response = await fetch(routeUrl(base, HQ_ROUTES.health), { signal: AbortSignal.timeout(Math.min(HEALTH_TIMEOUT_MS, this.timeoutMs)) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) this.answered();
      else this.failed();
    } catch {
      this.failed();
    }
    return this.reachable();
  }

  startProbing(everyMs = PROBE_EVERY_MS): void {
    if (this.timer || !this.configured) return;
    void this.probe();
    this.timer = setInterval(() => void this.probe(), everyMs);
    this.timer.unref();
  }

  stopProbing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async signedPost<S extends z.ZodType>(route: string, body: unknown, schema: S, timeoutMs = this.timeoutMs): Promise<HqResult<z.output<S>>> {
    const base = this.o.baseUrl();
    if (base === undefined) return { ok: false, code: 'NOT_ENROLLED', message: 'no HQ is configured' };
    const signer = await this.o.signer();
    if (!signer) return { ok: false, code: 'NOT_ENROLLED', message: 'the kiosk is not enrolled with HQ' };
    return this.post(base, route, body, schema, signer, timeoutMs);
  }

  private async post<S extends z.ZodType>(
    base: string,
    route: string,
    body: unknown,
    schema: S,
    signer: RequestSigner | null,
    timeoutMs = this.timeoutMs,
  ): Promise<HqResult<z.output<S>>> {
    // The token's body hash is over these exact bytes, and these bytes are what is sent.
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signer) {
      const token = await signRequestToken({ kioskId: signer.kioskId, method: 'POST', route, bodyHash: sha256Hex(text), jti: randomUUID() }, this.o.now(), signer.privateKey);
      headers.authorization = `Bearer ${token}`;
    }
    let status: number;
    let answer: string;
    try {
      const response = await fetch(routeUrl(base, route), { method: 'POST', headers, body: text, signal: AbortSignal.timeout(timeoutMs) });
      status = response.status;
      answer = await response.text();
    } catch (error) {
      this.failed();
      return transportFailure(error, route, timeoutMs);
    }
    const result = this.interpret(route, status, answer, schema);
    // HQ itself answered (a success, or one of its own refusals): it is reachable.
    if (result.ok || (result.status !== undefined && result.status < 500 && result.code !== 'BAD_RESPONSE')) this.answered();
    else this.failed();
    return result;
  }

  private interpret<S extends z.ZodType>(route: string, status: number, text: string, schema: S): HqResult<z.output<S>> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status < 200 || status >= 300) {
      const error = HqError.safeParse(json);
      if (!error.success) {
        const code: HqFailureCode = status === 502 || status === 503 || status === 504 ? 'UNAVAILABLE' : 'BAD_RESPONSE';
        return { ok: false, code, status, message: `HQ answered ${route} with HTTP ${status} and no error in the protocol's shape` };
      }
      const e = error.data.error;
      const failure: HqFailure = { ok: false, code: e.code, status, message: `HQ refused ${route}: ${e.code}: ${e.message}` };
      if (e.expectedSeq !== undefined) failure.expectedSeq = e.expectedSeq;
      if (e.retryAfterS !== undefined) failure.retryAfterS = e.retryAfterS;
      if (e.attemptsLeft !== undefined) failure.attemptsLeft = e.attemptsLeft;
      if (e.code === 'CLOCK_SKEW' && e.serverTime !== undefined) {
        failure.skewMs = this.o.now() - e.serverTime;
        failure.message = `the kiosk clock is ${describeSkew(failure.skewMs)} HQ's; set the clock (NTP) and sync resumes`;
      }
      return failure;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'not JSON';
      return { ok: false, code: 'BAD_RESPONSE', status, message: `HQ's answer to ${route} is not the protocol (${json === undefined ? 'not JSON' : where})` };
    }
    return { ok: true, data: parsed.data };
  }

  private answered(): void {
    const wasReachable = this.reachable();
    this.lastAnsweredAt = this.o.now();
    this.lastFailed = false;
    if (!wasReachable) {
      this.o.log.info('HQ reachable');
      this.o.onReconnect?.();
    }
  }

  private failed(): void {
    if (this.reachable()) this.o.log.info('HQ unreachable: offline rules apply');
    this.lastFailed = true;
  }
}

export function routeUrl(base: string, route: string): URL {
  return new URL(route, base.endsWith('/') ? base : `${base}/`);
}

/** "12 minutes ahead of" / "3 hours behind" (the kiosk's clock relative to HQ's). */
export function describeSkew(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return `${amount} ${skewMs >= 0 ? 'ahead of' : 'behind'}`;
}

function transportFailure(error: unknown, route: string, timeoutMs: number): HqFailure {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, code: 'TIMEOUT', message: `HQ did not answer ${route} within ${timeoutMs} ms` };
  // fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND, a certificate error …).
  const detail = e.cause?.code ?? e.cause?.message ?? e.message;
  return { ok: false, code: 'UNREACHABLE', message: `HQ is unreachable (${detail})` };
}
