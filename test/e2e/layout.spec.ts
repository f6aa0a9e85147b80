import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { expect, startVisit, test, tiles } from './fixtures.ts';

/**
 * What a shopper must be able to see and reach, measured: nothing covers a control, every key
 * is on screen, every filter group can be reached, no label is clipped, and figures that belong
 * apart are apart. Each in both orientations and both languages, with a screenshot of each.
 */

/** Filter groups a refrigerator list offers. */
const GROUPS = 14;

const orientations = [
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 } },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;

const T = {
  zh: {
    fridges: /^冰箱/,
    home: '首页',
    search: /搜索品牌/,
    keyboard: '屏幕键盘',
    toPinyin: '切换到拼音',
    wang: '王',
    plans: '分期方案',
    apply: /^申请 \d+ 期$/,
    consentA: '授权信用评估',
    consentB: '个人信息处理同意',
    next: '下一步',
    previous: '上一步',
    name: '姓名',
    filters: '筛选',
    filtersButton: /^筛选/,
    moreFilters: /^还有 \d+ 组筛选/,
    labelTab: '能效标识',
    wasPrice: /原价/,
    monthly: /^低至 ¥[\d,.]+\/月$/,
    saving: /^立省 ¥/,
    compare: '对比',
    openCompare: '开始对比（3）',
    monthlyRow: '分期',
    stockRow: '库存',
    energyRow: '能效等级',
    energyUseRow: '耗电量',
    energyUse: /^[\d.]+ ?千瓦时\/24小时$/,
    inStock: /^门店现货 \d+ 台$|^门店暂无现货/,
  },
  en: {
    fridges: /^Refrigerators/,
    home: 'Home',
    search: /Search brands/,
    keyboard: 'On-screen keyboard',
    toPinyin: 'Switch to pinyin',
    wang: '王',
    plans: 'Installment plans',
    apply: /^Apply: \d+ months$/,
    consentA: 'Credit assessment',
    consentB: 'Personal data',
    next: 'Next',
    previous: 'Previous',
    name: 'Full name',
    filters: 'Filters',
    filtersButton: /^Filters/,
    moreFilters: /^\d+ more filter groups?/,
    labelTab: 'Energy label',
    wasPrice: /Was/,
    monthly: /^from ¥[\d,.]+\/month$/,
    saving: /^Save ¥/,
    compare: 'Compare',
    openCompare: 'Compare (3)',
    monthlyRow: 'Installments',
    stockRow: 'Stock',
    energyRow: 'Energy grade',
    energyUseRow: 'Energy use',
    energyUse: /^[\d.]+ ?kWh\/24 h$/,
    inStock: /in stock in this store$|^Not in stock here/,
  },
} as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`no box for ${locator}`);
  return b;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** a lies inside b (to the pixel: boxes come in fractions). */
const inside = (a: Box, b: Box) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

async function boxes(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((elements) =>
    elements.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Every key of the keyboard is wholly on screen, and the candidate bar (if shown) covers no key and none of `others`. */
async function expectKeyboardClear(page: Page, keyboard: Locator, others: Locator[]): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  const screen = { x: 0, y: 0, ...viewport };
  const keys = await boxes(keyboard.locator('.hg-button'));
  expect(keys.length).toBeGreaterThan(10);
  expect(keys.filter((k) => !inside(k, screen)), 'keys off screen').toEqual([]);
  const bar = keyboard.locator('.hg-candidate-box');
  if ((await bar.count()) === 0) return;
  const candidates = await box(bar);
  expect(inside(candidates, screen), 'candidate bar on screen').toBe(true);
  expect(keys.filter((k) => overlaps(k, candidates)), 'keys under the candidate bar').toEqual([]);
  for (const other of others) expect(overlaps(await box(other), candidates), `candidate bar over ${other}`).toBe(false);
}

async function tapKeys(keyboard: Locator, text: string): Promise<void> {
  for (const key of text) await keyboard.getByRole('button', { name: key, exact: true }).tap();
}

for (const { orientation, viewport } of orientations) {
  for (const language of ['zh', 'en'] as const) {
    const t = T[language];
    const shot = (page: Page, screen: string) => page.screenshot({ path: `test-results/screens/layout-${orientation}-${language}-${screen}.png` });

    test(`${orientation} ${language}: the pinyin candidate bar covers no key and no button, and every key is on screen`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      await startVisit(page, language);

      // The search keyboard, over the product grid.
      await page.getByRole('button', { name: t.search }).tap();
      let keyboard = page.getByRole('group', { name: t.keyboard });
      await expect(keyboard).toBeVisible();
      if (language === 'en') await keyboard.getByRole('button', { name: t.toPinyin }).tap();
      await expectKeyboardClear(page, keyboard, []);
      await tapKeys(keyboard, 'bing');
      await expect(keyboard.getByRole('button', { name: '冰', exact: true })).toBeVisible();
      await expectKeyboardClear(page, keyboard, [page.getByRole('searchbox')]);
      await shot(page, 'search-candidates');

      // The application form's keyboard, under Previous and Next.
      await page.getByRole('button', { name: t.home }).tap();
      await page.getByRole('button', { name: t.fridges }).tap();
      await tiles(page).first().getByRole('button').first().tap();
      await page.getByRole('button', { name: t.plans }).tap();
      await page.getByRole('dialog', { name: t.plans }).getByRole('button', { name: t.apply }).first().tap();
      await page.getByRole('checkbox', { name: t.consentA }).tap();
      await page.getByRole('checkbox', { name: t.consentB }).tap();
      await page.getByRole('button', { name: t.next, exact: true }).tap();
      await page.getByLabel(t.name).tap();
      keyboard = page.getByRole('group', { name: t.keyboard });
      await expect(keyboard).toBeVisible();
      if (language === 'en') await keyboard.getByRole('button', { name: t.toPinyin }).tap();
      const previous = page.getByRole('button', { name: t.previous, exact: true });
      const next = page.getByRole('button', { name: t.next, exact: true });
      await expectKeyboardClear(page, keyboard, [previous, next]);
      await tapKeys(keyboard, 'wang');
      await expect(keyboard.getByRole('button', { name: t.wang, exact: true })).toBeVisible();
      await expectKeyboardClear(page, keyboard, [previous, next, page.getByLabel(t.name)]);
      await shot(page, 'apply-candidates');
      await keyboard.getByRole('button', { name: t.wang, exact: true }).tap();
      await expect(page.getByLabel(t.name)).toHaveValue('王');
      await expectAccessible(page, 'apply with the pinyin keyboard');
    });

    test(`${orientation} ${language}: every filter group can be reached, and the panel says when there are more`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      await startVisit(page, language);
      await page.getByRole('button', { name: t.fridges }).tap();
      await expect(tiles(page).first()).toBeVisible();
      if (orientation === 'portrait') await page.getByRole('button', { name: t.filtersButton }).tap();
      const panel = page.getByRole('complementary', { name: t.filters });
      const groups = panel.getByRole('group');
      // Brand, price, the fridge's ten specs (energy use among them), energy grade, in stock.
      await expect(groups).toHaveCount(GROUPS);
      // Wholly shown: inside every box that clips it (scrolling lists, the panel, the screen).
      const shown = () =>
        groups.evaluateAll((elements) =>
          elements.map((element) => {
            const r = element.getBoundingClientRect();
            let clip = { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
            for (let a = element.parentElement; a; a = a.parentElement) {
              const style = getComputedStyle(a);
              if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
              const c = a.getBoundingClientRect();
              clip = { top: Math.max(clip.top, c.top), left: Math.max(clip.left, c.left), bottom: Math.min(clip.bottom, c.bottom), right: Math.min(clip.right, c.right) };
            }
            return r.top >= clip.top - 1 && r.left >= clip.left - 1 && r.bottom <= clip.bottom + 1 && r.right <= clip.right + 1;
          }),
        );

      const hidden = (await shown()).filter((s) => !s).length;
      expect(hidden, 'the refrigerators have more groups than fit').toBeGreaterThan(0);
      const more = panel.getByRole('button', { name: t.moreFilters });
      await expect(more).toBeVisible();
      await expect(more).toHaveText(new RegExp(`\\b${hidden}\\b`));
      await shot(page, 'filters');
      await expectAccessible(page, 'filters');

      // The list scrolls smoothly: wait for it to come to rest before looking or tapping again.
      const scrollTop = () =>
        groups.first().evaluate((element) => {
          for (let a = element.parentElement; a; a = a.parentElement) if (/auto|scroll/.test(getComputedStyle(a).overflowY)) return a.scrollTop;
          return 0;
        });
      const settle = () =>
        expect
          .poll(async () => {
            const before = await scrollTop();
            await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)));
            return (await scrollTop()) === before;
          })
          .toBe(true);

      // Each tap on "more" brings groups that were below into full view, until none is left.
      const seen = new Set<number>();
      const look = async () => (await shown()).forEach((whole, i) => whole && seen.add(i));
      await look();
      for (let taps = 0; taps < GROUPS && (await more.count()) > 0; taps++) {
        const before = seen.size;
        await more.tap();
        await settle();
        await look();
        expect(seen.size, 'a tap on "more" shows another group').toBeGreaterThan(before);
      }
      await expect(more).toBeHidden();
      expect(seen.size, 'every group was shown whole').toBe(GROUPS);
      const lastGroup = groups.last();
      await lastGroup.getByRole('checkbox').first().tap();
      await expect(lastGroup.getByRole('checkbox').first()).toHaveAttribute('aria-checked', 'true');
      await shot(page, 'filters-end');
    });

    test(`${orientation} ${language}: the energy label is not clipped, and monthly price and saving read apart`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      await startVisit(page, language);
      await page.getByRole('button', { name: t.fridges }).tap();
      await tiles(page).filter({ hasText: t.wasPrice }).first().getByRole('button').first().tap();

      const monthly = page.locator('.detail__price-box').getByText(t.monthly);
      const saving = page.locator('.detail__price-box').getByText(t.saving);
      await expect(monthly).toBeVisible();
      await expect(saving).toBeVisible();
      const [m, s] = [await box(monthly), await box(saving)];
      // Either on a line of its own or clearly spaced: never run together.
      expect(s.y >= m.y + m.height - 1 || s.x >= m.x + m.width + 16, `monthly ${JSON.stringify(m)} and saving ${JSON.stringify(s)} run together`).toBe(true);

      await page.getByRole('tab', { name: t.labelTab }).tap();
      const label = page.locator('svg.energy-label');
      await expect(label).toBeVisible();
      // Every line of the label (its header included) lies inside the label's frame (its first rect).
      const clipped = await label.evaluate((svg) => {
        const frame = (svg.querySelector('rect') as SVGRectElement).getBBox();
        return [...svg.querySelectorAll('text')]
          .map((text) => ({ text: text.textContent, b: text.getBBox() }))
          .filter(({ b }) => b.x < frame.x + 4 || b.y < frame.y || b.x + b.width > frame.x + frame.width - 4 || b.y + b.height > frame.y + frame.height)
          .map(({ text }) => text);
      });
      expect(clipped).toEqual([]);
      await label.scrollIntoViewIfNeeded();
      await shot(page, 'detail-label');
    });

    test(`${orientation} ${language}: compare shows the monthly price, the energy grade and use, and the stock of each product`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      await startVisit(page, language);
      await page.getByRole('button', { name: t.fridges }).tap();
      const expected: { monthly: string; stock: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const tile = tiles(page).nth(i);
        expected.push({
          monthly: (await tile.getByText(t.monthly).textContent()) ?? '',
          stock: (await tile.getByText(t.inStock).textContent()) ?? '',
        });
        await tile.getByRole('button', { name: t.compare }).tap();
      }
      await page.getByRole('button', { name: t.openCompare }).tap();
      const table = page.getByRole('table');
      await expect(table).toBeVisible();
      const cells = (row: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${row}`) }) }).getByRole('cell');
      await expect(cells(t.monthlyRow)).toHaveText(expected.map((e) => e.monthly));
      await expect(cells(t.stockRow)).toHaveText(expected.map((e) => e.stock));
      await expect(cells(t.energyRow)).toHaveCount(3);
      // What the energy label states it uses, beside the grade.
      for (const cell of await cells(t.energyUseRow).all()) await expect(cell).toHaveText(t.energyUse);
      await expect(cells(t.energyUseRow)).toHaveCount(3);
      await shot(page, 'compare');
      await expectAccessible(page, 'compare');
    });
  }
}
