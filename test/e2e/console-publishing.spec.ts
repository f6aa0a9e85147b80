import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoDatasets, enrolKiosk } from '../../scripts/demo.mjs';
import type { CatalogDataset } from '../../electron/contract/catalog.ts';
import { formatFen } from '../../electron/domain/money.ts';
import { expectAccessible } from './axe.ts';
import { expect, signIn, test } from './console-fixtures.ts';
import { SCREENS, startConsoleHq, type ConsoleHq } from './console-hq.ts';
import { E2E_DATA_ROOT } from './env.ts';
import { startKioskHost, type KioskHost } from './kiosk-host.ts';

/**
 * The console's publishing page (issue 14 item 4) in Chromium against HQ as deployed on PostgreSQL,
 * with a kiosk web host enrolled to it in store S001: finance operations upload a malformed price
 * list (every bad row shown, nothing published), then a good one (the diff against the price list
 * the store has, a confirmation, the signed version), and the kiosk's screen shows the new price.
 * A viewer gets neither the form nor, at the API, the publication. axe-core in both languages.
 */

test.use({ viewport: { width: 1440, height: 900 }, hasTouch: false });

const ROOT = join(import.meta.dirname, '..', '..');
const catalog = JSON.parse(readFileSync(join(ROOT, 'resources', 'demo-store', 'catalog.json'), 'utf8')) as CatalogDataset;
// The cheapest washing machines: no percent promotion touches them, so the screen's price is the list's.
const [cheapest, next] = catalog.products.filter((p) => p.categoryId === 'washing-machines').sort((a, b) => a.priceFen - b.priceFen) as [CatalogDataset['products'][number], CatalogDataset['products'][number]];
const NEW_PRICE_FEN = cheapest.priceFen - 10_000;
const yuan = (fen: number) => (fen / 100).toFixed(2);

let hq: ConsoleHq;
let kiosk: KioskHost;
/** The chain-wide price list the store has before the test publishes its own. */
let chainPricesVersion: number;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook needs from this pattern: none
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(240_000);
  hq = await startConsoleHq();
  await hq.addUser('fay.finance', 'finance-ops', 'Fay Chen');
  await hq.addUser('vic.viewer', 'viewer', 'Victor Li');
  await hq.addUser('ivy.admin', 'it-admin', 'Ivy Wang');
  // What `npm run demo` publishes (catalog, finance, blocklist, model, config, S001's roster), then a chain-wide price list.
  for (const { dataset, body, scope } of demoDatasets()) await hq.admin('POST', '/v1/admin/publications', { dataset, body, ...(scope ? { scope } : {}) });
  const prices = { dataset: 'prices', version: 'chain-prices-1', prices: [cheapest, next].map((p) => ({ productId: p.id, priceFen: p.priceFen })) };
  chainPricesVersion = (await hq.admin<{ version: number }>('POST', '/v1/admin/publications', { dataset: 'prices', body: JSON.stringify(prices) })).version;

  const dataDir = join(E2E_DATA_ROOT, `console-publishing-${testInfo.workerIndex}`);
  const kioskEnv = { KIOSK_HQ_URL: hq.url, KIOSK_HQ_PUBLIC_KEY: hq.publicKey, KIOSK_SYNC_EVERY_MS: '1000', KIOSK_IDLE_TIMEOUT_MS: '600000' };
  // A fresh folder, enrolled in S001 with a one-time code, then served (keeping the enrolment).
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await enrolKiosk({ ...process.env, ...kioskEnv, KIOSK_LOG_LEVEL: 'error' }, hq.url, await hq.code(), dataDir, () => undefined);
  kiosk = await startKioskHost(dataDir, kioskEnv, true);
});

test.afterAll(async () => {
  await kiosk?.stop();
  await hq?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `console-publishing-${name}.png`), fullPage: true });
const publicationCount = async () => Number((await hq.sql<{ n: string }>('SELECT count(*) AS n FROM publications'))[0]!.n);

test('finance operations: a malformed price list is refused row by row and nothing is published; a good one shows its diff, is published signed, and the kiosk shows the new price', async ({ consolePage: page }) => {
  test.setTimeout(180_000);
  await page.goto(`${hq.consoleUrl}#/publishing`);
  await signIn(page, 'fay.finance');
  await expect(page.getByRole('heading', { name: '发布', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: '发布', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: '当前版本' }).getByRole('row').filter({ hasText: '价格表' })).toContainText(String(chainPricesVersion));
  await expectAccessible(page, 'publishing (zh)');

  await page.getByLabel('数据类型').selectOption({ label: '价格表' });
  await page.getByLabel('发布范围').selectOption({ label: '门店 S001（在用设备 1 台）' });
  const publishButton = page.getByRole('button', { name: '发布…' });
  await expect(publishButton).toBeDisabled();

  // Three bad rows (the header is row 1): a price that is no amount, an id that is no product id, three decimals.
  const before = await publicationCount();
  const bad = `productId,price\n${cheapest.id},abc\nnot-an-id,100\n${next.id},99.999\n`;
  await page.getByLabel('文件', { exact: true }).setInputFiles({ name: 'prices-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(page.getByText('已读取 prices-bad.csv，按 CSV 检查。')).toBeVisible();
  await page.getByRole('button', { name: '检查', exact: true }).click();
  const problems = page.getByRole('region', { name: '文件中的问题' });
  await expect(problems.getByRole('alert')).toHaveText('文件有 3 处问题，未发布任何内容。请修改文件后重新检查。');
  await expect(problems.getByRole('columnheader')).toHaveText(['行', '字段', '问题']);
  const rows = problems.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByRole('cell')).toHaveText(['2', 'price', /"abc"/]);
  await expect(rows.nth(1).getByRole('cell')).toHaveText(['3', 'productId', /not a product id/]);
  await expect(rows.nth(2).getByRole('cell')).toHaveText(['4', 'price', /"99\.999"/]);
  await expect(publishButton).toBeDisabled();
  expect(await publicationCount()).toBe(before);
  await expectAccessible(page, 'publishing problems (zh)');
  await shot(page, 'problems-zh');

  // A JSON-only dataset refuses a CSV file on the page, before HQ is asked.
  await page.getByLabel('数据类型').selectOption({ label: '黑名单' });
  await page.getByRole('button', { name: '检查', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('只有商品目录和价格表可用 CSV，此类数据请上传 JSON 文件。');
  await page.getByLabel('数据类型').selectOption({ label: '价格表' });

  // The good list: the cheapest washing machine ¥100 cheaper, the next one as before.
  const good = `productId,price\n${cheapest.id},${yuan(NEW_PRICE_FEN)}\n${next.id},${yuan(next.priceFen)}\n`;
  await page.getByLabel('文件', { exact: true }).setInputFiles({ name: 'prices-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByLabel('版本名称（可选）').fill('e2e-store-prices-1');
  await page.getByRole('button', { name: '检查', exact: true }).click();
  const diff = page.getByRole('region', { name: '与当前版本的差异' });
  await expect(diff.getByRole('status')).toHaveText(`与当前版本 ${chainPricesVersion} 相比：`);
  await expect(diff.getByRole('definition')).toHaveText(['0', '1', '0', '1']);
  await expect(diff.getByRole('row').filter({ hasText: cheapest.id }).getByRole('cell')).toHaveText([cheapest.id, '修改', 'priceFen']);
  await expect(publishButton).toBeEnabled();
  expect(await publicationCount()).toBe(before);
  await expectAccessible(page, 'publishing diff (zh)');
  await shot(page, 'diff-zh');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Publishing', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Changes against the current version' }).getByRole('status')).toHaveText(`Compared with the current version ${chainPricesVersion}:`);
  await expectAccessible(page, 'publishing diff (en)');
  await shot(page, 'diff-en');

  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish “Price list” to store S001?' });
  await expect(dialog).toContainText('0 added, 1 changed, 0 removed.');
  await expectAccessible(page, 'publish dialog (en)');
  await shot(page, 'confirm-en');
  await dialog.getByRole('button', { name: 'Sign and publish' }).click();
  await expect(dialog).toBeHidden();

  const [row] = await hq.sql<{ id: string; dataset: string; scope: string; content_hash: string; published_by: string; body: string }>(
    'SELECT id, dataset, scope, content_hash, published_by, body FROM publications ORDER BY id DESC LIMIT 1',
  );
  expect(await publicationCount()).toBe(before + 1);
  expect(row).toMatchObject({ dataset: 'prices', scope: 'S001', published_by: 'console:fay.finance' });
  expect(JSON.parse(row!.body)).toMatchObject({ version: 'e2e-store-prices-1', prices: [{ productId: cheapest.id, priceFen: NEW_PRICE_FEN }, { productId: next.id, priceFen: next.priceFen }] });
  const done = page.getByRole('status').filter({ hasText: 'signed and published' });
  await expect(done.getByRole('paragraph')).toHaveText(`Price list signed and published as version ${row!.id}.`);
  await expect(done.getByRole('definition')).toContainText([row!.id, 'Store S001', /\d/, /\d/, row!.content_hash]);
  // Published once: the form needs a new check before anything else goes out.
  await expect(page.getByRole('button', { name: 'Publish…' })).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Current versions' }).getByRole('row').filter({ hasText: 'Price list' }).filter({ hasText: 'Store S001' })).toContainText(row!.id);
  await expectAccessible(page, 'published (en)');
  await shot(page, 'published-en');

  // The store's kiosk pulls the signed list at its next sync; the shopper's screen shows the new price.
  const screen = await page.context().newPage();
  await screen.goto(kiosk.url);
  await screen.getByRole('button', { name: 'English' }).click();
  await screen.getByRole('button', { name: 'Tap to start' }).click();
  await screen.getByRole('button', { name: /^Washing machines/ }).click();
  await screen.getByRole('radio', { name: /Price: low to high/ }).click();
  const tile = screen.getByRole('list', { name: /Products/ }).getByRole('listitem').first();
  await expect(tile).toContainText(cheapest.name.en);
  await expect(tile).toContainText(formatFen(NEW_PRICE_FEN), { timeout: 60_000 });
  await screen.screenshot({ path: join(SCREENS, 'console-publishing-kiosk-en.png') });
  await screen.close();
});

test('a viewer and store IT get no publishing form, and HQ refuses a viewer’s publication sent with its own session and CSRF token', async ({ consolePage: page }) => {
  await page.goto(`${hq.consoleUrl}#/publishing`);
  await signIn(page, 'vic.viewer');
  await expect(page.getByRole('heading', { name: '发布', level: 1 })).toBeVisible();
  await expect(page.getByText('您的角色（只读）无权发布数据。发布由金融运营人员进行。')).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '发布', exact: true })).toHaveCount(0);
  await expect(page.getByLabel('文件', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /发布…|检查/ })).toHaveCount(0);
  await expectAccessible(page, 'publishing, viewer (zh)');
  await shot(page, 'viewer-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Your role (Viewer) may not publish datasets. Finance operations publish them.')).toBeVisible();
  await expectAccessible(page, 'publishing, viewer (en)');

  const before = await publicationCount();
  const body = { dataset: 'prices', format: 'csv', body: `productId,price\n${cheapest.id},1.00\n`, scope: 'S001' };
  const statuses = await page.evaluate(async (request) => {
    const session = (await (await fetch('/v1/console/session')).json()) as { csrfToken: string };
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
    return [
      (await fetch('/v1/admin/publications', { method: 'POST', headers, body: JSON.stringify(request) })).status,
      (await fetch('/v1/admin/publications/preview', { method: 'POST', headers, body: JSON.stringify(request) })).status,
      (await fetch('/v1/admin/publications')).status,
    ];
  }, body);
  expect(statuses).toEqual([403, 403, 403]);
  expect(await publicationCount()).toBe(before);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'ivy.admin', 'en');
  await page.goto(`${hq.consoleUrl}#/publishing`);
  await expect(page.getByText('Your role (IT admin) may not publish datasets. Finance operations publish them.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish…' })).toHaveCount(0);
});
