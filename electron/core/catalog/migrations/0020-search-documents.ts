import type { Migration } from '../../db/migration.ts';

/**
 * Text search moved into memory (core/catalog/text-index.ts), as sorting and filtering had
 * (catalog-index.ts): the FTS5 index and its vocabulary go, and the tokenised search documents
 * the catalog writer makes stay as a plain table, the record the in-memory index is built from;
 * the products' sorting indexes, which nothing reads any more, go too. Writing a catalog no
 * longer maintains an inverted index and three sort orders in SQLite.
 */
export const migration: Migration = {
  version: 20,
  name: 'search documents without FTS5, no sorting indexes',
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
    DROP INDEX products_category_popularity;
    DROP INDEX products_category_price;
    DROP INDEX products_category_released;
  `,
};
