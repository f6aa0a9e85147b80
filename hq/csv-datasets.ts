import { LocalizedText, ProductData, SpecValue, type CatalogDataset, type PricesDataset } from '../electron/contract/catalog.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { MAX_PROBLEMS, type RowProblem } from './datasets.ts';

/**
 * Catalog and price lists as CSV (what store IT exports from a spreadsheet), turned into the JSON
 * datasets the kiosk applies. Every problem names its row (the header is row 1) and column; a file
 * with any problem converts to nothing, so nothing is published.
 *
 * Money: either integer fen columns (`priceFen`, `listPriceFen`) or yuan columns (`price`,
 * `listPrice`) with at most two decimals ("2999", "2999.5", "2999.00"), converted to fen exactly
 * from the digits (never through floating point). One file uses one or the other.
 *
 * prices: `productId,priceFen[,listPriceFen]` (or `productId,price[,listPrice]`), one row per
 * product; an empty list price cell means "the catalog's list price".
 *
 * catalog: products only, one row per product; the store, categories, brands and promotions are
 * those of the latest catalog published at HQ for the same stores, and every product's category
 * and brand must exist there. The CSV replaces the product list whole. Columns (any order):
 *   required  id (UUID), sku, model, categoryId, brandId, nameZh, nameEn, priceFen|price,
 *             listPriceFen|listPrice, art, releasedOn (YYYY-MM-DD), stock
 *   optional  energyGrade (1–5, empty: none), popularity (default 0),
 *             specs (a JSON object, e.g. {"capacityL":470}), highlights (a JSON array of {"zh","en"})
 */
export type CsvConversion<T> = { ok: true; dataset: T } | { ok: false; message: string; problems?: RowProblem[] };

/** Problems the message names (all of them, up to MAX_PROBLEMS, are listed). */
const IN_MESSAGE = 5;

/** Yuan with at most two decimals → integer fen, exactly; undefined when the text is not such an amount. */
export function yuanToFen(text: string): number | undefined {
  const m = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function wholeNumber(text: string): number | undefined {
  return /^(0|[1-9]\d{0,14})$/.test(text) ? Number(text) : undefined;
}

class Problems {
  readonly list: RowProblem[] = [];
  add(row: number, column: string | undefined, message: string): void {
    this.list.push(column === undefined ? { row, message } : { row, column, message });
  }
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
  fail<T>(what: string): CsvConversion<T> {
    const named = this.list.slice(0, IN_MESSAGE).map((p) => (p.column === undefined ? `row ${p.row}: ${p.message}` : `row ${p.row}, column ${p.column}: ${p.message}`));
    const more = this.list.length > IN_MESSAGE ? ` (and ${this.list.length - IN_MESSAGE} more${this.full ? ' at least' : ''})` : '';
    return { ok: false, message: `${what} CSV: ${named.join('; ')}${more}`, problems: this.list };
  }
}

interface Table {
  header: string[];
  rows: { row: number; cell: (column: string) => string | undefined }[];
}

/** Parses and checks the header: known columns only, each once, the required ones present. */
function table(text: string, what: string, required: readonly string[], optional: readonly string[]): CsvConversion<Table> {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, message: `${what} CSV: ${error.message}` };
    throw error;
  }
  const problems = new Problems();
  const header = records[0];
  if (!header) return { ok: false, message: `${what} CSV: the file is empty (row 1 must be the header: ${required.join(',')})` };
  const known = new Set([...required, ...optional]);
  header.forEach((name, i) => {
    if (!known.has(name)) problems.add(1, name || `#${i + 1}`, `wrong header: unknown column "${name}" (columns: ${[...known].join(', ')})`);
    else if (header.indexOf(name) !== i) problems.add(1, name, 'wrong header: the column appears twice');
  });
  for (const name of required) if (!header.includes(name)) problems.add(1, name, 'wrong header: this column is missing');
  if (problems.list.length > 0) return problems.fail(what);
  if (records.length < 2) return { ok: false, message: `${what} CSV: no rows after the header` };
  const index = new Map(header.map((name, i) => [name, i]));
  const rows: Table['rows'] = [];
  for (const [i, record] of records.slice(1).entries()) {
    const row = i + 2;
    if (record.length !== header.length) {
      problems.add(row, undefined, `${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}`);
      if (problems.full) break;
      continue;
    }
    rows.push({ row, cell: (column) => (index.has(column) ? record[index.get(column)!] : undefined) });
  }
  if (problems.list.length > 0) return problems.fail(what);
  return { ok: true, dataset: { header, rows } };
}

/** Which money columns the file uses: fen or yuan, not both. */
function moneyColumns(header: readonly string[]): { price: string; list: string; parse: (t: string) => number | undefined; unit: string } | { error: string } {
  const fen = header.includes('priceFen') || header.includes('listPriceFen');
  const yuan = header.includes('price') || header.includes('listPrice');
  if (fen && yuan) return { error: 'wrong header: use either priceFen/listPriceFen (fen) or price/listPrice (yuan), not both' };
  if (!fen && !yuan) return { error: 'wrong header: a priceFen (fen) or price (yuan) column is missing' };
  return fen
    ? { price: 'priceFen', list: 'listPriceFen', parse: wholeNumber, unit: 'a whole number of fen' }
    : { price: 'price', list: 'listPrice', parse: yuanToFen, unit: 'an amount of yuan with at most two decimals (2999.00)' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pricesFromCsv(text: string, version: string): CsvConversion<PricesDataset> {
  const read = table(text, 'prices', ['productId'], ['priceFen', 'listPriceFen', 'price', 'listPrice']);
  if (!read.ok) return read;
  const { header, rows } = read.dataset;
  const money = moneyColumns(header);
  if ('error' in money) return { ok: false, message: `prices CSV: row 1: ${money.error}` };
  const problems = new Problems();
  const seen = new Map<string, number>();
  const prices: PricesDataset['prices'] = [];
  for (const { row, cell } of rows) {
    if (problems.full) break;
    const productId = cell('productId') ?? '';
    const priceText = cell(money.price) ?? '';
    const listText = cell(money.list) ?? '';
    if (!UUID.test(productId)) problems.add(row, 'productId', `"${productId}" is not a product id (a UUID)`);
    else if (seen.has(productId.toLowerCase())) problems.add(row, 'productId', `duplicate: ${productId} is already priced in row ${seen.get(productId.toLowerCase())}`);
    else seen.set(productId.toLowerCase(), row);
    const priceFen = money.parse(priceText);
    if (priceFen === undefined) problems.add(row, money.price, `"${priceText}" is not ${money.unit}`);
    const listPriceFen = listText === '' ? undefined : money.parse(listText);
    if (listText !== '' && listPriceFen === undefined) problems.add(row, money.list, `"${listText}" is not ${money.unit}`);
    else if (priceFen !== undefined && listPriceFen !== undefined && listPriceFen < priceFen) problems.add(row, money.list, 'the list price is below the price');
    if (priceFen !== undefined) prices.push({ productId: productId.toLowerCase(), priceFen, ...(listPriceFen === undefined ? {} : { listPriceFen }) });
  }
  if (problems.list.length > 0) return problems.fail('prices');
  return { ok: true, dataset: { dataset: 'prices', version, prices } };
}

const CATALOG_REQUIRED = ['id', 'sku', 'model', 'categoryId', 'brandId', 'nameZh', 'nameEn', 'art', 'releasedOn', 'stock'] as const;
const CATALOG_OPTIONAL = ['energyGrade', 'popularity', 'specs', 'highlights', 'priceFen', 'listPriceFen', 'price', 'listPrice'] as const;
/** Where a ProductData field comes from in the CSV, for naming the column of a schema problem. */
const FIELD_COLUMN: Record<string, string> = { name: 'nameZh', 'name.zh': 'nameZh', 'name.en': 'nameEn' };

export function catalogFromCsv(text: string, base: CatalogDataset | undefined, version: string): CsvConversion<CatalogDataset> {
  const read = table(text, 'catalog', CATALOG_REQUIRED, CATALOG_OPTIONAL);
  if (!read.ok) return read;
  if (!base) {
    return { ok: false, message: 'catalog CSV: HQ has no published catalog for these stores to take the store, categories, brands and promotions from; publish a catalog JSON file first' };
  }
  const { header, rows } = read.dataset;
  const money = moneyColumns(header);
  if ('error' in money) return { ok: false, message: `catalog CSV: row 1: ${money.error}` };
  if (!header.includes(money.list)) return { ok: false, message: `catalog CSV: row 1, column ${money.list}: wrong header: this column is missing` };
  const categories = new Set(base.categories.map((c) => c.id));
  const brands = new Set(base.brands.map((b) => b.id));
  const problems = new Problems();
  const ids = new Map<string, number>();
  const skus = new Map<string, number>();
  const products: CatalogDataset['products'] = [];
  for (const { row, cell } of rows) {
    if (problems.full) break;
    const before = problems.list.length;
    const get = (column: string) => cell(column) ?? '';
    const id = get('id').toLowerCase();
    if (ids.has(id)) problems.add(row, 'id', `duplicate: product ${id} is already in row ${ids.get(id)}`);
    else ids.set(id, row);
    const sku = get('sku');
    if (sku !== '' && skus.has(sku)) problems.add(row, 'sku', `duplicate: sku ${sku} is already in row ${skus.get(sku)}`);
    else skus.set(sku, row);
    if (!categories.has(get('categoryId'))) problems.add(row, 'categoryId', `unknown category "${get('categoryId')}" (not in the published catalog ${base.version})`);
    if (!brands.has(get('brandId'))) problems.add(row, 'brandId', `unknown brand "${get('brandId')}" (not in the published catalog ${base.version})`);
    const number = (column: string, parse: (t: string) => number | undefined, unit: string, fallback?: number | null) => {
      const t = get(column);
      if (t === '' && fallback !== undefined) return fallback;
      const v = parse(t);
      if (v === undefined) problems.add(row, column, `"${t}" is not ${unit}`);
      return v;
    };
    const priceFen = number(money.price, money.parse, money.unit);
    const listPriceFen = number(money.list, money.parse, money.unit);
    const stock = number('stock', wholeNumber, 'a whole number');
    const popularity = number('popularity', wholeNumber, 'a whole number', 0);
    const energyGrade = number('energyGrade', (t) => (/^[1-5]$/.test(t) ? Number(t) : undefined), 'an energy grade from 1 to 5', null);
    const json = <T>(column: string, fallback: T, check: (v: unknown) => v is T, shape: string): T => {
      const t = get(column);
      if (t === '') return fallback;
      try {
        const v: unknown = JSON.parse(t);
        if (check(v)) return v;
      } catch {
        // named below
      }
      problems.add(row, column, `not ${shape}`);
      return fallback;
    };
    const specs = json('specs', {}, (v): v is Record<string, SpecValue> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => SpecValue.safeParse(x).success), 'a JSON object of numbers, text and true/false');
    const highlights = json('highlights', [], (v): v is LocalizedText[] => LocalizedText.array().safeParse(v).success, 'a JSON array of {"zh": …, "en": …}');
    if (problems.list.length > before) continue;
    const product = {
      id,
      sku,
      model: get('model'),
      categoryId: get('categoryId'),
      brandId: get('brandId'),
      name: { zh: get('nameZh'), en: get('nameEn') },
      priceFen,
      listPriceFen,
      energyGrade,
      art: get('art'),
      specs,
      highlights,
      popularity,
      releasedOn: get('releasedOn'),
      stock,
    };
    const parsed = ProductData.safeParse(product);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 2)) {
        const field = issue.path.join('.');
        const column = FIELD_COLUMN[field] ?? (field === 'priceFen' ? money.price : field === 'listPriceFen' ? money.list : String(issue.path[0] ?? ''));
        problems.add(row, column, issue.path[0] === 'listPriceFen' ? 'the list price is below the price' : issue.message);
      }
      continue;
    }
    products.push(parsed.data);
  }
  if (problems.list.length > 0) return problems.fail('catalog');
  return { ok: true, dataset: { ...base, dataset: 'catalog', version, products } };
}
