import { z } from 'zod';
import { Empty, type ChannelDef } from './channel.ts';
import { EpochMs, StoreId } from './sync.ts';

/**
 * Floor staff (DESIGN.md §1, issue 11): the store's roster as HQ publishes it, sign-in with a
 * staff number and PIN on the kiosk's keypad, and the session that gives the staff screens.
 */

export const StaffRole = z.enum(['associate', 'supervisor', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;

/** An employee number: digits only, so the kiosk's keypad is all it takes. */
export const StaffId = z.string().regex(/^\d{4,10}$/, 'a staff number of 4 to 10 digits');

/** 4 to 8 digits. */
export const StaffPin = z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits');

/**
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url): the roster never carries a
 * PIN, only this. The parameters travel with the hash so HQ can raise them without a kiosk release.
 */
export const PinHash = z.string().regex(/^scrypt\$(1[4-9]|20)\$([1-9]|1[0-6])\$[1-4]\$[\w-]{16,64}\$[\w-]{43,88}$/, 'a PIN hash as scrypt$N$r$p$salt$hash');

export const StaffMember = z
  .object({
    id: StaffId,
    name: z.string().trim().min(1).max(40),
    role: StaffRole,
    pinHash: PinHash,
    active: z.boolean().default(true),
    /** The largest referral a staff member may approve in the store (issue 11); absent: none. */
    approvalLimitFen: z.number().int().nonnegative().optional(),
  })
  .strict();
export type StaffMember = z.infer<typeof StaffMember>;

/** The `staff` dataset: one store's roster, published to that store only. */
export const StaffDataset = z
  .object({
    dataset: z.literal('staff').optional(),
    version: z.string().min(1).max(64),
    storeId: StoreId,
    staff: z.array(StaffMember).max(2_000),
  })
  .strict()
  .superRefine((roster, ctx) => {
    const seen = new Set<string>();
    roster.staff.forEach((member, i) => {
      if (seen.has(member.id)) ctx.addIssue({ code: 'custom', path: ['staff', i, 'id'], message: `staff number ${member.id} appears twice` });
      seen.add(member.id);
    });
  });
export type StaffDataset = z.infer<typeof StaffDataset>;

/** Wrong PINs in a row that lock a staff number, and for how long. */
export const STAFF_LOCKOUT = { attempts: 5, minutes: 15 } as const;

export const StaffSummary = z.object({ id: StaffId, name: z.string(), role: StaffRole });
export type StaffSummary = z.infer<typeof StaffSummary>;

export const StaffSignInRequest = z
  .object({
    // Checked loosely here: a mistyped number is a refusal like a wrong PIN, not a form error
    // that would tell a stranger which staff numbers exist.
    staffId: z.string().max(16),
    pin: z.string().max(16),
  })
  .strict();

export const StaffSignInResponse = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('signed-in'),
    /** Sent with every staff call; it is worth nothing once the session ends. */
    token: z.string(),
    staff: StaffSummary,
    /** Idle time after which the session locks (the screen locks too, sooner if it sees no touch). */
    autoLockMs: z.number().int().positive(),
  }),
  z.object({
    status: z.literal('refused'),
    /** NOT_RECOGNISED: the number or the PIN is wrong (never which); LOCKED: too many wrong PINs. */
    problem: z.enum(['NOT_RECOGNISED', 'LOCKED']),
    /** Until when the number is locked (LOCKED). */
    lockedUntil: EpochMs.nullable(),
  }),
]);
export type StaffSignInResponse = z.infer<typeof StaffSignInResponse>;

/** What staff did, in the audit log (append-only, hash-chained, synced to HQ). */
export const StaffAction = z.enum(['signed_in', 'sign_in_refused', 'locked_out', 'signed_out', 'auto_locked', 'visit_ended', 'replaced', 'sync_now', 'assisted_application', 'application_approved', 'application_declined', 'application_escalated', 'agreement_cancelled', 'member_face_deleted']);
export type StaffAction = z.infer<typeof StaffAction>;

export const staffChannels = {
  /** Anyone at the screen may try; five wrong PINs lock the number. */
  staffSignIn: { access: 'shopper', request: StaffSignInRequest, response: StaffSignInResponse },
  /** `auto_locked`: the screen saw no touch for the auto-lock time. */
  staffSignOut: {
    access: 'staff',
    request: z.object({ reason: z.enum(['signed_out', 'auto_locked']).default('signed_out') }).strict(),
    response: z.object({ ended: z.boolean() }),
  },
  /** Who is signed in (the staff screens' header). */
  staffWhoAmI: { access: 'staff', request: Empty, response: StaffSummary },
} as const satisfies Record<string, ChannelDef>;

/** How a transport names the staff session: an HTTP header, or the second argument over IPC. */
export const STAFF_TOKEN_HEADER = 'x-kiosk-staff';
