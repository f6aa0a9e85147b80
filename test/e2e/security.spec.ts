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
