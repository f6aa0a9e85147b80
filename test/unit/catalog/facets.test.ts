import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { Facet } from '../../../electron/contract/catalog.ts';
import type { SpecDef, SpecValue } from '../../../electron/contract/catalog.ts';
import { niceRound, rangeCuts } from '../../../electron/core/catalog/facets.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();
let core: KioskCore;

beforeAll(() => {
  const dir = tempDir();
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(generateCatalog({ products: 1500, seed: 9 })));
  core = startCore(join(dir, 'data'), { seedFiles: { catalog: file  }});
});
afterAll(() => core.close());

type Response = ChannelResponse<'queryProducts'>;

async function query(input: Record<string, unknown>): Promise<Response> {
  const result = await core.dispatch('queryProducts', input, SHOPPER);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as Response;
}

async function allIds(input: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await query({ ...input, offset, limit: 100 });
    ids.push(...page.items.map((p) => p.id));
    if (offset + 100 >= page.total) return ids;
  }
}

interface Row {
  id: string;
  category_id: string;
  brand_id: string;
  price_fen: number;
  energy_grade: number | null;
  on_hand: number | null;
  specs: Record<string, SpecValue>;
}

/** The products straight from the database, and the category specs, for brute-force counting. */
function products(): Map<string, Row> {
  const rows = core.db
    .prepare(
      `SELECT p.id, p.category_id, p.brand_id, p.price_fen, p.energy_grade, s.on_hand, p.specs
         FROM products p LEFT JOIN stock s ON s.product_id = p.id WHERE p.active = 1`,
    )
    .all() as (Omit<Row, 'specs'> & { specs: string })[];
  return new Map(rows.map((r) => [r.id, { ...r, specs: JSON.parse(r.specs) as Record<string, SpecValue> }]));
}

function specDefs(): Map<string, SpecDef[]> {
  const rows = core.db.prepare('SELECT id, specs FROM categories').all() as { id: string; specs: string }[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.specs) as SpecDef[]]));
}

/** An independent reading of what a facet value means, from its value string alone. */
function matches(row: Row, key: string, value: string, isRange: boolean, defs: SpecDef[]): boolean {
  const inRange = (n: number) => {
    const m = /^(-?[\d.]*)-(-?[\d.]*)$/.exec(value);
    if (!m) throw new Error(`not a range: ${value}`);
    return (m[1] === '' || n >= Number(m[1])) && (m[2] === '' || n < Number(m[2]));
  };
  if (key === 'category') return row.category_id === value;
  if (key === 'brand') return row.brand_id === value;
  if (key === 'price') return inRange(row.price_fen);
  if (key === 'energyGrade') return String(row.energy_grade) === value;
  if (key === 'inStock') return value === 'true' && (row.on_hand ?? 0) > 0;
  const def = defs.find((d) => `spec.${d.key}` === key);
  const v = def && row.specs[def.key];
  if (!def || v === undefined) return false;
  if (def.kind === 'boolean') return value === 'true' && v === true;
  if (def.kind === 'number') return typeof v === 'number' && (isRange ? inRange(v) : String(v) === value);
  return String(v) === value;
}

describe('facets', () => {
  it('counts each facet value with every other facet selection applied (brute force from the database)', async () => {
    const all = products();
    const defsByCategory = specDefs();
    const scopes = [undefined, 'refrigerators', 'air-conditioners', 'televisions', 'washing-machines', 'kitchen', 'small-appliances'];
    const texts = ['', '', 'haier', '冰箱', 'bx', '1', 'midea 4'];
    // The facets of each unfiltered scope: which values exist and which facets are ranges.
    const unfiltered = new Map<string | undefined, Facet[]>();
    for (const scope of scopes) unfiltered.set(scope, (await query(scope ? { categoryId: scope } : {})).facets);

    await fc.assert(
      fc.asyncProperty(
        fc.nat(scopes.length - 1),
        fc.nat(texts.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 2 })), { maxLength: 3 }),
        async (scopeIndex, textIndex, picks) => {
          const categoryId = scopes[scopeIndex];
          const text = texts[textIndex] ?? '';
          const facets = unfiltered.get(categoryId) ?? [];
          const filters: Record<string, string[]> = {};
          for (const [f, vs] of picks) {
            const facet = facets[f % facets.length];
            if (!facet) continue;
            filters[facet.key] = [...new Set(vs.map((v) => facet.values[v % facet.values.length]?.value ?? ''))];
          }
          const scopeInput = { ...(categoryId ? { categoryId } : {}), text };
          const base = (await allIds(scopeInput)).map((id) => all.get(id)).filter((r) => r !== undefined);
          const isRange = new Map(facets.map((f) => [f.key, f.values.some((v) => v.value.endsWith('-'))]));
          const defs = (r: Row) => defsByCategory.get(r.category_id) ?? [];
          const passes = (r: Row, except?: string) =>
            Object.entries(filters).every(([key, values]) => key === except || values.some((v) => matches(r, key, v, isRange.get(key) ?? false, defs(r))));

          const response = await query({ ...scopeInput, filters, limit: 100 });
          const expected = base.filter((r) => passes(r));
          expect(response.total).toBe(expected.length);
          const expectedIds = new Set(expected.map((r) => r.id));
          for (const item of response.items) expect(expectedIds.has(item.id)).toBe(true);

          for (const facet of facets) {
            const shown = response.facets.find((f) => f.key === facet.key);
            for (const value of facet.values) {
              const count = base.filter((r) => passes(r, facet.key) && matches(r, facet.key, value.value, isRange.get(facet.key) ?? false, defs(r))).length;
              const selected = filters[facet.key]?.includes(value.value) ?? false;
              const got = shown?.values.find((v) => v.value === value.value);
              if (count === 0 && !selected) expect(got).toBeUndefined();
              else expect(got, `${facet.key}=${value.value}`).toMatchObject({ count, selected });
            }
          }
        },
      ),
      { numRuns: 80, seed: 42 },
    );
  });

  it('offers store-wide facets without a category, and the category specs within one', async () => {
    expect((await query({})).facets.map((f) => f.key)).toEqual(['category', 'brand', 'price', 'energyGrade', 'inStock']);
    const fridges = await query({ categoryId: 'refrigerators' });
    const keys = fridges.facets.map((f) => f.key);
    expect(keys.slice(0, 5)).toEqual(['brand', 'price', 'spec.capacity', 'spec.doorType', 'spec.cooling']);
    expect(keys).toEqual(expect.arrayContaining(['energyGrade', 'inStock', 'spec.inverter']));
    const capacity = fridges.facets.find((f) => f.key === 'spec.capacity');
    expect(capacity?.values.length).toBeGreaterThanOrEqual(4);
    expect(capacity?.values[0]?.label.en).toMatch(/^Under \d+ L$/);
    expect(capacity?.values[1]?.label).toEqual({
      zh: expect.stringMatching(/^\d+–\d+升$/) as unknown as string,
      en: expect.stringMatching(/^\d+–\d+ L$/) as unknown as string,
    });
    const doors = fridges.facets.find((f) => f.key === 'spec.doorType');
    expect(doors?.values.find((v) => v.value === 'side-by-side')?.label).toEqual({ zh: '对开门', en: 'Side-by-side' });

    const ac = await query({ categoryId: 'air-conditioners' });
    const hp = ac.facets.find((f) => f.key === 'spec.horsepower');
    expect(hp?.values.map((v) => v.value)).toEqual(expect.arrayContaining(['1', '1.5', '2', '3']));
    expect(hp?.values.find((v) => v.value === '1.5')?.label).toEqual({ zh: '1.5匹', en: '1.5 HP' });
    expect(ac.facets.find((f) => f.key === 'spec.inverter')?.values).toEqual([
      expect.objectContaining({ value: 'true', label: { zh: '是', en: 'Yes' } }),
    ]);
  });

  it('splits each category into 4–6 price ranges with round bounds', async () => {
    const listed = await core.dispatch('listCategories', {}, SHOPPER);
    if (!listed.ok) throw new Error(listed.error.message);
    const { categories } = listed.data as ChannelResponse<'listCategories'>;
    for (const category of categories) {
      const price = (await query({ categoryId: category.id })).facets.find((f) => f.key === 'price');
      const values = price?.values.map((v) => v.value) ?? [];
      expect(values.length, category.id).toBeGreaterThanOrEqual(4);
      expect(values.length, category.id).toBeLessThanOrEqual(6);
      expect(values[0]).toMatch(/^-\d+$/);
      expect(values.at(-1)).toMatch(/^\d+-$/);
      for (const bound of values.flatMap((v) => v.split('-')).filter((b) => b !== '')) {
        expect(niceRound(Number(bound) / 100) * 100, bound).toBe(Number(bound));
      }
      const label = price?.values[1]?.label;
      expect(label?.zh).toMatch(/^¥[\d,]+–¥[\d,]+$/);
    }
  });

  it('keeps a selected value visible even when nothing else matches it', async () => {
    const result = await query({ categoryId: 'refrigerators', text: 'haier', filters: { brand: ['haier', 'midea'] } });
    const brand = result.facets.find((f) => f.key === 'brand');
    expect(brand?.values.find((v) => v.value === 'midea')).toMatchObject({ count: 0, selected: true });
    expect(brand?.values.find((v) => v.value === 'haier')).toMatchObject({ selected: true });
  });

  it('rejects unknown filters and values with BAD_REQUEST naming the filter', async () => {
    const bad = (filters: Record<string, string[]>, categoryId?: string) => core.dispatch('queryProducts', { filters, ...(categoryId ? { categoryId } : {}) }, SHOPPER);
    expect(await bad({ 'spec.nope': ['1'] }, 'refrigerators')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'filters.spec.nope' } });
    expect(await bad({ 'spec.horsepower': ['1.5'] }, 'refrigerators')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'filters.spec.horsepower' } });
    expect(await bad({ brand: ['no-such-brand'] }, 'refrigerators')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'filters.brand' } });
    expect(await bad({ price: ['1-2'] }, 'refrigerators')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'filters.price' } });
    expect(await bad({ 'spec.capacity': ['470'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'filters.spec.capacity' } });
    expect(await bad({ __proto__: ['x'], constructor: ['x'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await bad({ brand: [] }, 'refrigerators')).toMatchObject({ ok: true });
  });
});

describe('range bounds', () => {
  it('rounds to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten', () => {
    expect([1999, 3100, 4400, 7200, 0.13, 17, 270].map(niceRound)).toEqual([2000, 3000, 4000, 8000, 0.15, 15, 250]);
  });

  it('cuts a distribution into 4–6 ranges inside its span, and nothing for a single value', () => {
    const prices = Array.from({ length: 200 }, (_, i) => 1000 + i * 37);
    const cuts = rangeCuts(prices);
    expect(cuts.length + 1).toBeGreaterThanOrEqual(4);
    expect(cuts.length + 1).toBeLessThanOrEqual(6);
    expect(cuts.every((c) => c > 1000 && c <= 1000 + 199 * 37 && niceRound(c) === c)).toBe(true);
    expect(rangeCuts([5, 5, 5])).toEqual([]);
    const skewed = [...Array.from({ length: 100 }, () => 10), 20, 900];
    expect(rangeCuts(skewed).length).toBeGreaterThan(0);
  });
});
