import type { CryptoKey } from 'jose';
import type { outboxTopics } from '../../contract/outbox.ts';
import type { Publication, PullResponse, SyncDatasetName } from '../../contract/sync.ts';
import { importEd25519PublicKey, verifyPublication } from '../../domain/sync-signing.ts';
import type { Db } from '../db/database.ts';
import type { DatasetName, DatasetRegistry } from '../db/datasets.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import { sha256Hex } from '../sha256.ts';
import type { HqClient, HqFailure } from './hq-client.ts';
import type { SyncStore } from './sync-store.ts';

export type RefusalReason = (typeof outboxTopics)['sync.publication_refused']['shape']['reason']['options'][number];

export interface PullSummary {
  applied: number;
  /** Publications whose content the kiosk had already (a new version, the same bytes): cursor moved, nothing rewritten. */
  unchanged: number;
  refused: number;
  /** Datasets this kiosk has no handler for (an HQ newer than the app): left for a later version, cursor not moved. */
  skipped: number;
  confirmed: number;
  messages: number;
}

export interface PullerDeps {
  db: Db;
  store: SyncStore;
  datasets: DatasetRegistry;
  client: HqClient;
  now: () => number;
  log: Logger;
  /** HQ's messages were stored: the features they are for consume them (SyncService.consumeMessages). */
  onMessages?: () => void;
}

/**
 * Brings HQ's publications down (DESIGN.md §7). Each is verified with HQ's key pinned at enrolment
 * and the SHA-256 of its body, checked to be for this kiosk's store and newer than what the kiosk
 * holds, then applied through the dataset registry with its cursor saved in the same transaction.
 * Anything refused is listed for staff and reported to HQ once (`sync.publication_refused`); what
 * the kiosk had stays in use.
 */
export class Puller {
  constructor(private readonly d: PullerDeps) {}

  async pull(): Promise<{ ok: true; summary: PullSummary } | { ok: false; failure: HqFailure }> {
    const cursors: Partial<Record<SyncDatasetName, number>> = {};
    for (const c of this.d.store.cursors()) cursors[c.dataset as SyncDatasetName] = c.version;
    const answer = await this.d.client.pull({ cursors, messageCursor: this.d.store.state().messageCursor });
    if (!answer.ok) return { ok: false, failure: answer };
    return { ok: true, summary: await this.handle(answer.data) };
  }

  /** Applies one pull response (everything after the HTTP round trip). */
  async handle(response: PullResponse): Promise<PullSummary> {
    const { store, log } = this.d;
    const enrolment = store.enrolment();
    if (!enrolment) throw new Error('pull answered for a kiosk that is not enrolled');
    const hqKey = await importEd25519PublicKey(enrolment.hqPublicKey);
    const summary: PullSummary = { applied: 0, unchanged: 0, refused: 0, skipped: 0, confirmed: 0, messages: 0 };

    for (const publication of response.publications) {
      const outcome = await this.publication(publication, hqKey, enrolment.storeId);
      summary[outcome]++;
    }
    const at = this.d.now();
    for (const [dataset, version] of Object.entries(response.current)) {
      if (version !== undefined && store.confirm(dataset, version, at)) summary.confirmed++;
    }
    store.saveMessages(response.messages, at);
    summary.messages = response.messages.length;
    if (summary.messages > 0) this.d.onMessages?.();
    store.markPulled(at);
    if (summary.applied + summary.refused > 0) log.info({ ...summary }, 'pulled from HQ');
    return summary;
  }

  private async publication(p: Publication, hqKey: CryptoKey, storeId: string): Promise<keyof Omit<PullSummary, 'confirmed' | 'messages'>> {
    const { store, datasets, log } = this.d;
    const name = p.dataset as DatasetName;
    if (!datasets.has(name)) {
      log.debug({ dataset: p.dataset, version: p.version }, 'publication of a dataset this kiosk does not handle yet; skipped');
      return 'skipped';
    }
    const bodyHash = sha256Hex(p.body);
    const check = await verifyPublication(p, hqKey, bodyHash);
    if (!check.ok) return this.refuse(p, check.reason);
    if (p.scope !== 'all' && p.scope !== storeId) return this.refuse(p, 'WRONG_SCOPE');
    const cursor = store.cursor(p.dataset);
    if (cursor && p.version <= cursor.version) {
      // HQ sending again the very version the kiosk holds is a confirmation, not a replay.
      if (p.version === cursor.version && bodyHash === cursor.contentHash) {
        store.confirm(p.dataset, p.version, this.d.now());
        return 'unchanged';
      }
      return this.refuse(p, 'NOT_NEWER');
    }
    const result = datasets.apply(name, p.body, {
      // Prices and promotions dated for later are kept and switch at this moment (core/catalog/schedule.ts).
      effectiveAt: p.effectiveAt,
      inTransaction: ({ at }) =>
        store.saveCursor({ dataset: p.dataset, version: p.version, contentHash: bodyHash, publishedAt: p.publishedAt, effectiveAt: p.effectiveAt, appliedAt: at, confirmedAt: at }),
    });
    if (!result.ok) {
      log.warn({ dataset: p.dataset, version: p.version, problem: result.message }, 'publication body refused');
      return this.refuse(p, 'BODY_INVALID');
    }
    return result.applied ? 'applied' : 'unchanged';
  }

  /** Listed for staff and reported to HQ in one transaction, once per (dataset, version, reason). */
  private refuse(p: Publication, reason: RefusalReason): 'refused' {
    const { db, store, now, log } = this.d;
    writeWithOutbox(db, now, (emit) => {
      const at = now();
      if (!store.refuse(p.dataset, p.version, reason, at)) return;
      emit({ topic: 'sync.publication_refused', aggregateId: `${p.dataset}:${p.version}`, payload: { dataset: p.dataset, version: p.version, reason, at } });
    });
    log.warn({ dataset: p.dataset, version: p.version, reason }, 'publication refused');
    return 'refused';
  }
}
