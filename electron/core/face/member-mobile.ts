import type { ChannelRequest, ChannelResponse } from '../../contract/api.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { normaliseMobile } from '../../domain/identity.ts';
import type { Logger } from '../logger.ts';
import type { Sessions } from '../session/sessions.ts';
import type { HqClient } from '../sync/hq-client.ts';
import type { Faces } from './faces.ts';

export interface MemberMobileDeps {
  now: () => number;
  log: Logger;
  sessions: Pick<Sessions, 'isOpen'>;
  faces: Pick<Faces, 'byMobile'>;
  /** HQ's line for texted codes, or null when the kiosk has none (standalone, not enrolled, revoked). */
  hq: () => Pick<HqClient, 'mobileCode' | 'mobileCodeCheck'> | null;
  /** How long a shopper waits for HQ on one step before staff are suggested. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 6_000;
/** A code asked for in a visit can be used in it for this long (HQ's own expiry is shorter). */
const PENDING_TTL_MS = 15 * 60_000;

/**
 * Membership by mobile number (issue 10 item 3): the way for someone who will not use their face.
 * HQ texts a code to the number and checks it; this kiosk remembers which number and visit each
 * code was for (in memory: a restart forgets, and the shopper asks again), and once HQ says the
 * code is right, Faces greets, enrols or deletes the member. The number never reaches a log.
 */
export class MemberMobile {
  private readonly pending = new Map<string, { sessionId: string; mobile: string; at: number }>();
  private readonly timeoutMs: number;

  constructor(private readonly d: MemberMobileDeps) {
    this.timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async send(req: ChannelRequest<'memberCodeSend'>): Promise<ApiResult<ChannelResponse<'memberCodeSend'>>> {
    const { d } = this;
    if (!d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const mobile = normaliseMobile(req.mobile);
    if (mobile === null) return fail('MOBILE_FORMAT', 'mobile number rejected', 'mobile');
    const hq = d.hq();
    if (!hq) return fail('VERIFY_UNAVAILABLE', 'this kiosk has no HQ to text a code through');
    const answer = await hq.mobileCode({ mobile }, this.timeoutMs);
    if (!answer.ok) {
      if (answer.code === 'TOO_MANY') return fail('TOO_MANY_CODES', `HQ takes no new code for this number for ${answer.retryAfterS ?? '?'} s`, 'mobile');
      d.log.warn({ code: answer.code }, 'a member code could not be sent');
      return fail('VERIFY_UNAVAILABLE', answer.message);
    }
    const at = d.now();
    for (const [id, p] of this.pending) if (at - p.at > PENDING_TTL_MS) this.pending.delete(id);
    const { challengeId, expiresAt, resendAt, serverTime } = answer.data;
    this.pending.set(challengeId, { sessionId: req.sessionId, mobile, at });
    // HQ's times, as spans: the kiosk's clock may be off HQ's.
    return ok({ challengeId, resendInS: Math.max(0, Math.ceil((resendAt - serverTime) / 1000)), expiresInS: Math.max(1, Math.floor((expiresAt - serverTime) / 1000)) });
  }

  async verify(req: ChannelRequest<'memberCodeVerify'>): Promise<ApiResult<ChannelResponse<'memberCodeVerify'>>> {
    const { d } = this;
    if (!d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const pending = this.pending.get(req.challengeId);
    // A code asked for in another visit proves nothing for this one.
    if (!pending || pending.sessionId !== req.sessionId || d.now() - pending.at > PENDING_TTL_MS) return fail('CODE_EXPIRED', 'no code was asked for in this visit under this id', 'code');
    const hq = d.hq();
    if (!hq) return fail('VERIFY_UNAVAILABLE', 'this kiosk has no HQ to check the code with');
    const answer = await hq.mobileCodeCheck({ challengeId: req.challengeId, code: req.code }, this.timeoutMs);
    if (!answer.ok) {
      if (answer.code === 'CODE_WRONG') return fail('CODE_WRONG', `not the code that was sent (${answer.attemptsLeft ?? 0} tries left)`, 'code');
      if (answer.code === 'CODE_EXPIRED') {
        this.pending.delete(req.challengeId);
        return fail('CODE_EXPIRED', 'the code is used, out of tries or past its time', 'code');
      }
      d.log.warn({ code: answer.code }, 'a member code could not be checked');
      return fail('VERIFY_UNAVAILABLE', answer.message);
    }
    this.pending.delete(req.challengeId);
    return d.faces.byMobile(req.sessionId, pending.mobile, req.action);
  }
}
