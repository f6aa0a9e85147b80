import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { events as rendererEvents, type EventName, type KioskEvent } from '../contract/api.ts';
import type { Caller } from '../contract/channel.ts';
import { analyticsHandlers } from './analytics/channels.ts';
import { ShopperEvents } from './analytics/events.ts';
import { createDispatch, type Dispatch } from './api/dispatch.ts';
import { cartHandlers } from './cart/channels.ts';
import { IndexSnapshot } from './catalog/index-snapshot.ts';
import { CatalogStore } from './catalog/catalog-store.ts';
import { catalogHandlers } from './catalog/channels.ts';
import { catalogDataset, pricesDataset, promotionsDataset, stockDataset } from './catalog/dataset.ts';
import type { KioskConfig } from './config.ts';
import { Applications } from './credit/applications.ts';
import { blocklistDataset } from './credit/blocklist.ts';
import { creditHandlers } from './credit/channels.ts';
import { Contracts } from './credit/contracts.ts';
import { Referrals } from './credit/referrals.ts';
import { CreditStore } from './credit/credit-store.ts';
import { checkedGraphsFile } from './credit/checked-graphs.ts';
import { loadDecisionModel } from './credit/decision-engine.ts';
import { IdentityHasher } from './credit/identity-key.ts';
import { decisionModelDataset, ModelSlot, startingModels } from './credit/model-slot.ts';
import { closeDatabase, integrityProblem, openDatabase, quarantineDatabase, type Db } from './db/database.ts';
import { DatasetRegistry, type ApplyProgress, type DatasetName } from './db/datasets.ts';
import { DatasetDocuments } from './db/documents.ts';
import { CoreEvents } from './events.ts';
import { faceHandlers } from './face/channels.ts';
import { FaceStore, faceKey } from './face/face-store.ts';
import { Faces } from './face/faces.ts';
import { MemberMobile } from './face/member-mobile.ts';
import { fleetHandlers } from './fleet/channels.ts';
import { FleetCommands, withRemoteConfig } from './fleet/commands.ts';
import { HeartbeatSender } from './fleet/heartbeat.ts';
import { UpdateManager, type UpdaterPort } from './fleet/update-manager.ts';
import { FleetUpdates } from './fleet/updates.ts';
import { UpdateStore } from './fleet/update-store.ts';
import { Watchdog, watchdogSettings } from './fleet/watchdog.ts';
import { figuresHandlers } from './figures/channels.ts';
import { Figures } from './figures/figures.ts';
import { financeHandlers } from './finance/channels.ts';
import { financeDataset } from './finance/dataset.ts';
import { FinanceStore } from './finance/finance-store.ts';
import { errorsLogged, type Logger } from './logger.ts';
import { orderHandlers } from './orders/channels.ts';
import { OrderStore } from './orders/order-store.ts';
import { Orders } from './orders/orders.ts';
import { sessionHandlers } from './session/channels.ts';
import { Sessions } from './session/sessions.ts';
import { StaffAudit } from './staff/audit.ts';
import { staffHandlers } from './staff/channels.ts';
import { Roster, staffDataset } from './staff/roster.ts';
import { StaffSessions } from './staff/staff-sessions.ts';
import { syncHandlers } from './sync/channels.ts';
import { configDataset, maintenanceWindow } from './sync/fleet-config.ts';
import { plainFileVault, type KeyVault } from './sync/identity.ts';
import { SyncService } from './sync/sync-service.ts';

export interface KioskCoreOptions {
  dataDir: string;
  resourcesDir: string;
  appVersion: string;
  shell: 'electron' | 'web';
  config: KioskConfig;
  log: Logger;
  now?: () => number;
  /** Dataset files to seed a fresh database from instead of the demo store's (tests, tools, benchmarks). */
  seedFiles?: Partial<Record<DatasetName, string>>;
  onSeedProgress?: ApplyProgress;
  /** Seals the kiosk's private and fleet keys at rest: Electron passes safeStorage; default a 0600 file. */
  keyVault?: KeyVault;
  /** Electron's updater (electron/main/updater.ts); without one (the web host) the kiosk does not update itself. */
  updater?: UpdaterPort;
}

export interface KioskCore {
  readonly dispatch: Dispatch;
  readonly db: Db;
  readonly config: KioskConfig;
  /** What happened inside the core (session ended, contract signed …), for shells and features. */
  readonly events: CoreEvents;
  /** The events renderers get (the contract's `events`); transports forward them. */
  subscribe(listener: (event: KioskEvent) => void): () => void;
  /** Every dataset HQ publishes (catalog, finance, blocklist), applied one way: seed now, sync later. */
  readonly datasets: DatasetRegistry;
  readonly finance: FinanceStore;
  readonly credit: { readonly applications: Applications; readonly contracts: Contracts };
  readonly orders: Orders;
  /** Sync with HQ: enrolment, push, pull, whether HQ is reachable (offline credit rules apply when not). */
  readonly sync: SyncService;
  /** The minute heartbeat to HQ (fleet health), fed by the renderer's own heartbeat. */
  readonly heartbeat: HeartbeatSender;
  /** The watchdog: screen reloads, crash loops and safe mode; `clearCrashHistory()` ends safe mode. */
  readonly watchdog: Watchdog;
  /** Updates HQ offers this kiosk (null without an updater: the web host). */
  readonly updates: FleetUpdates | null;
  /** Why nothing that restarts the kiosk or reloads its screen may run now (a shopper's visit, a staff session), or null. */
  busy(): string | null;
  /** Remote commands from HQ; the shell attaches its reload/restart actions (`commands.attach`) before warmUp. */
  readonly commands: FleetCommands;
  /** Who a call is from, by the staff session token it carries (transports ask before dispatch). */
  callerFor(staffToken: string | undefined): Caller;
  /** Builds in-memory indexes and starts syncing with HQ; shells call it once they serve, before the first shopper. */
  warmUp(): void;
  close(): void;
}

export type StartFailure = {
  ok: false;
  code: 'DB_NEWER_THAN_APP' | 'DB_MIGRATION_FAILED' | 'DB_CORRUPT' | 'DATASET_INVALID';
  message: string;
};

export const DATABASE_FILE = 'kiosk.db';

/**
 * Composes the kiosk's features: the database (with recovery from a corrupt file), the datasets
 * and their demo seed, each feature's services and channels. Electron's main and the web host
 * both call this and only wire transports to `dispatch`. A new feature adds its folder and its
 * lines here; nothing else in the core changes.
 */
export function createKioskCore(options: KioskCoreOptions): { ok: true; core: KioskCore } | StartFailure {
  const { log } = options;
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, DATABASE_FILE);

  let opened = openDatabase(file);
  if (!opened.ok && opened.code === 'DB_CORRUPT') {
    const moved = quarantineDatabase(file, new Date(now()));
    log.error({ reason: opened.message, movedTo: moved }, 'database failed its integrity check; moved aside, starting fresh');
    opened = openDatabase(file);
  }
  if (!opened.ok) return { ok: false, code: opened.code, message: opened.message };
  const db = opened.db;
  if (opened.migratedFrom !== opened.migratedTo) log.info({ from: opened.migratedFrom, to: opened.migratedTo }, 'database migrated');
  // With the values store IT set remotely (set_config), before any feature reads it.
  const config = withRemoteConfig(db, options.config, log);
  // The watchdog records this start first: a start that fails below still counts towards a crash loop.
  const watchdog = new Watchdog({ db, now, log, appVersion: options.appVersion, shell: options.shell, ...watchdogSettings(config) });

  const documents = new DatasetDocuments(db);
  const datasets = new DatasetRegistry(db, now);
  // Declared before the hasher: the fleet key from enrolment is the one credit hashes with.
  let hasher: IdentityHasher | undefined;
  const sync = new SyncService({
    db,
    dataDir: options.dataDir,
    hqUrl: config.hqUrl,
    hqPublicKey: config.hqPublicKey,
    vault: options.keyVault ?? plainFileVault,
    appVersion: options.appVersion,
    datasets,
    documents,
    now,
    log,
    onFleetKey: (key) => hasher?.useKey(key),
    pullEveryMs: config.syncEveryMs,
    creditCheckTimeoutMs: config.hqCheckTimeoutMs,
  });

  const checkedGraphs = checkedGraphsFile(join(options.dataDir, 'cache', 'checked-decision-graphs.json'), options.appVersion);
  let model: ModelSlot;
  try {
    const fleetKey = sync.fleetKey();
    if (fleetKey) hasher = IdentityHasher.fromKey(fleetKey);
    else if (config.identityKeyFile !== undefined) hasher = IdentityHasher.fromFile(config.identityKeyFile);
    else hasher = IdentityHasher.fromFile(join(options.resourcesDir, 'credit', 'demo-identity.key'), { fleet: false });
    if (!fleetKey && config.identityKeyFile === undefined) {
      log.warn(sync.standalone ? 'using the demo store identity key; enrol the kiosk with HQ for the fleet key' : 'not enrolled with HQ yet: offline approval is off until it is');
    }
    model = new ModelSlot(startingModels(documents, () => loadDecisionModel(join(options.resourcesDir, 'decision-models'), checkedGraphs), log, checkedGraphs), log);
  } catch (error) {
    db.close();
    return { ok: false, code: 'DATASET_INVALID', message: `Could not load the credit model or identity key: ${(error as Error).message}` };
  }

  const events = new CoreEvents(log);
  const finance = new FinanceStore(db, now, log);
  const catalog = new CatalogStore(
    db,
    now,
    log,
    (amountFen, categoryId) => finance.fromMonthly(amountFen, categoryId),
    new IndexSnapshot(join(options.dataDir, 'cache', 'catalog-index.bin')),
  );
  const creditStore = new CreditStore(db);

  datasets.register(catalogDataset(db, catalog, events, log));
  datasets.register(pricesDataset(db, catalog, events, log));
  datasets.register(stockDataset(db, catalog, events, log));
  datasets.register(promotionsDataset(db, catalog, events, log));
  datasets.register(financeDataset(db, finance, log));
  datasets.register(blocklistDataset(creditStore));
  datasets.register(decisionModelDataset(model, documents, log, checkedGraphs));
  datasets.register(configDataset(documents));
  const roster = new Roster(db);
  const enrolledStore = () => sync.storeId();
  datasets.register(staffDataset(roster, enrolledStore, { seedDemo: sync.standalone }));
  // A price list or promotions dated for later takes effect on time with nobody at the screen:
  // reads switch it first anyway (CatalogStore), the timer only tells the screens to refresh.
  let switchTimer: NodeJS.Timeout | undefined;
  const armSwitch = () => {
    const next = catalog.checkSchedule();
    clearTimeout(switchTimer);
    if (next === undefined) return;
    switchTimer = setTimeout(armSwitch, Math.min(Math.max(next - now(), 0) + 10, 2 ** 31 - 1));
    switchTimer.unref();
  };
  catalog.onSwitch((switched) => {
    for (const s of switched) events.emit('catalog.updated', { version: s.version });
  });
  const seeded = datasets.seedMissing(options.resourcesDir, options.seedFiles ?? {}, options.onSeedProgress);
  if (seeded && !seeded.ok) {
    model.dispose();
    db.close();
    return { ok: false, code: 'DATASET_INVALID', message: `Could not seed the store: ${seeded.message}` };
  }

  const sessions = new Sessions(db, now, events);
  const staffAudit = new StaffAudit(db);
  // Once enrolled, only a roster HQ published counts: a demo roster from before enrolment (its
  // store id may well be a real one) signs nobody in.
  const staffOf = () => {
    const store = sync.storeId();
    if (store === null) return { store: null };
    return sync.store.cursor('staff') ? { store } : null;
  };
  const staff = new StaffSessions({ db, now, roster, audit: staffAudit, events, staffOf, autoLockMs: config.staffAutoLockMs });
  const applications = new Applications({
    db,
    now,
    log,
    store: creditStore,
    sessions,
    catalog,
    finance,
    model,
    hasher,
    hqCheck: (request) => sync.creditCheck(request),
    offlineApproval: () => sync.offlineApproval(),
    staffAudit,
    // Faces is made below (its key may fail to open); applications are taken only once it is.
    face: { check: (sessionId, idHmac, face) => faces.checkApplication(sessionId, idHmac, face) },
  });
  // HQ's decisions on applications left pending come down as messages; credit settles them.
  sync.onMessage('credit.decided', (message, handled) => applications.decidedAtHq(message, handled));
  // A refund to the lender moved on at HQ (sent in the lender's file, settled).
  sync.onMessage('refund.updated', (message, handled) => creditStore.refundUpdated(message, handled, now()));
  const referrals = new Referrals({ db, now, store: creditStore, sessions, catalog, finance, audit: staffAudit });
  const contracts = new Contracts({ db, now, store: creditStore, finance, events, storeName: () => catalog.storeInfo().name });
  const orders = new Orders({ db, now, log, orders: new OrderStore(db), credit: creditStore, contracts, catalog, sessions, hasher, audit: staffAudit });

  // Nobody is at the screen any more to sign what an ended visit left approved, nor to order
  // what it signed for; nor to sign what an earlier day approved.
  events.on('session.ended', ({ sessionId }) => {
    applications.withdrawUnsigned(sessionId);
    orders.cancelUnordered(sessionId);
  });
  const abandoned = sessions.endAbandoned();
  if (abandoned.length > 0) log.info({ count: abandoned.length }, 'closed shopper sessions left open by the last run');
  const lapsed = applications.withdrawLapsed();
  if (lapsed > 0) log.info({ count: lapsed }, 'approvals of earlier store days released');

  let faces: Faces;
  try {
    const store = new FaceStore(db, faceKey(options.dataDir, options.keyVault ?? plainFileVault));
    faces = new Faces({ db, now, log, store, sessions, audit: staffAudit, retentionMs: config.faceRetentionDays * 86_400_000, cards: (ids) => catalog.cards(ids) });
  } catch (error) {
    model.dispose();
    db.close();
    return { ok: false, code: 'DATASET_INVALID', message: `Could not open the face key: ${(error as Error).message}` };
  }
  // Members unseen past the retention period are deleted at start and then daily.
  // Once a day, when nobody is mid-visit (the check reads every page). A database found damaged
  // while running is checked again at the next start (no clean mark), which moves it aside;
  // until then the kiosk goes on as it would have without the check.
  let damaged = false;
  let checkedAt = now();
  const daily = () => {
    if (now() - checkedAt < 86_400_000 || busy() !== null) return;
    checkedAt = now();
    faces.purgeUnseen();
    const problem = integrityProblem(db);
    if (problem !== undefined) {
      damaged = true;
      log.error({ reason: problem }, 'database failed its daily integrity check; the next start moves it aside');
    }
  };
  let dailyTimer: NodeJS.Timeout | undefined;
  const heartbeat = new HeartbeatSender({ now, log, appVersion: options.appVersion, dataDir: options.dataDir, sync, updates: new UpdateStore(db), errors: () => errorsLogged(log), watchdog: () => watchdog.report() });
  const busy = () => (sessions.anyOpen() ? 'shopper_visit' : staff.current() ? 'staff_session' : null);
  // Remote commands (issue 12 item 4): pulled with HQ's messages, run when `busy` says nobody is mid-visit.
  const commands = new FleetCommands({ db, now, log, dataDir: options.dataDir, sync, config, localConfig: options.config, busy, events, clearCrashHistory: () => watchdog.clearCrashHistory() });
  sync.onMessage('fleet.command', (message, handled) => commands.received(message, handled));
  const updates = options.updater ? fleetUpdates(options.updater) : null;
  function fleetUpdates(port: UpdaterPort): FleetUpdates {
    const manager = new UpdateManager({
      store: new UpdateStore(db),
      now,
      log,
      port,
      appVersion: options.appVersion,
      hqKey: () => sync.hqKey(),
      kioskId: () => sync.store.enrolment()?.kioskId ?? null,
      window: () => maintenanceWindow(documents),
      busy,
      held: () => commands.updatesHeld(),
    });
    const bootedAt = now();
    return new FleetUpdates({
      manager,
      appVersion: options.appVersion,
      log,
      line: () => sync.line(),
      health: () => {
        const status = sync.status();
        const renderer = heartbeat.renderer();
        return {
          rendererPainted: renderer.lastFrameAt !== null,
          databaseMigrated: true, // the core would not have started otherwise
          syncAnswered: (status.lastPullAt ?? 0) >= bootedAt && (status.pending.total === 0 || (status.lastPushAt ?? 0) >= bootedAt),
          cameraStateKnown: renderer.camera !== 'unknown',
        };
      },
    });
  }

  // In safe mode (a crash loop) the watchdog refuses whatever a shopper could start.
  const dispatch = watchdog.guard(createDispatch(
    {
      ...sessionHandlers({ sessions, config, appVersion: options.appVersion, shell: options.shell, store: () => catalog.storeInfo() }),
      ...catalogHandlers(catalog),
      ...cartHandlers(catalog, now),
      ...analyticsHandlers(new ShopperEvents(db, now, sessions, (categoryId, facet, value) => catalog.isKnownFilter(categoryId, facet, value))),
      ...financeHandlers(catalog, finance, now),
      ...creditHandlers(applications, contracts, referrals, (staffId) => ({ staffId, approvalLimitFen: roster.get(staffId, null)?.approvalLimitFen ?? null })),
      ...orderHandlers(orders),
      ...syncHandlers(sync, (staffId, action) => staff.record(staffId, action)),
      ...staffHandlers(staff),
      ...figuresHandlers(new Figures(db, now)),
      ...faceHandlers(faces, new MemberMobile({ now, log, sessions, faces, hq: () => sync.line() })),
      ...fleetHandlers(heartbeat, watchdog),
    },
    log,
  ));

  return {
    ok: true,
    core: {
      dispatch,
      db,
      config,
      events,
      subscribe(listener) {
        const names = Object.keys(rendererEvents) as EventName[];
        const stops = names.map((name) => events.on(name, (payload) => listener({ name, payload } as KioskEvent)));
        return () => stops.forEach((stop) => stop());
      },
      datasets,
      finance,
      credit: { applications, contracts },
      orders,
      sync,
      heartbeat,
      watchdog,
      updates,
      busy,
      commands,
      callerFor: (token) => staff.callerFor(token),
      warmUp: () => {
        catalog.warm();
        armSwitch();
        events.on('catalog.updated', armSwitch);
        sync.start();
        heartbeat.start();
        updates?.start();
        commands.start();
        faces.purgeUnseen();
        dailyTimer = setInterval(daily, 3_600_000);
        dailyTimer.unref();
      },
      close() {
        clearTimeout(switchTimer);
        clearInterval(dailyTimer);
        sync.stop();
        heartbeat.stop();
        updates?.stop();
        commands.stop();
        model.dispose();
        events.clear();
        watchdog.close();
        if (damaged) db.close();
        else {
          catalog.close();
          closeDatabase(db, file);
        }
      },
    },
  };
}
