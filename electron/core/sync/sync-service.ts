import { CREDIT_CHECK_TIMEOUT_MS, KioskMessage, SyncDatasetName, type CreditCheckRequest, type KioskMessageOf, type CreditCheckResponse, type EnrolKioskResponse, type SyncStatus } from '../../contract/sync.ts';
import type { CryptoKey } from 'jose';
import { importEd25519PublicKey } from '../../domain/sync-signing.ts';
import type { Db } from '../db/database.ts';
import type { DatasetName, DatasetRegistry } from '../db/datasets.ts';
import type { DatasetDocuments } from '../db/documents.ts';
import { onOutboxWrite } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import { backoffDelay } from './backoff.ts';
import { enrol, type EnrolInput } from './enrol.ts';
import { HqClient, type HqFailure, type RequestSigner } from './hq-client.ts';
import { IdentityFiles, type KeyVault } from './identity.ts';
import { offlineApproval, type OfflineApproval } from './policy.ts';
import { Puller } from './puller.ts';
import { Pusher } from './pusher.ts';
import { SyncStore } from './sync-store.ts';

/** A full cycle (push, then pull) this often while all is well. */
export const PULL_EVERY_MS = 60_000;
/** A local write is pushed this soon after (writes close together go in one push). */
export const NUDGE_AFTER_MS = 2_000;
/** Batches one cycle pushes before it lets a pull in (a long backlog drains over several cycles). */
const BATCHES_PER_CYCLE = 50;
/** An outbox item older than this turns the chip amber. */
const BEHIND_AFTER_MS = 5 * 60_000;
/** A rejection or refusal keeps the chip red this long (the lists stay in the panel). */
const ALARM_FOR_MS = 24 * 3_600_000;

/** HQ failures staff must act on (the chip goes red); others are retried quietly. */
const NEEDS_STAFF = new Set(['CLOCK_SKEW', 'KIOSK_REVOKED', 'UNAUTHENTICATED', 'SEQ_GAP', 'BAD_RESPONSE']);

export interface SyncServiceOptions {
  db: Db;
  dataDir: string;
  /** The configured HQ URL (undefined with no enrolment either = standalone). */
  hqUrl: string | undefined;
  /** HQ's publication key pinned in the configuration, if any. */
  hqPublicKey: string | undefined;
  vault: KeyVault;
  appVersion: string;
  datasets: DatasetRegistry;
  documents: DatasetDocuments;
  now: () => number;
  log: Logger;
  /** The fleet identity key arrived at enrolment (credit hashes with it from now on). */
  onFleetKey: (key: Buffer) => void;
  random?: () => number;
  pullEveryMs?: number;
  nudgeAfterMs?: number;
  /** How long an application waits for HQ's cross-store check before the offline rules apply (CREDIT_CHECK_TIMEOUT_MS). */
  creditCheckTimeoutMs?: number;
}

/** What HQ said about an application being decided: nothing to ask (standalone), no answer in time, or its cross-store checks. */
export type CreditCheck = { kind: 'standalone' } | { kind: 'offline'; why: string } | { kind: 'online'; remote: Omit<CreditCheckResponse, 'serverTime'> };

/** A feature's consumer of one kind of HQ message; calls `handled` inside the transaction that acts on it. */
export type MessageHandler<K extends KioskMessage['kind'] = KioskMessage['kind']> = (message: KioskMessageOf<K>, handled: () => void) => void;

type Kind = 'push' | 'full';

/**
 * The kiosk's sync with HQ (DESIGN.md §7), composed from its parts: identity files, enrolment,
 * the HQ client, the pusher and the puller, and the scheduler that runs them — one cycle at a
 * time, on a timer, on reconnect, soon after local writes, with jittered backoff after failures.
 */
export class SyncService {
  readonly store: SyncStore;
  readonly client: HqClient;
  readonly files: IdentityFiles;
  readonly pusher: Pusher;
  readonly puller: Puller;
  private signer: Promise<RequestSigner | null> | undefined;
  private running: Promise<void> | null = null;
  private queued: Kind | null = null;
  private failures = 0;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private nudgeTimer: NodeJS.Timeout | undefined;
  private stopWrites: (() => void) | undefined;
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(private readonly o: SyncServiceOptions) {
    this.store = new SyncStore(o.db);
    this.files = new IdentityFiles(o.dataDir, o.vault);
    this.client = new HqClient({
      baseUrl: () => this.hqUrl(),
      signer: () => this.loadSigner(),
      now: o.now,
      log: o.log,
      onReconnect: () => {
        this.failures = 0;
        if (this.started) void this.request('full');
      },
    });
    this.pusher = new Pusher(o.db, this.store, this.client, o.now, o.log);
    this.puller = new Puller({ db: o.db, store: this.store, datasets: o.datasets, client: this.client, now: o.now, log: o.log, onMessages: () => this.consumeMessages() });
  }

  /** HQ's URL: the configured one (store IT may move HQ), else the one the kiosk enrolled with. */
  hqUrl(): string | undefined {
    return this.o.hqUrl ?? this.store.enrolment()?.hqUrl;
  }

  /** No HQ configured and never enrolled: the demo store, deciding everything itself as before. */
  get standalone(): boolean {
    return this.hqUrl() === undefined;
  }

  /** HQ's publication key as pinned at enrolment (releases and commands are checked against it), null before enrolment. */
  async hqKey(): Promise<CryptoKey | null> {
    const enrolment = this.store.enrolment();
    return enrolment ? importEd25519PublicKey(enrolment.hqPublicKey) : null;
  }

  /** The fleet identity key from enrolment, if enrolled. */
  fleetKey(): Buffer | undefined {
    return this.store.enrolment() ? this.files.fleetKey() : undefined;
  }

  /** For the credit rules: HQ is there to decide (standalone counts as online, as before). */
  online(): boolean {
    if (this.standalone) return true;
    if (!this.store.enrolment() || this.store.state().revokedAt !== null) return false;
    return this.client.reachable();
  }

  /**
   * HQ's cross-store checks for an application being decided now, waiting at most
   * `creditCheckTimeoutMs`: a shopper is waiting. No answer in time (or not enrolled, revoked) is
   * 'offline', and the offline rules apply exactly as when HQ is down.
   */
  async creditCheck(request: CreditCheckRequest): Promise<CreditCheck> {
    if (this.standalone) return { kind: 'standalone' };
    if (!this.store.enrolment()) return { kind: 'offline', why: 'NOT_ENROLLED' };
    if (this.store.state().revokedAt !== null) return { kind: 'offline', why: 'KIOSK_REVOKED' };
    const answer = await this.client.creditCheck(request, this.o.creditCheckTimeoutMs ?? CREDIT_CHECK_TIMEOUT_MS);
    if (!answer.ok) {
      if (answer.code === 'KIOSK_REVOKED') this.store.markRevoked(this.o.now());
      return { kind: 'offline', why: answer.code };
    }
    const { serverTime: _serverTime, ...remote } = answer.data;
    return { kind: 'online', remote };
  }

  /** The signed line to HQ for calls outside sync (members' texted codes, heartbeats); null without one (standalone, not enrolled, revoked). */
  line(): HqClient | null {
    if (this.standalone || !this.store.enrolment() || this.store.state().revokedAt !== null) return null;
    return this.client;
  }

  /** Registers the consumer of one kind of HQ message (credit.decided → credit). */
  onMessage<K extends KioskMessage['kind']>(kind: K, handler: MessageHandler<K>): void {
    this.handlers.set(kind, handler as unknown as MessageHandler);
  }

  /**
   * Hands stored HQ messages to their consumers, oldest first; each marks its message handled in
   * the transaction that acts on it, so a crash in between leaves it to be handled at the next
   * pull or start. A message that fails is logged and retried then; one nobody consumes waits.
   */
  consumeMessages(): number {
    let handled = 0;
    for (const row of this.store.unhandledMessages()) {
      const handler = this.handlers.get(row.kind);
      if (!handler) continue;
      const message = KioskMessage.safeParse(JSON.parse(row.payload));
      if (!message.success) {
        this.o.log.error({ messageId: row.id, kind: row.kind }, 'a stored HQ message does not match the contract; left unhandled');
        continue;
      }
      try {
        handler(message.data, () => this.store.markHandled(row.id, this.o.now()));
        handled++;
      } catch (error) {
        this.o.log.error({ err: error, messageId: row.id, kind: row.kind }, 'an HQ message could not be handled; retried at the next pull');
      }
    }
    return handled;
  }

  offlineApproval(): OfflineApproval {
    return offlineApproval({ standalone: this.standalone, store: this.store, documents: this.o.documents, now: this.o.now() });
  }

  probe(): Promise<boolean> {
    return this.client.probe();
  }

  async enrol(input: Omit<EnrolInput, 'hqUrl'> & { hqUrl?: string | undefined }): Promise<EnrolKioskResponse> {
    const hqUrl = input.hqUrl ?? this.hqUrl();
    if (hqUrl === undefined) return { status: 'refused', problem: 'HQ_UNREACHABLE', message: 'no HQ URL: pass one or set hqUrl (KIOSK_HQ_URL)' };
    const result = await enrol(
      { ...input, hqUrl },
      {
        store: this.store,
        files: this.files,
        client: this.client,
        appVersion: this.o.appVersion,
        pinnedHqKey: this.o.hqPublicKey,
        now: this.o.now,
        log: this.o.log,
        onEnrolled: (key) => {
          this.signer = undefined;
          this.o.onFleetKey(key);
        },
      },
    );
    if (result.status === 'enrolled' && this.started) void this.request('full');
    return result;
  }

  /** Push, then pull, now (staff's "sync now"); resolves once done, with the status. */
  async syncNow(): Promise<SyncStatus> {
    this.failures = 0;
    await this.request('full');
    return this.status();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopWrites = onOutboxWrite(this.o.db, () => this.nudge());
    this.client.startProbing();
    // Messages stored but not acted on (the kiosk stopped in between) are handled now.
    this.consumeMessages();
    void this.request('full');
  }

  stop(): void {
    this.started = false;
    this.stopWrites?.();
    this.client.stopProbing();
    clearTimeout(this.timer);
    clearTimeout(this.nudgeTimer);
    this.timer = this.nudgeTimer = undefined;
  }

  /** A local write happened: push soon (debounced), not only on the next timer. */
  nudge(): void {
    if (!this.started || this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      void this.request('push');
    }, this.o.nudgeAfterMs ?? NUDGE_AFTER_MS);
    this.nudgeTimer.unref();
  }

  /** One cycle at a time: a request while one runs is merged into the next. */
  request(kind: Kind): Promise<void> {
    this.queued = this.queued === 'full' || kind === 'full' ? 'full' : 'push';
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.queued) {
        const kind = this.queued;
        this.queued = null;
        try {
          await this.cycle(kind);
        } catch (error) {
          // Only bookkeeping can throw here, e.g. the database closed under a cycle at shutdown;
          // nothing was acknowledged that HQ did not confirm, so the next start resumes.
          this.o.log.warn({ err: error }, 'sync cycle stopped');
        }
      }
    } finally {
      this.running = null;
    }
  }

  private async cycle(kind: Kind): Promise<void> {
    if (this.standalone || !this.store.enrolment()) return;
    let failure: HqFailure | null = null;
    try {
      failure = await this.pushAll();
      if (!failure && kind === 'full') {
        const pulled = await this.puller.pull();
        if (!pulled.ok) failure = pulled.failure;
      }
    } catch (error) {
      failure = { ok: false, code: 'BAD_RESPONSE', message: (error as Error).message };
    }
    const at = this.o.now();
    if (failure) {
      this.failures++;
      if (failure.code === 'KIOSK_REVOKED') this.store.markRevoked(at);
      this.store.recordError(failure.code, failure.message, at);
      this.o.log.warn({ code: failure.code, message: failure.message, attempt: this.failures }, 'sync with HQ failed; retrying later');
      this.schedule(backoffDelay(this.failures, this.o.random));
    } else {
      this.failures = 0;
      this.store.clearError();
      this.schedule(this.o.pullEveryMs ?? PULL_EVERY_MS);
    }
  }

  private async pushAll(): Promise<HqFailure | null> {
    for (let batch = 0; batch < BATCHES_PER_CYCLE; batch++) {
      const outcome = await this.pusher.pushBatch();
      if (!outcome.ok) return outcome.failure;
      if (!outcome.more) return null;
    }
    this.queued ??= 'push'; // more waiting: the next cycle goes on with it
    return null;
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.request('full'), ms);
    this.timer.unref();
  }

  private loadSigner(): Promise<RequestSigner | null> {
    this.signer ??= (async () => {
      const enrolment = this.store.enrolment();
      if (!enrolment || !this.files.hasPrivateKey()) return null;
      const key = await this.files.signingKey();
      return { kioskId: enrolment.kioskId, privateKey: key.privateKey };
    })();
    return this.signer;
  }

  /** The store HQ enrolled this kiosk in, or null before enrolment. */
  storeId(): string | null {
    return this.store.enrolment()?.storeId ?? null;
  }

  status(): SyncStatus {
    const { store } = this;
    const now = this.o.now();
    const enrolment = store.enrolment() ?? null;
    const state = store.state();
    const approval = this.offlineApproval();
    const rejected = store.rejected();
    const refused = store.refused();
    const cursors = new Map(store.cursors().map((c) => [c.dataset, c]));
    const pending = store.pendingSummary();
    const revoked = state.revokedAt !== null;
    const offlineApprovalBlocked = approval.allowed ? null : approval.reason;

    let health: SyncStatus['health'] = 'green';
    if (!this.standalone) {
      const recent = (at: number) => now - at <= ALARM_FOR_MS;
      if (!enrolment || revoked || (state.lastError && NEEDS_STAFF.has(state.lastError.code)) || rejected.some((r) => recent(r.at)) || refused.some((r) => recent(r.at))) {
        health = 'red';
      } else if (!this.client.reachable() || state.lastError || offlineApprovalBlocked || (pending.oldestAt !== null && now - pending.oldestAt > BEHIND_AFTER_MS)) {
        health = 'amber';
      }
    }
    return {
      health,
      standalone: this.standalone,
      enrolled: enrolment !== null,
      kioskId: enrolment?.kioskId ?? null,
      storeId: enrolment?.storeId ?? null,
      revoked,
      offlineApprovalBlocked,
      pending,
      rejected,
      lastPushAt: state.lastPushAt,
      lastPullAt: state.lastPullAt,
      lastError: state.lastError,
      datasets: SyncDatasetName.options.map((name) => {
        const c = cursors.get(name);
        // A dataset the demo seed applied has no HQ version yet, but it was applied.
        const seeded = this.o.datasets.has(name as DatasetName) ? (this.o.datasets.appliedAt(name as DatasetName) ?? null) : null;
        return { name, version: c?.version ?? null, appliedAt: c?.appliedAt ?? seeded, confirmedAt: c?.confirmedAt ?? null };
      }),
      refused,
    };
  }
}
