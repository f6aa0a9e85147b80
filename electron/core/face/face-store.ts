import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESCRIPTOR_LENGTH } from '../../domain/face-match.ts';
import type { Db } from '../db/database.ts';
import { IDENTITY_DIR, writeSecret, type KeyVault } from '../sync/identity.ts';

const FACE_KEY_FILE = 'face-key.sealed';

/**
 * The kiosk's face key: 32 random bytes made on first use, sealed by the shell's vault (Electron's
 * safeStorage; the web host's 0600 file) beside the kiosk's other keys. It never leaves the kiosk:
 * a copied database alone decrypts nothing.
 */
export function faceKey(dataDir: string, vault: KeyVault): Buffer {
  const dir = join(dataDir, IDENTITY_DIR);
  const file = join(dir, FACE_KEY_FILE);
  if (existsSync(file)) {
    const key = vault.open(readFileSync(file));
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
    return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeSecret(file, vault.seal(key));
  return key;
}

export interface NewMember {
  id: string;
  displayName: string;
  mobileHmac: string;
  mobileMasked: string;
  consentVersion: string;
  consentLocale: string;
  at: number;
}

export interface MemberLists {
  favourites: string[];
  cart: Array<{ productId: string; quantity: number }>;
}

export interface Template {
  memberId: string;
  descriptor: Float32Array;
}

/**
 * Members and their face templates (migration 14). A descriptor is stored only as AES-256-GCM
 * ciphertext with a fresh nonce, its additional data the template's and member's ids, so a row
 * copied onto another member does not decrypt. Plain descriptors live only in memory.
 */
export class FaceStore {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {
    this.q = {
      memberByMobile: db.prepare('SELECT id FROM members WHERE mobile_hmac = ?').pluck(),
      member: db.prepare('SELECT id, display_name AS displayName, mobile_masked AS mobileMasked FROM members WHERE id = ?'),
      memberCard: db.prepare(
        `SELECT id AS memberId, display_name AS displayName, mobile_masked AS mobileMasked, consented_at AS enrolledAt, last_seen_at AS lastSeenAt,
                (SELECT count(*) FROM face_templates t WHERE t.member_id = members.id) AS templates
           FROM members WHERE mobile_hmac = ?`,
      ),
      insertMember: db.prepare(
        `INSERT INTO members (id, display_name, mobile_hmac, mobile_masked, consent_version, consent_locale, consented_at, last_seen_at)
         VALUES (@id, @displayName, @mobileHmac, @mobileMasked, @consentVersion, @consentLocale, @at, @at)`,
      ),
      insertTemplate: db.prepare('INSERT INTO face_templates (id, member_id, nonce, tag, ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      templates: db.prepare('SELECT id, member_id AS memberId, nonce, tag, ciphertext FROM face_templates ORDER BY member_id, id'),
      templateCount: db.prepare('SELECT count(*) FROM face_templates WHERE member_id = ?').pluck(),
      deleteMember: db.prepare('DELETE FROM members WHERE id = ?'),
      unseen: db.prepare('SELECT id FROM members WHERE last_seen_at < ?').pluck(),
      seen: db.prepare('UPDATE members SET last_seen_at = ? WHERE id = ?'),
      insertDeletion: db.prepare('INSERT INTO face_deletions (reference, reason, templates, deleted_at) VALUES (?, ?, ?, ?)'),
      bindVisit: db.prepare('INSERT INTO member_visits (session_id, member_id, recognised_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET member_id = excluded.member_id, recognised_at = excluded.recognised_at'),
      unbindVisit: db.prepare('DELETE FROM member_visits WHERE session_id = ?'),
      visitMember: db.prepare('SELECT member_id FROM member_visits WHERE session_id = ?').pluck(),
      lists: db.prepare('SELECT favourites, cart FROM member_lists WHERE member_id = ?'),
      keepLists: db.prepare(
        `INSERT INTO member_lists (member_id, favourites, cart, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET favourites = excluded.favourites, cart = excluded.cart, updated_at = excluded.updated_at`,
      ),
      insertApplicationFace: db.prepare(
        'INSERT INTO application_faces (application_id, id_hmac, consent_version, nonce, tag, ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      applicationFaces: db.prepare('SELECT application_id AS id, id_hmac AS idHmac, nonce, tag, ciphertext FROM application_faces'),
      purgeApplicationFaces: db.prepare('DELETE FROM application_faces WHERE created_at < ?'),
      // The newest approval made in one of the member's visits, while still valid.
      latestApproval: db.prepare(
        `SELECT json_extract(a.approved, '$.amountFinancedFen') AS amountFen, a.created_at AS at
           FROM member_visits v JOIN credit_applications a ON a.session_id = v.session_id
          WHERE v.member_id = ? AND a.created_at >= ? AND a.approved IS NOT NULL AND a.status IN ('approved', 'signed', 'ordered')
          ORDER BY a.created_at DESC LIMIT 1`,
      ),
    };
  }

  /**
   * A member's mobile as the kiosk keeps it: HMAC under the face key (members are this kiosk's, so
   * its own key, which enrolment with HQ does not change), for finding them by number.
   */
  mobileHmac(normalised: string): string {
    return createHmac('sha256', this.key).update(`member-mobile:${normalised}`).digest('hex');
  }

  memberByMobile(mobileHmac: string): string | undefined {
    return this.q.memberByMobile.get(mobileHmac) as string | undefined;
  }

  /** What staff see of a member found by their mobile's HMAC. */
  memberCard(mobileHmac: string): { memberId: string; displayName: string; mobileMasked: string; enrolledAt: number; lastSeenAt: number; templates: number } | undefined {
    return this.q.memberCard.get(mobileHmac) as ReturnType<FaceStore['memberCard']>;
  }

  member(id: string): { id: string; displayName: string; mobileMasked: string } | undefined {
    return this.q.member.get(id) as { id: string; displayName: string; mobileMasked: string } | undefined;
  }

  /** A member and their templates, in one transaction. */
  insertMember(member: NewMember, descriptors: ReadonlyArray<ArrayLike<number>>, templateId: () => string): void {
    this.db.transaction(() => {
      this.q.insertMember.run(member);
      for (const descriptor of descriptors) {
        const id = templateId();
        const { nonce, tag, ciphertext } = this.seal(id, member.id, descriptor);
        this.q.insertTemplate.run(id, member.id, nonce, tag, ciphertext, member.at);
      }
    })();
  }

  /** Every template, decrypted (for the matcher's index, in memory). */
  templates(): Template[] {
    return (this.q.templates.all() as Array<{ id: string; memberId: string; nonce: Buffer; tag: Buffer; ciphertext: Buffer }>).map((r) => ({
      memberId: r.memberId,
      descriptor: this.open(r.id, r.memberId, r),
    }));
  }

  seen(memberId: string, at: number): void {
    this.q.seen.run(at, memberId);
  }

  /** Deletes a member with their templates; the receipt's row says when and how many, nothing of them. */
  deleteMember(memberId: string, reference: string, reason: 'member_request' | 'retention', at: number): number {
    return this.db.transaction(() => {
      const templates = this.q.templateCount.get(memberId) as number;
      this.q.deleteMember.run(memberId);
      this.q.insertDeletion.run(reference, reason, templates, at);
      return templates;
    })();
  }

  /** The visit is this member's (recognised), until "not me". */
  bindVisit(sessionId: string, memberId: string, at: number): void {
    this.q.bindVisit.run(sessionId, memberId, at);
  }

  unbindVisit(sessionId: string): void {
    this.q.unbindVisit.run(sessionId);
  }

  visitMember(sessionId: string): string | undefined {
    return this.q.visitMember.get(sessionId) as string | undefined;
  }

  lists(memberId: string): MemberLists {
    const row = this.q.lists.get(memberId) as { favourites: string; cart: string } | undefined;
    return row ? { favourites: JSON.parse(row.favourites) as string[], cart: JSON.parse(row.cart) as MemberLists['cart'] } : { favourites: [], cart: [] };
  }

  keepLists(memberId: string, lists: MemberLists, at: number): void {
    this.q.keepLists.run(memberId, JSON.stringify(lists.favourites), JSON.stringify(lists.cart), at);
  }

  latestApproval(memberId: string, since: number): { amountFen: number; at: number } | undefined {
    return this.q.latestApproval.get(memberId, since) as { amountFen: number; at: number } | undefined;
  }

  /** In the application's transaction: its face, sealed to the application and its ID HMAC. */
  keepApplicationFace(applicationId: string, idHmac: string, consentVersion: string, descriptor: ArrayLike<number>, at: number): void {
    const { nonce, tag, ciphertext } = this.seal(applicationId, idHmac, descriptor);
    this.q.insertApplicationFace.run(applicationId, idHmac, consentVersion, nonce, tag, ciphertext, at);
  }

  /** Every kept application face, decrypted, with the ID it applied under (owner). */
  applicationFaces(): Array<{ memberId: string; descriptor: Float32Array }> {
    return (this.q.applicationFaces.all() as Array<{ id: string; idHmac: string; nonce: Buffer; tag: Buffer; ciphertext: Buffer }>).map((r) => ({
      memberId: r.idHmac,
      descriptor: this.open(r.id, r.idHmac, r),
    }));
  }

  purgeApplicationFaces(before: number): number {
    return this.q.purgeApplicationFaces.run(before).changes;
  }

  unseenSince(before: number): string[] {
    return this.q.unseen.all(before) as string[];
  }

  /** Sealed to its row and owner (a member, or an application's ID HMAC): the GCM additional data. */
  private seal(templateId: string, memberId: string, descriptor: ArrayLike<number>) {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(`${templateId}/${memberId}`));
    const plain = Buffer.from(Float32Array.from(descriptor).buffer);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { nonce, tag: cipher.getAuthTag(), ciphertext };
  }

  private open(templateId: string, memberId: string, sealed: { nonce: Buffer; tag: Buffer; ciphertext: Buffer }): Float32Array {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.nonce);
    decipher.setAAD(Buffer.from(`${templateId}/${memberId}`));
    decipher.setAuthTag(sealed.tag);
    const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    // Copied out: a Buffer may sit at an offset a Float32Array cannot start at.
    return new Float32Array(Uint8Array.from(plain).buffer, 0, DESCRIPTOR_LENGTH);
  }
}
