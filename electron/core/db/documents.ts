import type { Db } from './database.ts';

/**
 * Datasets that are one document rather than rows (the published decision model, HQ's config):
 * the body applied last, by dataset name. Written inside the dataset registry's transaction.
 */
export class DatasetDocuments {
  constructor(private readonly db: Db) {}

  get(name: string): { version: string; body: string; appliedAt: number } | undefined {
    return this.db.prepare('SELECT version, body, applied_at AS appliedAt FROM dataset_documents WHERE name = ?').get(name) as
      | { version: string; body: string; appliedAt: number }
      | undefined;
  }

  put(name: string, version: string, body: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO dataset_documents (name, version, body, applied_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, body = excluded.body, applied_at = excluded.applied_at`,
      )
      .run(name, version, body, at);
  }
}
