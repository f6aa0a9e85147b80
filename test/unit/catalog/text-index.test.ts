import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryTerm } from '../../../electron/core/catalog/search-text.ts';
import { buildTextIndex, type TextIndex } from '../../../electron/core/catalog/text-index.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

/**
 * The in-memory index replaced FTS5, which the catalog used for its first year; FTS5 is the
 * reference here: the same stored search documents in an FTS5 table must match the same
 * products for every kind of term, and rank them by the same bm25.
 */
const tempDir = tempDirs('all');
let core: KioskCore;
let reference: Database.Database;
let index: TextIndex;
let tokens: string[];
let hanWords: string[];

/** What the kiosk sent FTS5 for a term: a quoted phrase, a prefix phrase, Chinese as a phrase of characters. */
function ftsExpression(terms: readonly QueryTerm[]): string {
  return terms
    .map((term) => {
      const body = term.kind === 'han' ? Array.from(term.text).join(' ') : term.text;
      const quoted = `"${body.replaceAll('"', '""')}"`;
      return term.kind === 'prefix' ? `${quoted}*` : quoted;
    })
    .join(' ');
}

beforeAll(() => {
  const dir = tempDir();
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(generateCatalog({ products: 1500, seed: 7 })));
  core = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
  const rows = core.db.prepare('SELECT product_id, model, name, terms FROM product_search ORDER BY product_id').raw().all() as string[][];
  reference = new Database(':memory:');
  reference.exec("CREATE VIRTUAL TABLE ref USING fts5(product_id UNINDEXED, model, name, terms, tokenize = 'unicode61 remove_diacritics 2')");
  const insert = reference.prepare('INSERT INTO ref (rowid, product_id, model, name, terms) VALUES (?, ?, ?, ?, ?)');
  rows.forEach((r, slot) => insert.run(slot, ...r));
  index = buildTextIndex(
    rows.length,
    rows.map(([, model, name, terms], slot) => ({ slot, model: model ?? '', name: name ?? '', terms: terms ?? '' })),
  );
  tokens = [...index.tokens];
  const names = core.db.prepare('SELECT name_zh FROM products').pluck().all() as string[];
  hanWords = [
    ...new Set(names.flatMap((name) => name.split(/[^\p{Script=Han}]+/u)).flatMap((run) => [run.slice(0, 1), run.slice(0, 2), run.slice(0, 3), run.slice(1, 4), run])),
  ].filter((w) => w.length > 0);
});

afterAll(() => {
  reference.close();
  core.close();
});

function fts(terms: readonly QueryTerm[]): Map<number, number> {
  const rows = reference.prepare('SELECT rowid, bm25(ref, 0, 8, 4, 1) FROM ref WHERE ref MATCH ?').raw().all(ftsExpression(terms)) as [number, number][];
  return new Map(rows);
}

function ours(terms: readonly QueryTerm[]): Map<number, number> {
  const { slots, score } = index.match(terms, true);
  return new Map([...slots].map((slot) => [slot, score[slot] ?? Number.NaN]));
}

function expectSame(terms: readonly QueryTerm[]): void {
  const want = fts(terms);
  const got = ours(terms);
  const label = JSON.stringify(terms);
  expect([...got.keys()].sort((a, b) => a - b), label).toEqual([...want.keys()].sort((a, b) => a - b));
  for (const [slot, bm25] of want) expect(got.get(slot), `${label} slot ${slot}`).toBeCloseTo(bm25, 6);
}

// Built once the catalog is (arbitraries are made inside the tests).
const letterToken = () => fc.constantFrom(...tokens);
const prefixTerm = () => letterToken().chain((t) => fc.integer({ min: 1, max: t.length }).map((n): QueryTerm => ({ kind: 'prefix', text: t.slice(0, n) })));
const exactTerm = () => letterToken().map((t): QueryTerm => ({ kind: 'exact', text: t }));
const shortHan = () => fc.constantFrom(...hanWords.filter((w) => Array.from(w).length <= 2)).map((text): QueryTerm => ({ kind: 'han', text }));

describe('in-memory text index against FTS5', () => {
  it('matches and ranks every one-letter and one-digit prefix as FTS5 did', () => {
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') expectSame([{ kind: 'prefix', text: c }]);
  });

  it('matches and ranks prefixes, whole tokens, Chinese characters and pairs, and their combinations', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(prefixTerm(), exactTerm(), shortHan()), { minLength: 1, maxLength: 3 }), (terms) => expectSame(terms)),
      { numRuns: 300 },
    );
  });

  it('finds every product FTS5 found for longer Chinese phrases, and ranks those the same', () => {
    const long = hanWords.filter((w) => Array.from(w).length >= 3);
    expect(long.length).toBeGreaterThan(10);
    for (const text of long) {
      const terms: QueryTerm[] = [{ kind: 'han', text }];
      const want = fts(terms);
      const got = ours(terms);
      for (const [slot, bm25] of want) expect(got.get(slot), `${text} slot ${slot}`).toBeCloseTo(bm25, 6);
      // A phrase is taken as matched when each neighbouring pair is in one column: in names
      // and option words that is the phrase itself.
      expect(got.size, text).toBe(want.size);
    }
  });

  it('matches nothing for no terms, unknown words and prefixes beyond every token', () => {
    expect(index.match([], true).slots).toHaveLength(0);
    expect(index.match([{ kind: 'prefix', text: 'zzzzzz' }], true).slots).toHaveLength(0);
    expect(index.match([{ kind: 'exact', text: 'hai' }], true).slots).toHaveLength(fts([{ kind: 'exact', text: 'hai' }]).size);
    expect(index.match([{ kind: 'han', text: '冰箱冰箱冰箱' }], true).slots).toHaveLength(0);
    expect(index.exists([{ kind: 'prefix', text: '\uffff' }])).toBe(false);
  });
});
