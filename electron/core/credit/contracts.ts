import { uuidv7 } from 'uuidv7';
import type { ChannelResponse } from '../../contract/api.ts';
import type { Locale } from '../../contract/session.ts';
import type { LocalizedText } from '../../contract/catalog.ts';
import type { CancelReason } from '../../contract/credit.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { addDays, nextBusinessDay } from '../../domain/calendar.ts';
import { storeDate } from '../../domain/promotions.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox, type Emit } from '../db/outbox.ts';
import type { CoreEvents } from '../events.ts';
import type { FinanceStore } from '../finance/finance-store.ts';
import { sha256Hex } from '../sha256.ts';
import { COOLING_OFF_DAYS, renderContract } from './contract-html.ts';
import type { ApplicationRecord, CreditStore } from './credit-store.ts';

export interface ContractDeps {
  db: Db;
  now: () => number;
  store: CreditStore;
  finance: FinanceStore;
  events: CoreEvents;
  storeName: () => LocalizedText;
}

/**
 * The credit agreement: the key terms an approved shopper reads, the signature that binds exactly
 * that text, and the cooling-off withdrawal. Each write and its outbox row commit together.
 */
export class Contracts {
  constructor(private readonly d: ContractDeps) {}

  keyTerms(applicationId: string, locale: Locale): ApiResult<ChannelResponse<'keyTerms'>> {
    const terms = this.contractFor(applicationId, locale);
    if (!terms.ok) return terms;
    return ok({ applicationId, html: terms.data.html, htmlHash: sha256Hex(terms.data.html), coolingOffDays: COOLING_OFF_DAYS });
  }

  /**
   * Signs the contract the shopper read: the hash they send must be that of the text the core
   * renders now (a catalog or finance change in between means they must read it again).
   */
  sign(applicationId: string, locale: Locale, htmlHash: string, signature: string): ApiResult<ChannelResponse<'signContract'>> {
    const { d } = this;
    const png = Buffer.from(signature.slice(signature.indexOf(',') + 1), 'base64');
    if (!isSignatureImage(png)) return fail('BAD_REQUEST', 'signature is not a PNG image of a signature pad', 'signature');
    const signed = writeWithOutbox(d.db, d.now, (emit) => {
      // Rendered inside the transaction: a double tap signs once, the second finds it signed.
      const terms = this.contractFor(applicationId, locale);
      if (!terms.ok) return terms;
      const { html } = terms.data;
      if (sha256Hex(html) !== htmlHash) return fail('CONTRACT_CHANGED', 'the contract changed since it was shown', 'htmlHash');
      const contractId = uuidv7();
      const signedAt = d.now();
      const coolingOffUntil = addDays(storeDate(signedAt), COOLING_OFF_DAYS);
      // One hash over both, so neither the text nor the signature can be swapped afterwards.
      const contractHash = sha256Hex(Buffer.concat([Buffer.from(`${htmlHash}\n`), Buffer.from(sha256Hex(png))]));
      d.store.insertContract({ id: contractId, applicationId, locale, html, htmlHash, signaturePng: png, contractHash, coolingOffUntil, signedAt });
      d.store.setStatus(applicationId, 'signed', signedAt);
      emit({ topic: 'credit.contract_signed', aggregateId: applicationId, payload: { applicationId, contractId, contractHash, coolingOffUntil, at: signedAt } });
      return ok({ contractId, signedAt, contractHash });
    });
    if (signed.ok) d.events.emit('contract.signed', { contractId: signed.data.contractId, applicationId });
    return signed;
  }

  /** A signed contract's exact HTML and signature image, for the shell's PDF copy. */
  signedContract(contractId: string): { html: string; locale: string; signaturePng: Buffer } | null {
    return this.d.store.signedContract(contractId);
  }

  /** The last store date of an application's cooling-off period; undefined when it was never signed. */
  coolingOffUntil(applicationId: string): string | undefined {
    return this.d.store.contractOf(applicationId)?.coolingOffUntil;
  }

  /**
   * Withdraws from a signed agreement within the cooling-off period, giving the finance product's
   * quota and subsidy back. Runs inside the caller's transaction (the order is cancelled with it).
   */
  cancelWithin(emit: Emit, applicationId: string, reason: CancelReason | 'not_ordered', staffId?: string): ApiResult<ApplicationRecord> {
    const { d } = this;
    const a = d.store.application(applicationId);
    if (!a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (a.status !== 'signed' && a.status !== 'ordered') return fail('APPLICATION_STATE', `application is ${a.status}`, 'applicationId');
    const at = d.now();
    const until = this.coolingOffUntil(applicationId);
    if (until === undefined || storeDate(at) > until) return fail('COOLING_OFF_OVER', `cooling-off ended ${until ?? 'never signed'}`, 'applicationId');
    d.store.setStatus(applicationId, 'cancelled', at);
    d.finance.releaseApplication(a.financeProductId, a.subsidyFen, a.storeDate);
    // Ordered goods are what the lender paid the store for: that money goes back to it, T+1.
    const refund =
      a.status === 'ordered' && a.approved && a.approved.amountFinancedFen > 0
        ? { lenderId: a.approved.offer.lenderId, amountFen: a.approved.amountFinancedFen, dueOn: nextBusinessDay(storeDate(at)) }
        : undefined;
    if (refund) d.store.insertRefund(applicationId, refund, at);
    emit({ topic: 'credit.cancelled', aggregateId: applicationId, payload: { applicationId, reason, at, ...(refund ? { refund } : {}), ...(staffId ? { staffId } : {}) } });
    return ok(a);
  }

  /** The contract text for an application the shopper may sign. */
  private contractFor(applicationId: string, locale: Locale): ApiResult<{ html: string }> {
    const a = this.d.store.application(applicationId);
    if (!a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (a.status !== 'approved' && a.status !== 'counter_offer') return fail('APPLICATION_STATE', `application is ${a.status}`, 'applicationId');
    // An approval is for today's prices and today's quota: one not signed by the end of its store day has lapsed.
    if (a.storeDate !== storeDate(this.d.now())) return fail('APPLICATION_STATE', 'the approval has lapsed', 'applicationId');
    const approved = a.approved;
    if (!approved) throw new Error(`approved application ${applicationId} has no approved plan`);
    const html = renderContract(
      {
        applicationId,
        appliedOn: a.storeDate,
        storeName: this.d.storeName(),
        borrower: { name: a.applicantName, residentIdMasked: a.residentIdMasked, mobileMasked: a.mobileMasked },
        lines: a.purchase.lines,
        discounts: a.purchase.discounts,
        totalFen: a.purchase.totalFen,
        downPaymentFen: approved.downPaymentFen,
        amountFinancedFen: approved.amountFinancedFen,
        offer: approved.offer,
      },
      locale,
    );
    return ok({ html });
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature, IHDR, one IDAT and IEND: no valid PNG is shorter. */
const SMALLEST_PNG = 67;
/** The pad is at least this big on any kiosk screen; a smaller image is not from it. */
const MIN_PAD = { width: 300, height: 120 };

/** A PNG (magic, then the IHDR chunk's width and height) the size of the signature pad. */
function isSignatureImage(png: Buffer): boolean {
  if (png.length < SMALLEST_PNG || !png.subarray(0, 8).equals(PNG_MAGIC) || png.toString('latin1', 12, 16) !== 'IHDR') return false;
  return png.readUInt32BE(16) >= MIN_PAD.width && png.readUInt32BE(20) >= MIN_PAD.height;
}
