import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LATEST_SCHEMA_VERSION, migrations as shippedMigrations, type Migration } from './migrations.ts';

export type Db = Database.Database;

export type OpenFailure =
  | { ok: false; code: 'DB_NEWER_THAN_APP'; message: string; dbVersion: number; appVersion: number }
  | { ok: false; code: 'DB_CORRUPT'; message: string }
  | { ok: false; code: 'DB_MIGRATION_FAILED'; message: string; migration: number };

export type OpenResult = { ok: true; db: Db; migratedFrom: number; migratedTo: number } | OpenFailure;

/**
 * Opens the kiosk database: WAL, foreign keys, synchronous=FULL, a quick integrity check unless
 * the last run closed it cleanly, then every pending migration in one transaction.
 *
 * The check reads every page (half a second at 20,000 products): it is what a power cut or a
 * crash calls for, not a clean restart, and a running kiosk repeats it daily (integrityProblem).
 *
 * synchronous is a per-connection setting, not per-table, and a business write must share a
 * transaction with its outbox row; so the one connection runs FULL: a confirmation shown to a
 * shopper has reached the disk.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = shippedMigrations): OpenResult {
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const closedCleanly = existsSync(cleanMark(file));
    // Gone while the database is open: a run that never closes it leaves no mark.
    rmSync(cleanMark(file), { force: true });
    const problem = closedCleanly ? undefined : integrityProblem(db);
    if (problem !== undefined) {
      db.close();
      return { ok: false, code: 'DB_CORRUPT', message: problem };
    }
  } catch (error) {
    db?.close();
    return { ok: false, code: 'DB_CORRUPT', message: error instanceof Error ? error.message : String(error) };
  }

  const result = migrate(db, migrations);
  if (!result.ok) {
    db.close();
    return result;
  }
  return { ok: true, db, migratedFrom: result.from, migratedTo: result.to };
}

/** What SQLite's quick_check finds wrong, or undefined when nothing. */
export function integrityProblem(db: Db): string | undefined {
  const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
  if (check.length === 1 && check[0]?.quick_check === 'ok') return undefined;
  return `quick_check: ${check.slice(0, 3).map((r) => r.quick_check).join('; ')}`;
}

const cleanMark = (file: string) => `${file}.closed-cleanly`;

/** Closes the database and marks it closed cleanly, so the next open skips the integrity check. */
export function closeDatabase(db: Db, file: string): void {
  db.close();
  try {
    writeFileSync(cleanMark(file), '');
  } catch {
    // Without the mark the next start only checks the database first.
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

type MigrateResult = { ok: true; from: number; to: number } | OpenFailure;

export function migrate(db: Db, migrations: readonly Migration[]): MigrateResult {
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) {
    return {
      ok: false,
      code: 'DB_NEWER_THAN_APP',
      dbVersion: from,
      appVersion: latest,
      message:
        `The kiosk database is at schema version ${from}, newer than this app understands (${latest}). ` +
        'It was written by a newer kiosk version. Install that version again (or newer); the data was left untouched.',
    };
  }
  const pending = migrations.filter((m) => m.version > from);
  let current: Migration | undefined;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        current = migration;
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: 'DB_MIGRATION_FAILED',
      migration: current?.version ?? from,
      message: `Migration ${current?.version} (${current?.name}) failed and nothing was changed: ${reason}`,
    };
  }
  return { ok: true, from, to: Math.max(from, latest) };
}

/**
 * Recovery for a database that fails its integrity check: move it (and its WAL) aside,
 * keeping it for support to salvage unsynced rows, so the kiosk can start on a fresh one.
 */
export function quarantineDatabase(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

export { LATEST_SCHEMA_VERSION };
