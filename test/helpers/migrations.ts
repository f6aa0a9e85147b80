import Database from 'better-sqlite3';
import { migrate } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations.ts';

/** An in-memory database migrated up to (and including) `version`: the schema a migration test starts from. */
export function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  const result = migrate(db, migrations.filter((m) => m.version <= version));
  if (!result.ok) throw new Error(result.message);
  return db;
}

/** Runs the one migration numbered `version` on a database at the version before it. */
export function applyMigration(db: Database.Database, version: number): void {
  const result = migrate(db, migrations.filter((m) => m.version <= version));
  if (!result.ok) throw new Error(result.message);
}

/** Names of the tables, indexes and triggers in the schema. */
export function schemaObjects(db: Database.Database): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").pluck().all() as string[]));
}
