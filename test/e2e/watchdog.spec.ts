import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expectAccessible } from './axe.ts';
import { E2E_DATA_ROOT } from './env.ts';
import { expect, test } from './fixtures.ts';
import { startKioskHost, type KioskHost } from './kiosk-host.ts';

/**
 * The watchdog (issue 12 item 5) in the web host, in Chromium. Short timings through the kiosk's
 * configuration: a screen without a heartbeat for 2 s is frozen (the renderer then beats every
 * 500 ms), a fresh page has 4 s for its first beat.
 *
 * How a stuck tab is reloaded at all (renderer/app/watchdog-sw.ts, electron/host/watchdog-routes.ts):
 * the core decides from the heartbeats; the page's service worker, which runs outside the page's
 * process, carries it out by sending the tab through the host's other loopback name and back.
 */
const FAST = { KIOSK_WATCHDOG_STALL_MS: '2000', KIOSK_WATCHDOG_GRACE_MS: '4000' };
const START_ZH = '点击开始';

/** Main-frame navigations, in order. */
function navigations(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  return seen;
}

/** The attract screen is up and the watchdog's service worker controls the page (it can reload it). */
async function watchedAttract(page: Page): Promise<number> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: START_ZH })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page.evaluate(() => performance.timeOrigin);
}

/** After the reload: the tab went through the host's other name and came back as a new document (not the old one come back to life). */
async function reloaded(page: Page, before: number, seen: string[], kiosk: KioskHost): Promise<void> {
  await expect.poll(() => seen.some((url) => url.includes('/watchdog/reload')), { timeout: 15_000 }).toBe(true);
  await expect(page.getByRole('button', { name: START_ZH })).toBeVisible({ timeout: 15_000 });
  expect(page.url()).toBe(`${kiosk.url}/`);
  expect(await page.evaluate(() => performance.timeOrigin)).toBeGreaterThan(before);
  seen.length = 0;
}

/** Blocks the page's main thread for good: nothing on the page can run again (this evaluate never returns). */
function freeze(page: Page): void {
  void page
    .evaluate(() => {
      for (;;) {
        // spin
      }
    })
    .catch(() => undefined);
}

test.describe('screen watchdog', () => {
  test.use({ hostEnv: FAST });

  test('a renderer blocked for good is reloaded and the shop comes back, again the next time; a white screen likewise', async ({ page, kiosk }) => {
    // Like the kioskPage fixture, but the white screen's uncaught error is expected here.
    const csp: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) csp.push(message.text());
    });
    const seen = navigations(page);

    // Frozen.
    let before = await watchedAttract(page);
    freeze(page);
    await reloaded(page, before, seen, kiosk);
    await page.getByRole('button', { name: START_ZH }).click();
    await expect(page.getByRole('heading', { name: '请选择品类' })).toBeVisible();

    // Frozen again, in the page the watchdog brought back: the stuck process of the first freeze must
    // not be where this one comes back to (it would be, were the worker living in it).
    before = await watchedAttract(page);
    freeze(page);
    await reloaded(page, before, seen, kiosk);

    // White: a render throws and there is no error boundary, so React unmounts the whole tree. The
    // main thread runs on; only the animation-frame heartbeat stops.
    before = await watchedAttract(page);
    const crashed = new Promise<Error>((resolve) => page.once('pageerror', resolve));
    await page.evaluate(async () => {
      const map = Array.prototype.map;
      Array.prototype.map = function () {
        throw new Error('a render failed (test)');
      };
      document.querySelector<HTMLButtonElement>('button.lang-switch')?.click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      Array.prototype.map = map;
    });
    expect((await crashed).message).toContain('a render failed (test)');
    await expect(page.locator('#root')).toBeEmpty();
    await reloaded(page, before, seen, kiosk);
    await page.getByRole('button', { name: START_ZH }).click();
    await expect(page.getByRole('heading', { name: '请选择品类' })).toBeVisible();
    expect(csp).toEqual([]);
  });
});

test('after three starts without a clean shutdown within the loop window, the safe screen shows; a start after it brings the shop back', async ({ kioskPage: page }, testInfo) => {
  const dir = join(E2E_DATA_ROOT, `watchdog-crash-loop-${testInfo.testId}-r${testInfo.retry}`);
  const loop = { KIOSK_CRASH_LOOP_WITHIN_MS: '600000' };
  // Two runs that die (SIGKILL: no shutdown), then a third start.
  let host = await startKioskHost(dir, loop);
  await host.kill();
  host = await startKioskHost(dir, loop, true);
  await host.kill();
  host = await startKioskHost(dir, loop, true);
  let thirdStartedAt: number;
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: '暂时无法使用', level: 1 })).toBeVisible();
    await expect(page.getByText('请联系店员', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: START_ZH })).toHaveCount(0);
    await expectAccessible(page, 'safe screen, zh');
    await page.screenshot({ path: 'test-results/screens/portrait-zh-safe-screen.png' });

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Temporarily unavailable', level: 1 })).toBeVisible();
    await expect(page.getByText('Please ask a member of staff', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectAccessible(page, 'safe screen, en, landscape');
    await page.screenshot({ path: 'test-results/screens/landscape-en-safe-screen.png' });
    await page.getByRole('button', { name: '中文' }).click();
    await page.screenshot({ path: 'test-results/screens/landscape-zh-safe-screen.png' });
    await page.setViewportSize({ width: 1080, height: 1920 });

    // Nothing a shopper could start runs, whatever asks; the screen's own status says why.
    const call = (channel: string, body: unknown) =>
      page.request.post(`${host.url}/api/${channel}`, { data: body, headers: { origin: host.url } }).then(async (r) => ({ status: r.status(), body: (await r.json()) as unknown }));
    expect(await call('startSession', { locale: 'zh-CN' })).toMatchObject({ status: 503, body: { ok: false, error: { code: 'UNAVAILABLE' } } });
    const db = host.db();
    try {
      const starts = db.prepare('SELECT started_at AS at, ended_at AS ended, safe_mode AS safe FROM app_starts ORDER BY id').all() as { at: number; ended: number | null; safe: number }[];
      expect(starts.map((s) => [s.ended, s.safe])).toEqual([[null, 0], [null, 0], [null, 1]]);
      thirdStartedAt = starts[2]!.at;
    } finally {
      db.close();
    }
    expect(await call('watchdogStatus', {})).toMatchObject({ status: 200, body: { ok: true, data: { safeMode: true, since: thirdStartedAt } } });
  } finally {
    await host.kill();
  }

  // A fourth start after the loop window (1 s for this start: the last one was longer ago) is not in a loop.
  await expect.poll(() => Date.now() - thirdStartedAt).toBeGreaterThan(1_000);
  host = await startKioskHost(dir, { KIOSK_CRASH_LOOP_WITHIN_MS: '1000' }, true);
  try {
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: START_ZH })).toBeVisible();
    await expect(page.getByRole('heading', { name: '暂时无法使用' })).toHaveCount(0);
  } finally {
    await host.stop();
  }
});
