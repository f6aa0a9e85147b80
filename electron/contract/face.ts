import { z } from 'zod';
import { Id, type ChannelDef } from './channel.ts';
import { ProductCard } from './catalog.ts';
import { MAX_CART_LINES, MAX_QUANTITY, MOBILE_MAX_LENGTH } from './limits.ts';
import { Locale } from './session.ts';

/**
 * Face recognition for members who opt in (issue 10, DESIGN.md §6). The renderer's worker turns
 * camera frames into descriptors; the core keeps members' descriptors encrypted and matches them,
 * on this kiosk only. Nobody has to use their face: a mobile number does everything a face does.
 */

/** The separate consent face enrolment needs (PIPL art. 29; China's 2025 face-recognition rules): its text and version are stored with it. */
export const FACE_CONSENT = {
  version: 'face-2026.12-1',
  text: {
    zh: '我同意本店自助终端采集并保存我的人脸特征（不保存照片），仅用于在本店识别我的会员身份并显示我的收藏、购物车和预授信额度。特征数据加密保存在本终端，不会上传或提供给他人。我可以随时在终端上删除，未删除的数据在 12 个月未使用后自动删除。不使用人脸也可以通过手机号使用全部服务。',
    en: 'I agree that this store’s kiosk may take and keep numbers describing my face (never a photo), only to recognise me as a member in this store and show my favourites, cart and pre-approved limit. They are kept encrypted on this kiosk, never uploaded or shared. I can delete them at the kiosk at any time; unused for 12 months, they are deleted. Everything also works with my mobile number instead of my face.',
  },
} as const;

/** Membership without a face (issue 10 item 3): a mobile number proved by a texted code. */
export const MEMBER_CONSENT = {
  version: 'member-2026.12-1',
  text: {
    zh: '我同意本店保存我的称呼和手机号（仅保存加密摘要和掩码，如 138****5678），用于在本店识别我的会员身份，并保存我的收藏和购物车、显示预授信额度。不采集人脸。我可以随时在终端上用手机号验证后删除，12 个月未使用自动删除。',
    en: 'I agree that this store keeps the name I give and my mobile number (only as a keyed hash and a mask such as 138****5678) to know me as a member here, keep my favourites and cart and show my pre-approved limit. No face is taken. I can delete it at the kiosk at any time after confirming my number; unused for 12 months, it is deleted.',
  },
} as const;

/** face-api's 128 numbers for one face (each well inside ±1). */
export const FaceDescriptor = z.array(z.number().min(-1).max(1)).length(128);
export const MEMBER_NAME_MAX = 20;
/** An approval counts as the member's pre-approved limit for this long after it was made. */
export const PREAPPROVAL_VALID_DAYS = 30;
/** The most favourites a member's list keeps. */
export const MEMBER_FAVOURITES_MAX = 50;

/** What a recognised member is greeted with: their lists from their last visits, and what they were approved for lately. */
export const MemberGreeting = z.object({
  status: z.literal('member'),
  memberId: z.string(),
  displayName: z.string(),
  mobileMasked: z.string(),
  favourites: z.array(ProductCard),
  lastCart: z.array(z.object({ product: ProductCard, quantity: z.number().int().positive() })),
  preapproved: z.object({ amountFen: z.number().int().positive(), validUntil: z.number().int() }).nullable(),
});
export type MemberGreeting = z.infer<typeof MemberGreeting>;

/**
 * The face check during a credit application (issue 10 items 5 and 6), a consent of its own: the
 * shopper may say no and apply as before. Its descriptor is kept, encrypted and bound to the
 * application's resident ID HMAC, for the one-face-several-IDs check, then deleted.
 */
export const FACE_CHECK_CONSENT = {
  version: 'face-check-2026.12-1',
  title: { zh: '人脸核验（可选）', en: 'Face check (optional)' },
  text: {
    zh: '本人同意在本次申请时用摄像头确认是本人在场（按提示眨眼、左右转头），并将人脸特征数值（不是照片）加密保存在本店终端 180 天，仅用于防止他人用不同身份证冒名申请。不同意也可以申请，由店员协助核实。',
    en: 'I agree that the kiosk’s camera checks that I am here in person while I apply (blink, turn left and right as asked), and that numbers describing my face (never a photo) are kept encrypted on this store’s kiosk for 180 days, only to stop anyone applying under several ID numbers. I can apply without this; staff then help check.',
  },
} as const;
/** How long an application's face descriptor is kept for the several-IDs check. */
export const APPLICATION_FACE_RETENTION_DAYS = 180;

export const LivenessChallenge = z.enum(['blink', 'turn_left', 'turn_right']);
const Landmark = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
/** At most this many frames go with an attempt: three steps of 5 s at 20 frames a second. */
export const LIVENESS_MAX_FRAMES = 300;

export const ApplicationFace = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('attempt'),
      consentVersion: z.string().max(64),
      /** From faceChallenge: the order the core drew; used once. */
      challengeId: Id,
      startedAt: z.number().int(),
      /** Each frame's 68 landmarks (null: no single face in it), judged again by the core. */
      frames: z.array(z.object({ at: z.number().int(), landmarks: z.array(Landmark).length(68).nullable() }).strict()).max(LIVENESS_MAX_FRAMES),
      /** The face during the check, for the several-IDs check; null when none was seen well enough. */
      descriptor: FaceDescriptor.nullable(),
    })
    .strict(),
  z.object({ kind: z.literal('skipped'), consentVersion: z.string().max(64), reason: z.enum(['camera_unavailable', 'shopper_skipped']) }).strict(),
]);
export type ApplicationFace = z.infer<typeof ApplicationFace>;

const ForgetReceipt = z.object({ reference: z.string(), templates: z.number().int(), at: z.number().int() });

/** What a member proving their mobile number wants done once it is proved. */
export const MemberAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signIn') }).strict(),
  z.object({ kind: z.literal('join'), consentVersion: z.string().max(64), locale: Locale, displayName: z.string().trim().min(1).max(MEMBER_NAME_MAX) }).strict(),
  z.object({ kind: z.literal('forget') }).strict(),
]);
export type MemberAction = z.infer<typeof MemberAction>;

export const faceChannels = {
  /** A liveness challenge for an application: the order of the steps, drawn by the core, used once. */
  faceChallenge: {
    access: 'shopper',
    request: z.object({ sessionId: Id }).strict(),
    response: z.object({ challengeId: z.string(), order: z.array(LivenessChallenge).length(3), stepMs: z.number().int() }),
  },
  /** A shopper who consented becomes a member: a display name, a mobile number (kept masked and hashed) and 3–5 views of their face. */
  faceEnrol: {
    access: 'shopper',
    request: z
      .object({
        sessionId: Id,
        /** The consent's text version and the language it was shown in. */
        consentVersion: z.string(),
        locale: Locale,
        displayName: z.string().trim().min(1).max(MEMBER_NAME_MAX),
        mobile: z.string().trim().max(MOBILE_MAX_LENGTH),
        descriptors: z.array(FaceDescriptor).min(3).max(5),
      })
      .strict(),
    response: z.object({ memberId: z.string(), templates: z.number().int() }),
  },
  /** Who is in front of the camera, if it is a member (matched on this kiosk, nothing leaves it). */
  faceRecognise: {
    access: 'shopper',
    request: z.object({ sessionId: Id, descriptor: FaceDescriptor }).strict(),
    response: z.discriminatedUnion('status', [MemberGreeting, z.object({ status: z.literal('unknown') })]),
  },
  /** "Not me": the visit is no longer the member's; nothing of it is kept for them. */
  faceNotMe: {
    access: 'shopper',
    request: z.object({ sessionId: Id }).strict(),
    response: z.object({}),
  },
  /** A recognised member's favourites and cart, kept for their next visit (the visit must be theirs). */
  memberLists: {
    access: 'shopper',
    request: z
      .object({
        sessionId: Id,
        favourites: z.array(Id).max(MEMBER_FAVOURITES_MAX),
        /** Absent: the member's last cart stays as it was (this visit's cart is empty). */
        cart: z.array(z.object({ productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) }).strict()).max(MAX_CART_LINES).optional(),
      })
      .strict(),
    response: z.object({ kept: z.boolean() }),
  },
  /**
   * Staff find a member by mobile number: the way to a member's data for someone whose face the
   * kiosk does not recognise (or who will not use it). Staff check the person before acting.
   */
  staffFindMember: {
    access: 'staff',
    request: z.object({ mobile: z.string().trim().max(MOBILE_MAX_LENGTH) }).strict(),
    response: z.object({
      member: z.object({ memberId: z.string(), displayName: z.string(), mobileMasked: z.string(), enrolledAt: z.number().int(), lastSeenAt: z.number().int(), templates: z.number().int() }).nullable(),
    }),
  },
  /** Staff delete a member's face data at their request (after checking who they are); audited. */
  staffForgetMember: {
    access: 'staff',
    request: z.object({ memberId: z.string().min(1).max(64) }).strict(),
    response: z.object({ reference: z.string(), templates: z.number().int(), at: z.number().int() }),
  },
  /** A member deletes their face data, proving it is them with their face; the receipt is what the screen shows. */
  faceForget: {
    access: 'shopper',
    request: z.object({ sessionId: Id, descriptor: FaceDescriptor }).strict(),
    response: z.discriminatedUnion('status', [z.object({ status: z.literal('forgotten'), receipt: ForgetReceipt }), z.object({ status: z.literal('unknown') })]),
  },
  /** Texts a verification code to the shopper's mobile through HQ (only HQ can text); VERIFY_UNAVAILABLE when it cannot. */
  memberCodeSend: {
    access: 'shopper',
    request: z.object({ sessionId: Id, mobile: z.string().trim().max(MOBILE_MAX_LENGTH) }).strict(),
    response: z.object({ challengeId: z.string(), resendInS: z.number().int().nonnegative(), expiresInS: z.number().int().positive() }),
  },
  /**
   * The texted code, and what to do once the number is proved: greet the member it belongs to,
   * make it a member (a member already is simply greeted), or delete the member's data.
   */
  memberCodeVerify: {
    access: 'shopper',
    request: z.object({ sessionId: Id, challengeId: Id, code: z.string().regex(/^\d{6}$/), action: MemberAction }).strict(),
    response: z.discriminatedUnion('status', [MemberGreeting, z.object({ status: z.literal('unknown') }), z.object({ status: z.literal('forgotten'), receipt: ForgetReceipt })]),
  },
} as const satisfies Record<string, ChannelDef>;
