/** What the credit and order tests share: a kiosk core on a fixed clock, synthetic applicants, a signature. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ChannelName, ChannelRequest, ChannelResponse } from '../../electron/contract/api.ts';
import { CONSENTS, type ApplicationView } from '../../electron/contract/credit.ts';
import type { ApiResult } from '../../electron/contract/errors.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import { type KioskCore } from '../../electron/core/kiosk-core.ts';
import type { createLogger } from '../../electron/core/logger.ts';
import { RESOURCES, startCore } from './core.ts';
import { enrolled } from './sync.ts';
import { tempDirs } from './temp.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';

export const CREDIT_RESOURCES = join(RESOURCES, 'credit');
/** Tests that configure HQ must name a fleet key; the demo one keeps the demo blocklist matching. */
export const DEMO_KEY = join(CREDIT_RESOURCES, 'demo-identity.key');
/** 10:00 in the store (Beijing time). */
export const MORNING = Date.parse('2026-12-01T10:00:00+08:00');
export const DAY = 24 * 3_600_000;

/** Synthetic resident IDs with valid check digits (not real people). */
export const GOOD_ID = '110105198808081237';
export const OTHER_ID = '110101199003071233';
/** 21 on the test's store date. */
export const YOUNG_ID = '110105200505051233';
/** Listed in resources/credit/blocklist.json (as HMACs under the demo key); see its README. */
export const BLOCKED_ID = '44030119851111321X';
export const PHONE = '13912345678';

/** A white PNG of the given size, built by hand (what the signature pad exports, minus the ink). */
export function png(width: number, height: number): string {
  const chunk = (type: string, body: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey), no interlace
  const rows = Buffer.alloc((width + 1) * height, 0xff);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  const file = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${file.toString('base64')}`;
}
export const PNG = png(800, 240);

/**
 * A kiosk on a fixed clock. With `hqUrl` it is enrolled and its blocklist and model were confirmed
 * by HQ just now (in good standing, so the offline rules are the only thing in the way), unless
 * `enrolled: false`.
 */
function core(dir: string, options: { clock?: { at: number }; hqUrl?: string; enrolled?: boolean; log?: ReturnType<typeof createLogger> } = {}): KioskCore {
  const clock = options.clock ?? { at: MORNING };
  const k = startCore(dir, {
    now: () => clock.at,
    config: KioskConfig.parse(options.hqUrl ? { hqUrl: options.hqUrl, identityKeyFile: DEMO_KEY } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  if (options.hqUrl && options.enrolled !== false) enrolled(k, { at: clock.at, hqUrl: options.hqUrl });
  return k;
}

export async function call<C extends ChannelName>(
  k: KioskCore,
  channel: C,
  input: ChannelRequest<C>,
): Promise<ApiResult<ChannelResponse<C>>> {
  return (await k.dispatch(channel, input, SHOPPER)) as ApiResult<ChannelResponse<C>>;
}

export function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** A product and its routed 12-month plan (or another term), priced by the real offers. */
export async function productWithPlan(k: KioskCore, want: (amountFen: number) => boolean, term = 12) {
  const page = data(await call(k, 'queryProducts', { categoryId: 'refrigerators', limit: 100 }));
  for (const item of page.items) {
    if (!want(item.priceFen)) continue;
    const offers = data(await call(k, 'financeOffers', { productId: item.id }));
    const offer = offers.offers.find((o) => o.termMonths === term);
    if (offer) return { product: item, offer };
  }
  throw new Error('no product with such a plan in the demo store');
}

/** A shopper's visit: applications belong to one that is going on. */
export async function visit(k: KioskCore): Promise<string> {
  return data((await k.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER)) as ApiResult<{ sessionId: string }>).sessionId;
}

export function application(
  sessionId: string,
  productId: string,
  plan: { productId: string; termMonths: number },
  applicant: Partial<ChannelRequest<'applyForCredit'>['applicant']> = {},
): ChannelRequest<'applyForCredit'> {
  return {
    sessionId,
    requestId: randomUUID(),
    purchase: { productId },
    plan: { productId: plan.productId, termMonths: plan.termMonths },
    applicant: { name: '张三', residentId: GOOD_ID, mobile: PHONE, employment: 'employed', incomeBand: '10k_20k', ...applicant },
    consents: { credit_assessment: CONSENTS.credit_assessment.version, personal_data: CONSENTS.personal_data.version },
    locale: 'zh-CN',
  };
}

export async function approvedApplication(k: KioskCore): Promise<ApplicationView> {
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const view = data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer))).application;
  expect(view.status).toBe('approved');
  return view;
}

export const count = (k: KioskCore, sql: string, ...params: unknown[]) => k.db.prepare(sql).pluck().get(...params) as number;


/** For a test file: a kiosk core in a fresh folder per call, removed after each test. */
export function kiosks(): (options?: Parameters<typeof core>[1]) => KioskCore {
  const tempDir = tempDirs();
  return (options = {}) => core(tempDir(), options);
}
