import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openDatabase, schemaVersion } from '../../../electron/core/db/database.ts';
import { migrations, type Migration } from '../../../electron/core/db/migrations.ts';
import { pendingOutbox, writeWithOutbox } from '../../../electron/core/db/outbox.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const now = () => 1_700_000_000_000;

function open(file: string, list: readonly Migration[] = migrations) {
  const result = openDatabase(file, list);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.db;
}

describe('openDatabase', () => {
  it('migrates a new database to the latest version with WAL, synchronous=FULL and foreign keys', () => {
    const db = open(join(tempDir(), 'k.db'));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = join(tempDir(), 'k.db');
    open(file).close();
    const raw = new Database(file);
    raw.exec("INSERT INTO settings (key, value, updated_at) VALUES ('canary', 'kept', 1)");
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();

    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('DB_NEWER_THAN_APP');
    expect(result.message).toMatch(/newer than this app/);

    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(after.prepare("SELECT value FROM settings WHERE key = 'canary'").get()).toEqual({ value: 'kept' });
    after.close();
  });

  it('runs pending migrations in one transaction: a failing one leaves nothing behind', () => {
    const file = join(tempDir(), 'k.db');
    const broken: Migration[] = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    const result = openDatabase(file, broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('DB_MIGRATION_FAILED');
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')").all()).toEqual([]);
    raw.close();
  });

  it('applies only the migrations a database lacks', () => {
    const file = join(tempDir(), 'k.db');
    const first: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' }];
    open(file, first).close();
    const db = open(file, [...first, { version: 2, name: 'b', sql: 'ALTER TABLE a ADD COLUMN y TEXT' }]);
    expect(schemaVersion(db)).toBe(2);
    expect((db.prepare('PRAGMA table_info(a)').all() as { name: string }[]).map((c) => c.name)).toEqual(['x', 'y']);
    db.close();
  });

  it('reports a file that is not a database as corrupt', () => {
    const file = join(tempDir(), 'k.db');
    writeFileSync(file, 'this is not a database'.repeat(500));
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('DB_CORRUPT');
  });

  it('recovers from a corrupt database at start: moves it aside and starts on a fresh, seeded one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.db'), 'garbage'.repeat(1000));
    const core = startCore(dir);
    const count = core.db.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number };
    expect(count.n).toBeGreaterThanOrEqual(300);
    core.close();
    const quarantined = readdirSync(dir).filter((f) => f.startsWith('kiosk.db.corrupt-'));
    expect(quarantined).toHaveLength(1);
    expect(existsSync(join(dir, quarantined[0] ?? ''))).toBe(true);
  });
});

describe('writeWithOutbox', () => {
  it('commits the business row and its outbox row together', () => {
    const db = open(join(tempDir(), 'k.db'));
    writeWithOutbox(db, now, (emit) => {
      db.prepare("INSERT INTO sessions (id, started_at, locale) VALUES ('s1', 1, 'en')").run();
      emit({ topic: 'session.started', aggregateId: 's1', payload: { sessionId: 's1', locale: 'en', startedAt: 1 } });
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    expect(pendingOutbox(db)).toMatchObject([{ seq: 1, topic: 'session.started', aggregateId: 's1' }]);
    db.close();
  });

  it('rolls both back when the work fails after emitting, and keeps seq contiguous', () => {
    const db = open(join(tempDir(), 'k.db'));
    expect(() =>
      writeWithOutbox(db, now, (emit) => {
        db.prepare("INSERT INTO sessions (id, started_at, locale) VALUES ('s1', 1, 'en')").run();
        emit({ topic: 'session.started', aggregateId: 's1', payload: { sessionId: 's1', locale: 'en', startedAt: 1 } });
        throw new Error('payment terminal unplugged');
      }),
    ).toThrow('payment terminal unplugged');
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(pendingOutbox(db)).toEqual([]);

    writeWithOutbox(db, now, (emit) => {
      emit({ topic: 'session.started', aggregateId: 's2', payload: { sessionId: 's2', locale: 'en', startedAt: 2 } });
    });
    expect(pendingOutbox(db).map((r) => r.seq)).toEqual([1]);
    db.close();
  });

  it('refuses a payload that breaks its topic schema, writing nothing', () => {
    const db = open(join(tempDir(), 'k.db'));
    expect(() =>
      writeWithOutbox(db, now, (emit) => {
        db.prepare("INSERT INTO sessions (id, started_at, locale) VALUES ('s1', 1, 'en')").run();
        emit({ topic: 'session.started', aggregateId: 's1', payload: { sessionId: 's1' } as never });
      }),
    ).toThrow();
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('integrity check at open', () => {
  /** Overwrites one page in the middle of a database of several hundred pages, leaving the header whole. */
  function damage(file: string): void {
    const fd = openSync(file, 'r+');
    const pages = Math.floor(statSync(file).size / 4096);
    expect(pages).toBeGreaterThan(20);
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);
  }

  it('checks a database a run did not close (a crash, a power cut) and finds a damaged page', () => {
    const dir = tempDir();
    const core = startCore(dir);
    // Killed, as far as the database knows: closed without the clean mark.
    core.db.close();
    damage(join(dir, 'kiosk.db'));
    const result = openDatabase(join(dir, 'kiosk.db'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('DB_CORRUPT');
  });

  it('skips the check after a clean close, and checks again once a run ends without one', () => {
    const dir = tempDir();
    startCore(dir).close();
    expect(existsSync(join(dir, 'kiosk.db.closed-cleanly'))).toBe(true);
    damage(join(dir, 'kiosk.db'));
    // Nothing reads the damaged page at open: the clean mark is trusted, and consumed.
    const opened = openDatabase(join(dir, 'kiosk.db'));
    expect(opened.ok).toBe(true);
    expect(existsSync(join(dir, 'kiosk.db.closed-cleanly'))).toBe(false);
    if (opened.ok) opened.db.close();
    expect(openDatabase(join(dir, 'kiosk.db')).ok).toBe(false);
  });
});
