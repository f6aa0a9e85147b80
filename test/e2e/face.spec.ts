import { expect, startVisit, test } from './fixtures.ts';
import { fakeCameraPath, makeFakeCameraFile, withFakeCamera } from './fake-camera.ts';

/**
 * Face recognition end to end (issue 10) in Chromium with a fake webcam showing a sample photo's
 * face: the models run in the renderer's worker, exactly as shipped.
 */
test.use({ launchOptions: withFakeCamera(fakeCameraPath(0)) });
test.beforeAll(async () => {
  await makeFakeCameraFile(0);
});

test.describe('with a camera', () => {
  test.use({ permissions: ['camera'] });

  test('a face in front of the attract screen wakes it, and the camera-on sign shows', async ({ kioskPage: page }) => {
    await page.goto('/');
    await expect(page.getByRole('status').filter({ hasText: '摄像头已开启' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '您好，欢迎光临！' })).toBeVisible({ timeout: 20_000 });
    await startVisit(page);
  });
});
