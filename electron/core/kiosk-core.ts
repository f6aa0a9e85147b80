import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskEvent } from '../contract/api.ts';
import { CatalogDataset } from '../contract/catalog.ts';
import { fail, ok } from '../contract/errors.ts';
import { FinanceDataset } from '../contract/finance.ts';
import { ShopperEvents } from './analytics/events.ts';
import { createDispatch, type Dispatch } from './api/dispatch.ts';
import { quoteCart } from './cart/quote.ts';
import { applyCatalog, CatalogStore, type ApplyProgress } from './catalog/catalog-store.ts';
import { appliedHash, datasetHash } from './db/datasets.ts';
import type { KioskConfig } from './config.ts';
import { financeOffers } from './finance/channel.ts';
import { applyFinance, FinanceStore } from './finance/finance-store.ts';
import { openDatabase, quarantineDatabase, type Db } from './db/database.ts';
import { BlocklistDataset } from '../contract/credit.ts';
import { applyBlocklist } from './credit/blocklist.ts';
import { CreditService } from './credit/credit-service.ts';
import { loadDecisionModel, type DecisionModel } from './credit/decision-engine.ts';
import { IdentityHasher } from './credit/identity-key.ts';
import { HqLink } from './hq/hq-link.ts';
import type { Logger } from './logger.ts';
import { Sessions } from './session/sessions.ts';

export interface KioskCoreOptions {
  dataDir: string;
  resourcesDir: string;
  appVersion: string;
  shell: 'electron' | 'web';
  config: KioskConfig;
  log: Logger;
  now?: () => number;
  /** A catalog file to seed from instead of the demo store (tests, large-catalog benchmarks). */
  catalogFile?: string;
  /** A finance dataset to seed from instead of resources/finance/finance.json (tests). */
  financeFile?: string;
  onSeedProgress?: ApplyProgress;
}

export interface KioskCore {
  readonly dispatch: Dispatch;
  readonly db: Db;
  readonly config: KioskConfig;
  subscribe(listener: (event: KioskEvent) => void): () => void;
  /** Applies a catalog dataset (demo seed now, HQ sync later) and tells every renderer. */
  applyCatalogFile(file: string, onProgress?: ApplyProgress): { applied: boolean; version: string };
  /** Applies a finance dataset (lenders, finance products, APR cap, routing): seed now, HQ sync later. */
  applyFinanceFile(file: string): { applied: boolean; version: string };
  /** Offers, "from ¥X/month" and the finance usage counters (applications call recordApplication). */
  readonly finance: FinanceStore;
  /** Applications, decisions, contracts, orders; `cancel` is the staff screen's cooling-off withdrawal. */
  readonly credit: CreditService;
  /** Whether HQ is reachable (offline credit rules apply when not). */
  readonly hq: HqLink;
  /** Builds in-memory indexes and starts probing HQ; shells call it once they serve, before the first shopper. */
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
 * Starts everything the kiosk needs that is not a shell: database (with recovery from a
 * corrupt file), migrations, demo seed on first start, services, and the channel handlers.
 * Electron's main and the web host both call this and only wire transports to `dispatch`.
 */
export function createKioskCore(options: KioskCoreOptions): { ok: true; core: KioskCore } | StartFailure {
  const { log, config } = options;
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

  const listeners = new Set<(event: KioskEvent) => void>();
  const publish = (event: KioskEvent) => {
    for (const listener of listeners) listener(event);
  };
  const finance = new FinanceStore(db, now, log);
  const catalog = new CatalogStore(db, now, log, (amountFen, categoryId) => finance.fromMonthly(amountFen, categoryId));

  const applyCatalogFile = (path: string, onProgress?: ApplyProgress) => {
    const raw = readFileSync(path, 'utf8');
    const dataset = CatalogDataset.parse(JSON.parse(raw));
    const result = applyCatalog(db, dataset, datasetHash(raw), now(), onProgress);
    if (result.applied) {
      catalog.invalidate();
      db.prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES ('store', ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(JSON.stringify(dataset.store), now());
      log.info({ version: dataset.version, products: dataset.products.length }, 'catalog applied');
      publish({ name: 'catalog.updated', payload: { version: dataset.version } });
    }
    return { applied: result.applied, version: dataset.version };
  };

  if (appliedHash(db, 'catalog') === undefined) {
    const seedFile = options.catalogFile ?? join(options.resourcesDir, 'demo-store', 'catalog.json');
    try {
      applyCatalogFile(seedFile, options.onSeedProgress);
    } catch (error) {
      db.close();
      return { ok: false, code: 'DATASET_INVALID', message: `Could not seed the store catalog from ${seedFile}: ${(error as Error).message}` };
    }
  }

  const applyFinanceFile = (path: string) => {
    const raw = readFileSync(path, 'utf8');
    const dataset = FinanceDataset.parse(JSON.parse(raw));
    const result = applyFinance(db, dataset, datasetHash(raw), now());
    if (result.applied) {
      finance.invalidate();
      log.info({ version: dataset.version, products: dataset.products.length }, 'finance applied');
    }
    return { applied: result.applied, version: dataset.version };
  };

  if (appliedHash(db, 'finance') === undefined) {
    const seedFile = options.financeFile ?? join(options.resourcesDir, 'finance', 'finance.json');
    try {
      applyFinanceFile(seedFile);
    } catch (error) {
      db.close();
      return { ok: false, code: 'DATASET_INVALID', message: `Could not seed the finance products from ${seedFile}: ${(error as Error).message}` };
    }
  }

  const blocklistFile = join(options.resourcesDir, 'credit', 'blocklist.json');
  if (appliedHash(db, 'blocklist') === undefined) {
    try {
      const raw = readFileSync(blocklistFile, 'utf8');
      applyBlocklist(db, BlocklistDataset.parse(JSON.parse(raw)), datasetHash(raw), now());
    } catch (error) {
      db.close();
      return { ok: false, code: 'DATASET_INVALID', message: `Could not seed the blocklist from ${blocklistFile}: ${(error as Error).message}` };
    }
  }

  let model: DecisionModel;
  let hasher: IdentityHasher;
  try {
    hasher = IdentityHasher.fromFile(config.identityKeyFile ?? join(options.resourcesDir, 'credit', 'demo-identity.key'));
    model = loadDecisionModel(join(options.resourcesDir, 'decision-models'));
  } catch (error) {
    db.close();
    return { ok: false, code: 'DATASET_INVALID', message: `Could not load the credit model or identity key: ${(error as Error).message}` };
  }
  if (config.identityKeyFile === undefined) log.warn('using the demo store identity key; enrol the kiosk with HQ for the fleet key');
  const hq = new HqLink(config.hqUrl, log);

  const sessions = new Sessions(db, now);
  const abandoned = sessions.endAbandoned();
  if (abandoned.length > 0) log.info({ count: abandoned.length }, 'closed shopper sessions left open by the last run');
  const shopperEvents = new ShopperEvents(db, now, (categoryId, facet, value) => catalog.isKnownFilter(categoryId, facet, value));

  const store = () => {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'store'").get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as { id: string; name: { zh: string; en: string } }) : { id: 'unknown', name: { zh: '门店', en: 'Store' } };
  };

  const credit = new CreditService({ db, now, log, catalog, finance, model, hasher, online: () => hq.online(), store });
  // Nobody is at the screen to sign what a crashed visit or an earlier day left approved.
  const released = abandoned.reduce((n, sessionId) => n + credit.withdrawUnsigned(sessionId), 0) + credit.withdrawLapsed();
  if (released > 0) log.info({ count: released }, 'unsigned approvals released');

  const dispatch = createDispatch(
    {
      appInfo: () =>
        ok({
          version: options.appVersion,
          shell: options.shell,
          store: store(),
          defaultLocale: 'zh-CN',
          idle: { timeoutMs: config.idleTimeoutMs, warningMs: config.idleWarningMs },
        }),
      listCategories: () => ok({ categories: catalog.listCategories() }),
      queryProducts: (query) => catalog.queryProducts(query),
      getProduct: ({ id }) => {
        const product = catalog.getProduct(id);
        return product ? ok({ product }) : fail('NOT_FOUND', `No product ${id}`, 'id');
      },
      compareProducts: ({ ids }) => catalog.compareProducts(ids),
      listPromotions: () => ok({ promotions: catalog.listPromotions() }),
      startSession: ({ locale }) => ok({ sessionId: sessions.start(locale) }),
      endSession: ({ sessionId, reason }) => {
        credit.withdrawUnsigned(sessionId);
        return ok({ ended: sessions.end(sessionId, reason) });
      },
      quoteCart: ({ items }) => quoteCart(catalog, now, items),
      track: ({ sessionId, event }) => shopperEvents.record(sessionId, event),
      financeOffers: (input) => financeOffers(catalog, finance, now, input),
      applyForCredit: (input) => credit.apply(input),
      requestHumanReview: ({ applicationId }) => credit.requestReview(applicationId),
      withdrawApplication: ({ applicationId }) => ok({ withdrawn: credit.withdraw(applicationId, 'shopper_declined') }),
      keyTerms: ({ applicationId, locale }) => credit.keyTerms(applicationId, locale),
      signContract: ({ applicationId, locale, htmlHash, signature }) => credit.sign(applicationId, locale, htmlHash, signature),
      deliverySlots: ({ applicationId }) => credit.deliverySlots(applicationId),
      placeOrder: ({ applicationId, fulfilment }) => credit.placeOrder(applicationId, fulfilment),
    },
    log,
  );

  return {
    ok: true,
    core: {
      dispatch,
      db,
      config,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      applyCatalogFile,
      applyFinanceFile,
      finance,
      credit,
      hq,
      warmUp: () => {
        catalog.warm();
        hq.start();
      },
      close() {
        hq.stop();
        model.dispose();
        listeners.clear();
        db.close();
      },
    },
  };
}
