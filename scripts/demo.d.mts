export const DEMO_STORE: string;
export interface DemoDataset {
  dataset: 'catalog' | 'finance' | 'blocklist' | 'decision_models' | 'config' | 'staff';
  body: string;
  /** The store it is published to; absent: every store. */
  scope?: string;
}
export function demoDatasets(root?: string): DemoDataset[];
export function priceChangeRequest(root?: string): { request: string; product: { name: string; model: string; before: number; after: number } };
export function checkPortFree(port: number, what: string, variable: string): Promise<void>;
export interface DemoOptions {
  dataDir?: string;
  hqPort?: number;
  kioskPort?: number;
  /** PostgreSQL for HQ instead of embedded PGlite. */
  databaseUrl?: string;
  /** The SMS gateway HQ texts members' verification codes through (HQ_SMS_URL). */
  smsUrl?: string;
  log?: (line: string) => void;
  /** Extra settings for the kiosk (KIOSK_*), e.g. a shorter KIOSK_SYNC_EVERY_MS. */
  kioskEnv?: Record<string, string>;
  /** Extra settings for HQ (HQ_*), e.g. a shorter HQ_SMS_RESEND_AFTER_S. */
  hqEnv?: Record<string, string>;
}
export interface Demo {
  dataDir: string;
  hqUrl: string;
  kioskUrl: string;
  adminToken: string;
  hqPublicKey: string;
  kioskId: string;
  priceChangeFile: string;
  priceChange: { name: string; model: string; before: number; after: number };
  exited: Promise<{ who: 'hq' | 'kiosk'; code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
  /** Stops HQ only (the kiosk goes on, offline). */
  stopHq(): Promise<void>;
  /** Starts HQ again on the same address and data. */
  startHq(): Promise<void>;
}
export function startDemo(options?: DemoOptions): Promise<Demo>;
/** Enrols a kiosk web host's data folder with HQ (`host.mjs enrol`, HQ's key in `env.KIOSK_HQ_PUBLIC_KEY`); resolves with the kiosk id. */
export function enrolKiosk(env: NodeJS.ProcessEnv, hqUrl: string, code: string, kioskDir: string, log: (line: string) => void): Promise<string>;
/** The demo's stand-in for members' phones: an SMS gateway on loopback that hands each text to `print`. */
export function startDemoPhones(print: (line: string) => void): Promise<{ url: string; close(): Promise<void> }>;
