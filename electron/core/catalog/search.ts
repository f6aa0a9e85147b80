import type Database from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { CatalogIndex, TextMatch } from './catalog-index.ts';
import { ftsExpression, modelKey, parseQuery, termsText, type QueryTerm } from './search-text.ts';
import type { Vocabulary } from './vocabulary.ts';

/** bm25 column weights: product_id (unindexed), model, name, terms. */
const RANK = 'bm25(product_search, 0, 8, 4, 1)';
/**
 * bm25 costs about 1 µs per matching row (FTS5 reads each row's column sizes), so a one- or
 * two-letter prefix matching most of the catalog would take 10+ ms to rank. Above this many
 * matches, relevance is ranked by the best column the query matches in instead
 * (model > name > other terms), which is all such a broad query can say anyway.
 */
const BM25_MAX_ROWS = 4000;
const MAX_SUGGESTIONS = 3;
/** Corrected queries tried against the index before giving up (each costs one FTS query). */
const MAX_TRIES = 12;

/** Text search over `product_search` (FTS5). Statements are prepared once per database. */
export class ProductSearch {
  private readonly statements: Record<'rows' | 'ranked' | 'inModel' | 'inModelOrName' | 'exists', Database.Statement>;

  constructor(db: Db) {
    const match = (expression: string) => `SELECT rowid FROM product_search WHERE product_search MATCH ${expression}`;
    this.statements = {
      rows: db.prepare(match('?')).pluck(),
      ranked: db.prepare(`SELECT rowid, ${RANK} FROM product_search WHERE product_search MATCH ?`).raw(),
      inModel: db.prepare(match("'{model} : (' || ? || ')'")).pluck(),
      inModelOrName: db.prepare(match("'{model name} : (' || ? || ')'")).pluck(),
      exists: db.prepare(`${match('?')} LIMIT 1`).pluck(),
    };
  }

  /**
   * The query's terms. A word that no indexed token starts with is split into indexed words
   * when it can be, because shoppers type pinyin without spaces ("haierbingxiang", "haierbx").
   */
  terms(text: string, vocabulary: Vocabulary): QueryTerm[] {
    return parseQuery(text, (run) => vocabulary.segment(run)).flatMap((term): QueryTerm[] => {
      if (term.kind !== 'prefix' || vocabulary.hasPrefix(term.text)) return [term];
      const pieces = vocabulary.breakWord(term.text);
      if (!pieces) return [term];
      return pieces.map((text, i) => ({ kind: i === pieces.length - 1 ? 'prefix' : 'exact', text }));
    });
  }

  /**
   * Products matching every term; an empty term list (input of punctuation only) matches
   * nothing. With `rank`, each match also gets its relevance score (lower is better).
   */
  match(terms: readonly QueryTerm[], text: string, index: CatalogIndex, rank: boolean): TextMatch {
    const slots: number[] = [];
    const score = index.score;
    if (terms.length === 0) return { slots, score, exact: new Set(), whole: new Set() };
    const expression = ftsExpression(terms);
    const rows = this.statements.rows.all(expression) as number[];
    for (const row of rows) {
      const slot = index.slotOfSearchRow(row);
      if (slot >= 0) slots.push(slot);
    }
    if (rank && rows.length <= BM25_MAX_ROWS) {
      for (const [row, bm25] of this.statements.ranked.iterate(expression) as IterableIterator<[number, number]>) {
        const slot = index.slotOfSearchRow(row);
        if (slot >= 0) score[slot] = bm25;
      }
    } else if (rank) {
      for (const slot of slots) score[slot] = 0;
      for (const statement of [this.statements.inModel, this.statements.inModelOrName]) {
        for (const row of statement.all(expression) as number[]) {
          const slot = index.slotOfSearchRow(row);
          if (slot >= 0) score[slot] = (score[slot] ?? 0) - 1;
        }
      }
    }
    return { slots, score, exact: new Set(index.slotsWithModel(modelKey(text))), whole: rank ? this.wholeWord(terms, index) : new Set() };
  }

  /** Matches when the last (still being typed) word is taken as complete rather than as a prefix. */
  private wholeWord(terms: readonly QueryTerm[], index: CatalogIndex): Set<number> {
    const last = terms.at(-1);
    if (last?.kind !== 'prefix') return new Set();
    const whole = new Set<number>();
    for (const row of this.statements.rows.all(ftsExpression([...terms.slice(0, -1), { ...last, kind: 'exact' }])) as number[]) {
      const slot = index.slotOfSearchRow(row);
      if (slot >= 0) whole.add(slot);
    }
    return whole;
  }

  private exists(terms: readonly QueryTerm[]): boolean {
    return this.statements.exists.get(ftsExpression(terms)) !== undefined;
  }

  /**
   * Up to three corrected queries for a query that found nothing: each term that matches no
   * product on its own is replaced by close catalog words (edit distance), and a combination
   * is offered only if `accept` says it finds products (same category and filters).
   */
  suggest(terms: readonly QueryTerm[], vocabulary: Vocabulary, accept: (terms: readonly QueryTerm[]) => boolean): string[] {
    let misspelt = false;
    const options = terms.map((term): QueryTerm[][] => {
      if (this.exists([term])) return [[term]];
      misspelt = true;
      return vocabulary.corrections(term.text, MAX_SUGGESTIONS).map((word) => this.terms(word, vocabulary));
    });
    if (!misspelt || options.some((o) => o.length === 0)) return [];

    // Combinations in order of the sum of each choice's rank (closest corrections first).
    let combos: { picks: number[]; rank: number }[] = [{ picks: [], rank: 0 }];
    for (const o of options) combos = combos.flatMap((c) => o.map((_, i) => ({ picks: [...c.picks, i], rank: c.rank + i })));
    combos.sort((a, b) => a.rank - b.rank);

    const found: string[] = [];
    for (const combo of combos.slice(0, MAX_TRIES)) {
      const corrected = combo.picks.flatMap((pick, t) => options[t]?.[pick] ?? []);
      const suggestion = termsText(corrected);
      if (!found.includes(suggestion) && accept(corrected)) found.push(suggestion);
      if (found.length === MAX_SUGGESTIONS) break;
    }
    return found;
  }
}
