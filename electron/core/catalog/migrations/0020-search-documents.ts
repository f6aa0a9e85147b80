import type { Migration } from '../../db/migration.ts';

/**
 * Text search moved into memory (core/catalog/text-index.ts): the FTS5 index and its vocabulary
 * go, and the tokenised search documents the catalog writer makes stay as a plain table, the
 * record the in-memory index is built from. Writing a catalog no longer maintains an inverted
 * index in SQLite.
 */
export const migration: Migration = {
  version: 20,
  name: 'search documents without FTS5',
  sql: `
    CREATE TABLE search_documents (
      row        INTEGER PRIMARY KEY,
      product_id TEXT NOT NULL,
      model      TEXT NOT NULL,
      name       TEXT NOT NULL,
      terms      TEXT NOT NULL
    ) STRICT;
    INSERT INTO search_documents (row, product_id, model, name, terms)
      SELECT rowid, product_id, model, name, terms FROM product_search;
    DROP TABLE product_search_vocab;
    DROP TABLE product_search;
    ALTER TABLE search_documents RENAME TO product_search;
  `,
};
