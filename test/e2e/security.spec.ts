import { expect, startVisit, test } from './fixtures.ts';

test('the UI is served with a CSP that has no unsafe-inline', async ({ kioskPage: page }) => {
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toContain('unsafe-inline');
  // The fixture also fails this test if the running UI violated the policy.
  await startVisit(page, 'en');
});

test('a link to an outside site does not navigate away', async ({ kioskPage: page }) => {
  await startVisit(page, 'en');
  const before = page.url();
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = 'https://example.com/';
    link.textContent = 'Outside site';
    document.querySelector('main')?.prepend(link);
  });
  await page.getByRole('link', { name: 'Outside site' }).click();
  await expect(page.getByRole('status')).toHaveText('Other websites cannot be opened on this kiosk.');
  expect(page.url()).toBe(before);
  await expect(page.getByRole('heading', { name: 'Choose a category' })).toBeVisible();
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(page.context().pages()).toHaveLength(1);
});

/**
 * DNS rebinding as a browser does it: a page on evil.example whose name then resolves to the
 * kiosk. Chromium resolves evil.example to 127.0.0.1 here; the attacker's page is what its own
 * server sent before the name was rebound, so every later request of that page reaches the kiosk
 * with `Host: evil.example:<port>`. Chromium's own local-network checks are off in that browser:
 * the kiosk must hold without them (older or other browsers on the store network have none).
 */
const REBINDING_BROWSER_ARGS = [
  '--host-resolver-rules=MAP evil.example 127.0.0.1',
  '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests',
];
for (const bind of ['127.1', '0.0.0.0']) {
  test.describe(`bound to KIOSK_HOST=${bind}`, () => {
    test.use({ hostEnv: { KIOSK_HOST: bind } });

    test('a page on a rebound name can neither call the API nor open the events socket', async ({ kiosk, playwright, launchOptions }) => {
      const port = new URL(kiosk.url).port;
      const browser = await playwright.chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), ...REBINDING_BROWSER_ARGS] });
      try {
        const page = await browser.newPage();
        const attacker = `http://evil.example:${port}/`;
        await page.route(attacker, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
        await page.goto(attacker);
        const reached = await page.evaluate(async () => {
          const api = await fetch('/api/listCategories', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
            (response) => response.status,
            () => 0,
          );
          const socket = await new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://${location.host}/api/events`);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('refused');
          });
          return { api, socket };
        });
        expect(reached).toEqual({ api: 403, socket: 'refused' });

        // The kiosk's own address still works in the same browser.
        const own = await browser.newPage();
        await own.goto(kiosk.url);
        expect(await own.evaluate(async () => (await fetch('/api/listCategories', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status)).toBe(200);
      } finally {
        await browser.close();
      }
    });
  });
}
