import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations.ts';
import { ROOT } from '../../helpers/core.ts';

const CORE = join(ROOT, 'electron', 'core');

/** Every `core/<feature>/migrations/NNNN-*.ts` file, in number order. */
function migrationFiles(): { file: string; number: number }[] {
  return readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/)migrations\/\d{4}-[a-z0-9-]+\.ts$/.test(path))
    .map((path) => ({ file: relative(ROOT, join(CORE, path)), number: Number(/(\d{4})-[^/]+\.ts$/.exec(path)?.[1]) }))
    .sort((a, b) => a.number - b.number);
}

describe('migration files (append only, numbered once, in order)', () => {
  it('are numbered 1, 2, 3 … without gaps or repeats', () => {
    expect(migrationFiles().map((f) => f.number)).toEqual(migrationFiles().map((_, i) => i + 1));
  });

  it('are all listed, in order, and each file holds the migration its name numbers', async () => {
    const files = migrationFiles();
    expect(migrations.map((m) => m.version)).toEqual(files.map((f) => f.number));
    for (const { file, number } of files) {
      const { migration } = (await import(join(ROOT, file))) as { migration: { version: number } };
      expect(migration.version, file).toBe(number);
      expect(migrations[number - 1], file).toBe(migration);
    }
  });

  it('live in the folder of the feature that owns their tables (sync owns 0008, catalog 0009, staff 0010)', () => {
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'sync', 'migrations', '0008-sync.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'catalog', 'migrations', '0009-store-datasets.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'staff', 'migrations', '0010-staff.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'face', 'migrations', '0014-face.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'face', 'migrations', '0016-application-faces.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'fleet', 'migrations', '0017-updates.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'fleet', 'migrations', '0019-watchdog.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'catalog', 'migrations', '0020-search-documents.ts'));
    expect(migrationFiles().map((f) => f.file)).toContain(join('electron', 'core', 'credit', 'migrations', '0021-challenger-decisions.ts'));
    expect(migrations.at(-1)?.version).toBe(21);
  });

  it('each has a test of its own', () => {
    const tests = readdirSync(join(ROOT, 'test', 'unit'), { recursive: true, encoding: 'utf8' });
    for (const { number } of migrationFiles()) {
      expect(tests.some((t) => t.endsWith(`migration-${String(number).padStart(4, '0')}.test.ts`)), `migration ${number}`).toBe(true);
    }
  });
});
