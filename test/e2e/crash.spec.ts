import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { residentId } from './identities.ts';

const PORT = Number(process.env.KIOSK_E2E_CRASH_PORT ?? 4793);
const HOST = join(import.meta.dirname, '..', '..', 'dist', 'host', 'host.mjs');

/** A kiosk of its own, so killing it harms no other test. Resolves once it serves. */
function startKiosk(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOST], {
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(PORT), KIOSK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('web host ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`kiosk exited with ${code} before serving`)));
  });
}

test('kill -9 right after the approval screen loses neither the application nor its outbox row', async ({ kioskPage: page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
  const kiosk = await startKiosk(dataDir);
  try {
    await page.goto(`http://127.0.0.1:${PORT}/`);
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
    const exited = new Promise((resolve) => kiosk.once('exit', resolve));
    kiosk.kill('SIGKILL');
    await exited;
  } finally {
    kiosk.kill('SIGKILL');
  }

  const db = new Database(join(dataDir, 'kiosk.db'));
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
    rmSync(dataDir, { recursive: true, force: true });
  }
});
