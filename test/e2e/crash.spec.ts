import { expect, test } from './fixtures.ts';
import { residentId } from './identities.ts';

test('kill -9 right after the approval screen loses neither the application nor its outbox row', async ({ kioskPage: page, kiosk }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Tap to start' }).click();
  await page.getByRole('button', { name: /^Refrigerators/ }).click();
  await page.getByRole('list', { name: 'Products' }).getByRole('listitem').first().getByRole('button').first().click();
  await page.getByRole('button', { name: 'Installment plans' }).click();
  await page.getByRole('dialog', { name: 'Installment plans' }).getByRole('button', { name: /^Apply: \d+ months$/ }).first().click();
  await page.getByRole('checkbox', { name: 'Credit assessment' }).check();
  await page.getByRole('checkbox', { name: 'Personal data' }).check();
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await next.click();
  await page.getByLabel('Full name').fill('Sun Li');
  await page.getByLabel('Resident ID number').fill(residentId(6));
  await page.getByLabel('Mobile number').fill('13500001111');
  await next.click();
  await page.getByRole('radio', { name: 'Employed', exact: true }).check();
  await page.getByRole('radio', { name: 'Over ¥20,000' }).check();
  await next.click();
  await next.click();
  await page.getByRole('button', { name: 'Submit application' }).click();
  await expect(page.getByRole('heading', { name: 'Approved', level: 1 })).toBeVisible();

  // The power goes: no shutdown hook, no checkpoint, no flush beyond what each commit did.
  await kiosk.kill();

  // Read-write, as the next start would open it: SQLite recovers from the WAL.
  const db = kiosk.db({ readonly: false });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const application = db.prepare("SELECT id, status FROM credit_applications WHERE mobile_masked = '135****1111'").get() as { id: string; status: string };
    expect(application.status).toBe('approved');
    expect(db.prepare('SELECT outcome FROM credit_decisions WHERE application_id = ?').pluck().get(application.id)).toBe('approve');
    const outbox = db.prepare('SELECT topic, payload FROM outbox WHERE aggregate_id = ? ORDER BY seq').all(application.id) as { topic: string; payload: string }[];
    expect(outbox.map((row) => row.topic)).toEqual(['credit.application', 'credit.decision']);
    expect(JSON.parse(outbox[1]?.payload ?? '{}')).toMatchObject({ applicationId: application.id, status: 'approved' });
  } finally {
    db.close();
  }
});
