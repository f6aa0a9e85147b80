import type { CatalogIndex, TextMatch } from './catalog-index.ts';
import { modelKey, parseQuery, termsText, type QueryTerm } from './search-text.ts';
import type { Vocabulary } from './vocabulary.ts';

const MAX_SUGGESTIONS = 3;
const NONE = new Int32Array(0);
/** Corrected queries tried against the index before giving up. */
const MAX_TRIES = 12;

/** Text search: the shopper's words to terms, terms to matches (CatalogIndex.text), typo suggestions. */
export class ProductSearch {
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
    const { slots, score, modelTerms } = index.text.match(terms, rank);
    return { slots, score, modelTerms, exact: index.slotsWithModel(modelKey(text)), whole: rank ? this.wholeWord(terms, slots, index) : NONE };
  }

  /** Matches when the last (still being typed) word is taken as complete rather than as a prefix. */
  private wholeWord(terms: readonly QueryTerm[], matched: Int32Array, index: CatalogIndex): Int32Array {
    const last = terms.at(-1);
    if (last?.kind !== 'prefix' || matched.length === 0) return NONE;
    return index.text.match([...terms.slice(0, -1), { ...last, kind: 'exact' }], false).slots;
  }

  /**
   * Up to three corrected queries for a query that found nothing: each term that matches no
   * product on its own is replaced by close catalog words (edit distance), and a combination
   * is offered only if `accept` says it finds products (same category and filters).
   */
  suggest(terms: readonly QueryTerm[], index: CatalogIndex, accept: (terms: readonly QueryTerm[]) => boolean): string[] {
    let misspelt = false;
    const options = terms.map((term): QueryTerm[][] => {
      if (index.text.exists([term])) return [[term]];
      misspelt = true;
      return index.vocabulary.corrections(term.text, MAX_SUGGESTIONS).map((word) => this.terms(word, index.vocabulary));
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
