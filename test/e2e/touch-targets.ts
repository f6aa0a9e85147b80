import { expect, type Page } from '@playwright/test';

/** Every control a finger can reach is at least 48×48 px (DESIGN.md §10). */
export async function expectTouchTargets(page: Page, screen: string): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], [role="button"], [role="radio"], [role="checkbox"], [role="tab"], [role="switch"]')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < 48 || box.height < 48))
      .map(({ el, box }) => `${el.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, screen).toEqual([]);
}
