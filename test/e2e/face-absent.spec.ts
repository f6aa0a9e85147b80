import { expect, startVisit, test } from './fixtures.ts';
import { emptyCameraPath, makeEmptyCameraFile, withFakeCamera } from './fake-camera.ts';

/**
 * Presence during a visit (issue 10 item 2): the camera sees nobody (a fake webcam showing an empty
 * frame) and nobody touches the screen, so "still there?" comes after 20 s instead of after the
 * idle time less its warning (90 − 10 s by default). A touch answers it, as always.
 */
test.use({ launchOptions: withFakeCamera(emptyCameraPath()), permissions: ['camera'] });
test.beforeAll(() => {
  makeEmptyCameraFile();
});

test('nobody in front of the camera brings the idle prompt early; a touch sends it away', async ({ kioskPage: page }) => {
  await startVisit(page);
  await expect(page.getByRole('status').filter({ hasText: '摄像头已开启' })).toBeVisible();
  const started = Date.now();
  const prompt = page.getByRole('alertdialog', { name: '还在吗？' });
  await expect(prompt).toBeVisible({ timeout: 40_000 });
  // Long before the 80 s an untouched visit waits without a camera.
  expect(Date.now() - started).toBeLessThan(60_000);
  await prompt.tap();
  await expect(prompt).toBeHidden();
  await expect(page.getByRole('heading', { name: '请选择品类' })).toBeVisible();
});
