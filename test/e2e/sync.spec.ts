import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Demo } from '../../scripts/demo.mjs';
import { nextBusinessDay } from '../../electron/domain/calendar.ts';
import { formatFen } from '../../electron/domain/money.ts';
import { storeDate } from '../../electron/domain/promotions.ts';
import { formatStoreDate } from '../../renderer/components/format.ts';
import { applyForDearestFridge, applyFromFirstFridge, CREDIT as T, fillApplication, submitAndSign } from './credit-flow.ts';
import { startDemoOnPostgres } from './demo-hq.ts';
import { E2E_DATA_ROOT } from './env.ts';
import type { Page } from '@playwright/test';
import { expect, test as kioskTest, tiles } from './fixtures.ts';
import { residentId } from './identities.ts';
import { DEMO_STAFF, openStaffSignIn, STAFF_T, typeStaffCredentials } from './staff-mode.ts';

/**
 * HQ and a kiosk enrolled to it, as `npm run demo` runs them (HQ on a fresh PostgreSQL database
 * (demo-hq.ts), the kiosk web host with HQ's key pinned), syncing every second so a test need not
 * wait a minute. Each test has its own: they stop HQ, revoke the kiosk and publish to the store. Everything
 * reaches the screen the way it reaches a store: HQ publishes, the kiosk pulls, verifies, applies,
 * and the shopper's screen refreshes by itself. (The visit's idle reset is pushed back: these
 * shoppers stand and wait for HQ.)
 */
const chip = (page: Page, state: 'in sync' | 'working offline' | 'staff to check') => page.getByRole('status', { name: `Head office: ${state}` });
const ROOT = join(import.meta.dirname, '..', '..');
const catalog = JSON.parse(readFileSync(join(ROOT, 'resources', 'demo-store', 'catalog.json'), 'utf8')) as {
  version: string;
  products: Array<{ id: string; categoryId: string; priceFen: number; listPriceFen: number; model: string; name: { zh: string; en: string } } & Record<string, unknown>>;
};

let demo: Demo;

/** The demo's kiosk is the page's: no kiosk of fixtures.ts's own is started beside it. */
const test = kioskTest.extend<{ demo: Demo }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern: none
    async ({}, use, testInfo) => {
      const dataDir = join(E2E_DATA_ROOT, `sync-${testInfo.title.replace(/[^\w]+/g, '_').slice(0, 40)}-${testInfo.testId}`);
      demo = await startDemoOnPostgres(dataDir, { kioskEnv: { KIOSK_SYNC_EVERY_MS: '1000', KIOSK_IDLE_TIMEOUT_MS: '600000' } });
      await use(demo);
      await demo.stop();
    },
    { timeout: 180_000 },
  ],
  baseURL: async ({ demo: started }, use) => use(started.kioskUrl),
});
test.describe.configure({ timeout: 240_000 });

async function publish(dataset: string, body: unknown): Promise<void> {
  const response = await fetch(new URL('v1/admin/publications', demo.hqUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, body: JSON.stringify(body) }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A visit in English at the demo kiosk, once it is in step with HQ (the roster and datasets came down). */
async function startInSync(page: Page): Promise<void> {
  await page.goto(demo.kioskUrl);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: T.en.start }).click();
  await expect(chip(page, 'in sync')).toBeVisible({ timeout: 40_000 });
}

/** What the kiosk itself says a product costs now (its shopper API, as the screen asks it). */
async function dealPrice(id: string): Promise<number | null> {
  const response = await fetch(new URL('api/getProduct', demo.kioskUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
  const answer = (await response.json()) as { ok: boolean; data?: { product: { dealPriceFen: number } } };
  return answer.ok ? answer.data!.product.dealPriceFen : null;
}

test('HQ publishes a price change and a new product: the kiosk shows both without a restart', async ({ kioskPage: page }) => {
  await page.goto(demo.kioskUrl);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: T.en.start }).click();
  await page.getByRole('button', { name: T.en.fridges }).click();
  await page.getByRole('radio', { name: T.en.sortPriceDesc }).click();
  await tiles(page).first().getByRole('button').first().click();
  // The product is read off the page that opened: a tile read before the sort settles may be
  // another fridge than the one the click lands on.
  const detail = page.getByRole('main');
  await expect(detail.getByRole('button', { name: T.en.plans })).toBeVisible();
  const title = ((await detail.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
  const dearest = catalog.products.find((p) => p.categoryId === 'refrigerators' && p.name.en === title)!;
  expect(dearest, title).toBeDefined();
  const before = (await dealPrice(dearest.id))!;
  await expect(detail.getByText(formatFen(before)).first()).toBeVisible();

  // A store price list: the dearest fridge ¥500 cheaper, from now on.
  await publish('prices', { dataset: 'prices', version: 'e2e-prices-1', prices: [{ productId: dearest.id, priceFen: dearest.priceFen - 50_000 }] });
  await expect.poll(() => dealPrice(dearest.id), { timeout: 60_000 }).toBe(before - 50_000);
  // The product page the shopper is on follows by itself.
  await expect(detail.getByText(formatFen(before - 50_000)).first()).toBeVisible();

  // A new product in a new catalog: the dearest fridge of all, so it heads the list sorted by price.
  const newcomer = {
    ...dearest,
    id: '019b5c4d-2b59-789a-a650-00000000e2e1',
    sku: 'E2E0000001',
    model: 'BCD-E2E-NEW',
    name: { zh: '测试新品 十字对开门冰箱', en: 'E2E newcomer French-door fridge' },
    priceFen: Math.max(...catalog.products.map((p) => p.priceFen)) + 100_000,
    listPriceFen: Math.max(...catalog.products.map((p) => p.listPriceFen)) + 100_000,
  };
  await publish('catalog', { ...catalog, version: `${catalog.version}-e2e-new`, products: [...catalog.products, newcomer] });
  await expect.poll(() => dealPrice(newcomer.id), { timeout: 60_000 }).not.toBeNull();
  await page.getByRole('button', { name: /Back/ }).click();
  await expect(tiles(page).first()).toContainText(newcomer.name.en);
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-new-product.png' });
});

test('an application made while HQ is down is pending, and HQ decides it once it is back', async ({ kioskPage: page }) => {
  await page.goto(demo.kioskUrl);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: T.en.start }).click();
  // The quiet dot in the header, for staff passing by.
  await expect(chip(page, 'in sync')).toBeVisible({ timeout: 40_000 });

  await demo.stopHq();
  await applyForDearestFridge(page, 'en');
  await fillApplication(page, 'en', { name: 'Zhao Min', id: residentId(21), mobile: '13899991234' });
  await page.getByRole('button', { name: T.en.submit }).click();
  await expect(page.getByRole('heading', { name: T.en.pending, level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /wait here/ })).toBeVisible();
  await expect(chip(page, 'working offline')).toBeVisible({ timeout: 40_000 });
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-pending.png' });

  await demo.startHq();
  // The kiosk notices HQ is back, pushes the application, HQ decides it with the same model and
  // sends the decision down; the screen the shopper is still on turns into it.
  await expect(page.getByRole('heading', { name: T.en.approved, level: 1 })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: T.en.readTerms })).toBeVisible();
  await expect(chip(page, 'in sync')).toBeVisible({ timeout: 40_000 });
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-decided-at-hq.png' });
});

test('staff see the sync panel in each state: in sync, working offline while HQ is down, and why when HQ revoked the kiosk', async ({ kioskPage: page }) => {
  await startInSync(page);

  // The roster came from HQ (a kiosk with an HQ has no demo roster of its own).
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
  const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
  const health = panel.getByRole('status');
  await expect(health).toHaveText(/In sync/);
  await expect(panel.getByRole('row', { name: /Staff roster/ })).toContainText(/\d+ (second|minute)s? ago/);
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-panel-green.png' });

  await demo.stopHq();
  await panel.getByRole('button', { name: 'Sync now' }).tap();
  await expect(health).toHaveText(/Working offline/);
  await expect(panel).toContainText('Head office cannot be reached');
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-panel-amber.png' });

  await demo.startHq();
  const revoked = await fetch(new URL(`v1/admin/kiosks/${demo.kioskId}/revoke`, demo.hqUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'kiosk reported stolen' }),
  });
  expect(revoked.status).toBe(200);
  await panel.getByRole('button', { name: 'Sync now' }).tap();
  await expect(health).toHaveText(/Needs attention/);
  await expect(panel).toContainText('Head office revoked this kiosk: customers pay at the till, and offline approval is off. Call store IT.');
  await page.screenshot({ path: 'test-results/screens/portrait-en-sync-panel-red.png' });
  await panel.getByRole('button', { name: STAFF_T.en.signOut }).tap();
  await expect(chip(page, 'staff to check')).toBeVisible({ timeout: 20_000 });
});

test('an assisted application: staff help the customer apply, confirm the ID card in person, and HQ has the staff member on it', async ({ kioskPage: page }) => {
  await startInSync(page);
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
  await page.getByRole('dialog', { name: STAFF_T.en.panel }).getByRole('button', { name: 'Help a customer apply' }).tap();
  const banner = page.getByRole('region', { name: 'Staff assisting' });
  await expect(banner).toContainText(`${DEMO_STAFF.associate.name} (staff) is helping`);

  await applyForDearestFridge(page, 'en');
  await fillApplication(page, 'en', { name: 'Qian Li', id: residentId(33), mobile: '13899995678', idCardSeen: /I have seen the customer’s ID card in person/ });
  await expect(page.getByRole('main')).toContainText('ID card seen in person by staff');
  await page.screenshot({ path: 'test-results/screens/portrait-en-assisted-review.png' });
  await page.getByRole('button', { name: T.en.submit }).click();
  await expect(page.getByRole('heading', { name: T.en.approved, level: 1 })).toBeVisible();

  // At HQ, once the kiosk has pushed: the application names the staff member and what they confirmed.
  const atHq = async () => {
    const response = await fetch(new URL('v1/admin/applications?storeId=S001', demo.hqUrl), { headers: { authorization: `Bearer ${demo.adminToken}` } });
    const { applications } = (await response.json()) as { applications: Array<{ assistedBy: string | null; idCardSeen: boolean | null }> };
    return applications.map(({ assistedBy, idCardSeen }) => ({ assistedBy, idCardSeen }));
  };
  await expect.poll(atHq, { timeout: 30_000 }).toEqual([{ assistedBy: DEMO_STAFF.associate.id, idCardSeen: true }]);
  // Back to the staff screens from the banner.
  await banner.getByRole('button', { name: 'Back to staff mode' }).tap();
  await expect(page.getByRole('dialog', { name: STAFF_T.en.panel })).toBeVisible();
});

/** A student's application for the first fridge: the model refers it to a person. */
async function referredApplication(page: Page, name: string, n: number): Promise<void> {
  await startInSync(page);
  await applyFromFirstFridge(page, 'en', T.en.anyApply);
  await fillApplication(page, 'en', { name, id: residentId(n), mobile: `1389999${String(n).padStart(4, '0')}`, employment: 'Student' });
  await page.getByRole('button', { name: T.en.submit }).click();
  await expect(page.getByRole('heading', { name: T.en.referred, level: 1 })).toBeVisible();
}

test('a referral: a supervisor approves it within their limit, with a reason, and the customer can sign at once', async ({ kioskPage: page }) => {
  await referredApplication(page, 'Sun Yue', 41);
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.supervisor.id, DEMO_STAFF.supervisor.pin, 'en');
  const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
  await expect(panel).toContainText('You may approve applications up to ¥10,000.');
  const item = panel.getByRole('listitem').filter({ hasText: 'Sun Yue' });
  await expect(item).toContainText('Referred to a person');
  await expect(item).toContainText('Full-time student');
  await expect(item).toContainText('Customer is at the kiosk');
  await item.getByRole('button', { name: 'Approve' }).tap();
  await item.getByRole('radio', { name: 'Proof of income seen' }).check();
  await page.screenshot({ path: 'test-results/screens/portrait-en-staff-referral.png' });
  await item.getByRole('button', { name: 'Confirm: Approve' }).tap();
  await expect(panel.getByRole('status').filter({ hasText: 'Sun Yue' })).toContainText('Approved: the customer can sign now.');
  await expect(item).toBeHidden(); // decided: off the list
  await panel.getByRole('button', { name: STAFF_T.en.signOut }).tap();
  // The customer's screen, still open under staff mode, turns into the approval.
  await expect(page.getByRole('heading', { name: T.en.approved, level: 1 })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: T.en.readTerms })).toBeVisible();
});

test('a referral above the associate’s authority goes to HQ’s credit team, whose decision reaches the customer’s screen', async ({ kioskPage: page }) => {
  await referredApplication(page, 'Zhou Ning', 42);
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
  const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
  await expect(panel).toContainText('Your role does not approve applications: send them to head office.');
  const item = panel.getByRole('listitem').filter({ hasText: 'Zhou Ning' });
  await expect(item.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await item.getByRole('button', { name: 'Send to head office' }).tap();
  await item.getByRole('radio', { name: 'Above my authority' }).check();
  await item.getByRole('button', { name: 'Confirm: Send to head office' }).tap();
  await expect(item).toContainText('With head office’s credit team');

  // HQ's credit team sees it once the kiosk has pushed, and approves it.
  const admin = { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' };
  const escalations = async () =>
    ((await (await fetch(new URL('v1/admin/escalations', demo.hqUrl), { headers: admin })).json()) as { escalations: Array<{ kioskId: string; applicationId: string; signals: string[] }> }).escalations;
  await expect.poll(async () => (await escalations()).length, { timeout: 30_000 }).toBe(1);
  const [escalation] = await escalations();
  expect(escalation).toMatchObject({ kioskId: demo.kioskId, signals: ['STUDENT'] });
  const decided = await fetch(new URL('v1/admin/escalations/decide', demo.hqUrl), {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ kioskId: escalation!.kioskId, applicationId: escalation!.applicationId, status: 'approved', reason: 'income_proof_seen', by: 'credit-team-e2e' }),
  });
  expect(decided.status).toBe(200);
  await panel.getByRole('button', { name: STAFF_T.en.signOut }).tap();
  await expect(page.getByRole('heading', { name: T.en.approved, level: 1 })).toBeVisible({ timeout: 40_000 });
});

test('a cooling-off cancellation after the order: staff cancel it, the refund to the lender is due T+1, and HQ’s file moves it to sent and settled', async ({ kioskPage: page }) => {
  await startInSync(page);
  await applyForDearestFridge(page, 'en');
  await fillApplication(page, 'en', { name: 'Wu Fang', id: residentId(51), mobile: '13899990051' });
  await submitAndSign(page, 'en');
  await page.getByRole('radio', { name: T.en.today }).check();
  await page.getByRole('button', { name: T.en.place }).click();
  await expect(page.getByRole('heading', { name: T.en.placed, level: 1 })).toBeVisible();

  // The customer comes back within the cooling-off period with the goods.
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.supervisor.id, DEMO_STAFF.supervisor.pin, 'en');
  const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
  const item = panel.getByRole('listitem').filter({ hasText: 'Wu Fang' });
  await expect(item).toContainText('Ordered');
  await item.getByRole('button', { name: 'Cancel agreement' }).tap();
  await item.getByRole('radio', { name: 'Goods returned' }).check();
  await item.getByRole('button', { name: 'Confirm cancellation' }).tap();
  await expect(panel.getByRole('status').filter({ hasText: 'Wu Fang' })).toContainText('agreement cancelled');
  const dueOn = nextBusinessDay(storeDate(Date.now()));
  const weekday = formatStoreDate(dueOn, 'en', 'weekday');
  await expect(item).toContainText(`on ${weekday} (T+1) · Requested`);
  await page.screenshot({ path: 'test-results/screens/portrait-en-staff-refund-requested.png' });

  // Finance operations send the lender its file for that day, then record the lender's confirmation.
  const admin = { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' };
  const refunds = async () => ((await (await fetch(new URL('v1/admin/refunds', demo.hqUrl), { headers: admin })).json()) as { refunds: Array<{ kioskId: string; applicationId: string; lenderId: string; dueOn: string }> }).refunds;
  await expect.poll(async () => (await refunds()).length, { timeout: 30_000 }).toBe(1);
  const [refund] = await refunds();
  expect(refund!.dueOn).toBe(dueOn);
  const file = await fetch(new URL('v1/admin/refunds/send', demo.hqUrl), { method: 'POST', headers: admin, body: JSON.stringify({ lenderId: refund!.lenderId, dueOn }) });
  expect(await file.json()).toMatchObject({ sent: 1 });
  await expect(item).toContainText('Sent to the lender', { timeout: 30_000 });
  const settled = await fetch(new URL('v1/admin/refunds/settle', demo.hqUrl), { method: 'POST', headers: admin, body: JSON.stringify({ kioskId: refund!.kioskId, applicationId: refund!.applicationId }) });
  expect(settled.status).toBe(200);
  await expect(item).toContainText('Settled by the lender', { timeout: 30_000 });
});
