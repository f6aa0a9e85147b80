import { randomBytes, randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { ChannelRequest, ChannelResponse } from '../../contract/api.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { ProductCard } from '../../contract/catalog.ts';
import {
  APPLICATION_FACE_RETENTION_DAYS,
  FACE_CHECK_CONSENT,
  FACE_CONSENT,
  MEMBER_CONSENT,
  PREAPPROVAL_VALID_DAYS,
  type ApplicationFace,
  type MemberAction,
  type MemberGreeting,
} from '../../contract/face.ts';
import { distance, MATCH_THRESHOLD, TemplateIndex } from '../../domain/face-match.ts';
import { drawChallenges, judgeLiveness, LIVENESS, type Challenge } from '../../domain/liveness.ts';
import type { FaceFacts } from '../credit/decision-types.ts';
import { maskMobile, normaliseMobile } from '../../domain/identity.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import type { StaffAudit } from '../staff/audit.ts';
import type { Sessions } from '../session/sessions.ts';
import type { FaceStore } from './face-store.ts';

export interface FaceDeps {
  db: Db;
  now: () => number;
  log: Logger;
  store: FaceStore;
  sessions: Pick<Sessions, 'isOpen'>;
  /** Members unseen this long are deleted with their templates (the consent says 12 months). */
  retentionMs: number;
  /** Where staff deleting a member's data is recorded as their action. */
  audit: StaffAudit;
  /** Cards of the products still on sale, in the order asked (the catalog's). */
  cards: (ids: readonly string[]) => ProductCard[];
}

const DAY_MS = 86_400_000;
/** A liveness challenge is good for this long in its visit: the form may take a while after it. */
const CHALLENGE_TTL_MS = 10 * 60_000;

/** What an application's face check gave: the decision's facts, and (in the application's write) what to keep of it. */
export interface ApplicationFaceCheck {
  facts: FaceFacts;
  keep(applicationId: string, at: number): void;
}

/**
 * Members' faces (issue 10): enrolment with consent, recognition and deletion, all on this kiosk.
 * Descriptors arrive from the renderer's worker, are matched in memory against the decrypted
 * templates, and never reach the outbox or a log line: logs carry member ids and counts only.
 */
export class Faces {
  private index: TemplateIndex | undefined;
  /** Faces seen in earlier applications' checks, by resident ID HMAC (decrypted in memory only). */
  private applicants: TemplateIndex | undefined;
  private readonly challenges = new Map<string, { sessionId: string; order: Challenge[]; issuedAt: number }>();

  constructor(private readonly d: FaceDeps) {}

  enrol(req: ChannelRequest<'faceEnrol'>): ApiResult<ChannelResponse<'faceEnrol'>> {
    const { d } = this;
    if (req.consentVersion !== FACE_CONSENT.version) return fail('CONSENT_OUTDATED', 'the face consent is not the current text', 'consentVersion');
    if (!d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const mobile = normaliseMobile(req.mobile);
    if (mobile === null) return fail('MOBILE_FORMAT', 'mobile number rejected', 'mobile');
    // The views must be of one face: a second person stepping in mid-enrolment would make a
    // template that greets them as this member.
    const [first, ...rest] = req.descriptors;
    if (rest.some((other) => distance(first!, other) > MATCH_THRESHOLD)) return fail('FACE_MISMATCH', 'the views are not all of one face', 'descriptors');
    const mobileHmac = d.store.mobileHmac(mobile);
    if (d.store.memberByMobile(mobileHmac)) return fail('ALREADY_MEMBER', 'this mobile number is a member already', 'mobile');
    if (this.templates().match(first!).kind === 'member') return fail('ALREADY_MEMBER', 'this face is a member already', 'descriptors');
    const memberId = uuidv7();
    d.store.insertMember(
      { id: memberId, displayName: req.displayName, mobileHmac, mobileMasked: maskMobile(mobile), consentVersion: req.consentVersion, consentLocale: req.locale, at: d.now() },
      req.descriptors,
      uuidv7,
    );
    this.index = undefined;
    d.log.info({ memberId, templates: req.descriptors.length }, 'member enrolled a face');
    return ok({ memberId, templates: req.descriptors.length });
  }

  recognise(req: ChannelRequest<'faceRecognise'>): ApiResult<ChannelResponse<'faceRecognise'>> {
    if (!this.d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const match = this.templates().match(req.descriptor);
    return ok(match.kind === 'member' ? this.greet(req.sessionId, match.memberId) : { status: 'unknown' });
  }

  /**
   * What proving a mobile number (by a texted code, `MemberMobile`) leads to: the member it belongs
   * to greeted; a new member without a face (one already is simply greeted); or the member deleted.
   */
  byMobile(sessionId: string, mobile: string, action: MemberAction): ApiResult<ChannelResponse<'memberCodeVerify'>> {
    const { d } = this;
    if (!d.sessions.isOpen(sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const mobileHmac = d.store.mobileHmac(mobile);
    const memberId = d.store.memberByMobile(mobileHmac);
    switch (action.kind) {
      case 'signIn':
        return ok(memberId ? this.greet(sessionId, memberId) : { status: 'unknown' });
      case 'forget':
        return ok(memberId ? { status: 'forgotten', receipt: this.deleteAtRequest(memberId) } : { status: 'unknown' });
      case 'join': {
        if (memberId) return ok(this.greet(sessionId, memberId));
        if (action.consentVersion !== MEMBER_CONSENT.version) return fail('CONSENT_OUTDATED', 'the membership consent is not the current text', 'action.consentVersion');
        const id = uuidv7();
        d.store.insertMember(
          { id, displayName: action.displayName, mobileHmac, mobileMasked: maskMobile(mobile), consentVersion: action.consentVersion, consentLocale: action.locale, at: d.now() },
          [],
          uuidv7,
        );
        d.log.info({ memberId: id }, 'member joined by mobile, without a face');
        return ok(this.greet(sessionId, id));
      }
    }
  }

  /** The visit becomes the member's: what they are greeted with, from their earlier visits. */
  private greet(sessionId: string, memberId: string): MemberGreeting | { status: 'unknown' } {
    const { d } = this;
    const member = d.store.member(memberId);
    if (!member) return { status: 'unknown' };
    const at = d.now();
    d.store.seen(member.id, at);
    d.store.bindVisit(sessionId, member.id, at);
    const lists = d.store.lists(member.id);
    const inCart = new Map(lists.cart.map((line) => [line.productId, line.quantity]));
    const approval = d.store.latestApproval(member.id, at - PREAPPROVAL_VALID_DAYS * DAY_MS);
    return {
      status: 'member',
      memberId: member.id,
      displayName: member.displayName,
      mobileMasked: member.mobileMasked,
      favourites: d.cards(lists.favourites),
      lastCart: d.cards([...inCart.keys()]).map((product) => ({ product, quantity: inCart.get(product.id) ?? 1 })),
      preapproved: approval ? { amountFen: approval.amountFen, validUntil: approval.at + PREAPPROVAL_VALID_DAYS * DAY_MS } : null,
    };
  }

  /** "Not me": the visit stops being the member's, and what it does is not kept for them. */
  notMe(req: ChannelRequest<'faceNotMe'>): ApiResult<ChannelResponse<'faceNotMe'>> {
    this.d.store.unbindVisit(req.sessionId);
    return ok({});
  }

  /** Keeps a recognised member's favourites and cart for their next visit; a visit nobody was recognised in keeps nothing. */
  keepLists(req: ChannelRequest<'memberLists'>): ApiResult<ChannelResponse<'memberLists'>> {
    const { d } = this;
    if (!d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const memberId = d.store.visitMember(req.sessionId);
    if (!memberId) return ok({ kept: false });
    d.store.keepLists(memberId, { favourites: req.favourites, cart: req.cart ?? d.store.lists(memberId).cart }, d.now());
    return ok({ kept: true });
  }

  findByMobile(req: ChannelRequest<'staffFindMember'>): ApiResult<ChannelResponse<'staffFindMember'>> {
    const mobile = normaliseMobile(req.mobile);
    if (mobile === null) return fail('MOBILE_FORMAT', 'mobile number rejected', 'mobile');
    return ok({ member: this.d.store.memberCard(this.d.store.mobileHmac(mobile)) ?? null });
  }

  /** Staff delete a member's face data at the member's request, in one transaction with the audit entry. */
  staffForget(req: ChannelRequest<'staffForgetMember'>, staffId: string): ApiResult<ChannelResponse<'staffForgetMember'>> {
    const { d } = this;
    if (!d.store.member(req.memberId)) return fail('NOT_FOUND', 'no such member', 'memberId');
    const at = d.now();
    const reference = receiptReference();
    const templates = writeWithOutbox(d.db, d.now, (emit) => {
      const deleted = d.store.deleteMember(req.memberId, reference, 'member_request', at);
      d.audit.record(emit, at, staffId, 'member_face_deleted', { reference, templates: deleted });
      return deleted;
    });
    this.index = undefined;
    d.log.info({ reference, templates, staffId }, 'staff deleted a member’s face data at their request');
    return ok({ reference, templates, at });
  }

  /** The member the live face is deletes everything of theirs: the receipt names no one. */
  forget(req: ChannelRequest<'faceForget'>): ApiResult<ChannelResponse<'faceForget'>> {
    if (!this.d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const match = this.templates().match(req.descriptor);
    if (match.kind !== 'member') return ok({ status: 'unknown' });
    return ok({ status: 'forgotten', receipt: this.deleteAtRequest(match.memberId) });
  }

  private deleteAtRequest(memberId: string): { reference: string; templates: number; at: number } {
    const at = this.d.now();
    const reference = receiptReference();
    const templates = this.d.store.deleteMember(memberId, reference, 'member_request', at);
    this.index = undefined;
    this.d.log.info({ reference, templates }, 'member deleted their data');
    return { reference, templates, at };
  }

  /** The steps of an application's face check, in an order only the core knows until now. */
  challenge(req: ChannelRequest<'faceChallenge'>): ApiResult<ChannelResponse<'faceChallenge'>> {
    const { d } = this;
    if (!d.sessions.isOpen(req.sessionId)) return fail('SESSION_ENDED', 'the visit has ended', 'sessionId');
    const at = d.now();
    for (const [id, issued] of this.challenges) if (at - issued.issuedAt > CHALLENGE_TTL_MS) this.challenges.delete(id);
    const challengeId = uuidv7();
    const order = drawChallenges(() => randomInt(1_000_000) / 1_000_000);
    this.challenges.set(challengeId, { sessionId: req.sessionId, order, issuedAt: at });
    return ok({ challengeId, order, stepMs: LIVENESS.stepMs });
  }

  /**
   * Judges an application's face check from its landmarks, against the order the core drew, and
   * counts the other resident IDs the live face applied under at this store. Reads only: the face
   * is kept, and the challenge used up, by `keepApplicationFace` in the application's write.
   */
  checkApplication(sessionId: string, idHmac: string, face: ApplicationFace | undefined): ApiResult<ApplicationFaceCheck> {
    const none = (liveness: 'not_used' | 'skipped') => ok({ facts: { liveness, livenessMs: 0, otherIds: 0 }, keep: () => undefined });
    if (!face) return none('not_used');
    if (face.consentVersion !== FACE_CHECK_CONSENT.version) return fail('CONSENT_OUTDATED', 'the face check consent is not the current text', 'face.consentVersion');
    if (face.kind === 'skipped') return none('skipped');
    const issued = this.challenges.get(face.challengeId);
    const now = this.d.now();
    if (!issued || issued.sessionId !== sessionId || now - issued.issuedAt > CHALLENGE_TTL_MS) return fail('BAD_REQUEST', 'unknown, used or expired face check', 'face.challengeId');
    // Only what happened after the challenge was drawn, and nothing from the future, counts.
    const startedAt = Math.max(face.startedAt, issued.issuedAt);
    const verdict = judgeLiveness(
      issued.order,
      face.frames.filter((f) => f.at >= startedAt && f.at <= now),
      startedAt,
    );
    const { descriptor, challengeId, consentVersion } = face;
    const otherIds = descriptor ? this.applicantIndex().ownersWithin(descriptor, MATCH_THRESHOLD, idHmac).size : 0;
    return ok({
      facts: { liveness: verdict.passed ? 'passed' : 'failed', livenessMs: Math.max(0, Math.round(verdict.durationMs)), otherIds },
      // In the application's transaction: the challenge is used up, and the face kept for the several-IDs check.
      keep: (applicationId, at) => {
        this.challenges.delete(challengeId);
        if (!descriptor) return;
        this.d.store.keepApplicationFace(applicationId, idHmac, consentVersion, descriptor, at);
        this.applicants = undefined;
      },
    });
  }

  private applicantIndex(): TemplateIndex {
    return (this.applicants ??= new TemplateIndex(this.d.store.applicationFaces()));
  }

  /** The daily job: members unseen for the retention period go, with their templates; application faces past theirs go too. */
  purgeUnseen(): number {
    const { d } = this;
    const at = d.now();
    if (d.store.purgeApplicationFaces(at - APPLICATION_FACE_RETENTION_DAYS * DAY_MS) > 0) this.applicants = undefined;
    const unseen = d.store.unseenSince(at - d.retentionMs);
    for (const memberId of unseen) d.store.deleteMember(memberId, receiptReference(), 'retention', at);
    if (unseen.length > 0) {
      this.index = undefined;
      d.log.info({ members: unseen.length }, 'face data past its retention deleted');
    }
    return unseen.length;
  }

  private templates(): TemplateIndex {
    return (this.index ??= new TemplateIndex(this.d.store.templates()));
  }
}

/** Short enough to read out to staff, long enough to be unique in a store's lifetime. */
function receiptReference(): string {
  return `F-${randomBytes(5).toString('hex').toUpperCase()}`;
}
