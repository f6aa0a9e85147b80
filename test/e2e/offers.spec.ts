import { expect, startVisit, test, tiles } from './fixtures.ts';

const percentOf = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

for (const language of ['zh', 'en'] as const) {
  const zh = language === 'zh';
  test(`${language}: "from ¥X/month" on cards and the plans panel with annual rates, none above the cap`, async ({ kioskPage: page, kiosk }) => {
    await startVisit(page, language);
    await page.getByRole('button', { name: zh ? /^冰箱/ : /^Refrigerators/ }).click();
    await expect(tiles(page).first().getByText(zh ? /^低至 ¥[\d,.]+\/月$/ : /^from ¥[\d,.]+\/month$/)).toBeVisible();

    await tiles(page).first().getByRole('button').first().click();
    const from = await page.locator('.detail__price-box .monthly-from').textContent();
    await page.getByRole('button', { name: zh ? '分期方案' : 'Installment plans' }).click();
    const dialog = page.getByRole('dialog', { name: zh ? '分期方案' : 'Installment plans' });
    await expect(dialog).toBeVisible();
    // The plans arrive after the dialog opens: wait for them rather than count an empty table.
    await expect.poll(() => dialog.getByRole('row').count()).toBeGreaterThan(2);
    await expect(dialog.getByRole('columnheader', { name: zh ? '年化利率（单利）' : 'Annual rate (simple)' })).toBeVisible();
    const rates = (await dialog.locator('tbody tr td:nth-child(3) .offer__figure').allTextContents()).map(percentOf);
    expect(rates.every((r) => r <= 24)).toBe(true);
    // The cheapest monthly payment on the panel is the "from" figure on the page.
    const monthly = (await dialog.locator('tbody tr td:nth-child(2) .offer__figure').allTextContents()).map((m) => Number(m.replace(/[^\d.]/g, '')));
    expect(Number((from ?? '').replace(/[^\d.]/g, ''))).toBe(Math.min(...monthly));
    // Annual rate in the same type as the monthly payment (PBOC 2021 No. 3: at least as prominent).
    const [rateSize, monthlySize] = await Promise.all(
      ['td:nth-child(3) .offer__figure', 'td:nth-child(2) .offer__figure'].map((cell) =>
        dialog.locator(`tbody tr:first-child ${cell}`).evaluate((el) => parseFloat(getComputedStyle(el).fontSize)),
      ),
    );
    expect(rateSize).toBeGreaterThanOrEqual(monthlySize ?? 0);
    await page.screenshot({ path: `test-results/screens/portrait-${language}-offers.png` });
    await dialog.getByRole('button', { name: zh ? '关闭' : 'Close' }).click();
    await expect(dialog).toBeHidden();
    // Opening the plans is what the store figures count as "offers viewed": one event, from the product page.
    const store = kiosk.db();
    await expect.poll(() => store.prepare("SELECT data FROM shopper_events WHERE type = 'offers_viewed'").pluck().all()).toEqual(['{"type":"offers_viewed","source":"product"}']);
    store.close();
  });
}
