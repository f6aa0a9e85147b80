import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SHOPPER, type Caller } from '../../contract/channel.ts';
import { STAFF_LOCKOUT, StaffId, StaffPin, type StaffSignInResponse, type StaffSummary } from '../../contract/staff.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox, type Emit } from '../db/outbox.ts';
import type { CoreEvents, CoreEventMap } from '../events.ts';
import type { StaffAudit } from './audit.ts';
import { DECOY_PIN_HASH, verifyPin } from './pin.ts';
import type { Roster } from './roster.ts';

type EndReason = CoreEventMap['staff.ended']['reason'];

interface Session {
  /** The token's text, as bytes for a constant-time comparison. */
  token: Buffer;
  staff: StaffSummary;
  lastSeenAt: number;
}

export interface StaffSessionsOptions {
  db: Db;
  now: () => number;
  roster: Roster;
  audit: StaffAudit;
  events: CoreEvents;
  /**
   * Whose staff may sign in: `{ store: null }` anyone on the roster (a kiosk not enrolled), the
   * enrolled store's staff, or nobody (null: enrolled, and HQ has not published a roster yet).
   */
  staffOf: () => { store: string | null } | null;
  autoLockMs: number;
}

/**
 * Floor staff sign-in and the one staff session a kiosk has (one screen, one person at it).
 * The transport turns the token a call carries into its caller (`callerFor`); a session locks
 * after `autoLockMs` without a staff call (the screen locks sooner, on no touch), and ends with
 * the shopper's visit. Attempts run one at a time, so parallel guesses cannot outrun the lockout.
 */
export class StaffSessions {
  private session: Session | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly q;

  constructor(private readonly o: StaffSessionsOptions) {
    this.q = {
      failures: o.db.prepare('SELECT failures, locked_until AS lockedUntil FROM staff_pin_failures WHERE staff_id = ?'),
      fail: o.db.prepare('INSERT OR REPLACE INTO staff_pin_failures (staff_id, failures, locked_until) VALUES (?, ?, ?)'),
      clear: o.db.prepare('DELETE FROM staff_pin_failures WHERE staff_id = ?'),
    };
    o.events.on('session.ended', () => this.end('visit_ended'));
  }

  signIn(staffId: string, pin: string): Promise<StaffSignInResponse> {
    const attempt = this.queue.then(() => this.attempt(staffId.trim(), pin));
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private async attempt(staffId: string, pin: string): Promise<StaffSignInResponse> {
    const { now, roster, audit, db } = this.o;
    // A number that cannot be one is refused like a wrong PIN, and not remembered.
    if (!StaffId.safeParse(staffId).success) return { status: 'refused', problem: 'NOT_RECOGNISED', lockedUntil: null };
    const prior = this.failures(staffId);
    if (prior.lockedUntil !== null) return { status: 'refused', problem: 'LOCKED', lockedUntil: prior.lockedUntil };

    const of = this.o.staffOf();
    const member = of === null ? undefined : roster.get(staffId, of.store);
    const usable = member?.active === true && StaffPin.safeParse(pin).success;
    // The decoy keeps an unknown number as slow as a known one.
    const matches = (await verifyPin(pin, usable ? member.pinHash : DECOY_PIN_HASH)) && usable;

    const at = now();
    let replaced = false;
    const answer = writeWithOutbox(db, now, (emit): StaffSignInResponse => {
      if (!matches) {
        const failures = this.failures(staffId).failures + 1;
        const lockedUntil = failures >= STAFF_LOCKOUT.attempts ? at + STAFF_LOCKOUT.minutes * 60_000 : null;
        this.q.fail.run(staffId, failures, lockedUntil);
        audit.record(emit, at, staffId, lockedUntil === null ? 'sign_in_refused' : 'locked_out', { failures });
        return lockedUntil === null
          ? { status: 'refused', problem: 'NOT_RECOGNISED', lockedUntil: null }
          : { status: 'refused', problem: 'LOCKED', lockedUntil };
      }
      this.q.clear.run(staffId);
      replaced = this.endIn(emit, at, 'replaced');
      const staff: StaffSummary = { id: member!.id, name: member!.name, role: member!.role };
      const token = randomBytes(32).toString('base64url');
      this.session = { token: Buffer.from(token, 'utf8'), staff, lastSeenAt: at };
      audit.record(emit, at, staffId, 'signed_in', { role: staff.role });
      return { status: 'signed-in', token, staff, autoLockMs: this.o.autoLockMs };
    });
    // Told after the commit: the screen that showed the other staff member's session closes it.
    if (replaced) this.o.events.emit('staff.ended', { reason: 'replaced' });
    return answer;
  }

  /** Wrong PINs so far and the lock in force (an expired lock starts the count again). */
  private failures(staffId: string): { failures: number; lockedUntil: number | null } {
    const row = this.q.failures.get(staffId) as { failures: number; lockedUntil: number | null } | undefined;
    if (!row) return { failures: 0, lockedUntil: null };
    if (row.lockedUntil !== null && row.lockedUntil <= this.o.now()) return { failures: 0, lockedUntil: null };
    return row;
  }

  /** Who a call is from: the signed-in staff member when it carries the live session's token, else the shopper. */
  callerFor(token: string | undefined): Caller {
    const session = this.session;
    if (!session || token === undefined) return SHOPPER;
    // Compared as the text it was handed out as: base64url decoding forgives a changed last character.
    const given = Buffer.from(token, 'utf8');
    if (given.length !== session.token.length || !timingSafeEqual(given, session.token)) return SHOPPER;
    const at = this.o.now();
    if (at - session.lastSeenAt > this.o.autoLockMs) {
      this.end('auto_locked');
      return SHOPPER;
    }
    session.lastSeenAt = at;
    return { role: 'staff', staffId: session.staff.id };
  }

  current(): StaffSummary | undefined {
    return this.session?.staff;
  }

  /** Records what a staff member did (a staff channel's handler calls it with its own write). */
  record(staffId: string, action: 'sync_now', detail: Record<string, string | number | boolean | null> = {}): void {
    writeWithOutbox(this.o.db, this.o.now, (emit) => this.o.audit.record(emit, this.o.now(), staffId, action, detail));
  }

  /** Ends the staff session, if one is open; false when none was. */
  end(reason: EndReason): boolean {
    const ended = writeWithOutbox(this.o.db, this.o.now, (emit) => this.endIn(emit, this.o.now(), reason));
    if (ended) this.o.events.emit('staff.ended', { reason });
    return ended;
  }

  private endIn(emit: Emit, at: number, reason: EndReason): boolean {
    const session = this.session;
    if (!session) return false;
    this.session = undefined;
    this.o.audit.record(emit, at, session.staff.id, reason);
    return true;
  }
}
