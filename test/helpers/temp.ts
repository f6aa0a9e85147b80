import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** A fresh folder per call, removed after each test (or, with 'all', after the file: kiosks shared by its tests). */
export function tempDirs(removeAfter: 'each' | 'all' = 'each'): () => string {
  const made: string[] = [];
  (removeAfter === 'each' ? afterEach : afterAll)(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-test-'));
    made.push(dir);
    return dir;
  };
}
